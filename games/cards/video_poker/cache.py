"""The committed result of the exact enumeration, and its integrity check (no numpy).

``jacks_or_better_9_6.json`` holds the optimal-play hand table for the 9/6
paytable computed by :mod:`games.cards.video_poker.exact` (recompute it with
``bench/video_poker_bench.py``), with a spot-check sample of deals and their
optimal holds that a test recomputes exactly with the pure-Python advisor.
"""

from __future__ import annotations

import json
from fractions import Fraction
from functools import cache
from math import comb
from pathlib import Path
from typing import Any

from games.canonical import parse_fraction
from games.cards.video_poker.advisor import DRAW_DENOMINATOR
from games.cards.video_poker.hands import CATEGORIES, JACKS_OR_BETTER_9_6, Paytable
from games.errors import ModelError

__all__ = ["CACHE_PATH", "check_table", "load_cached_table", "table_return"]

CACHE_PATH = Path(__file__).with_name("jacks_or_better_9_6.json")


def table_return(table: dict[str, Any], paytable: Paytable) -> Fraction:
    """The return the hand table implies under ``paytable``."""
    win = sum(p * table["counts"][name] for name, p in zip(CATEGORIES, paytable.pays, strict=True))
    return Fraction(win, table["total"])


def check_table(table: dict[str, Any], paytable: Paytable) -> None:
    """Raise ModelError unless the table is self-consistent for ``paytable``."""
    if table.get("paytable") != paytable.to_json():
        raise ModelError("the cached hand table was computed for another paytable")
    if set(table["counts"]) != set(CATEGORIES):
        raise ModelError("the cached hand table does not list every category")
    total = sum(table["counts"].values())
    if total != table["total"] or total != comb(52, 5) * DRAW_DENOMINATOR:
        raise ModelError(f"the cached hand table totals {total}, not 2,598,960 x 7,669,695")
    if parse_fraction(table["return"]) != table_return(table, paytable):
        raise ModelError("the cached return does not follow from the cached counts")
    if sum(table["deals_by_cards_held"]) != comb(52, 5):
        raise ModelError("the cached deal counts by cards held do not add to 2,598,960")


@cache
def load_cached_table() -> dict[str, Any]:
    """The committed 9/6 hand table, checked."""
    table: dict[str, Any] = json.loads(CACHE_PATH.read_text())
    check_table(table, JACKS_OR_BETTER_9_6)
    return table
