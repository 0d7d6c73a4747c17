"""Blackjack rule sets: configuration, never code forks.

A game id names one :class:`BlackjackRules`; its model document (and so the
model hash) lists every rule. Card values: ace 1 (or 11 when it doesn't bust
the hand), 2..9 face value, ten, jack, queen and king 10.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from fractions import Fraction
from typing import Any

from games.errors import ModelError

__all__ = [
    "DEFAULT_RULES",
    "DOUBLE_RULES",
    "BlackjackRules",
    "card_value",
    "hand_total",
]

#: "any": any first two cards; "9-11"/"10-11": hard totals 9..11 / 10..11 only.
DOUBLE_RULES = ("any", "9-11", "10-11")
BLACKJACK_PAYS = {"3:2": Fraction(3, 2), "6:5": Fraction(6, 5)}
HOLE_CARD_RULES = ("peek", "enhc")


def card_value(rank: int) -> int:
    """Blackjack value of a rank 1..13 (ace counts 1 here; see :func:`hand_total`)."""
    return min(rank, 10)


def hand_total(values: Iterable[int]) -> tuple[int, bool]:
    """(best total, soft) of card values 1..10; soft = an ace counts 11."""
    total = 0
    ace = False
    for value in values:
        total += value
        ace = ace or value == 1
    if ace and total <= 11:
        return total + 10, True
    return total, False


@dataclass(frozen=True)
class BlackjackRules:
    """Every rule a blackjack game id fixes.

    ``max_hands`` is the resplit limit (hands a player may split into; 1 = no
    splitting). ``hole_card`` is ``"peek"`` (the dealer takes a hole card and
    checks for blackjack under an ace or ten before the player acts) or
    ``"enhc"`` (European no hole card: the dealer's second card is drawn after
    the player acts, and a dealer blackjack then takes every bet the player
    made on the round — doubles and splits too). Late surrender gives back half
    the bet; under ``enhc`` a surrendered hand still loses everything to a
    dealer blackjack.
    """

    decks: int = 6
    hit_soft_17: bool = False
    double: str = "any"
    double_after_split: bool = True
    max_hands: int = 4
    resplit_aces: bool = False
    hit_split_aces: bool = False
    late_surrender: bool = True
    blackjack_pays: str = "3:2"
    hole_card: str = "peek"
    insurance: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.decks, bool) or not isinstance(self.decks, int):
            raise ModelError(f"decks={self.decks!r} must be an integer 1..8")
        if not 1 <= self.decks <= 8:
            raise ModelError(f"decks={self.decks} must be in 1..8")
        if self.double not in DOUBLE_RULES:
            raise ModelError(f"double={self.double!r}; allowed: {', '.join(DOUBLE_RULES)}")
        if isinstance(self.max_hands, bool) or not isinstance(self.max_hands, int):
            raise ModelError(f"max_hands={self.max_hands!r} must be an integer 1..8")
        if not 1 <= self.max_hands <= 8:
            raise ModelError(f"max_hands={self.max_hands} must be in 1..8 (1 = no splits)")
        if self.blackjack_pays not in BLACKJACK_PAYS:
            raise ModelError(
                f"blackjack_pays={self.blackjack_pays!r}; allowed: {', '.join(BLACKJACK_PAYS)}"
            )
        if self.hole_card not in HOLE_CARD_RULES:
            raise ModelError(f"hole_card={self.hole_card!r}; allowed: {', '.join(HOLE_CARD_RULES)}")
        for name in (
            "hit_soft_17",
            "double_after_split",
            "resplit_aces",
            "hit_split_aces",
            "late_surrender",
            "insurance",
        ):
            if not isinstance(getattr(self, name), bool):
                raise ModelError(f"{name}={getattr(self, name)!r} must be true or false")

    @property
    def blackjack_payout(self) -> Fraction:
        """Net win of a natural per unit staked (3/2 or 6/5)."""
        return BLACKJACK_PAYS[self.blackjack_pays]

    @property
    def peek(self) -> bool:
        return self.hole_card == "peek"

    @property
    def amount_step(self) -> int:
        """Stakes must make every payout whole: halves (insurance, surrender) and 3:2 or 6:5."""
        return 2 if self.blackjack_pays == "3:2" else 10

    def can_double(self, total: int, soft: bool) -> bool:
        """Whether a two-card hand of this total may double (before the split rule)."""
        if self.double == "any":
            return True
        low = 9 if self.double == "9-11" else 10
        return not soft and low <= total <= 11

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BlackjackRules:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ModelError(
                f"unknown blackjack rules {unknown}; known: {', '.join(sorted(known))}"
            )
        return cls(**dict(data))

    def describe(self) -> str:
        parts = [
            f"{self.decks} deck{'s' if self.decks > 1 else ''}",
            "H17" if self.hit_soft_17 else "S17",
            "peek" if self.peek else "ENHC",
            f"double {self.double}",
            "DAS" if self.double_after_split else "no DAS",
            f"split to {self.max_hands}" if self.max_hands > 1 else "no splits",
            "RSA" if self.resplit_aces else "no RSA",
            "hit split aces" if self.hit_split_aces else "one card to split aces",
            "late surrender" if self.late_surrender else "no surrender",
            f"blackjack {self.blackjack_pays}",
            "insurance" if self.insurance else "no insurance",
        ]
        return ", ".join(parts)


DEFAULT_RULES = BlackjackRules()
