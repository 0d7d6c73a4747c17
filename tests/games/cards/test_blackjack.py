"""Blackjack: exact math, the committed figures, the round's dealing and its actions."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.base import Action, Bet
from games.canonical import parse_fraction
from games.cards.blackjack import (
    DEFAULT_RULES,
    BlackjackGame,
    BlackjackRules,
    basic_strategy,
    card_value,
    catalog,
    dealer_distribution,
    hand_total,
    infinite_deck_analysis,
    strategy_for,
)
from games.cards.blackjack.figures import FIGURES_PATH, load_committed_figures, rules_key
from games.cards.blackjack.report import math_report, render_math
from games.cards.deck import shuffled_shoe
from games.errors import IllegalActionError, InvalidBetError, ModelError
from games.registry import game_by_id
from games.simulate import simulate
from rng import OutcomeStream

SEED = bytes(range(32))
GAMES = {game.spec.game_id: game for game in catalog()}
GAME = GAMES["blackjack"]
BET = [Bet("main", 10)]

# wizardofodds.com/games/blackjack/appendix/9/5ds17r4/ (game_math.md "Blackjack"):
# 5 decks, S17, peek, DA2, DAS, resplit to 4 except aces, one card to split aces, 3:2.
REFERENCE_RULES = BlackjackRules(decks=5, late_surrender=False)
REFERENCE_EV = -0.003804


def stream(nonce: int) -> OutcomeStream:
    return OutcomeStream(SEED, "bj", nonce)


def value(text: str) -> int:
    return card_value("A23456789TJQK".index(text[0]) + 1)


def find(predicate, game: BlackjackGame = GAME, actions: list[Action] | None = None) -> int:  # type: ignore[no-untyped-def]
    for nonce in range(5000):
        try:
            state = game.play(stream(nonce), BET, actions or [])
        except IllegalActionError:
            continue
        if predicate(state):
            return nonce
    raise AssertionError("no such round in 5000 nonces")


# --- exact math ------------------------------------------------------------------------


def test_dealer_distributions_are_distributions() -> None:
    for h17 in (False, True):
        for peek in (False, True):
            for up in range(1, 11):
                dist = dealer_distribution(up, h17, peek)
                assert sum(dist) == 1 and min(dist) >= 0
                assert (dist[6] == 0) == (peek or up not in (1, 10))


def test_dealer_bust_rates_infinite_deck_s17() -> None:
    # Published infinite-deck dealer bust probabilities, S17 (blackjack counted as 21),
    # to four decimals (Wizard of Odds, "Dealer outcome probabilities", infinite deck).
    published = {
        2: 0.3536,
        3: 0.3739,
        4: 0.3945,
        5: 0.4164,
        6: 0.4232,
        7: 0.2623,
        8: 0.2447,
        9: 0.2284,
        10: 0.2121,
        1: 0.1153,
    }
    for up, bust in published.items():
        assert abs(float(dealer_distribution(up, False, False)[5]) - bust) < 6e-5


def test_infinite_deck_ev_is_exact_and_matches_the_committed_figure() -> None:
    analysis = infinite_deck_analysis(DEFAULT_RULES)
    assert isinstance(analysis["ev"], Fraction)
    committed = load_committed_figures()[rules_key(DEFAULT_RULES)]
    assert parse_fraction(committed["infinite_deck_ev"]) == analysis["ev"]
    assert sum(analysis["by_up"].values()) != 0
    assert -0.006 < analysis["ev"] < -0.002


def test_finite_deck_figure_lands_near_the_published_5_deck_figure() -> None:
    entry = load_committed_figures()[rules_key(REFERENCE_RULES)]
    ev = float(parse_fraction(entry["finite_deck_ev"]))
    # total-dependent infinite-deck chart + split approximation vs WoO's 5-deck figure
    assert abs(ev - REFERENCE_EV) < 0.0001, ev
    assert "split" in entry["finite_method"]


def test_committed_figures_cover_every_shipped_game() -> None:
    data = json.loads(FIGURES_PATH.read_text())
    keys = {entry["rules_key"] for entry in data}
    for game in GAMES.values():
        assert rules_key(game.rules) in keys
        assert game.spec.rtp == 1 + parse_fraction(
            load_committed_figures()[rules_key(game.rules)]["finite_deck_ev"]
        )
    six_to_five = GAMES["blackjack-6to5"].spec.rtp
    assert GAME.spec.rtp - six_to_five > Fraction(1, 100)  # 6:5 costs about 1.4%


def test_basic_strategy_chart_known_cells() -> None:
    chart = basic_strategy(DEFAULT_RULES).chart()
    assert chart["hard 16"]["T"] == "Rh" and chart["hard 15"]["T"] == "Rh"
    assert chart["hard 11"]["A"] == "H" and chart["hard 11"]["T"] == "Dh"
    assert chart["hard 12"]["2"] == "H" and chart["hard 12"]["4"] == "S"
    assert chart["soft 18"]["3"] == "Ds" and chart["soft 18"]["9"] == "H"
    assert chart["A,A"]["A"] == "P" and chart["8,8"]["T"] == "P" and chart["T,T"]["6"] == "S"
    assert chart["9,9"]["7"] == "S" and chart["5,5"]["9"] == "Dh"
    h17 = basic_strategy(BlackjackRules(hit_soft_17=True)).chart()
    assert h17["hard 11"]["A"] == "Dh" and h17["soft 19"]["6"] == "Ds"


def test_math_report() -> None:
    report = math_report(None, None)
    assert report["game"] == "blackjack"
    assert parse_fraction(report["infinite_deck_ev"]) == infinite_deck_analysis(DEFAULT_RULES)["ev"]
    assert parse_fraction(report["bets"][1]["return"]) == Fraction(3 * 96, 311)
    text = render_math(report)
    assert "hard 16" in text and "Insurance" in text
    assert math_report("6to5", None)["game"] == "blackjack-6to5"
    with pytest.raises(ModelError, match="unknown blackjack variant"):
        math_report("nope", None)


def test_rules_are_validated() -> None:
    with pytest.raises(ModelError, match="double="):
        BlackjackRules(double="8-11")
    with pytest.raises(ModelError, match="blackjack_pays"):
        BlackjackRules(blackjack_pays="2:1")
    with pytest.raises(ModelError, match="unknown blackjack rules"):
        BlackjackRules.from_json({"decks": 6, "dealer_hits": True})


# --- hands -------------------------------------------------------------------------


@given(st.lists(st.integers(1, 10), min_size=1, max_size=12))
def test_hand_total_is_consistent(values: list[int]) -> None:
    total, soft = hand_total(values)
    hard = sum(values)
    assert total == (hard + 10 if soft else hard)
    assert not soft or (1 in values and total <= 21)
    assert soft or not (1 in values and hard + 10 <= 21)
    extended, _ = hand_total([*values, 1])
    assert extended >= total - 9  # an ace never lowers the hard total


# --- the round -----------------------------------------------------------------------


def test_dealing_order_is_the_normative_one() -> None:
    nonce = find(lambda s: s.legal_actions and s.outcome["phase"] == "player")
    shoe = [str(c) for c in shuffled_shoe(stream(nonce), 6)]
    state = GAME.play(stream(nonce), BET)
    assert state.outcome["hands"][0]["cards"] == [shoe[0], shoe[2]]
    assert state.outcome["dealer"]["cards"] == [shoe[1]]  # the hole card (shoe[3]) is hidden
    done = GAME.play(stream(nonce), BET, [Action("hit")])
    hand = done.outcome["hands"][0]["cards"]
    assert hand[:3] == [shoe[0], shoe[2], shoe[4]]
    if done.finished:
        assert done.outcome["dealer"]["cards"][:2] == [shoe[1], shoe[3]]


def test_shoe_holds_each_card_once_per_deck() -> None:
    shoe = shuffled_shoe(stream(1), 6)
    assert len(shoe) == 312
    assert all(shoe.count(card) == 6 for card in set(shoe))


def test_initial_legal_actions_and_illegal_action_message() -> None:
    nonce = find(
        lambda s: (
            s.outcome["phase"] == "player"
            and value(s.outcome["hands"][0]["cards"][0]) != value(s.outcome["hands"][0]["cards"][1])
        )
    )
    state = GAME.play(stream(nonce), BET)
    assert state.legal_actions == ("hit", "stand", "double", "surrender")
    with pytest.raises(IllegalActionError) as info:
        GAME.play(stream(nonce), BET, [Action("split")])
    message = str(info.value)
    assert "'split'" in message and "'hit', 'stand', 'double', 'surrender'" in message
    with pytest.raises(IllegalActionError, match="'insurance' is not legal"):
        GAME.play(stream(nonce), BET, [Action("insurance")])


def test_after_a_hit_double_and_surrender_are_gone() -> None:
    nonce = find(lambda s: s.outcome["phase"] == "player" and s.outcome["hands"][0]["total"] <= 8)
    state = GAME.play(stream(nonce), BET, [Action("hit")])
    assert not state.finished and state.legal_actions == ("hit", "stand")
    with pytest.raises(
        IllegalActionError, match=r"'double' is not legal .*allowed: 'hit', 'stand'"
    ):
        GAME.play(stream(nonce), BET, [Action("hit"), Action("double")])


def test_insurance_is_offered_first_with_an_ace_up() -> None:
    nonce = find(lambda s: s.outcome["phase"] == "insurance")
    state = GAME.play(stream(nonce), BET)
    assert state.legal_actions == ("insurance", "no_insurance")
    assert state.outcome["dealer"]["cards"][0].startswith("A")
    with pytest.raises(IllegalActionError, match="'hit' is not legal with an ace up"):
        GAME.play(stream(nonce), BET, [Action("hit")])
    insured = GAME.play(stream(nonce), BET, [Action("insurance")])
    assert insured.total_bet == 15 and insured.outcome["insurance"]["bet"] == 5


def test_insurance_pays_two_to_one_on_a_dealer_blackjack() -> None:
    nonce = find(
        lambda s: s.finished and s.outcome["dealer"]["blackjack"],
        actions=[Action("insurance")],
    )
    done = GAME.play(stream(nonce), BET, [Action("insurance")])
    hand = done.outcome["hands"][0]
    assert done.outcome["insurance"]["win"] == 15
    assert done.total_win == 15 + (10 if hand["blackjack"] else 0)


def test_split_plays_hands_left_to_right_and_splits_cost_a_bet() -> None:
    def splittable(s) -> bool:  # type: ignore[no-untyped-def]
        return "split" in s.legal_actions and value(s.outcome["hands"][0]["cards"][0]) != 1

    nonce = find(splittable)
    shoe = [str(c) for c in shuffled_shoe(stream(nonce), 6)]
    state = GAME.play(stream(nonce), BET, [Action("split")])
    hands = state.outcome["hands"]
    assert state.total_bet == 20 and len(hands) == 2 and state.outcome["current_hand"] == 0
    assert hands[0]["cards"] == [shoe[0], shoe[4]] and hands[1]["cards"] == [shoe[2]]
    after = GAME.play(stream(nonce), BET, [Action("split"), Action("stand")])
    if not after.finished:
        assert after.outcome["current_hand"] == 1
        assert after.outcome["hands"][1]["cards"] == [shoe[2], shoe[5]]
        assert "surrender" not in after.legal_actions
        assert "double" in after.legal_actions or after.outcome["hands"][1]["total"] >= 21


def test_split_aces_take_one_card_each() -> None:
    nonce = find(
        lambda s: "split" in s.legal_actions and value(s.outcome["hands"][0]["cards"][0]) == 1
    )
    done = GAME.play(stream(nonce), BET, [Action("split")])
    assert done.finished  # no resplit of aces: both hands stood on one card
    assert [len(h["cards"]) for h in done.outcome["hands"]] == [2, 2]
    assert not any(h["blackjack"] for h in done.outcome["hands"])


def test_actions_after_the_round_are_rejected() -> None:
    nonce = find(lambda s: s.outcome["phase"] == "player")
    with pytest.raises(IllegalActionError, match="'hit' is not legal: the round is finished"):
        GAME.play(stream(nonce), BET, [Action("stand"), Action("hit")])


def test_surrender_returns_half() -> None:
    nonce = find(lambda s: "surrender" in s.legal_actions)
    done = GAME.play(stream(nonce), BET, [Action("surrender")])
    assert (
        done.finished and done.total_win == 5 and done.outcome["hands"][0]["result"] == "surrender"
    )


def test_six_to_five_pays_a_natural_six_to_five() -> None:
    game = GAMES["blackjack-6to5"]
    bet = [Bet("main", 10)]
    for nonce in range(3000):
        state = game.play(stream(nonce), bet)
        hand = state.outcome["hands"][0]
        if state.finished and hand["blackjack"] and not state.outcome["dealer"]["blackjack"]:
            assert state.total_win == 22
            break
    else:
        raise AssertionError("no natural found")
    with pytest.raises(InvalidBetError, match="multiple of 10"):
        game.validate_bets([Bet("main", 15)])


def test_no_hole_card_rules_draw_the_dealer_card_after_the_player() -> None:
    game = BlackjackGame("bj-enhc", BlackjackRules(hole_card="enhc", insurance=False))
    nonce = 0
    while True:
        state = game.play(stream(nonce), BET)
        if not state.finished:
            break
        nonce += 1
    shoe = [str(c) for c in shuffled_shoe(stream(nonce), 6)]
    assert state.outcome["hands"][0]["cards"] == [shoe[0], shoe[2]]
    done = game.play(stream(nonce), BET, [Action("stand")])
    assert done.outcome["dealer"]["cards"][:2] == [shoe[1], shoe[3]]


@pytest.mark.parametrize(
    ("bets", "message"),
    [
        ([], "exactly one bet"),
        ([Bet("side", 10)], "not offered"),
        ([Bet("main", 3)], "multiple of 2"),
        ([Bet("main", 0)], "under the minimum"),
    ],
)
def test_invalid_bets(bets: list[Bet], message: str) -> None:
    with pytest.raises(InvalidBetError, match=message):
        GAME.play(stream(0), bets)


@settings(max_examples=60)
@given(st.integers(0, 2**32), st.lists(st.integers(0, 10), max_size=10))
def test_random_legal_play_keeps_the_books(nonce: int, choices: list[int]) -> None:
    """Play legal actions chosen at random: replay is deterministic and the money adds up."""
    actions: list[Action] = []
    state = GAME.play(stream(nonce), BET)
    for choice in choices:
        if state.finished:
            break
        actions.append(Action(state.legal_actions[choice % len(state.legal_actions)]))
        state = GAME.play(stream(nonce), BET, actions)
        assert GAME.play(stream(nonce), BET, actions) == state
    for kind in ("hit", "stand", "double", "split", "surrender", "insurance", "no_insurance"):
        if kind not in state.legal_actions:
            with pytest.raises(IllegalActionError, match=repr(kind)):
                GAME.play(stream(nonce), BET, [*actions, Action(kind)])
    outcome = state.outcome
    insurance = (outcome["insurance"] or {}).get("bet", 0)
    assert state.total_bet == insurance + sum(h["bet"] for h in outcome["hands"])
    for hand in outcome["hands"]:
        total, soft = hand_total(value(c) for c in hand["cards"])
        assert (hand["total"], hand["soft"]) == (total, soft)
    if state.finished:
        assert state.total_win == sum(h["win"] for h in outcome["hands"]) + (
            (outcome["insurance"] or {}).get("win", 0)
        )
        dealer_total, _ = hand_total(value(c) for c in outcome["dealer"]["cards"])
        assert dealer_total == outcome["dealer"]["total"]
    shoe = [str(c) for c in shuffled_shoe(stream(nonce), 6)]
    seen = [c for h in outcome["hands"] for c in h["cards"]] + outcome["dealer"]["cards"]
    assert sorted(seen) == sorted(shoe[: outcome["cards_dealt"]]) or not state.finished


def test_registry_finds_both_games() -> None:
    assert game_by_id("blackjack").spec.model["rules"]["decks"] == 6
    assert game_by_id("blackjack-6to5").spec.model["rules"]["blackjack_pays"] == "6:5"


# --- simulation against the finite-shoe figure ------------------------------------------


def test_simulation_with_basic_strategy_is_within_the_99_ci() -> None:
    summary = simulate(
        GAME, [Bet("main", 2)], 2_000, SEED, "bj-sim", strategy=strategy_for(DEFAULT_RULES)
    )
    assert summary.contains(GAME.spec.rtp), (summary.interval_99, float(GAME.spec.rtp))


def test_finite_shoe_dealer_tends_to_the_infinite_deck() -> None:
    """The finite-shoe engine, fed a huge shoe, agrees with the exact infinite deck."""
    from games.cards.blackjack.finite import _Shoe

    chart = basic_strategy(DEFAULT_RULES)
    huge = tuple(4_000_000 if v == 10 else 1_000_000 for v in range(1, 11))
    for up in (1, 6, 10):
        shoe = _Shoe(DEFAULT_RULES, chart, up)
        outcomes = shoe.outcomes(huge)
        exact = dealer_distribution(up, False, True)
        scale = float(1 - (Fraction(4, 13) if up == 1 else Fraction(1, 13) if up == 10 else 0))
        for got, want in zip(outcomes, exact, strict=True):
            assert abs(got / scale - float(want)) < 1e-4
        # a standing 20 against this up card
        stand = shoe.stand(20, huge) / scale
        want_stand = sum(
            float(p) * (1 if 17 + i < 20 else 0 if 17 + i == 20 else -1)
            for i, p in enumerate(exact[:5])
        ) + float(exact[5])
        assert abs(stand - want_stand) < 1e-4
