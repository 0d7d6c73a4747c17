# games.cards.video_poker — Jacks or Better video poker: hand ranking and
# paytables (hands.py), the two-step round (game.py), the exact per-deal
# strategy advisor by counting (advisor.py), the committed optimal-play hand
# table (cache.py + jacks_or_better_9_6.json), the full enumeration (exact.py,
# numpy, imported only by `alea math` and the bench) and the math report
# (report.py). The round-playing path imports no numpy.
"""Video poker: Jacks or Better, deal/hold/draw, with exact optimal-play math."""

from games.cards.video_poker.advisor import HoldValue, best_hold, hold_counts, hold_values, strategy
from games.cards.video_poker.game import DEFAULT_GAME_ID, VideoPokerGame, catalog
from games.cards.video_poker.hands import (
    CATEGORIES,
    JACKS_OR_BETTER_9_6,
    Paytable,
    evaluate,
    evaluate_codes,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_GAME_ID",
    "JACKS_OR_BETTER_9_6",
    "HoldValue",
    "Paytable",
    "VideoPokerGame",
    "best_hold",
    "catalog",
    "evaluate",
    "evaluate_codes",
    "hold_counts",
    "hold_values",
    "strategy",
]
