"""Jacks or Better: reference figures, the cached hand table, the advisor, the round."""

from __future__ import annotations

import itertools
import json
import random
import time
from fractions import Fraction
from math import comb

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.base import Action, Bet
from games.canonical import parse_fraction
from games.cards.deck import Card, card_from_text
from games.cards.video_poker import (
    CATEGORIES,
    JACKS_OR_BETTER_9_6,
    VideoPokerGame,
    best_hold,
    evaluate,
    evaluate_codes,
    hold_counts,
    hold_values,
    strategy,
)
from games.cards.video_poker.cache import CACHE_PATH, check_table, load_cached_table
from games.cards.video_poker.report import math_report, render_math
from games.errors import IllegalActionError, InvalidBetError, ModelError
from games.registry import game_by_id
from games.simulate import simulate
from rng import OutcomeStream

# game_math.md, "Video poker: Jacks or Better 9/6" (winnergambling.com; jazbo.com; WoO).
REFERENCE_COUNTS = {
    "royal_flush": 493_512_264,
    "straight_flush": 2_178_883_296,
    "four_of_a_kind": 47_093_167_764,
    "full_house": 229_475_482_596,
    "flush": 219_554_786_160,
    "straight": 223_837_565_784,
    "three_of_a_kind": 1_484_003_070_324,
    "two_pair": 2_576_946_164_148,
    "jacks_or_better": 4_277_372_890_968,
    "nothing": 10_872_274_993_896,
}
REFERENCE_TOTAL = 19_933_230_517_200
REFERENCE_RETURN = Fraction(1_653_526_326_983, 1_661_102_543_100)
SEED = bytes(range(32))
GAME = VideoPokerGame()
BET = [Bet("hand", 5)]


def cards(text: str) -> list[Card]:
    return [card_from_text(t) for t in text.split()]


# --- reference figures ---------------------------------------------------------------


def test_cached_hand_table_is_the_reference_table() -> None:
    table = load_cached_table()
    assert table["counts"] == REFERENCE_COUNTS
    assert table["total"] == REFERENCE_TOTAL == 2_598_960 * 7_669_695
    assert parse_fraction(table["return"]) == REFERENCE_RETURN
    assert round(float(REFERENCE_RETURN), 10) == 0.9954390437
    assert table["suit_classes"] == 134_459


def test_math_report_figures() -> None:
    report = math_report(None, None)
    assert parse_fraction(report["return"]) == REFERENCE_RETURN
    assert {row["hand"]: row["combinations"] for row in report["hands"]} == REFERENCE_COUNTS
    assert round(float(parse_fraction(report["variance"])), 4) == 19.5147
    assert round(float(parse_fraction(report["hit_frequency"])), 6) == 0.454565
    assert round(float(parse_fraction(report["royal_one_in"]))) == 40_391
    text = render_math(report)
    assert "0.99543904369512" in text and "40,391" in text


def test_game_spec_states_the_reference_return() -> None:
    spec = game_by_id("video-poker-jacks-or-better").spec
    assert spec.rtp == REFERENCE_RETURN == spec.bet_spec("hand").expected_return
    assert spec.multi_step and spec.version == 1
    assert spec.model["paytable"]["full_house"] == 9 and spec.model["paytable"]["flush"] == 6


# --- the cache's integrity -------------------------------------------------------------


def test_cache_file_is_self_consistent() -> None:
    table = json.loads(CACHE_PATH.read_text())
    check_table(table, JACKS_OR_BETTER_9_6)


def test_tampered_cache_is_refused() -> None:
    table = json.loads(CACHE_PATH.read_text())
    table["counts"]["flush"] += 1
    table["counts"]["nothing"] -= 1
    with pytest.raises(ModelError, match="return"):
        check_table(table, JACKS_OR_BETTER_9_6)


def test_cached_sample_deals_recompute_exactly() -> None:
    """The enumeration's optimal hold of each sampled deal, recomputed by the advisor."""
    table = load_cached_table()
    assert len(table["sample"]) >= 20
    for entry in table["sample"]:
        advice = best_hold(entry["deal"])
        assert advice.scaled_ev == entry["scaled_ev"]
        assert list(advice.counts) == entry["counts"]
        mask = sum(1 << p for p in entry["hold"])
        assert hold_values(entry["deal"])[mask].counts == advice.counts


