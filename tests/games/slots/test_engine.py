"""The stream-driven round: the normative mapping, properties, bets."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games import (
    Action,
    Bet,
    IllegalActionError,
    InvalidBetError,
    canonical_hash,
    canonical_json,
    game_by_hash,
    game_by_id,
)
from games.slots import SlotGame, catalog, parse_model, shipped_models
from rng import OutcomeStream, uniform_int, weighted_index
from tests.games.slots.helpers import VIDEO_SMALL, doc

SEED = bytes(range(32))
GAMES = catalog()
SMALL = SlotGame(parse_model(doc(VIDEO_SMALL)))  # has weights, wild x2, scatter, free spins
ALL = [*GAMES, SMALL]


def _bet(game: SlotGame, per_line: int = 1) -> list[Bet]:
    return [Bet("spin", per_line * game.model.line_count)]


def test_catalog_one_game_per_shipped_model() -> None:
    assert [g.spec.game_id for g in GAMES] == [m.game_id for m in shipped_models()]
    for game in GAMES:
        spec = game.spec
        assert spec.version == 1 and not spec.multi_step
        assert spec.model_hash == canonical_hash(game.model.document)
        assert game_by_id(spec.game_id) is game
        assert game_by_hash(spec.model_hash) is game
        assert spec.rtp == spec.bets[0].expected_return == game.model.rtp
        assert spec.bets[0].kind == "spin"
        canonical_json(spec.model)  # no floats, JSON-able


def _replay_spin(stream: OutcomeStream, reels: Any, rows: int) -> tuple[list[int], list[list[str]]]:
    """Mapping steps 1-2, written out: draw each reel left to right, then the window."""
    stops = []
    for reel in reels:
        if reel.weights is None:
            stops.append(uniform_int(stream, len(reel.strip)))
        else:
            stops.append(weighted_index(stream, list(reel.weights)))
    window = [
        [reel.strip[(stop + r) % len(reel.strip)] for reel, stop in zip(reels, stops, strict=True)]
        for r in range(rows)
    ]
    return stops, window


@given(nonce=st.integers(0, 2**64 - 1), client=st.text(min_size=1, max_size=20).filter(str.strip))
def test_normative_mapping(nonce: int, client: str) -> None:
    for game in ALL:
        model = game.model
        try:
            outcome = game.play(OutcomeStream(SEED, client, nonce), _bet(game))
        except ValueError:
            return  # a client seed the rng refuses
        replay = OutcomeStream(SEED, client, nonce)
        stops, window = _replay_spin(replay, model.reels, model.rows)
        assert outcome.outcome["stops"] == stops
        assert outcome.outcome["window"] == window
        fs = outcome.outcome["free_spins"]
        if fs is not None:
            assert model.free_spins is not None
            for free in fs["spins"]:
                stops, window = _replay_spin(replay, model.free_spins.reels, model.rows)
                assert free["stops"] == stops and free["window"] == window
        assert outcome.bytes_used == replay.position


def _check_outcome(game: SlotGame, bets: list[Bet], outcome: Any) -> None:
    model = game.model
    data = outcome.outcome
    per_line = bets[0].amount // model.line_count
    symbols = set(model.symbols)

    def spin_total(spin: dict[str, Any], reels: Any, mult: int) -> int:
        assert len(spin["window"]) == model.rows
        for row in spin["window"]:
            assert len(row) == model.reel_count
            for i, sym in enumerate(row):
                assert sym in reels[i].strip and sym in symbols
        total = 0
        for win in spin["line_wins"]:
            line = model.paylines[win["line"]]
            assert win["symbols"] == [spin["window"][r][i] for i, r in enumerate(line)]
            assert win["win"] == win["pays"] * win["multiplier"] * mult * per_line > 0
            total += win["win"]
        for win in spin["scatter_wins"]:
            assert win["win"] == win["pays"] * mult * per_line * model.line_count > 0
            total += win["win"]
        return total

    base = spin_total(data, model.reels, 1)
    assert data["base_win"] == base
    feature = 0
    fs = data["free_spins"]
    if fs is not None:
        assert model.free_spins is not None
        assert (
            fs["played"]
            == len(fs["spins"])
            == fs["awarded"] + sum(s["retrigger"] for s in fs["spins"])
        )
        for spin in fs["spins"]:
            assert spin["win"] == spin_total(spin, model.free_spins.reels, fs["multiplier"])
            feature += spin["win"]
        assert fs["win"] == feature
    assert data["total_win"] == outcome.total_win == base + feature >= 0
    assert outcome.total_bet == bets[0].amount and outcome.finished
    canonical_json(data)


@given(
    nonce=st.integers(0, 2**64 - 1),
    seed=st.binary(min_size=32, max_size=32),
    per_line=st.integers(1, 50),
    which=st.integers(0, len(ALL) - 1),
)
def test_round_properties(nonce: int, seed: bytes, per_line: int, which: int) -> None:
    game = ALL[which]
    bets = _bet(game, per_line)
    first = game.play(OutcomeStream(seed, "c", nonce), bets)
    again = game.play(OutcomeStream(seed, "c", nonce), bets)
    assert first == again  # deterministic
    _check_outcome(game, bets, first)


def test_free_spins_happen_and_add_up() -> None:
    game = game_by_id("slots-video-20")
    assert isinstance(game, SlotGame)
    seen = 0
    for nonce in range(400):
        outcome = game.play(OutcomeStream(SEED, "fs", nonce), _bet(game, 3))
        _check_outcome(game, _bet(game, 3), outcome)
        seen += outcome.outcome["free_spins"] is not None
    assert seen > 0


def test_bets_are_checked() -> None:
    game = game_by_id("slots-video-20")
    stream = OutcomeStream(SEED, "b", 0)
    with pytest.raises(InvalidBetError, match="multiple of 20"):
        game.play(stream, [Bet("spin", 30)])
    with pytest.raises(InvalidBetError, match="under the minimum"):
        game.validate_bets([Bet("spin", 0)])
    with pytest.raises(InvalidBetError, match="not offered"):
        game.validate_bets([Bet("line", 20)])
    with pytest.raises(InvalidBetError, match="exactly one"):
        game.validate_bets([Bet("spin", 20), Bet("spin", 20)])
    with pytest.raises(InvalidBetError, match="target"):
        game.validate_bets([Bet("spin", 20, ("x",))])
    with pytest.raises(IllegalActionError):
        game.play(stream, [Bet("spin", 20)], [Action("hit")])
    classic = game_by_id("slots-classic-7s")
    assert classic.spec.bets[0].amount_step == 1 and classic.spec.bets[0].min_amount == 1


def test_round_path_does_not_import_numpy() -> None:
    code = (
        "import sys; from games import game_by_id, Bet; from rng import OutcomeStream;"
        "g = game_by_id('slots-video-20');"
        "g.play(OutcomeStream(bytes(32), 'c', 1), [Bet('spin', 20)]);"
        "assert 'numpy' not in sys.modules, 'numpy was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_api() -> None:
    import games.slots

    assert sorted(games.slots.__all__) == games.slots.__all__
    for name in games.slots.__all__:
        assert hasattr(games.slots, name), name
