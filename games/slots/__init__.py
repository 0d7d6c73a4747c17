# games.slots — the slot engine: model files (JSON/TOML) and their validation
# (model), the stream-driven round (engine; its docstring holds the normative
# reel/stop/window mapping), and the shipped machines (models/). The exact PAR
# sheet by full-cycle enumeration lives in games.slots.par, which needs numpy
# and is imported only by `alea par` and the tests — never by this package, so
# the player's verifier plays slot rounds without numpy.
"""Slot machines driven by model files, with exact PAR sheets."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from games.errors import UnknownGameError
from games.slots.engine import BET_KIND, SlotGame, SpinResult, draw_stops, spin, window_of
from games.slots.model import (
    LineEvaluator,
    LineHit,
    Reel,
    Rule,
    SlotModel,
    load_model,
    parse_model,
)

__all__ = [
    "BET_KIND",
    "LineEvaluator",
    "LineHit",
    "Reel",
    "Rule",
    "SlotGame",
    "SlotModel",
    "SpinResult",
    "catalog",
    "draw_stops",
    "load_model",
    "model_path",
    "parse_model",
    "shipped_models",
    "spin",
    "window_of",
]

_MODEL_SUFFIXES = (".json", ".toml")


def _model_files() -> list[Path]:
    folder = resources.files("games.slots.models")
    return sorted(
        Path(str(item))
        for item in folder.iterdir()
        if item.is_file() and item.name.endswith(_MODEL_SUFFIXES)
    )


@cache
def shipped_models() -> tuple[SlotModel, ...]:
    """Every model file shipped in games/slots/models, in file-name order."""
    return tuple(load_model(path) for path in _model_files())


def model_path(game_id: str) -> Path:
    """The file of the shipped model ``game_id``."""
    for path, model in zip(_model_files(), shipped_models(), strict=True):
        if model.game_id == game_id:
            return path
    known = ", ".join(sorted(m.game_id for m in shipped_models()))
    raise UnknownGameError(f"unknown slot model {game_id!r}; shipped models: {known}")


@cache
def _games() -> tuple[SlotGame, ...]:
    return tuple(SlotGame(model) for model in shipped_models())


def catalog() -> list[SlotGame]:
    """One game per shipped model (the registry's entry point)."""
    return list(_games())
