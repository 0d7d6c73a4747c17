"""Bad bets raise InvalidBetError (also a ValueError) whose message names the problem."""

from __future__ import annotations

from typing import Any

import pytest

from games.base import Action, Bet
from games.errors import IllegalActionError, InvalidBetError
from games.roulette import MAX_BETS_PER_ROUND, RouletteGame
from tests.games.roulette.helpers import AMERICAN, EN_PRISON, EUROPEAN, FRENCH, ForcedPockets

CASES: list[tuple[RouletteGame, Any, str]] = [
    (EUROPEAN, Bet("straight", 10, ("37",)), r"bets\[0\]: unknown number '37' on the european"),
    (EUROPEAN, Bet("straight", 10, ("00",)), r"unknown number '00' on the european wheel"),
    (EUROPEAN, Bet("straight", 10, ("07",)), r"unknown number '07'"),
    (EUROPEAN, Bet("straight", 10, (" 7",)), r"unknown number ' 7'"),
    (EUROPEAN, Bet("straight", 10, (7,)), r"must hold strings like '17', got 7"),  # type: ignore[arg-type]
    (EUROPEAN, Bet("straight", 10, ()), r"a straight covers 1 number, got 0"),
    (EUROPEAN, Bet("split", 10, ("17", "19")), r"split of non-adjacent numbers 17, 19"),
    (EUROPEAN, Bet("split", 10, ("3", "4")), r"split of non-adjacent numbers 3, 4"),
    (AMERICAN, Bet("split", 10, ("00", "1")), r"split of non-adjacent numbers 00, 1"),
    (EUROPEAN, Bet("split", 10, ("17", "17")), r"repeats a number"),
    (EUROPEAN, Bet("split", 10, ("17", "18", "20")), r"a split covers 2 numbers, got 3"),
    (EUROPEAN, Bet("street", 10, ("2", "3", "4")), r"2, 3, 4 is not a street on the table layout"),
    (EUROPEAN, Bet("corner", 10, ("3", "4", "6", "7")), r"3, 4, 6, 7 is not a corner"),
    (EUROPEAN, Bet("six_line", 10, ("2", "3", "4", "5", "6", "7")), r"is not a six line"),
    (
        EUROPEAN,
        Bet("trio", 10, ("1", "2", "3")),
        r"1, 2, 3 is not a trio on the european layout; the trios are 0-1-2, 0-2-3",
    ),
    (
        EUROPEAN,
        Bet("first_four", 10, ("0", "1", "2", "4")),
        r"0, 1, 2, 4 is not a first_four .*; the first_four is 0-1-2-3",
    ),
    (EUROPEAN, Bet("top_line", 10), r"bet kind 'top_line' is not offered by roulette-european"),
    (AMERICAN, Bet("first_four", 10), r"bet kind 'first_four' is not offered by roulette-american"),
    (EUROPEAN, Bet("banana", 10), r"bet kind 'banana' is not offered.*use straight, split"),
    (EUROPEAN, Bet("dozen", 10, ("4",)), r"a dozen target is one of '1', '2' or '3'.*got \['4'\]"),
    (EUROPEAN, Bet("column", 10, ()), r"a column target is one of"),
    (EUROPEAN, Bet("red", 10, ("1",)), r"red takes no target, got \['1'\]"),
    (EUROPEAN, Bet("straight", 0, ("1",)), r"bets\[0\].amount=0 is under the minimum 1"),
    (EUROPEAN, Bet("straight", -5, ("1",)), r"amount=-5 is under the minimum 1"),
    (EUROPEAN, Bet("straight", 1_000_001, ("1",)), r"over the maximum 1000000"),
    (EUROPEAN, Bet("straight", 1.5, ("1",)), r"must be a whole number of minor units, got 1.5"),  # type: ignore[arg-type]
    (EUROPEAN, Bet("straight", True, ("1",)), r"whole number of minor units, got True"),
    (FRENCH, Bet("red", 3), r"amount=3 must be a multiple of 2 minor units for red"),
    (FRENCH, Bet("red", 1), r"amount=1 is under the minimum 2 for red"),
]


@pytest.mark.parametrize(("game", "bet", "message"), CASES)
def test_bad_bet_names_the_problem(game: RouletteGame, bet: Any, message: str) -> None:
    with pytest.raises(InvalidBetError, match=message) as info:
        game.validate_bets([bet])
    assert isinstance(info.value, ValueError)
    with pytest.raises(InvalidBetError, match=message):
        game.play(ForcedPockets([1]), [bet])


