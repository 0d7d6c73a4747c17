"""Small hand-made models for the slot tests."""

from __future__ import annotations

import copy
from typing import Any

CLASSIC_SMALL: dict[str, Any] = {
    "id": "slots-test-classic",
    "name": "Test Classic",
    "version": 1,
    "rows": 1,
    "bet": {"min_per_line": 1, "max_per_line": 100},
    "symbols": {
        "W": {"kind": "wild", "multiplier": 2},
        "7": {},
        "B": {},
        "C": {},
        "X": {"kind": "blank"},
    },
    "groups": {"ANY": ["7", "B"]},
    "paylines": [[0, 0, 0]],
    "rules": [
        {"name": "3 wilds", "pattern": ["W", "W", "W"], "pays": 100},
        {"name": "3 sevens", "pattern": ["7", "7", "7"], "pays": 20},
        {"name": "any 3", "pattern": ["ANY", "ANY", "ANY"], "pays": 5},
        {"name": "2 cherries", "count": "C", "min": 2, "pays": 4},
        {"name": "1 cherry", "count": "C", "min": 1, "pays": 1},
    ],
    "reels": [
        {"strip": ["W", "7", "B", "C", "X"], "weights": [1, 2, 3, 2, 4]},
        ["7", "X", "B", "W", "C", "X"],
        ["C", "7", "X", "B", "W"],
    ],
}

VIDEO_SMALL: dict[str, Any] = {
    "id": "slots-test-video",
    "name": "Test Video",
    "version": 1,
    "rows": 2,
    "bet": {"min_per_line": 1, "max_per_line": 100},
    "symbols": {
        "W": {"kind": "wild", "multiplier": 2},
        "S": {"kind": "scatter"},
        "H": {},
        "L": {},
        "M": {},
    },
    "paylines": [[0, 0, 0, 0], [1, 1, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1]],
    "line_pays": {
        "W": {"3": 30, "4": 100},
        "H": {"2": 1, "3": 10, "4": 40},
        "M": {"3": 5, "4": 15},
        "L": {"3": 2, "4": 8},
    },
    "scatter": {"symbol": "S", "pays": {"2": 1, "3": 5}},
    "reels": [
        ["S", "H", "L", "M", "W", "L"],
        ["L", "W", "S", "H", "M"],
        ["H", "M", "L", "S", "L", "W", "M"],
        {"strip": ["M", "S", "H", "L", "W"], "weights": [2, 1, 1, 3, 1]},
    ],
    "free_spins": {
        "trigger": {"2": 2, "3": 5},
        "retrigger": {"3": 2},
        "multiplier": 2,
        "reels": [
            ["S", "W", "L", "H", "M"],
            ["S", "L", "W", "H"],
            ["M", "S", "H", "W", "L"],
            ["L", "S", "M", "H", "W"],
        ],
    },
}

#: One reel [S, A]: A pays 2, S pays 1 and starts (or adds) one free spin. A
#: round is K scatter spins then an A, K ~ Geometric(1/2) on {0, 1, ...}:
#: win = K + 2, so RTP = 3 and variance = Var K = (1/2)/(1/4) = 2 (test_par
#: checks the PAR sheet against this, test_simulation the real rounds).
GEOMETRIC: dict[str, Any] = {
    "id": "slots-geometric",
    "name": "Geometric",
    "version": 1,
    "rows": 1,
    "bet": {"min_per_line": 1, "max_per_line": 10},
    "symbols": {"S": {"kind": "scatter"}, "A": {}},
    "paylines": [[0]],
    "line_pays": {"A": {"1": 2}},
    "scatter": {"symbol": "S", "pays": {"1": 1}},
    "reels": [["S", "A"]],
    "free_spins": {"trigger": {"1": 1}, "retrigger": {"1": 1}, "multiplier": 1},
}


def doc(base: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(base)
