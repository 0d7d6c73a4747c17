# games.cards.blackjack — blackjack on the common game interface: rule sets as
# configuration (rules.py), the multi-step round and its normative dealing
# order (game.py), exact infinite-deck math and the basic strategy chart
# generated from it (strategy.py), the finite-shoe EV of that strategy
# (finite.py), the committed figures of the shipped rule sets (figures.py +
# blackjack_figures.json) and the `alea math blackjack` report (report.py).
# Pure Python throughout: no numpy.
"""Blackjack: configurable rules, a replayable multi-step round, exact math."""

from games.cards.blackjack.game import (
    ACTIONS,
    BET_KIND,
    BLACKJACK_6TO5_RULES,
    BlackjackGame,
    catalog,
    catalog_rules,
    game_for,
)
from games.cards.blackjack.rules import DEFAULT_RULES, BlackjackRules, card_value, hand_total
from games.cards.blackjack.strategy import (
    BasicStrategy,
    basic_strategy,
    dealer_distribution,
    infinite_deck_analysis,
    strategy_for,
)

__all__ = [
    "ACTIONS",
    "BET_KIND",
    "BLACKJACK_6TO5_RULES",
    "DEFAULT_RULES",
    "BasicStrategy",
    "BlackjackGame",
    "BlackjackRules",
    "basic_strategy",
    "card_value",
    "catalog",
    "catalog_rules",
    "dealer_distribution",
    "game_for",
    "hand_total",
    "infinite_deck_analysis",
    "strategy_for",
]
