"""Exact baccarat math against game_math.md "Baccarat", and `alea math baccarat`."""

from __future__ import annotations

import json
import time
from fractions import Fraction
from pathlib import Path

import pytest

from cli.main import main
from games.cards import baccarat
from games.cards.baccarat import (
    BACCARAT_EZ_RULES,
    BACCARAT_RULES,
    Baccarat,
    BaccaratRules,
    catalog,
    exact_returns,
)
from games.cards.baccarat_math import analyse, enumerate_coups, pair_probability

# game_math.md "Outcome counts, 8 decks (exact)" (wizardofodds.com/games/baccarat/appendix/3/).
SEQUENCES_8 = 4_998_398_275_503_360
BANKER_8 = 2_292_252_566_437_888
PLAYER_8 = 2_230_518_282_592_256
TIE_8 = 475_627_426_473_216


def test_8_deck_outcome_counts_are_the_reference_counts() -> None:
    analysis = analyse(BACCARAT_RULES)
    assert analysis.denominator == SEQUENCES_8 == 416 * 415 * 414 * 413 * 412 * 411
    assert analysis.count("banker") == BANKER_8
    assert analysis.count("player") == PLAYER_8
    assert analysis.count("tie") == TIE_8


def test_8_deck_house_edges_are_the_reference_edges() -> None:
    analysis = analyse(BACCARAT_RULES)
    banker = analysis.expected_value("banker")
    assert banker == Fraction(-114_753_351_728, 10_847_218_479_825)
    assert f"{-float(banker) * 100:.7f}" == "1.0579058"
    assert f"{-float(analysis.expected_value('player')) * 100:.7f}" == "1.2350813"
    assert f"{-float(analysis.expected_value('tie')) * 100:.7f}" == "14.3596288"
    tie9 = analyse(BaccaratRules(tie_pays=9)).expected_value("tie")
    assert f"{-float(tie9) * 100:.7f}" == "4.8440320"
    assert analysis.expected_value("player_pair") == Fraction(-43, 415)
    assert analysis.expected_value("banker_pair") == Fraction(-43, 415)


@pytest.mark.parametrize("decks", [1, 2, 4, 6, 8])
def test_pair_probability_formula(decks: int) -> None:
    assert pair_probability(decks) == Fraction(4 * decks - 1, 52 * decks - 1)


@pytest.mark.parametrize("decks", [1, 6])
def test_weights_sum_to_the_six_card_sequences(decks: int) -> None:
    weights, denominator = enumerate_coups(decks)
    n = 52 * decks
    assert denominator == n * (n - 1) * (n - 2) * (n - 3) * (n - 4) * (n - 5)
    assert sum(weights.values()) == denominator


def test_ez_figures() -> None:
    # Published EZ Baccarat edges (8 decks): Banker 1.02%, Dragon 7 7.61%, Panda 8 10.19%.
    analysis = analyse(BACCARAT_EZ_RULES)
    assert round(-float(analysis.expected_value("banker")) * 100, 2) == 1.02
    assert round(-float(analysis.expected_value("dragon_7")) * 100, 2) == 7.61
    assert round(-float(analysis.expected_value("panda_8")) * 100, 2) == 10.19


def test_distributions_are_probabilities() -> None:
    for rules in (BACCARAT_RULES, BACCARAT_EZ_RULES):
        analysis = analyse(rules)
        for kind in rules.bet_kinds:
            assert sum(analysis.distribution(kind).values()) == 1


def test_winning_totals_add_up() -> None:
    analysis = analyse(BACCARAT_RULES)
    totals = analysis.winning_totals()
    assert sum(totals["banker"].values()) == BANKER_8
    assert sum(totals["player"].values()) == PLAYER_8
    assert sum(totals["tie"].values()) == TIE_8
    assert 0 not in totals["banker"] and 0 not in totals["player"]  # a 0 never wins


@pytest.mark.parametrize("rules", [BACCARAT_RULES, BACCARAT_EZ_RULES])
def test_shipped_constants_are_the_enumeration(rules: BaccaratRules) -> None:
    """What makes the hard-coded returns legitimate: the enumeration gives them."""
    assert baccarat._SHIPPED_RETURNS[rules] == analyse(rules).returns()
    shipped = {game.rules: game for game in catalog()}[rules]
    for spec in shipped.spec.bets:
        assert spec.expected_return == analyse(rules).returns()[spec.kind]


def test_unshipped_rules_are_enumerated() -> None:
    rules = BaccaratRules(decks=6, tie_pays=9)
    returns = exact_returns(rules)
    assert returns["player_pair"] == Fraction(12 * 23, 311)  # 12 * P, P = 23/311
    assert returns == analyse(rules).returns()
    game = Baccarat("baccarat-6", "six decks", rules)
    assert game.spec.rtp == returns["banker"]


def test_enumeration_is_fast() -> None:
    enumerate_coups.cache_clear()
    start = time.perf_counter()
    enumerate_coups(8)
    assert time.perf_counter() - start < 5.0


def test_alea_math_baccarat_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["math", "baccarat", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sequences"] == SEQUENCES_8
    assert report["outcomes"]["banker"]["count"] == BANKER_8
    assert report["outcomes"]["player"]["count"] == PLAYER_8
    assert report["outcomes"]["tie"]["count"] == TIE_8
    assert report["bets"]["banker"]["expected_value"] == "-114753351728/10847218479825"
    assert report["bets"]["player_pair"]["expected_value"] == "-43/415"
    assert report["bets"]["tie"]["house_edge_percent"] == "14.3596288"


def test_alea_math_baccarat_config_and_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "tie9.toml"
    config.write_text("tie_pays = 9\n", encoding="utf-8")
    assert main(["math", "baccarat", "--config", str(config), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["bets"]["tie"]["house_edge_percent"] == "4.8440320"
    config = tmp_path / "one.json"
    config.write_text(json.dumps({"decks": 1}), encoding="utf-8")
    assert main(["math", "baccarat", "--config", str(config), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["bets"]["player_pair"]["expected_value"] == "-5/17"  # 12 * 3/51 - 1
    assert main(["math", "baccarat", "--variant", "ez"]) == 0
    text = capsys.readouterr().out
    assert "dragon_7" in text and "EZ" in text
    assert main(["math", "baccarat", "--variant", "mini"]) == 1
    assert "unknown baccarat variant 'mini'" in capsys.readouterr().err
    config.write_text(json.dumps({"decks": 20}), encoding="utf-8")
    assert main(["math", "baccarat", "--config", str(config)]) == 1
    assert "decks=20 must be in 1..16" in capsys.readouterr().err
