# games — pure game rules. A round is a function of an outcome stream, the
# player's bets and (for multi-step games) actions; each game carries its exact
# theoretical math. Layers: base (the shape of every game), canonical (the byte
# encoding model hashes and receipts use), counting (the byte counter behind
# bytes_used), registry (find a game by id or model hash), simulate (play
# through the real code, compare with the exact math), and one module or
# package per game. Imports: rng only.
"""Pure game rules and their exact math."""

from games.base import MAX_AMOUNT, Action, Bet, BetSpec, Game, GameSpec, RoundOutcome
from games.canonical import canonical_hash, canonical_json, fraction_text, parse_fraction
from games.errors import IllegalActionError, InvalidBetError, ModelError, UnknownGameError
from games.registry import all_games, current_games, game_by_hash, game_by_id
from games.simulate import SimulationSummary, play_round, simulate

__all__ = [
    "MAX_AMOUNT",
    "Action",
    "Bet",
    "BetSpec",
    "Game",
    "GameSpec",
    "IllegalActionError",
    "InvalidBetError",
    "ModelError",
    "RoundOutcome",
    "SimulationSummary",
    "UnknownGameError",
    "all_games",
    "canonical_hash",
    "canonical_json",
    "current_games",
    "fraction_text",
    "game_by_hash",
    "game_by_id",
    "parse_fraction",
    "play_round",
    "simulate",
]