# --- hand ranking ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hand", "category"),
    [
        ("Ts Js Qs Ks As", "royal_flush"),
        ("As 2s 3s 4s 5s", "straight_flush"),
        ("9h Th Jh Qh Kh", "straight_flush"),
        ("7c 7d 7h 7s 2c", "four_of_a_kind"),
        ("7c 7d 7h 2s 2c", "full_house"),
        ("2h 7h 9h Jh Kh", "flush"),
        ("Ac 2d 3h 4s 5c", "straight"),
        ("Tc Jd Qh Ks Ac", "straight"),
        ("Jc Qd Kh As 2c", "nothing"),
        ("7c 7d 7h 2s 3c", "three_of_a_kind"),
        ("7c 7d 2h 2s 3c", "two_pair"),
        ("Jc Jd 2h 5s 3c", "jacks_or_better"),
        ("Ac Ad 2h 5s 3c", "jacks_or_better"),
        ("Tc Td 2h 5s 3c", "nothing"),
    ],
)
def test_evaluate_known_hands(hand: str, category: str) -> None:
    assert CATEGORIES[evaluate(cards(hand))] == category


five_cards = st.lists(st.integers(0, 51), min_size=5, max_size=5, unique=True)


@given(five_cards, st.permutations(range(5)), st.permutations(range(4)))
def test_ranking_ignores_order_and_suit_names(
    codes: list[int], order: list[int], suits: list[int]
) -> None:
    base = evaluate_codes(codes)
    assert evaluate_codes([codes[i] for i in order]) == base
    assert evaluate_codes([(c >> 2) << 2 | suits[c & 3] for c in codes]) == base


@given(five_cards)
def test_ranking_matches_the_vectorised_ranking(codes: list[int]) -> None:
    np = pytest.importorskip("numpy")
    from games.cards.video_poker.exact import categorize

    assert categorize(np.array([sorted(codes)]))[0] == evaluate_codes(codes)


# --- the advisor ---------------------------------------------------------------------


@given(five_cards, st.integers(0, 31))
def test_hold_counts_cover_every_draw(codes: list[int], mask: int) -> None:
    held = bin(mask).count("1")
    counts = hold_counts(codes, mask)
    assert sum(counts) == comb(47, 5 - held) and min(counts) >= 0


@given(five_cards, st.sampled_from([m for m in range(32) if bin(m).count("1") >= 3]))
def test_hold_counts_match_brute_force(codes: list[int], mask: int) -> None:
    held = [codes[i] for i in range(5) if mask >> i & 1]
    rest = [c for c in range(52) if c not in codes]
    brute = [0] * 10
    for draw in itertools.combinations(rest, 5 - len(held)):
        brute[evaluate_codes(held + list(draw))] += 1
    assert hold_counts(codes, mask) == tuple(brute)


def test_hold_counts_four_card_draw_brute_force() -> None:
    # Hold one card: four draws, checked by brute force over C(47, 4) = 178,365 hands.
    deal = [c.code for c in cards("Ah Kd 7c 7s 2h")]
    rest = [c for c in range(52) if c not in deal]
    brute = [0] * 10
    for draw in itertools.combinations(rest, 4):
        brute[evaluate_codes([deal[2], *draw])] += 1
    assert hold_counts(deal, 0b00100) == tuple(brute)


@pytest.mark.parametrize(
    ("hand", "expected_hold"),
    [
        ("As Ks Qs Js 2d", "As Ks Qs Js"),  # four to a royal beats a high-card flush draw
        ("Ah Kh Qh Jh Th", "Ah Kh Qh Jh Th"),  # pat royal
        ("7c 7d 7h 7s 2c", "7c 7d 7h 7s"),  # the kicker doesn't matter: lowest variance
        ("2c 2d 9h 5s Kc", "2c 2d"),  # a low pair
        ("3c 8d 9h 5s 2d", ""),  # garbage: draw five
        ("Js Jd 4s 5s 6s", "Js Jd"),  # high pair beats a three-card straight flush
    ],
)
def test_best_hold_known_decisions(hand: str, expected_hold: str) -> None:
    deal = cards(hand)
    advice = best_hold(deal)
    held = {str(deal[p]) for p in advice.positions}
    assert held == set(expected_hold.split())


