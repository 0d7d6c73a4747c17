"""The table layout, derived here from geometry, against what the game accepts.

Numbers 1..36 sit in 12 rows of three: n is at row (n-1)//3, column (n-1)%3. The
counts expected below follow from that picture (and the zero placements stated
in games/roulette/table.py), not from the game's own tables: every candidate
group is offered to validate_bets and the accepted ones are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import pytest

from games.base import Bet
from games.errors import InvalidBetError
from games.roulette import RouletteGame, pocket_color, pocket_labels
from games.roulette.table import (
    RED_NUMBERS,
    WHEEL_ORDER_DOUBLE_ZERO,
    WHEEL_ORDER_SINGLE_ZERO,
)
from tests.games.roulette.helpers import AMERICAN, EUROPEAN, ForcedPockets


def cell(n: int) -> tuple[int, int]:
    return (n - 1) // 3, (n - 1) % 3


def accepted(
    game: RouletteGame, kind: str, groups: Sequence[tuple[str, ...]]
) -> set[frozenset[str]]:
    out = set()
    for group in groups:
        try:
            game.validate_bets([Bet(kind, 10, group)])
        except InvalidBetError:
            continue
        out.add(frozenset(group))
    return out


def numbers(*ns: int | str) -> frozenset[str]:
    return frozenset(str(n) for n in ns)


def test_pocket_mapping_is_index_to_label() -> None:
    assert pocket_labels(False) == tuple(str(i) for i in range(37))
    assert pocket_labels(True) == (*(str(i) for i in range(37)), "00")
    for game in (EUROPEAN, AMERICAN):
        labels = game.spec.model["pocket_draw"]["index_to_pocket"]
        for index, label in enumerate(labels):
            outcome = game.play(ForcedPockets([index]), [Bet("straight", 1, (label,))])
            assert outcome.outcome["pocket"] == label
            assert outcome.outcome["pocket_index"] == index
            assert outcome.total_win == 36


def test_wheel_orders_are_permutations_and_alternate_colours() -> None:
    assert sorted(WHEEL_ORDER_SINGLE_ZERO) == sorted(pocket_labels(False))
    assert sorted(WHEEL_ORDER_DOUBLE_ZERO) == sorted(pocket_labels(True))
    for order in (WHEEL_ORDER_SINGLE_ZERO, WHEEL_ORDER_DOUBLE_ZERO):
        colours = [pocket_color(p) for p in order]
        neighbours = zip(colours, colours[1:] + colours[:1], strict=True)
        # pockets side by side on the wheel alternate red/black (zeros aside)
        assert all(a != b for a, b in neighbours if "green" not in (a, b))
        assert colours.count("red") == colours.count("black") == 18


def test_colours() -> None:
    assert len(RED_NUMBERS) == 18
    assert pocket_color("0") == pocket_color("00") == "green"
    assert pocket_color("1") == "red" and pocket_color("2") == "black"
    # each dozen/column colour mix of the standard layout: 10 and 11 are black, 19 red
    assert (pocket_color("10"), pocket_color("11"), pocket_color("19")) == ("black",) * 2 + ("red",)


SPLITS_1_36 = {numbers(a, b) for a, b in combinations(range(1, 37), 2)
               if abs(cell(a)[0] - cell(b)[0]) + abs(cell(a)[1] - cell(b)[1]) == 1}  # fmt: skip


def test_geometry_gives_57_splits_among_1_to_36() -> None:
    assert len(SPLITS_1_36) == 12 * 2 + 11 * 3 == 57


@pytest.mark.parametrize(
    ("game", "zero_splits"),
    [
        (EUROPEAN, {numbers(0, 1), numbers(0, 2), numbers(0, 3)}),
        (
            AMERICAN,
            {numbers(0, 1), numbers(0, 2), numbers("00", 2), numbers("00", 3), numbers(0, "00")},
        ),
    ],
    ids=["european", "american"],
)
def test_splits(game: RouletteGame, zero_splits: set[frozenset[str]]) -> None:
    labels = pocket_labels(game.variant.double_zero)
    got = accepted(game, "split", list(combinations(labels, 2)))
    assert got == SPLITS_1_36 | zero_splits
    assert len(got) == {37: 60, 38: 62}[game.variant.pockets]


@pytest.mark.parametrize("game", [EUROPEAN, AMERICAN], ids=["european", "american"])
def test_streets_and_trios(game: RouletteGame) -> None:
    labels = pocket_labels(game.variant.double_zero)
    triples = list(combinations(labels, 3))
    rows = {numbers(3 * r + 1, 3 * r + 2, 3 * r + 3) for r in range(12)}
    assert accepted(game, "street", triples) == rows
    trios = accepted(game, "trio", triples)
    if game.variant.double_zero:
        assert trios == {numbers(0, 1, 2), numbers("00", 2, 3)}
        assert accepted(game, "basket", triples) == {numbers(0, "00", 2)}
    else:
        assert trios == {numbers(0, 1, 2), numbers(0, 2, 3)}


@pytest.mark.parametrize("game", [EUROPEAN, AMERICAN], ids=["european", "american"])
def test_corners(game: RouletteGame) -> None:
    quads = list(combinations(pocket_labels(False), 4))
    blocks = set()
    for quad in combinations(range(1, 37), 4):
        cells = {cell(n) for n in quad}
        r0, c0 = min(cells)
        if cells == {(r0, c0), (r0, c0 + 1), (r0 + 1, c0), (r0 + 1, c0 + 1)}:
            blocks.add(numbers(*quad))
    assert len(blocks) == 11 * 2 == 22
    assert accepted(game, "corner", quads) == blocks


@pytest.mark.parametrize("game", [EUROPEAN, AMERICAN], ids=["european", "american"])
def test_six_lines(game: RouletteGame) -> None:
    rows = [tuple(str(3 * r + i) for i in (1, 2, 3)) for r in range(12)]
    unions = [a + b for a, b in combinations(rows, 2)]
    got = accepted(game, "six_line", unions)
    assert got == {frozenset(rows[r] + rows[r + 1]) for r in range(11)}
    assert len(got) == 11


def test_first_four_and_top_line() -> None:
    assert accepted(EUROPEAN, "first_four", [("3", "2", "1", "0"), ()]) == {
        numbers(0, 1, 2, 3),
        frozenset(),
    }
    assert accepted(
        AMERICAN, "top_line", [("0", "00", "1", "2", "3"), ("0", "1", "2", "3", "4")]
    ) == {numbers(0, "00", 1, 2, 3)}


def test_outside_bets_cover_the_right_numbers() -> None:
    model = EUROPEAN.spec.model
    covered = {
        (b["kind"], tuple(p["target"])): {int(n) for n in p["numbers"]}
        for b in model["bets"]
        for p in b["placements"]
    }
    assert covered[("dozen", ("2",))] == set(range(13, 25))
    assert covered[("column", ("1",))] == {n for n in range(1, 37) if n % 3 == 1}
    assert covered[("red", ())] == set(RED_NUMBERS)
    assert covered[("black", ())] == set(range(1, 37)) - RED_NUMBERS
    assert covered[("odd", ())] == {n for n in range(1, 37) if n % 2}
    assert covered[("even", ())] == {n for n in range(1, 37) if not n % 2}
    assert covered[("low", ())] == set(range(1, 19))
    assert covered[("high", ())] == set(range(19, 37))
