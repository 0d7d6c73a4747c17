"""Errors raised by the game rules. Each names the field and value at fault."""

from __future__ import annotations

from rng.errors import AleaError


class InvalidBetError(AleaError, ValueError):
    """A bet can't be placed: unknown kind, bad target, amount off limits or off step."""


class IllegalActionError(AleaError, ValueError):
    """An action is not legal at this step of a multi-step round (or the round is over)."""


class ModelError(AleaError, ValueError):
    """A game model (paytable, reel strips, rules file) is malformed or inconsistent."""


class UnknownGameError(AleaError, LookupError):
    """No game (or no model version) with that id or model hash is known."""
