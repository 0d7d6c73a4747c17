"""Cards, decks and shoes, and the one way a shoe is put in order: Fisher–Yates.

A card is an integer 0..51: ``(rank - 1) * 4 + suit``, with rank 1 (ace), 2, ...,
13 (king) and suits in the order clubs, diamonds, hearts, spades. The unshuffled shoe of d decks is
deck 1's cards 0..51, then deck 2's, and so on; the round's shoe is
``rng.shuffle(stream, unshuffled_shoe(d))`` — the first thing a card round
reads from its stream (docs/fairness.md "Cards").
"""

from __future__ import annotations

from dataclasses import dataclass

from rng import ByteSource, shuffle

__all__ = [
    "RANK_SYMBOLS",
    "SUIT_SYMBOLS",
    "Card",
    "card_from_text",
    "shuffled_shoe",
    "unshuffled_shoe",
]

RANK_SYMBOLS = "A23456789TJQK"  #: rank 1 (ace) .. 13 (king)
SUIT_SYMBOLS = "cdhs"  #: clubs, diamonds, hearts, spades


@dataclass(frozen=True, slots=True, order=True)
class Card:
    """A playing card; ``code`` is 0..51 (``(rank - 1) * 4 + suit``)."""

    code: int

    def __post_init__(self) -> None:
        if not 0 <= self.code < 52:
            raise ValueError(f"card code {self.code} is outside 0..51")

    @property
    def rank(self) -> int:
        """1 (ace) .. 13 (king)."""
        return self.code // 4 + 1

    @property
    def suit(self) -> int:
        """0 clubs, 1 diamonds, 2 hearts, 3 spades."""
        return self.code % 4

    def __str__(self) -> str:
        return RANK_SYMBOLS[self.rank - 1] + SUIT_SYMBOLS[self.suit]


def card_from_text(text: str) -> Card:
    """Parse ``"As"``, ``"Td"``, ``"7h"`` (case-insensitive rank, lower-case suit)."""
    if len(text) != 2 or text[0].upper() not in RANK_SYMBOLS or text[1] not in SUIT_SYMBOLS:
        raise ValueError(f"{text!r} is not a card like 'As', 'Td' or '7h'")
    rank = RANK_SYMBOLS.index(text[0].upper()) + 1
    return Card((rank - 1) * 4 + SUIT_SYMBOLS.index(text[1]))


def unshuffled_shoe(decks: int) -> list[Card]:
    """``decks`` standard decks in code order, one after the other."""
    if isinstance(decks, bool) or not isinstance(decks, int) or not 1 <= decks <= 16:
        raise ValueError(f"decks={decks!r} must be an int in 1..16")
    return [Card(code) for _ in range(decks) for code in range(52)]


def shuffled_shoe(stream: ByteSource, decks: int) -> list[Card]:
    """The round's shoe: the unshuffled shoe, Fisher–Yates-shuffled from the stream."""
    return shuffle(stream, unshuffled_shoe(decks))
