"""Exact Three Card Poker math against game_math.md "Three Card Poker", and `alea math`."""

from __future__ import annotations

import json
import time
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import pytest

from cli.main import main
from games.cards import three_card_poker
from games.cards.deck import Card
from games.cards.three_card_poker import (
    DEALER_QUALIFIER,
    PLAY_THRESHOLD,
    TCP_PP3_RULES,
    TCP_RULES,
    TcpRules,
    catalog,
    exact_returns,
    hand_strength,
)
from games.cards.three_card_poker_math import (
    DEALER_HANDS,
    HANDS,
    analyse,
    category_counts,
    dealer_splits,
)

DEALS = 407_170_400


def test_hand_counts_are_the_reference_counts() -> None:
    assert HANDS == 22_100 and DEALER_HANDS == 18_424 and HANDS * DEALER_HANDS == DEALS
    assert category_counts() == {
        "straight_flush": 48,
        "three_of_a_kind": 52,
        "straight": 720,
        "flush": 1_096,
        "pair": 3_744,
        "high_card": 16_440,
    }
    high = [s for s in _strengths() if s < 4096]
    queen_or_better = sum(1 for s in high if s >= DEALER_QUALIFIER)
    assert (queen_or_better, len(high) - queen_or_better) == (9_720, 6_720)


def _strengths() -> list[int]:
    return [hand_strength([Card(c) for c in codes]) for codes in combinations(range(52), 3)]


def test_pair_plus_returns() -> None:
    assert analyse(TCP_RULES).pair_plus_ev() == Fraction(-512, 22_100)
    assert analyse(TCP_PP3_RULES).pair_plus_ev() == Fraction(-1_608, 22_100)
    assert analyse(TCP_RULES).pair_plus_ev_numerator() == -512


def test_ante_play_return_with_q64() -> None:
    analysis = analyse(TCP_RULES)
    assert analysis.ante_ev_numerator() == -13_733_780
    assert analysis.ante_ev() == Fraction(-13_733_780, DEALS)
    assert f"{-float(analysis.ante_ev()) * 100:.6f}" == "3.372981"
    assert f"{-float(analysis.element_of_risk()) * 100:.4f}" == "2.0147"
    assert f"{float(analysis.ante_variance()) ** 0.5:.6f}" == "1.639253"


def test_q64_is_the_best_play_rule() -> None:
    assert analyse(TCP_RULES).optimal_threshold() == PLAY_THRESHOLD


def test_splits_cover_every_dealer_hand() -> None:
    splits = dealer_splits()
    assert len(splits) == HANDS
    for split in splits:
        assert (
            split.not_qualifying + split.player_wins + split.ties + split.dealer_wins
            == DEALER_HANDS
        )


@pytest.mark.parametrize("index", [0, 1, 777, 5_000, 11_111, 16_000, 22_099])
def test_inclusion_exclusion_matches_brute_force(index: int) -> None:
    """Count one player hand's 18,424 dealer hands directly and compare."""
    hands = list(combinations(range(52), 3))
    player = hands[index]
    s = hand_strength([Card(c) for c in player])
    rest = [c for c in range(52) if c not in player]
    nq = pw = ties = dw = 0
    for dealer in combinations(rest, 3):
        d = hand_strength([Card(c) for c in dealer])
        if d < DEALER_QUALIFIER:
            nq += 1
        elif s > d:
            pw += 1
        elif s == d:
            ties += 1
        else:
            dw += 1
    split = dealer_splits()[index]
    assert (split.not_qualifying, split.player_wins, split.ties, split.dealer_wins) == (
        nq,
        pw,
        ties,
        dw,
    )


@pytest.mark.parametrize("rules", [TCP_RULES, TCP_PP3_RULES])
def test_shipped_constants_are_the_enumeration(rules: TcpRules) -> None:
    """What makes the hard-coded returns legitimate: the enumeration gives them."""
    assert three_card_poker._SHIPPED_RETURNS[rules] == analyse(rules).returns()
    game = {g.rules: g for g in catalog()}[rules]
    for spec in game.spec.bets:
        assert spec.expected_return == analyse(rules).returns()[spec.kind]


def test_unshipped_rules_are_enumerated() -> None:
    rules = TcpRules(ante_bonus_pays=(5, 3, 1))
    returns = exact_returns(rules)
    assert returns == analyse(rules).returns()
    # trips bonus 3 instead of 4: 52 hands * 18,424 dealer hands lose one unit each
    assert returns["ante"] == 1 + Fraction(-13_733_780 - 52 * DEALER_HANDS, DEALS)


def test_enumeration_is_fast() -> None:
    dealer_splits.cache_clear()
    start = time.perf_counter()
    dealer_splits()
    assert time.perf_counter() - start < 10.0


def test_alea_math_three_card_poker_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["math", "three-card-poker", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["deals"] == DEALS
    assert report["ante"]["ev_over_deals"] == "-13733780/407170400"
    assert report["ante"]["element_of_risk_percent"] == "2.0147"
    assert report["ante"]["sd"] == "1.639253"
    assert report["ante_best_rule"]["play_from"] == "Q-6-4"
    assert report["pair_plus"]["ev_over_hands"] == "-512/22100"
    assert report["hand_counts"]["straight"] == 720
    assert main(["math", "three-card-poker", "--variant", "pp3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pair_plus"]["ev_over_hands"] == "-1608/22100"
    config = tmp_path / "pp.json"
    config.write_text(json.dumps({"pair_plus": {"flush": 3}}), encoding="utf-8")
    assert main(["math", "three-card-poker", "--config", str(config)]) == 0
    assert "-1608/22100" in capsys.readouterr().out
