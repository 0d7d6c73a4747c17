"""Three Card Poker rounds: ranking, the normative deal, the play/fold step, settlement."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.base import Action, Bet, Game
from games.canonical import canonical_json
from games.cards.deck import Card, card_from_text, shuffled_shoe
from games.cards.three_card_poker import (
    CATEGORIES,
    DEALER_QUALIFIER,
    PLAY_THRESHOLD,
    TCP_PP3_RULES,
    TCP_RULES,
    TcpRules,
    ThreeCardPoker,
    catalog,
    hand_category,
    hand_strength,
    plays_q64,
    strength_of_text,
)
from games.errors import IllegalActionError, InvalidBetError, ModelError
from games.registry import GAME_MODULES
from rng import OutcomeStream

SEED = bytes(range(100, 132))
GAMES = {game.spec.game_id: game for game in catalog()}
TCP = GAMES["three-card-poker"]
ANTE = [Bet("ante", 100)]


def stream(nonce: int = 0) -> OutcomeStream:
    return OutcomeStream(SEED, "tcp-tests", nonce)


def independent_category(cards: list[Card]) -> str:
    """Category by set logic, written apart from hand_strength."""
    ranks = sorted(c.rank for c in cards)
    flush = len({c.suit for c in cards}) == 1
    distinct = len(set(ranks))
    straight = distinct == 3 and (
        ranks[2] - ranks[0] == 2 or ranks == [1, 12, 13]  # Q-K-A
    )
    if straight and flush:
        return "straight_flush"
    if distinct == 1:
        return "three_of_a_kind"
    if straight:
        return "straight"
    if flush:
        return "flush"
    if distinct == 2:
        return "pair"
    return "high_card"


def test_catalog_games_follow_the_protocol_and_are_registered() -> None:
    assert "games.cards.three_card_poker" in GAME_MODULES
    for game in catalog():
        assert isinstance(game, Game)
        assert game.spec.multi_step and game.spec.version == 1
        canonical_json(game.spec.model)
    assert [b.kind for b in TCP.spec.bets] == ["ante", "pair_plus"]
    assert GAMES["three-card-poker-pp3"].rules == TCP_PP3_RULES
    assert TCP.spec.model_hash != GAMES["three-card-poker-pp3"].spec.model_hash


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("2c 3c 4c", "Ah Ad As"),  # the lowest straight flush beats trips
        ("Qc Kc Ac", "2h 2d 2s"),  # the highest straight flush beats trips
        ("2h 2d 2s", "Qc Kd Ah"),  # three of a kind beats a straight
        ("Qc Kd Ah", "Ac 3d 2h"),  # Q-K-A is the highest straight, A-2-3 the lowest
        ("Ac 2d 3h", "Ac Kc 9c"),  # a straight beats a flush
        ("5c 7c 9c", "Ah Ad Ks"),  # a flush beats a pair
        ("2c 2d 3h", "Ac Kd Jh"),  # a pair beats high card
        ("9c 9d Ah", "9h 9s Kc"),  # pair kicker
        ("Ac Kd 3h", "Ac Qd Jh"),
        ("Kc Ad 2h", "Kc Qd Th"),  # K-A-2 is not a straight: just ace-high
    ],
)
def test_ranking_order(better: str, worse: str) -> None:
    assert strength_of_text(better) > strength_of_text(worse)


def test_suits_never_break_ties() -> None:
    assert strength_of_text("Ac Kd 3h") == strength_of_text("As Kh 3c")
    assert hand_category([card_from_text(t) for t in ("Kc", "Ad", "2h")]) == "high_card"


def test_thresholds() -> None:
    assert plays_q64(strength_of_text("Qs 6h 4d"))
    assert not plays_q64(strength_of_text("Qs 6h 3d"))
    assert strength_of_text("Qs 3h 2d") == DEALER_QUALIFIER
    assert strength_of_text("Jc Td 8h") < DEALER_QUALIFIER <= PLAY_THRESHOLD


@given(st.lists(st.integers(0, 51), min_size=3, max_size=3, unique=True), st.permutations(range(4)))
def test_ranking_is_consistent(codes: list[int], suit_map: list[int]) -> None:
    hand = [Card(c) for c in codes]
    strength = hand_strength(hand)
    assert CATEGORIES[strength // 4096] == hand_category(hand) == independent_category(hand)
    for order in itertools.permutations(hand):
        assert hand_strength(list(order)) == strength
    relabelled = [Card((c.rank - 1) * 4 + suit_map[c.suit]) for c in hand]
    assert hand_strength(relabelled) == strength


@given(
    st.lists(st.integers(0, 51), min_size=3, max_size=3, unique=True),
    st.lists(st.integers(0, 51), min_size=3, max_size=3, unique=True),
)
def test_categories_dominate(a: list[int], b: list[int]) -> None:
    sa, sb = hand_strength([Card(c) for c in a]), hand_strength([Card(c) for c in b])
    ca, cb = CATEGORIES.index(category_name(a)), CATEGORIES.index(category_name(b))
    if ca != cb:
        assert (sa > sb) == (ca > cb)


def category_name(codes: list[int]) -> str:
    return independent_category([Card(c) for c in codes])


def test_round_is_two_steps_and_replayable() -> None:
    bets = [Bet("ante", 100), Bet("pair_plus", 150)]
    start = TCP.play(stream(3), bets)
    assert not start.finished and start.legal_actions == ("play", "fold")
    assert start.total_bet == 250 and start.total_win == 0
    assert "dealer_cards" not in start.outcome
    shoe = shuffled_shoe(stream(3), 1)
    assert start.outcome["player_cards"] == [str(c) for c in shoe[:3]]
    assert start.bytes_used >= 4 * 51
    played = TCP.play(stream(3), bets, [Action("play")])
    assert played.finished and played.legal_actions == ()
    assert played.total_bet == 350
    assert played.outcome["player_cards"] == start.outcome["player_cards"]
    assert played.outcome["dealer_cards"] == [str(c) for c in shoe[3:6]]
    folded = TCP.play(stream(3), bets, [Action("fold")])
    assert folded.outcome["dealer_cards"] == played.outcome["dealer_cards"]  # fixed at start
    assert folded.total_bet == 250
    assert TCP.play(stream(3), bets, [Action("play")]) == played


@pytest.mark.parametrize(
    ("bets", "match"),
    [
        ([], "an ante bet is required"),
        ([Bet("pair_plus", 100)], r"Pair Plus alone is not offered"),
        ([Bet("play", 100)], r"kind='play' is not a three-card-poker bet"),
        ([Bet("ante", 100), Bet("ante", 100)], "appears twice"),
        ([Bet("ante", 100, ("x",))], "must be empty"),
        ([Bet("ante", 50)], "under the minimum 100"),
        ([Bet("ante", 100), Bet("pair_plus", 10**8)], "over the maximum"),
    ],
)
def test_bad_bets_name_the_problem(bets: list[Bet], match: str) -> None:
    with pytest.raises(InvalidBetError, match=match):
        TCP.play(stream(), bets)


@pytest.mark.parametrize(
    ("actions", "match"),
    [
        ([Action("hit")], r"actions\[0\]\.kind='hit' is not legal now; use play or fold"),
        ([Action("play", (1,))], r"positions=\[1\] must be empty"),
        ([Action("play"), Action("fold")], r"actions\[1\]\.kind='fold': the round is over"),
        ([Action("fold"), Action("fold")], "the round is over after 'fold'"),
    ],
)
def test_illegal_actions_name_the_problem(actions: list[Action], match: str) -> None:
    with pytest.raises(IllegalActionError, match=match):
        TCP.play(stream(), ANTE, actions)


@given(
    st.integers(0, 2**32),
    st.lists(st.sampled_from(["play", "fold", "hit", "stand", ""]), min_size=2, max_size=4),
)
def test_actions_out_of_turn_are_rejected(nonce: int, kinds: list[str]) -> None:
    with pytest.raises(IllegalActionError):
        TCP.play(stream(nonce), ANTE, [Action(k) for k in kinds])


@given(st.integers(0, 2**32))
def test_no_card_appears_twice(nonce: int) -> None:
    outcome = TCP.play(stream(nonce), ANTE, [Action("play")])
    dealt = outcome.outcome["player_cards"] + outcome.outcome["dealer_cards"]
    assert len(set(dealt)) == 6
    assert sorted(c.code for c in shuffled_shoe(stream(nonce), 1)) == list(range(52))


def _settlements(outcome_map: object) -> dict[str, tuple[str, int]]:
    assert isinstance(outcome_map, dict)
    return {s["kind"]: (s["result"], s["win"]) for s in outcome_map["settlements"]}


@given(st.integers(0, 2**32), st.sampled_from(["play", "fold"]))
def test_settlement_follows_the_rules(nonce: int, decision: str) -> None:
    bets = [Bet("ante", 100), Bet("pair_plus", 100)]
    outcome = TCP.play(stream(nonce), bets, [Action(decision)])
    o = dict(outcome.outcome)
    player = hand_strength([card_from_text(c) for c in o["player_cards"]])
    dealer = hand_strength([card_from_text(c) for c in o["dealer_cards"]])
    settled = _settlements(o)
    category = CATEGORIES[player // 4096]
    pp = {"straight_flush": 40, "three_of_a_kind": 30, "straight": 6, "flush": 4, "pair": 1}
    assert settled["pair_plus"][1] == (100 * (pp[category] + 1) if category in pp else 0)
    if decision == "fold":
        assert settled["ante"] == ("lose", 0) and "play" not in settled
        assert outcome.total_bet == 200
    else:
        assert outcome.total_bet == 300
        bonus = {"straight_flush": 5, "three_of_a_kind": 4, "straight": 1}.get(category, 0)
        assert settled["ante_bonus"][1] == 100 * bonus
        if dealer < DEALER_QUALIFIER:
            assert (settled["ante"][1], settled["play"][1]) == (200, 100)
            assert o["dealer_qualifies"] is False
        elif player > dealer:
            assert (settled["ante"][1], settled["play"][1]) == (200, 200)
        elif player == dealer:
            assert (settled["ante"][1], settled["play"][1]) == (100, 100)
        else:
            assert (settled["ante"][1], settled["play"][1]) == (0, 0)
    assert outcome.total_win == sum(win for _, win in settled.values())


def test_rules_from_mapping_and_bad_rules() -> None:
    rules = TcpRules.from_mapping({"pair_plus": {"flush": 3}})
    assert rules == TCP_PP3_RULES
    with pytest.raises(ModelError, match="unknown paytable entries royal"):
        TcpRules.from_mapping({"pair_plus": {"royal": 100}})
    with pytest.raises(ModelError, match="unknown three card poker rule"):
        TcpRules.from_mapping({"six_card_bonus": {}})
    with pytest.raises(ModelError, match="every pay must be an int"):
        TcpRules(pair_plus_pays=(40, 30, 6, 4, -1))
    custom = ThreeCardPoker("tcp-x", "x", TcpRules(ante_bonus_pays=(5, 3, 1)))
    assert custom.spec.model_hash != TCP.spec.model_hash
    assert TCP_RULES.pair_plus("high_card") is None
