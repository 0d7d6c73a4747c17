"""The wheel, the table layout and the variants: what every roulette bet covers and pays.

Pocket draw (normative, docs/fairness.md "Roulette", algorithm version ``alea/v1``)::

    index = uniform_int(stream, N)      # N = 37 single zero, 38 double zero
    pocket = "0"         if index == 0
             str(index)  if 1 <= index <= 36
             "00"        if index == 37          (double zero only)

The index is *not* a position on the wheel: the wheel order (``WHEEL_ORDER_*``)
is for display only and has no part in deciding the round.

Bet targets are pocket labels (strings): ``"0"``, ``"00"``, ``"1"`` .. ``"36"``
(no leading zeros, no spaces). A bet on a group of numbers (split, street,
corner, six line, trio, basket, first four, top line) names every number it
covers, in any order; the group must be one the real table layout offers.
Settlements and the model write a group in layout order: ``"0"``, ``"00"``,
then the numbers ascending (e.g. ``["0", "00", "1", "2", "3"]``).
Dozens and columns name their ordinal ``"1"``, ``"2"`` or ``"3"``; red, black,
odd, even, low and high take no target.

Layout (the usual three-column table, numbers running across rows)::

    row 1:  1  2  3        column 1 = 1, 4, ..., 34
    row 2:  4  5  6        column 2 = 2, 5, ..., 35
    ...                    column 3 = 3, 6, ..., 36
    row 12: 34 35 36

with the zero(s) above row 1. Two numbers of 1..36 are adjacent when they sit
side by side in a row (n, n+1 with n not a multiple of 3) or one above the
other (n, n+3). Zero splits: single zero 0-1, 0-2, 0-3; double zero 0-1, 0-2,
00-2, 00-3, 0-00. Trios: single zero 0-1-2, 0-2-3; double zero 0-1-2, 00-2-3.
Single zero only: first four 0-1-2-3 (8:1). Double zero only: basket 0-00-2
(11:1) and the five-number top line 0-00-1-2-3 (6:1, the one bet whose odds are
not 36/n - 1). Every other bet on n numbers pays 36/n - 1 to 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rng import ALGORITHM_VERSION

__all__ = [
    "BET_KINDS",
    "BLACK_NUMBERS",
    "DEFAULT_MAX_AMOUNT",
    "DEFAULT_MIN_AMOUNT",
    "EVEN_MONEY_KINDS",
    "MAX_BETS_PER_ROUND",
    "MODEL_VERSION",
    "RED_NUMBERS",
    "VARIANTS",
    "WHEEL_ORDER_DOUBLE_ZERO",
    "WHEEL_ORDER_SINGLE_ZERO",
    "KindRule",
    "Variant",
    "build_model",
    "kind_rules",
    "layout_order",
    "pocket_color",
    "pocket_labels",
]

MODEL_VERSION = 1
DEFAULT_MIN_AMOUNT = 1  #: minor units
DEFAULT_MAX_AMOUNT = 1_000_000  #: minor units, per bet
MAX_BETS_PER_ROUND = 256  #: bets settled together on one spin

RED_NUMBERS: frozenset[int] = frozenset(
    {1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36}
)
BLACK_NUMBERS: frozenset[int] = frozenset(range(1, 37)) - RED_NUMBERS

#: Pocket order round the single-zero wheel, clockwise from 0 (display only).
WHEEL_ORDER_SINGLE_ZERO: tuple[str, ...] = tuple(
    str(n)
    for n in (
        0, 32, 15, 19, 4, 21, 2, 25, 17, 34, 6, 27, 13, 36, 11, 30, 8, 23, 10,
        5, 24, 16, 33, 1, 20, 14, 31, 9, 22, 18, 29, 7, 28, 12, 35, 3, 26,
    )
)  # fmt: skip
#: Pocket order round the double-zero wheel, clockwise from 0 (display only).
WHEEL_ORDER_DOUBLE_ZERO: tuple[str, ...] = (
    "0", "28", "9", "26", "30", "11", "7", "20", "32", "17", "5", "22", "34",
    "15", "3", "24", "36", "13", "1", "00", "27", "10", "25", "29", "12", "8",
    "19", "31", "18", "6", "21", "33", "16", "4", "23", "35", "14", "2",
)  # fmt: skip

#: Every bet kind, in the order specs and reports list them.
BET_KINDS: tuple[str, ...] = (
    "straight",
    "split",
    "street",
    "corner",
    "six_line",
    "trio",
    "basket",
    "first_four",
    "top_line",
    "dozen",
    "column",
    "red",
    "black",
    "odd",
    "even",
    "low",
    "high",
)
#: The 1:1 bets La Partage and En Prison apply to.
EVEN_MONEY_KINDS: frozenset[str] = frozenset({"red", "black", "odd", "even", "low", "high"})


def pocket_labels(double_zero: bool) -> tuple[str, ...]:
    """Pocket labels by draw index: ``"0"``, ``"1"`` .. ``"36"`` and, double zero, ``"00"``."""
    labels = tuple(str(i) for i in range(37))
    return (*labels, "00") if double_zero else labels


def pocket_color(label: str) -> str:
    """``"red"``, ``"black"`` or ``"green"`` (the zeros)."""
    if label in ("0", "00"):
        return "green"
    return "red" if int(label) in RED_NUMBERS else "black"


@dataclass(frozen=True)
class Variant:
    """One wheel and rule set; each is its own game id."""

    name: str
    game_id: str
    title: str
    double_zero: bool
    la_partage: bool = False
    en_prison: bool = False

    @property
    def pockets(self) -> int:
        return 38 if self.double_zero else 37

    @property
    def zeros(self) -> tuple[str, ...]:
        return ("0", "00") if self.double_zero else ("0",)


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("european", "roulette-european", "European roulette (single zero)", False),
        Variant("american", "roulette-american", "American roulette (double zero)", True),
        Variant(
            "french",
            "roulette-french",
            "French roulette (single zero, La Partage)",
            False,
            la_partage=True,
        ),
        Variant(
            "french-en-prison",
            "roulette-french-en-prison",
            "French roulette (single zero, En Prison; a second zero loses)",
            False,
            en_prison=True,
        ),
    )
}


@dataclass(frozen=True)
class KindRule:
    """A bet kind on one variant: what it pays, its limits, and every legal placement.

    ``targets`` maps the canonical target (for number groups the labels in
    layout order: 0, 00, then ascending; the ordinal for dozens and columns;
    ``()`` for the even-money bets) to the draw indices the placement covers.
    """

    kind: str
    description: str
    pays: int  #: pays ``pays`` to 1
    size: int  #: numbers covered by each placement
    even_money: bool
    min_amount: int
    max_amount: int
    amount_step: int
    target_help: str
    targets: Mapping[tuple[str, ...], tuple[int, ...]]


def _index(label: str) -> int:
    return 37 if label == "00" else int(label)


def layout_order(label: str) -> tuple[int, int]:
    """Sort key of the canonical target order: 0, 00, then 1..36 ascending."""
    return (0, 0) if label == "0" else (0, 1) if label == "00" else (1, int(label))


def _group(labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    ordered = tuple(sorted(labels, key=layout_order))
    return ordered, tuple(_index(label) for label in ordered)


def _groups(*groups: tuple[object, ...]) -> dict[tuple[str, ...], tuple[int, ...]]:
    out: dict[tuple[str, ...], tuple[int, ...]] = {}
    for group in groups:
        key, indices = _group(tuple(str(n) for n in group))
        out[key] = indices
    return out


def _layout_groups(variant: Variant) -> dict[str, dict[tuple[str, ...], tuple[int, ...]]]:
    """Every placement of the number-group bets, from the table geometry."""
    rows = [(3 * r + 1, 3 * r + 2, 3 * r + 3) for r in range(12)]
    across = [(n, n + 1) for n in range(1, 37) if n % 3 != 0]
    down = [(n, n + 3) for n in range(1, 34)]
    if variant.double_zero:
        zero_splits: list[tuple[object, ...]] = [(0, 1), (0, 2), ("00", 2), ("00", 3), (0, "00")]
        trios: list[tuple[object, ...]] = [(0, 1, 2), ("00", 2, 3)]
    else:
        zero_splits = [(0, 1), (0, 2), (0, 3)]
        trios = [(0, 1, 2), (0, 2, 3)]
    groups = {
        "straight": _groups(*((label,) for label in pocket_labels(variant.double_zero))),
        "split": _groups(*zero_splits, *across, *down),
        "street": _groups(*rows),
        "corner": _groups(*((n, n + 1, n + 3, n + 4) for n in range(1, 33) if n % 3 != 0)),
        "six_line": _groups(*(rows[r] + rows[r + 1] for r in range(11))),
        "trio": _groups(*trios),
    }
    if variant.double_zero:
        groups["basket"] = _groups((0, "00", 2))
        groups["top_line"] = _groups((0, "00", 1, 2, 3))
    else:
        groups["first_four"] = _groups((0, 1, 2, 3))
    return groups


_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    # kind -> (description, target help)
    "straight": ("one number", "one number: '0', '1'..'36' (and '00' on a double-zero wheel)"),
    "split": ("two numbers side by side on the layout", "two adjacent numbers, e.g. ['17', '20']"),
    "street": ("a row of three numbers", "the three numbers of a row, e.g. ['13', '14', '15']"),
    "corner": ("four numbers meeting at one corner", "four numbers, e.g. ['17', '18', '20', '21']"),
    "six_line": ("two adjacent rows", "the six numbers of two adjacent rows, e.g. ['1'..'6']"),
    "trio": ("three numbers including a zero", "'0','1','2' or the other zero-line trio"),
    "basket": ("0, 00 and 2", "['0', '00', '2'] (or no target)"),
    "first_four": ("0, 1, 2, 3", "['0', '1', '2', '3'] (or no target)"),
    "top_line": ("0, 00, 1, 2, 3 (five-number bet)", "['0', '00', '1', '2', '3'] (or no target)"),
    "dozen": ("12 numbers: 1-12, 13-24 or 25-36", "'1', '2' or '3'"),
    "column": (
        "12 numbers of one column",
        "'1' (1, 4, .., 34), '2' (2, .., 35) or '3' (3, .., 36)",
    ),
    "red": ("the 18 red numbers", "no target"),
    "black": ("the 18 black numbers", "no target"),
    "odd": ("the 18 odd numbers", "no target"),
    "even": ("the 18 even numbers 2..36", "no target"),
    "low": ("1-18", "no target"),
    "high": ("19-36", "no target"),
}


def _outside_groups() -> dict[str, dict[tuple[str, ...], tuple[int, ...]]]:
    def only(numbers: range | frozenset[int]) -> dict[tuple[str, ...], tuple[int, ...]]:
        return {(): tuple(sorted(numbers))}

    return {
        "dozen": {(str(d),): tuple(range(12 * d - 11, 12 * d + 1)) for d in (1, 2, 3)},
        "column": {(str(c),): tuple(range(c, 37, 3)) for c in (1, 2, 3)},
        "red": only(RED_NUMBERS),
        "black": only(BLACK_NUMBERS),
        "odd": only(range(1, 37, 2)),
        "even": only(range(2, 37, 2)),
        "low": only(range(1, 19)),
        "high": only(range(19, 37)),
    }


def kind_rules(variant: Variant) -> dict[str, KindRule]:
    """The bet kinds a variant offers, in :data:`BET_KINDS` order."""
    groups = {**_layout_groups(variant), **_outside_groups()}
    rules: dict[str, KindRule] = {}
    for kind in BET_KINDS:
        if kind not in groups:
            continue
        targets = groups[kind]
        size = len(next(iter(targets.values())))
        pays = 6 if kind == "top_line" else 36 // size - 1
        even_money = kind in EVEN_MONEY_KINDS
        step = 2 if even_money and variant.la_partage else 1
        description, target_help = _DESCRIPTIONS[kind]
        rules[kind] = KindRule(
            kind=kind,
            description=description,
            pays=pays,
            size=size,
            even_money=even_money,
            min_amount=max(DEFAULT_MIN_AMOUNT, step),
            max_amount=DEFAULT_MAX_AMOUNT,
            amount_step=step,
            target_help=target_help,
            targets=targets,
        )
    return rules


def _rules_text(variant: Variant) -> dict[str, Any]:
    if variant.la_partage:
        zero_rule = "la_partage"
        text = "when 0 wins, each even-money bet loses only half: half its stake is returned"
    elif variant.en_prison:
        zero_rule = "en_prison"
        text = (
            "when 0 wins, each even-money bet is imprisoned and settled in the same round by a "
            "second spin: a second pocket is read from the same stream right after the first "
            "(only when at least one bet is imprisoned); if the second pocket is covered by the "
            "bet its stake is returned (no winnings), otherwise the bet loses; a second zero "
            "loses the bet"
        )
    else:
        zero_rule = "none"
        text = "when a zero wins, every bet not covering it loses"
    return {
        "zero_rule": zero_rule,
        "zero_rule_text": text,
        "max_bets_per_round": MAX_BETS_PER_ROUND,
        "win": "a winning bet pays its odds to 1 and its stake is returned",
    }


def build_model(variant: Variant) -> dict[str, Any]:
    """The canonical-JSON model document of a variant (its hash is the model hash)."""
    labels = pocket_labels(variant.double_zero)
    bets = []
    for rule in kind_rules(variant).values():
        bets.append(
            {
                "kind": rule.kind,
                "pays": rule.pays,
                "size": rule.size,
                "even_money": rule.even_money,
                "min_amount": rule.min_amount,
                "max_amount": rule.max_amount,
                "amount_step": rule.amount_step,
                "placements": [
                    {"target": list(target), "numbers": [labels[i] for i in indices]}
                    for target, indices in rule.targets.items()
                ],
            }
        )
    return {
        "game": "roulette",
        "game_id": variant.game_id,
        "variant": variant.name,
        "version": MODEL_VERSION,
        "algorithm_version": ALGORITHM_VERSION,
        "pocket_draw": {
            "draw": "uniform_int",
            "n": variant.pockets,
            "index_to_pocket": list(labels),
        },
        "zeros": list(variant.zeros),
        "wheel_order": list(
            WHEEL_ORDER_DOUBLE_ZERO if variant.double_zero else WHEEL_ORDER_SINGLE_ZERO
        ),
        "colors": {
            "red": [str(n) for n in sorted(RED_NUMBERS)],
            "black": [str(n) for n in sorted(BLACK_NUMBERS)],
            "green": list(variant.zeros),
        },
        "bets": bets,
        "rules": _rules_text(variant),
    }
