"""Blackjack and video poker: explicit exports, and no numpy on the round-playing path."""

from __future__ import annotations

import subprocess
import sys

import games.cards.blackjack as blackjack
import games.cards.video_poker as video_poker


def test_exports_exist() -> None:
    for module in (blackjack, video_poker):
        assert module.__all__ == sorted(module.__all__, key=lambda n: (not n.isupper(), n))
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__} lacks {name}"


def test_playing_rounds_and_advising_never_import_numpy() -> None:
    code = """
import sys
from games.base import Action, Bet
from games.cards.blackjack import catalog, strategy_for, DEFAULT_RULES
from games.cards.video_poker import VideoPokerGame, best_hold
from games.simulate import play_round
from rng import OutcomeStream
bj = catalog()[0]
vp = VideoPokerGame()
for nonce in range(20):
    play_round(bj, bytes(32), "c", nonce, [Bet("main", 10)], strategy_for(DEFAULT_RULES))
vp.play(OutcomeStream(bytes(32), "c", 1), [Bet("hand", 5)], [Action("hold", (0, 1))])
best_hold([0, 5, 10, 15, 20])
assert "numpy" not in sys.modules, "numpy was imported"
"""
    subprocess.run([sys.executable, "-c", code], check=True)
