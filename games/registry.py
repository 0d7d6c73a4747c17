"""Where the server and the verifier find a game: by id, or by the hash of its model.

Game modules listed in :data:`GAME_MODULES` expose ``catalog() -> list[Game]``
(current and older model versions). Lookup by model hash is how the verifier
refuses to check a round against a model other than the one its receipt names,
and how it still verifies rounds of older versions the package ships.
"""

from __future__ import annotations

import importlib
from functools import cache

from games.base import Game, GameSpec
from games.errors import UnknownGameError

__all__ = ["GAME_MODULES", "all_games", "current_games", "game_by_hash", "game_by_id"]

#: Modules whose catalog() contributes games. Add one line per game module.
GAME_MODULES: tuple[str, ...] = (
    # one line per game module, e.g. "games.roulette",
    "games.slots",
    "games.cards.video_poker",
    "games.cards.blackjack",
    "games.roulette",
    "games.cards.baccarat",
    "games.cards.three_card_poker",
)


@cache
def all_games() -> tuple[Game, ...]:
    """Every game the package ships, every model version."""
    games: list[Game] = []
    for name in GAME_MODULES:
        games.extend(importlib.import_module(name).catalog())
    hashes = [game.spec.model_hash for game in games]
    if len(hashes) != len(set(hashes)):
        raise RuntimeError("two shipped games share a model hash")
    return tuple(games)


def current_games() -> tuple[Game, ...]:
    """The newest version of each game id, in a stable order."""
    newest: dict[str, Game] = {}
    for game in all_games():
        held = newest.get(game.spec.game_id)
        if held is None or game.spec.version > held.spec.version:
            newest[game.spec.game_id] = game
    return tuple(newest[game_id] for game_id in sorted(newest))


def game_by_id(game_id: str) -> Game:
    """The newest version of ``game_id``."""
    for game in current_games():
        if game.spec.game_id == game_id:
            return game
    known = ", ".join(g.spec.game_id for g in current_games())
    raise UnknownGameError(f"unknown game {game_id!r}; known games: {known}")


def game_by_hash(model_hash: str) -> Game:
    """The game whose model hashes to ``model_hash`` (any version)."""
    for game in all_games():
        if game.spec.model_hash == model_hash:
            return game
    raise UnknownGameError(f"no shipped game model has hash {model_hash!r}")


def specs() -> tuple[GameSpec, ...]:
    return tuple(game.spec for game in current_games())
