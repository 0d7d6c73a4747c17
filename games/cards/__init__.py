# games.cards — card games on the common game interface: the deck and shoe
# (deck.py, shared), baccarat, blackjack, video poker, three card poker.
"""Card games."""

from games.cards.deck import Card, card_from_text, shuffled_shoe, unshuffled_shoe

__all__ = ["Card", "card_from_text", "shuffled_shoe", "unshuffled_shoe"]
