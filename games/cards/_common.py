# games.cards._common — what the table card games share word for word: the
# spec and bet check of a one-stake game (blackjack, video poker), the check of
# one stake per bet kind (baccarat, Three Card Poker) and the reading of a named
# rule variant with an optional JSON/TOML rules file on top (`alea math ...`).
# Not public: each game module keeps its own public names and messages.
"""Specs, bet checks and rules-file loading shared by the card games."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from games.base import Bet, BetSpec, GameSpec, check_bet_amount
from games.canonical import canonical_hash
from games.errors import InvalidBetError, ModelError
from rng import ALGORITHM_VERSION

__all__ = [
    "load_variant_rules",
    "single_bet_spec",
    "validate_kind_bets",
    "validate_single_bet",
]

R = TypeVar("R")


def single_bet_spec(
    *, game_id: str, name: str, version: int, bet: BetSpec, model: Mapping[str, Any]
) -> GameSpec:
    """The spec of a multi-step game of one bet (blackjack, video poker).

    Its model hash is the canonical hash of ``model``, its algorithm the current
    one, and its headline return that one bet's ``expected_return``.
    """
    return GameSpec(
        game_id=game_id,
        name=name,
        version=version,
        model_hash=canonical_hash(model),
        algorithm_version=ALGORITHM_VERSION,
        multi_step=True,
        bets=(bet,),
        rtp=bet.expected_return,
        model=model,
    )


def validate_single_bet(spec: GameSpec, bets: Sequence[Bet], game_label: str) -> None:
    """Check a round of a game that takes exactly one stake of its one bet kind.

    Blackjack and video poker apply the same rule in the same order (count,
    kind, target, amount); ``game_label`` ("blackjack", "video poker") starts
    the count message.
    """
    kind = spec.bets[0].kind
    if len(bets) != 1:
        raise InvalidBetError(
            f"{game_label} takes exactly one bet of kind {kind!r}, got {len(bets)} bets"
        )
    bet = bets[0]
    bet_spec = spec.bet_spec(bet.kind)
    if bet.target:
        raise InvalidBetError(f"bet {bet.kind!r} takes no target, got {list(bet.target)}")
    check_bet_amount(bet_spec, bet.amount, "bets[0].amount")


def validate_kind_bets(
    spec: GameSpec, bets: Sequence[Bet], kinds: Collection[str], use: str
) -> set[str]:
    """Check bets of which each names a different kind of ``kinds``; return the kinds seen.

    Baccarat and Three Card Poker accept at most one stake per bet kind, none
    with a target. ``use`` is the list of kinds an unknown kind's message
    offers (with any note the game adds to it).
    """
    seen: set[str] = set()
    for index, bet in enumerate(bets):
        if not isinstance(bet, Bet):
            raise InvalidBetError(f"bets[{index}] must be a Bet, got {type(bet).__name__}")
        if bet.kind not in kinds:
            raise InvalidBetError(
                f"bets[{index}].kind={bet.kind!r} is not a {spec.game_id} bet; use {use}"
            )
        if bet.kind in seen:
            raise InvalidBetError(
                f"bets[{index}].kind={bet.kind!r} appears twice; place one bet per kind"
            )
        seen.add(bet.kind)
        if bet.target:
            raise InvalidBetError(
                f"bets[{index}].target={list(bet.target)!r} must be empty for {bet.kind}"
            )
        check_bet_amount(spec.bet_spec(bet.kind), bet.amount, f"bets[{index}].amount")
    return seen


def load_variant_rules(
    game_label: str,
    variants: Mapping[str, R],
    variant: str | None,
    config: Path | str | None,
    from_mapping: Callable[[Mapping[str, Any], R], R],
) -> R:
    """The rules of ``variant`` (default "standard"), with a rules file's fields on top.

    A rules file is TOML when its name ends in ``.toml`` and JSON otherwise,
    and holds one object (table) of rule fields; ``from_mapping(data, base)``
    applies them to the variant's rules.
    """
    name = variant or "standard"
    if name not in variants:
        raise ModelError(f"unknown {game_label} variant {name!r}; use {', '.join(variants)}")
    base = variants[name]
    if config is None:
        return base
    path = Path(config)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a valid rules file: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{path}: a rules file must hold one object (table) of rules")
    return from_mapping(data, base)
