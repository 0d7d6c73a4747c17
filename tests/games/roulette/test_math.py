"""Exact math: the reference figures, and enumeration through the real play() code.

Expected values come from /work/shared/reference/game_math.md, section "Roulette"
(sources [R1]-[R5] there): every bet -1/37 on a single-zero wheel and -1/19 on a
double-zero wheel, except the five-number bet (-3/38); La Partage even-money
-1/74; En Prison with a second zero losing -19/1369. SDs per unit are the
reference's four-decimal figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

import pytest

from games.base import Bet
from games.errors import ModelError
from games.roulette import RouletteGame, bet_math, build_model, math_report
from games.roulette.table import VARIANTS
from tests.games.roulette.helpers import AMERICAN, EN_PRISON, EUROPEAN, FRENCH, ForcedPockets

EVEN_MONEY = ("red", "black", "odd", "even", "low", "high")
SINGLE_ZERO_KINDS = (
    "straight", "split", "street", "corner", "six_line", "trio", "first_four",
    "dozen", "column", *EVEN_MONEY,
)  # fmt: skip
DOUBLE_ZERO_KINDS = (
    "straight", "split", "street", "corner", "six_line", "trio", "basket", "top_line",
    "dozen", "column", *EVEN_MONEY,
)  # fmt: skip

# reference EV (player's net expectation per unit)
REF_EV = {
    "european": {kind: Fraction(-1, 37) for kind in SINGLE_ZERO_KINDS},
    "american": {
        **{kind: Fraction(-1, 19) for kind in DOUBLE_ZERO_KINDS},
        "top_line": Fraction(-3, 38),
    },
    "french": {
        **{kind: Fraction(-1, 37) for kind in SINGLE_ZERO_KINDS},
        **{kind: Fraction(-1, 74) for kind in EVEN_MONEY},
    },
    "french-en-prison": {
        **{kind: Fraction(-1, 37) for kind in SINGLE_ZERO_KINDS},
        **{kind: Fraction(-19, 1369) for kind in EVEN_MONEY},
    },
}

# reference SD per unit, four decimals
REF_SD = {
    "european": {
        "straight": 5.8378, "split": 4.0702, "street": 3.2755, "corner": 2.7947,
        "six_line": 2.2116, "dozen": 1.4044, "column": 1.4044, "first_four": 2.7947,
        "trio": 3.2755, **{k: 0.9996 for k in EVEN_MONEY},
    },
    "american": {
        "straight": 5.7626, "dozen": 1.3945, "column": 1.3945, "top_line": 2.3662,
        **{k: 0.9986 for k in EVEN_MONEY},
    },
    "french": {k: 0.9897 for k in EVEN_MONEY},
}  # fmt: skip


@pytest.mark.parametrize("variant", sorted(REF_EV))
def test_every_bet_kind_has_the_reference_ev(variant: str) -> None:
    figures = bet_math(build_model(VARIANTS[variant]))
    assert {kind: fig.expected_value for kind, fig in figures.items()} == REF_EV[variant]


@pytest.mark.parametrize("variant", sorted(REF_SD))
def test_sd_matches_the_reference(variant: str) -> None:
    figures = bet_math(build_model(VARIANTS[variant]))
    for kind, sd in REF_SD[variant].items():
        assert math.sqrt(figures[kind].variance) == pytest.approx(sd, abs=5e-5), kind


def test_variance_of_a_simple_bet_is_the_binomial_formula() -> None:
    # a bet paying p:1 that wins with probability q: var = (p + 1)^2 q (1 - q)
    for variant, n in (("european", 37), ("american", 38)):
        figures = bet_math(build_model(VARIANTS[variant]))
        for fig in figures.values():
            q = Fraction(fig.size, n)
            assert fig.variance == (fig.pays + 1) ** 2 * q * (1 - q), (variant, fig.kind)


def test_en_prison_distribution() -> None:
    red = bet_math(build_model(VARIANTS["french-en-prison"]))["red"]
    assert red.distribution == {
        Fraction(0): Fraction(18, 37) + Fraction(1, 37) * Fraction(19, 37),
        Fraction(1): Fraction(1, 37) * Fraction(18, 37),
        Fraction(2): Fraction(18, 37),
    }


@pytest.mark.parametrize(
    "game", [EUROPEAN, AMERICAN, FRENCH, EN_PRISON], ids=lambda g: g.spec.game_id
)
def test_bet_specs_carry_the_reference_rtp(game: RouletteGame) -> None:
    ref = REF_EV[game.variant.name]
    assert {b.kind: b.expected_return - 1 for b in game.spec.bets} == ref
    assert game.spec.rtp == 1 + ref["straight"]


def _placements(game: RouletteGame) -> Iterator[tuple[str, tuple[str, ...]]]:
    for entry in game.spec.model["bets"]:
        for placement in entry["placements"]:
            yield entry["kind"], tuple(placement["target"])


@pytest.mark.parametrize(
    "game", [EUROPEAN, AMERICAN, FRENCH, EN_PRISON], ids=lambda g: g.spec.game_id
)
def test_play_enumerated_over_every_pocket_gives_the_exact_ev(game: RouletteGame) -> None:
    """Every legal placement, every pocket (and every prison spin), through play()."""
    n = game.variant.pockets
    stake = 2  # even, so La Partage's half is whole
    for kind, target in _placements(game):
        bet = [Bet(kind, stake, target)]
        total = Fraction(0)
        for first in range(n):
            outcome = game.play(ForcedPockets([first, 0]), bet)
            if outcome.outcome.get("prison_spin") is None:
                total += Fraction(outcome.total_win, n)
                continue
            for second in range(n):
                again = game.play(ForcedPockets([first, second]), bet)
                total += Fraction(again.total_win, n * n)
        assert total / stake - 1 == REF_EV[game.variant.name][kind], (kind, target)


def test_math_refuses_a_model_whose_placements_disagree() -> None:
    model = build_model(VARIANTS["european"])
    split = next(b for b in model["bets"] if b["kind"] == "split")
    split["placements"][0]["numbers"] = ["1"]  # now one split covers a single number
    with pytest.raises(ModelError, match="do not all have the same return"):
        bet_math(model)


def test_math_report_is_json_with_exact_strings() -> None:
    report = math_report("american", None)
    (var,) = report["variants"]
    assert var["game_id"] == "roulette-american"
    assert var["model_hash"] == AMERICAN.spec.model_hash
    top = next(b for b in var["bets"] if b["kind"] == "top_line")
    assert top["expected_value"] == {"exact": "-3/38", "decimal": "-0.0789473684"}
    assert top["pays"] == "6:1"
    assert top["sd"].startswith("2.3662")
    assert len(math_report(None, None)["variants"]) == 4