def test_advisor_is_fast_enough_for_simulation() -> None:
    rng = random.Random(7)
    deals = [rng.sample(range(52), 5) for _ in range(20)]
    started = time.perf_counter()
    for deal in deals:
        best_hold(deal)
    assert (time.perf_counter() - started) / 20 < 0.05  # ~5 ms on a laptop


# --- the round -------------------------------------------------------------------------


def stream(nonce: int = 0) -> OutcomeStream:
    return OutcomeStream(SEED, "player", nonce)


def test_deal_then_hold_then_finished() -> None:
    start = GAME.play(stream(), BET)
    assert not start.finished and start.legal_actions == ("hold",)
    assert start.total_bet == 5 and start.total_win == 0 and len(start.outcome["dealt"]) == 5
    done = GAME.play(stream(), BET, [Action("hold", (4, 0))])
    assert done.finished and done.legal_actions == ()
    assert done.outcome["dealt"] == start.outcome["dealt"]
    final = done.outcome["final"]
    assert final[0] == start.outcome["dealt"][0] and final[4] == start.outcome["dealt"][4]
    assert [final[1], final[2], final[3]] == done.outcome["replacements"]
    pays = JACKS_OR_BETTER_9_6.pays[CATEGORIES.index(done.outcome["hand"])]
    assert done.total_win == 5 * pays == done.outcome["win"]
    assert done.bytes_used == start.bytes_used > 0


def test_replacements_come_from_the_shoe_in_order() -> None:
    from games.cards.deck import shuffled_shoe

    shoe = [str(c) for c in shuffled_shoe(stream(3), 1)]
    done = GAME.play(stream(3), BET, [Action("hold", (1,))])
    assert done.outcome["dealt"] == shoe[:5]
    assert done.outcome["replacements"] == shoe[5:9]
    assert done.outcome["final"] == [shoe[5], shoe[1], shoe[6], shoe[7], shoe[8]]


@given(st.integers(0, 2**32), st.sets(st.integers(0, 4)))
def test_no_card_twice_and_replay_is_deterministic(nonce: int, held: set[int]) -> None:
    actions = [Action("hold", tuple(sorted(held)))]
    done = GAME.play(stream(nonce), BET, actions)
    seen = done.outcome["dealt"] + done.outcome["replacements"]
    assert len(seen) == len(set(seen)) == 10 - len(held)
    assert GAME.play(stream(nonce), BET, actions) == done


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ([Action("draw")], r"'draw' is not legal after the deal; allowed: 'hold'"),
        ([Action("hold", (5,))], r"'hold': position 5 .*allowed: 0..4"),
        ([Action("hold", (1, 1))], r"repeat a position"),
        ([Action("hold", ()), Action("hold", ())], r"'hold' is not legal: the round is finished"),
    ],
)
def test_illegal_actions_are_rejected(actions: list[Action], message: str) -> None:
    with pytest.raises(IllegalActionError, match=message):
        GAME.play(stream(), BET, actions)


@given(st.text(min_size=1, max_size=8).filter(lambda k: k != "hold"))
def test_any_other_action_out_of_turn_is_rejected(kind: str) -> None:
    with pytest.raises(IllegalActionError, match="allowed"):
        GAME.play(stream(), BET, [Action(kind)])


@pytest.mark.parametrize(
    ("bets", "message"),
    [
        ([], "exactly one bet"),
        ([Bet("hand", 1), Bet("hand", 1)], "exactly one bet"),
        ([Bet("side", 1)], "not offered"),
        ([Bet("hand", 0)], "under the minimum"),
        ([Bet("hand", 1, ("x",))], "no target"),
    ],
)
def test_invalid_bets(bets: list[Bet], message: str) -> None:
    with pytest.raises(InvalidBetError, match=message):
        GAME.play(stream(), bets)


# --- simulation against the exact return -----------------------------------------------


def test_simulation_with_the_advisor_is_within_the_99_ci() -> None:
    summary = simulate(GAME, [Bet("hand", 1)], 3_000, SEED, "vp-sim", strategy=strategy())
    assert summary.contains(REFERENCE_RETURN), summary.interval_99
    # hit frequency 45.4565%: the 99% binomial band for 3,000 rounds is about +-2.3%
    assert abs(summary.hit_rate - 0.454565) < 0.03
