"""Baccarat rounds: the tableau, the normative deal, settlement, bad bets and actions."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.base import Action, Bet, Game
from games.canonical import canonical_json
from games.cards.baccarat import (
    BACCARAT_EZ_RULES,
    BACCARAT_RULES,
    Baccarat,
    BaccaratRules,
    banker_draws,
    card_value,
    catalog,
    deal_coup,
    hand_total,
    player_draws,
)
from games.cards.deck import Card, card_from_text, shuffled_shoe
from games.errors import IllegalActionError, InvalidBetError, ModelError
from games.registry import GAME_MODULES
from rng import OutcomeStream

SEED = bytes(range(32))
GAMES = {game.spec.game_id: game for game in catalog()}
STANDARD = GAMES["baccarat"]
EZ = GAMES["baccarat-ez"]

# The Banker's H/S grid of game_math.md "Baccarat", written out independently of
# the code: row = Banker two-card total 0..7, column = Player's third card
# 0..9 ('H' draws, 'S' stands), then a last column for "Player stood".
REFERENCE_GRID = {
    0: "HHHHHHHHHH" + "H",
    1: "HHHHHHHHHH" + "H",
    2: "HHHHHHHHHH" + "H",
    3: "HHHHHHHHSH" + "H",
    4: "SSHHHHHHSS" + "H",
    5: "SSSSHHHHSS" + "H",
    6: "SSSSSSHHSS" + "S",
    7: "SSSSSSSSSS" + "S",
}


def cards(text: str) -> list[Card]:
    return [card_from_text(part) for part in text.split()]


def stream(nonce: int = 0, seed: bytes = SEED) -> OutcomeStream:
    return OutcomeStream(seed, "baccarat-tests", nonce)


def test_catalog_games_follow_the_protocol_and_are_registered() -> None:
    assert "games.cards.baccarat" in GAME_MODULES
    for game in catalog():
        assert isinstance(game, Game)
        assert game.spec.version == 1
        assert not game.spec.multi_step
        canonical_json(game.spec.model)  # the model is canonical-JSON-able
    assert STANDARD.spec.model_hash != EZ.spec.model_hash
    assert [b.kind for b in STANDARD.spec.bets] == [
        "banker",
        "player",
        "tie",
        "player_pair",
        "banker_pair",
    ]
    assert [b.kind for b in EZ.spec.bets][-2:] == ["dragon_7", "panda_8"]


def test_rules_are_covered_by_the_model_hash() -> None:
    six = Baccarat("baccarat", "x", BaccaratRules(decks=6))
    tie9 = Baccarat("baccarat", "x", BaccaratRules(tie_pays=9))
    hashes = {STANDARD.spec.model_hash, six.spec.model_hash, tie9.spec.model_hash}
    assert len(hashes) == 3


def test_banker_bet_needs_multiples_of_20_and_ez_does_not() -> None:
    assert STANDARD.spec.bet_spec("banker").amount_step == 20
    assert EZ.spec.bet_spec("banker").amount_step == 1
    with pytest.raises(InvalidBetError, match=r"bets\[0\]\.amount=110 must be a multiple of 20"):
        STANDARD.validate_bets([Bet("banker", 110)])
    EZ.validate_bets([Bet("banker", 110)])


@pytest.mark.parametrize(
    ("bets", "match"),
    [
        ([], "place at least one bet"),
        ([Bet("dragon_7", 100)], r"kind='dragon_7' is not a baccarat bet"),
        ([Bet("banker", 100), Bet("banker", 200)], "appears twice"),
        ([Bet("tie", 100, ("7",))], r"target=\['7'\] must be empty"),
        ([Bet("player", 99)], "under the minimum 100"),
        ([Bet("player", 10_000_001)], "over the maximum 10000000"),
        ([Bet("player", 1.5)], "whole number of minor units"),  # type: ignore[arg-type]
    ],
)
def test_bad_bets_name_the_problem(bets: list[Bet], match: str) -> None:
    with pytest.raises(InvalidBetError, match=match):
        STANDARD.play(stream(), bets)


def test_baccarat_takes_no_actions() -> None:
    with pytest.raises(IllegalActionError, match="single-step and takes no actions; got 'hit'"):
        STANDARD.play(stream(), [Bet("player", 100)], [Action("hit")])


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("decks", 0, "decks=0 must be in 1..16"),
        ("decks", 17, "decks=17"),
        ("tie_pays", 0, "tie_pays=0"),
        ("banker_pays", Fraction(3, 2), "banker_pays"),
        ("min_bet", 0, "min_bet=0"),
    ],
)
def test_bad_rules_are_refused(field: str, value: object, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        BaccaratRules(**{field: value})  # type: ignore[arg-type]


def test_rules_from_mapping() -> None:
    rules = BaccaratRules.from_mapping({"decks": 6, "tie_pays": 9})
    assert (rules.decks, rules.tie_pays, rules.banker_pays) == (6, 9, Fraction(19, 20))
    assert BaccaratRules.from_mapping({"ez": True}) == BACCARAT_EZ_RULES
    assert BaccaratRules.from_mapping({"banker_pays": "19/20"}) == BACCARAT_RULES
    with pytest.raises(ModelError, match="unknown baccarat rule"):
        BaccaratRules.from_mapping({"burn": 1})


@pytest.mark.parametrize("banker_total", range(8))
@pytest.mark.parametrize("third", [None, *range(10)])
def test_tableau_matches_the_reference_grid(banker_total: int, third: int | None) -> None:
    column = 10 if third is None else third
    assert banker_draws(banker_total, third) == (REFERENCE_GRID[banker_total][column] == "H")


def test_player_draws_on_0_to_5() -> None:
    assert [player_draws(t) for t in range(8)] == [True] * 6 + [False] * 2


def test_card_values_and_totals() -> None:
    assert [card_value(c) for c in cards("As 9h Tc Jd Qs Kh 5c")] == [1, 9, 0, 0, 0, 0, 5]
    assert hand_total(cards("9s 8d")) == 7
    assert hand_total(cards("Ks 4c 6d")) == 0


# Shoe positions: 0 P, 1 B, 2 P, 3 B, then P's third, then B's third.
@pytest.mark.parametrize(
    ("shoe", "player", "banker", "winner"),
    [
        ("9c 2d Kh 3s 5c 5d", "9c Kh", "2d 3s", "player"),  # Player natural 9
        ("2c 8d 3h Ks 5c 5d", "2c 3h", "8d Ks", "banker"),  # Banker natural 8
        ("4c 4d 3h Ts 5c 5d", "4c 3h", "4d Ts 5c", "banker"),  # P stands 7; B 4 draws: 9
        ("2c 3d 2h 3s 8c 5d", "2c 2h 8c", "3d 3s", "banker"),  # P 4 draws: 2; B 6 stands on 8
        ("Ac 3d 2h Ts 8c 4d", "Ac 2h 8c", "3d Ts", "banker"),  # B 3 stands on an 8
        ("Ac 3d 2h Ts 9c 4d", "Ac 2h 9c", "3d Ts 4d", "banker"),  # B 3 draws on a 9
        ("Ac Kd 2h Qs 6c 7d", "Ac 2h 6c", "Kd Qs 7d", "player"),  # B 0 always draws
    ],
)
def test_normative_dealing_order(shoe: str, player: str, banker: str, winner: str) -> None:
    coup = deal_coup(cards(shoe))
    assert [str(c) for c in coup.player] == player.split()
    assert [str(c) for c in coup.banker] == banker.split()
    assert coup.winner == winner
    assert list(coup.dealt) == cards(shoe)[: len(coup.player) + len(coup.banker)]


def test_dealing_order_exact_cases() -> None:
    # P 2+2=4 draws 8 -> 2; B 3+3=6 stands on an 8 -> Banker 6 wins.
    coup = deal_coup(cards("2c 3d 2h 3s 8c 5d"))
    assert (coup.player_total, coup.banker_total, coup.winner) == (2, 6, "banker")
    assert len(coup.banker) == 2
    # P 1+2=3 draws 6 -> 9; B 0 draws 7 -> 7: Player wins.
    coup = deal_coup(cards("Ac Kd 2h Qs 6c 7d"))
    assert (coup.player_total, coup.banker_total, coup.winner) == (9, 7, "player")


def test_round_uses_the_shuffled_shoe_from_position_zero() -> None:
    outcome = STANDARD.play(stream(7), [Bet("player", 100)])
    shoe = shuffled_shoe(stream(7), 8)
    dealt = outcome.outcome["cards_dealt"]
    assert dealt == [str(c) for c in shoe[: len(dealt)]]
    assert outcome.outcome["player_cards"][:2] == [dealt[0], dealt[2]]
    assert outcome.outcome["banker_cards"][:2] == [dealt[1], dealt[3]]
    assert outcome.bytes_used >= 4 * (8 * 52 - 1)  # the whole shoe is shuffled
    again = STANDARD.play(stream(7), [Bet("player", 100)])
    assert again == outcome  # replayable


def _find_round(
    game: Baccarat, predicate: object, bets: list[Bet]
) -> tuple[int, dict[str, object]]:
    assert callable(predicate)
    for nonce in range(5000):
        outcome = game.play(stream(nonce), bets)
        if predicate(outcome.outcome):
            return nonce, dict(outcome.outcome)
    raise AssertionError("no such round in 5000 nonces")  # pragma: no cover


def test_settlement_banker_commission_and_tie_push() -> None:
    bets = [Bet("banker", 1000), Bet("player", 1000), Bet("tie", 100)]
    _, won = _find_round(STANDARD, lambda o: o["winner"] == "banker", bets)
    wins = {s["kind"]: s["win"] for s in won["settlements"]}  # type: ignore[attr-defined]
    assert wins == {"banker": 1950, "player": 0, "tie": 0}
    _, tied = _find_round(STANDARD, lambda o: o["winner"] == "tie", bets)
    settled = {s["kind"]: (s["result"], s["win"]) for s in tied["settlements"]}  # type: ignore[attr-defined]
    assert settled == {"banker": ("push", 1000), "player": ("push", 1000), "tie": ("win", 900)}


def test_pair_bets_pay_11_to_1() -> None:
    nonce, found = _find_round(STANDARD, lambda o: o["player_pair"], [Bet("player_pair", 100)])
    outcome = STANDARD.play(stream(nonce), [Bet("player_pair", 100)])
    assert outcome.total_win == 1200
    player = found["player_cards"]
    assert isinstance(player, list)
    assert player[0][0] == player[1][0]


def test_ez_dragon_7_pushes_banker_and_pays_40_to_1() -> None:
    bets = [Bet("banker", 100), Bet("dragon_7", 100), Bet("panda_8", 100)]
    _, found = _find_round(EZ, lambda o: o["dragon_7"], bets)
    settled = {s["kind"]: (s["result"], s["win"]) for s in found["settlements"]}  # type: ignore[attr-defined]
    assert settled == {"banker": ("push", 100), "dragon_7": ("win", 4100), "panda_8": ("lose", 0)}
    assert found["banker_total"] == 7 and len(found["banker_cards"]) == 3  # type: ignore[arg-type]
    _, found = _find_round(EZ, lambda o: o["panda_8"], bets)
    settled = {s["kind"]: (s["result"], s["win"]) for s in found["settlements"]}  # type: ignore[attr-defined]
    assert settled == {"banker": ("lose", 0), "dragon_7": ("lose", 0), "panda_8": ("win", 2600)}
    _, found = _find_round(
        EZ, lambda o: o["winner"] == "banker" and not o["dragon_7"], [Bet("banker", 100)]
    )
    assert found["settlements"] == [{"kind": "banker", "amount": 100, "result": "win", "win": 200}]


# --- properties ---------------------------------------------------------------

card_codes = st.integers(min_value=0, max_value=51)


@given(st.lists(card_codes, min_size=1, max_size=3))
def test_total_is_the_value_sum_mod_10(codes: list[int]) -> None:
    hand = [Card(c) for c in codes]
    assert hand_total(hand) == sum(min(c.rank, 10) % 10 for c in hand) % 10
    assert 0 <= hand_total(hand) <= 9


@given(st.lists(card_codes, min_size=6, max_size=6))
def test_coup_is_consistent_with_the_tableau(codes: list[int]) -> None:
    shoe = [Card(c) for c in codes]
    coup = deal_coup(shoe)
    p2, b2 = hand_total(shoe[0:3:2]), hand_total(shoe[1:4:2])
    natural = p2 >= 8 or b2 >= 8
    assert coup.natural == natural
    assert len(coup.player) == (2 if natural or p2 >= 6 else 3)
    third = card_value(coup.player[2]) if len(coup.player) == 3 else None
    assert len(coup.banker) == (2 if natural or not banker_draws(b2, third) else 3)
    assert coup.player_total == hand_total(coup.player)
    expected = (
        "player"
        if coup.player_total > coup.banker_total
        else "banker"
        if coup.banker_total > coup.player_total
        else "tie"
    )
    assert coup.winner == expected


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=3))
def test_no_card_appears_more_often_than_the_shoe_holds(nonce: int, decks: int) -> None:
    game = Baccarat("baccarat-test", "test", BaccaratRules(decks=decks))
    outcome = game.play(stream(nonce), [Bet("player", 100)])
    dealt = Counter(outcome.outcome["cards_dealt"])
    assert max(dealt.values()) <= decks
    shoe = Counter(shuffled_shoe(stream(nonce), decks))
    assert set(shoe.values()) == {decks} and len(shoe) == 52


@given(
    st.integers(min_value=0, max_value=2**32),
    st.lists(st.sampled_from(["hit", "stand", "play", "fold", "deal"]), min_size=1, max_size=3),
)
def test_any_action_is_rejected(nonce: int, kinds: list[str]) -> None:
    with pytest.raises(IllegalActionError, match="takes no actions"):
        STANDARD.play(stream(nonce), [Bet("banker", 100)], [Action(k) for k in kinds])


@given(st.integers(min_value=0, max_value=2**32))
def test_round_accounting(nonce: int) -> None:
    bets = [Bet("banker", 200), Bet("player", 100), Bet("tie", 100), Bet("banker_pair", 100)]
    outcome = STANDARD.play(stream(nonce), bets)
    assert outcome.finished and outcome.legal_actions == ()
    assert outcome.total_bet == 500
    assert outcome.total_win == sum(s["win"] for s in outcome.outcome["settlements"])
    assert outcome.outcome["player_total"] == hand_total(
        [card_from_text(c) for c in outcome.outcome["player_cards"]]
    )


def test_ez_rules_object() -> None:
    assert BACCARAT_EZ_RULES.ez and BACCARAT_EZ_RULES.banker_step == 1
    assert BACCARAT_RULES.banker_step == 20