def test_the_bad_bet_is_named_by_its_position() -> None:
    bets = [Bet("red", 10), Bet("straight", 10, ("5",)), Bet("split", 10, ("1", "5"))]
    with pytest.raises(InvalidBetError, match=r"^bets\[2\]: split of non-adjacent numbers 1, 5"):
        EUROPEAN.validate_bets(bets)


def test_round_level_limits() -> None:
    with pytest.raises(InvalidBetError, match="at least one bet"):
        EUROPEAN.validate_bets([])
    with pytest.raises(InvalidBetError, match=f"at most {MAX_BETS_PER_ROUND} bets per round"):
        EUROPEAN.validate_bets([Bet("red", 1)] * (MAX_BETS_PER_ROUND + 1))
    EUROPEAN.validate_bets([Bet("red", 1)] * MAX_BETS_PER_ROUND)
    with pytest.raises(InvalidBetError, match="must be a Bet, got dict"):
        EUROPEAN.validate_bets([{"kind": "red", "amount": 1}])  # type: ignore[list-item]


def test_roulette_takes_no_actions() -> None:
    with pytest.raises(IllegalActionError, match="takes no actions"):
        EUROPEAN.play(ForcedPockets([1]), [Bet("red", 1)], [Action("hit")])


def test_good_bets_in_any_order_settle_on_a_canonical_target() -> None:
    outcome = AMERICAN.play(
        ForcedPockets([37]),
        [Bet("split", 5, ("00", "0")), Bet("top_line", 5), Bet("basket", 5, ("2", "00", "0"))],
    )
    assert outcome.outcome["pocket"] == "00"
    targets = [s["target"] for s in outcome.outcome["settlements"]]
    assert targets == [["0", "00"], ["0", "00", "1", "2", "3"], ["0", "00", "2"]]
    assert [s["win"] for s in outcome.outcome["settlements"]] == [5 * 18, 5 * 7, 5 * 12]


def test_la_partage_returns_half_of_even_money_bets_on_zero() -> None:
    bets = [Bet("red", 10), Bet("even", 4), Bet("straight", 3, ("0",)), Bet("dozen", 5, ("1",))]
    outcome = FRENCH.play(ForcedPockets([0]), bets)
    assert [(s["win"], s["result"]) for s in outcome.outcome["settlements"]] == [
        (5, "la_partage"),
        (2, "la_partage"),
        (108, "won"),
        (0, "lost"),
    ]
    assert (outcome.total_bet, outcome.total_win, outcome.bytes_used) == (22, 115, 4)
    # on European rules the same zero loses the even-money bets outright
    assert EUROPEAN.play(ForcedPockets([0]), bets).total_win == 108


def test_en_prison_settles_with_a_second_spin_from_the_stream() -> None:
    bets = [Bet("red", 10), Bet("black", 10), Bet("dozen", 5, ("1",))]
    # 0 then 1 (red): red is released, black loses; the dozen lost on the first spin
    outcome = EN_PRISON.play(ForcedPockets([0, 1]), bets)
    assert outcome.outcome["prison_spin"] == {"pocket": "1", "pocket_index": 1, "color": "red"}
    assert [(s["win"], s["result"]) for s in outcome.outcome["settlements"]] == [
        (10, "en_prison_released"),
        (0, "en_prison_lost"),
        (0, "lost"),
    ]
    assert outcome.bytes_used == 8
    # a second zero loses the bet
    outcome = EN_PRISON.play(ForcedPockets([0, 0]), bets)
    assert outcome.total_win == 0
    assert outcome.outcome["prison_spin"]["pocket"] == "0"
    # no even-money bet, nothing imprisoned: no second pocket is read
    source = ForcedPockets([0])
    outcome = EN_PRISON.play(source, [Bet("straight", 1, ("0",))])
    assert (outcome.outcome["prison_spin"], outcome.bytes_used, source.reads) == (None, 4, 1)
    # not zero: no prison spin either
    outcome = EN_PRISON.play(ForcedPockets([3]), bets)
    assert outcome.outcome["prison_spin"] is None
    assert outcome.total_win == 20 + 15


def test_a_list_target_is_the_same_bet_as_a_tuple() -> None:
    as_list = Bet("split", 10, ["20", "17"])  # type: ignore[arg-type]
    as_tuple = Bet("split", 10, ("17", "20"))
    one = EUROPEAN.play(ForcedPockets([20]), [as_list])
    two = EUROPEAN.play(ForcedPockets([20]), [as_tuple])
    assert one.outcome == two.outcome
    assert one.outcome["settlements"][0]["target"] == ["17", "20"]
    assert one.total_win == 180
    with pytest.raises(InvalidBetError, match="target must be a list of strings, got str"):
        EUROPEAN.validate_bets([Bet("straight", 10, "17")])  # type: ignore[arg-type]
