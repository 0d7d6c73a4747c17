"""The shared game shape: bet limits, steps, JSON forms, spec lookup."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games import Action, Bet, BetSpec, GameSpec, InvalidBetError
from games.base import check_bet_amount

SPEC = BetSpec("banker", "Banker", "0.95:1", 20, 1000, Fraction(9894, 10000), amount_step=20)


@pytest.mark.parametrize(
    ("amount", "match"),
    [
        (0, "amount=0 is under the minimum 20 for banker"),
        (1020, "amount=1020 is over the maximum 1000"),
        (30, "amount=30 must be a multiple of 20"),
        (20.0, "whole number of minor units, got 20.0"),
        (True, "whole number of minor units"),
    ],
)
def test_bad_amounts_name_the_problem(amount: object, match: str) -> None:
    with pytest.raises(InvalidBetError, match=match):
        check_bet_amount(SPEC, amount)


@given(st.integers(min_value=1, max_value=50))
def test_amounts_on_the_step_are_accepted(units: int) -> None:
    assert check_bet_amount(SPEC, units * 20) == units * 20


@given(st.text(), st.integers(), st.lists(st.text(), max_size=3))
def test_bet_json_round_trip(kind: str, amount: int, target: list[str]) -> None:
    bet = Bet(kind, amount, tuple(target))
    assert Bet.from_json(bet.to_json()) == bet


def test_action_json_round_trip() -> None:
    action = Action("hold", (0, 3))
    assert Action.from_json(action.to_json()) == action
    assert Action.from_json({"kind": "hit"}) == Action("hit")


def test_unknown_bet_kind_lists_the_offered_ones() -> None:
    spec = GameSpec("g", "G", 1, "00", "alea/v1", False, (SPEC,), Fraction(1), {})
    assert spec.bet_spec("banker") is SPEC
    with pytest.raises(InvalidBetError, match="'player' is not offered by g; use banker"):
        spec.bet_spec("player")
