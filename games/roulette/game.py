"""A roulette round: validate the bets against the layout, spin once, settle every bet.

The round reads ``uniform_int(stream, N)`` for the pocket (the mapping is in
:mod:`games.roulette.table`). With En Prison, when the first pocket is 0 and at
least one even-money bet is imprisoned, the round reads one more
``uniform_int(stream, 37)`` right after it — the prison spin — and settles the
imprisoned bets on it in the same round: stake back if the bet covers the
second pocket, lost otherwise (a second zero loses). No other bytes are read.

Settlement is integer arithmetic on minor units: a winning bet returns
``amount * (pays + 1)``; La Partage returns ``amount // 2`` (amounts are even by
the bet's step, so this is exact); a released prisoner returns ``amount``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome, check_bet_amount
from games.canonical import canonical_hash
from games.counting import CountingSource
from games.errors import IllegalActionError, InvalidBetError
from games.roulette.math import bet_math
from games.roulette.table import (
    MAX_BETS_PER_ROUND,
    MODEL_VERSION,
    KindRule,
    Variant,
    build_model,
    kind_rules,
    layout_order,
    pocket_color,
    pocket_labels,
)
from rng import ALGORITHM_VERSION, ByteSource, uniform_int

__all__ = ["RouletteGame"]

#: Kinds whose only placement may also be given with an empty target.
_SOLE_PLACEMENT_KINDS = frozenset({"basket", "first_four", "top_line"})
_ORDINAL_KINDS = frozenset({"dozen", "column"})

_LAYOUT_RULE: dict[str, str] = {
    "split": "a split is two numbers side by side: n and n+1 in a row, or n and n+3",
    "street": "a street is one row: n, n+1, n+2 for n = 1, 4, ..., 34",
    "corner": "a corner is n, n+1, n+3, n+4 for n = 1..32 not a multiple of 3",
    "six_line": "a six line is two adjacent rows: n .. n+5 for n = 1, 4, ..., 31",
}


@dataclass(slots=True)
class _Placed:
    rule: KindRule
    target: tuple[str, ...]
    covers: frozenset[int]
    amount: int


class RouletteGame:
    """One roulette variant on the common :class:`~games.base.Game` interface."""

    def __init__(self, variant: Variant) -> None:
        self._variant = variant
        self._labels = pocket_labels(variant.double_zero)
        self._label_set = frozenset(self._labels)
        self._rules = kind_rules(variant)
        model = build_model(variant)
        figures = bet_math(model)
        specs = tuple(
            BetSpec(
                kind=rule.kind,
                description=rule.description,
                pays=f"{rule.pays}:1",
                min_amount=rule.min_amount,
                max_amount=rule.max_amount,
                expected_return=figures[rule.kind].expected_return,
                amount_step=rule.amount_step,
                target_help=rule.target_help,
            )
            for rule in self._rules.values()
        )
        self._specs = {spec.kind: spec for spec in specs}
        self._spec = GameSpec(
            game_id=variant.game_id,
            name=variant.title,
            version=MODEL_VERSION,
            model_hash=canonical_hash(model),
            algorithm_version=ALGORITHM_VERSION,
            multi_step=False,
            bets=specs,
            rtp=figures["straight"].expected_return,
            model=model,
        )
        self._covers: dict[str, dict[tuple[str, ...], frozenset[int]]] = {
            kind: {target: frozenset(indices) for target, indices in rule.targets.items()}
            for kind, rule in self._rules.items()
        }
        # number-group kinds: the set of labels -> the canonical target
        self._groups: dict[str, dict[frozenset[str], tuple[str, ...]]] = {
            kind: {frozenset(target): target for target in rule.targets}
            for kind, rule in self._rules.items()
            if kind not in _ORDINAL_KINDS and not rule.even_money
        }

    def __repr__(self) -> str:
        return f"RouletteGame({self._variant.game_id!r}, model_hash={self._spec.model_hash[:12]}…)"

    @property
    def spec(self) -> GameSpec:
        return self._spec

    @property
    def variant(self) -> Variant:
        return self._variant

    # ------------------------------------------------------------------ bets

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        """Raise InvalidBetError (naming the bet and what is wrong) unless all bets are valid."""
        self._place_all(bets)

    def _place_all(self, bets: Sequence[Bet]) -> list[_Placed]:
        if not isinstance(bets, list | tuple) and (
            isinstance(bets, str | bytes) or not isinstance(bets, Sequence)
        ):
            raise InvalidBetError(f"bets must be a sequence of Bet, got {type(bets).__name__}")
        if not bets:
            raise InvalidBetError("a round needs at least one bet, got none")
        if len(bets) > MAX_BETS_PER_ROUND:
            raise InvalidBetError(f"at most {MAX_BETS_PER_ROUND} bets per round, got {len(bets)}")
        return [self._place(index, bet) for index, bet in enumerate(bets)]

    def _place(self, index: int, bet: Bet) -> _Placed:
        if not isinstance(bet, Bet):
            raise InvalidBetError(f"bets[{index}] must be a Bet, got {type(bet).__name__}")
        rule = self._rules.get(bet.kind) if isinstance(bet.kind, str) else None
        if rule is None:
            allowed = ", ".join(self._rules)
            raise InvalidBetError(
                f"bets[{index}]: bet kind {bet.kind!r} is not offered by "
                f"{self._variant.game_id}; use {allowed}"
            )
        amount = bet.amount
        if (
            type(amount) is not int
            or not rule.min_amount <= amount <= rule.max_amount
            or amount % rule.amount_step
        ):
            amount = check_bet_amount(self._specs[rule.kind], amount, f"bets[{index}].amount")
        target = self._known_target(rule, bet.target)
        if target is None:
            target = self._target(f"bets[{index}]", rule, bet.target)
        return _Placed(rule, target, self._covers[rule.kind][target], amount)

    def _known_target(self, rule: KindRule, given: object) -> tuple[str, ...] | None:
        """The canonical target of a well-formed placement given as a tuple; else None."""
        if type(given) is not tuple:
            return None
        if rule.even_money:
            return () if not given else None
        if rule.kind in _ORDINAL_KINDS:
            return given if given in rule.targets else None
        if len(given) != rule.size:
            return None
        # same size and same set as a legal placement: no repeats, all known labels
        return self._groups[rule.kind].get(frozenset(given))

    def _target(self, where: str, rule: KindRule, given: object) -> tuple[str, ...]:
        """The canonical target, after checking every way it can be wrong (for the message)."""
        kind = rule.kind
        if not isinstance(given, tuple | list) and (
            isinstance(given, str | bytes) or not isinstance(given, Sequence)
        ):
            raise InvalidBetError(
                f"{where}.target must be a list of strings, got {type(given).__name__}"
            )
        target = tuple(given)
        for item in target:
            if not isinstance(item, str):
                raise InvalidBetError(f"{where}.target must hold strings like '17', got {item!r}")
        if rule.even_money:
            if target:
                raise InvalidBetError(f"{where}: {kind} takes no target, got {list(target)}")
            return ()
        if kind in _ORDINAL_KINDS:
            if target not in rule.targets:
                raise InvalidBetError(
                    f"{where}: a {kind} target is one of {rule.target_help}, got {list(target)}"
                )
            return target
        if not target and kind in _SOLE_PLACEMENT_KINDS:
            return next(iter(rule.targets))
        for label in target:
            if label not in self._label_set:
                raise InvalidBetError(
                    f"{where}: unknown number {label!r} on the {self._variant.name} wheel; "
                    f"numbers are {self._numbers_text()}"
                )
        if len(set(target)) != len(target):
            raise InvalidBetError(f"{where}: {kind} target {list(target)} repeats a number")
        if len(target) != rule.size:
            noun = "number" if rule.size == 1 else "numbers"
            raise InvalidBetError(
                f"{where}: a {kind} covers {rule.size} {noun}, got {len(target)}: {list(target)}"
            )
        canonical = self._groups[kind].get(frozenset(target))
        if canonical is None:
            raise InvalidBetError(f"{where}: {self._not_on_layout(rule, target)}")
        return canonical

    def _numbers_text(self) -> str:
        return "'0', '00', '1'..'36'" if self._variant.double_zero else "'0', '1'..'36'"

    def _not_on_layout(self, rule: KindRule, target: tuple[str, ...]) -> str:
        shown = ", ".join(sorted(target, key=layout_order))
        kind = rule.kind
        if kind == "split":
            zero_splits = [t for t in rule.targets if {"0", "00"} & set(t)]
            zeros = ", ".join("-".join(t) for t in zero_splits)
            return (
                f"split of non-adjacent numbers {shown}: {_LAYOUT_RULE[kind]} "
                f"(zero splits: {zeros})"
            )
        if kind in _LAYOUT_RULE:
            noun = {"street": "street", "corner": "corner", "six_line": "six line"}[kind]
            return f"{shown} is not a {noun} on the table layout: {_LAYOUT_RULE[kind]}"
        legal = ", ".join("-".join(t) for t in rule.targets)
        plural = "s are" if len(rule.targets) > 1 else " is"
        return (
            f"{shown} is not a {kind} on the {self._variant.name} layout; "
            f"the {kind}{plural} {legal}"
        )

    # ----------------------------------------------------------------- round

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        """Spin once (twice if En Prison imprisons a bet) and settle every bet together."""
        if actions:
            raise IllegalActionError(
                f"{self._variant.game_id} is a single spin and takes no actions, got {len(actions)}"
            )
        placed = self._place_all(bets)
        source = CountingSource(stream)
        first = uniform_int(source, self._variant.pockets)
        pocket = self._labels[first]
        zero_hit = pocket in self._variant.zeros
        second: int | None = None
        if zero_hit and self._variant.en_prison and any(p.rule.even_money for p in placed):
            second = uniform_int(source, self._variant.pockets)

        settlements: list[dict[str, Any]] = []
        total_win = 0
        for index, bet in enumerate(placed):
            win, result = self._settle(bet, first, zero_hit, second)
            total_win += win
            settlements.append(
                {
                    "bet": index,
                    "kind": bet.rule.kind,
                    "target": list(bet.target),
                    "amount": bet.amount,
                    "win": win,
                    "result": result,
                }
            )
        outcome: dict[str, Any] = {
            "pocket": pocket,
            "pocket_index": first,
            "color": pocket_color(pocket),
            "settlements": settlements,
        }
        if self._variant.en_prison:
            outcome["prison_spin"] = None if second is None else self._spin_json(second)
        return RoundOutcome(
            game_id=self._variant.game_id,
            model_hash=self._spec.model_hash,
            bets=tuple(bets),
            actions=(),
            finished=True,
            legal_actions=(),
            outcome=outcome,
            total_bet=sum(bet.amount for bet in placed),
            total_win=total_win,
            bytes_used=source.used,
        )

    def _spin_json(self, index: int) -> dict[str, Any]:
        label = self._labels[index]
        return {"pocket": label, "pocket_index": index, "color": pocket_color(label)}

    def _settle(
        self, bet: _Placed, first: int, zero_hit: bool, second: int | None
    ) -> tuple[int, str]:
        if first in bet.covers:
            return bet.amount * (bet.rule.pays + 1), "won"
        if zero_hit and bet.rule.even_money:
            if self._variant.la_partage:
                return bet.amount // 2, "la_partage"
            if self._variant.en_prison:
                if second is not None and second in bet.covers:
                    return bet.amount, "en_prison_released"
                return 0, "en_prison_lost"
        return 0, "lost"
