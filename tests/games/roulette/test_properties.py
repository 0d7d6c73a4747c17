"""Hypothesis properties of rounds played on real outcome streams."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from games.base import Bet
from games.canonical import canonical_json
from games.errors import InvalidBetError
from games.roulette import RouletteGame, pocket_labels
from rng import OutcomeStream
from tests.games.roulette.helpers import ALL_GAMES, AMERICAN, EUROPEAN

seeds = st.binary(min_size=32, max_size=32)
client_seeds = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=16)
nonces = st.integers(min_value=0, max_value=2**64 - 1)
games = st.sampled_from(ALL_GAMES)


@st.composite
def bets_for(draw: st.DrawFn, game: RouletteGame) -> list[Bet]:
    entries = game.spec.model["bets"]
    out = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        entry = draw(st.sampled_from(entries))
        placement = draw(st.sampled_from(entry["placements"]))
        target = list(placement["target"])
        step = entry["amount_step"]
        amount = step * draw(st.integers(min_value=entry["min_amount"] // step, max_value=5000))
        out.append(Bet(entry["kind"], amount, tuple(draw(st.permutations(target)))))
    return out


@st.composite
def game_and_bets(draw: st.DrawFn) -> tuple[RouletteGame, list[Bet]]:
    game = draw(games)
    return game, draw(bets_for(game))


def _covered(game: RouletteGame, kind: str, target: list[str]) -> set[str]:
    for entry in game.spec.model["bets"]:
        if entry["kind"] == kind:
            for placement in entry["placements"]:
                if placement["target"] == target:
                    return set(placement["numbers"])
    raise AssertionError((kind, target))


@given(game_and_bets(), seeds, client_seeds, nonces)
def test_round_invariants(
    game_bets: tuple[RouletteGame, list[Bet]], seed: bytes, client: str, nonce: int
) -> None:
    game, bets = game_bets
    outcome = game.play(OutcomeStream(seed, client, nonce), bets)
    again = game.play(OutcomeStream(seed, client, nonce), bets)
    assert outcome == again  # deterministic for a given stream
    result = outcome.outcome
    assert result["pocket"] in pocket_labels(game.variant.double_zero)
    assert 0 <= result["pocket_index"] < game.variant.pockets
    assert pocket_labels(True)[result["pocket_index"]] == result["pocket"]
    canonical_json(result)  # JSON-able, no floats
    wins = [s["win"] for s in result["settlements"]]
    assert outcome.total_win == sum(wins)
    assert outcome.total_bet == sum(b.amount for b in bets)
    assert outcome.bytes_used % 4 == 0 and outcome.bytes_used >= 4
    if result.get("prison_spin") is not None:
        assert outcome.bytes_used >= 8 and result["pocket"] == "0"
    assert outcome.finished and outcome.legal_actions == ()
    pays = {b["kind"]: b["pays"] for b in game.spec.model["bets"]}
    for bet, s in zip(bets, result["settlements"], strict=True):
        assert (s["kind"], s["amount"]) == (bet.kind, bet.amount)
        assert sorted(s["target"]) == sorted(bet.target) or not bet.target
        hit = result["pocket"] in _covered(game, s["kind"], s["target"])
        assert (s["result"] == "won") == hit
        assert isinstance(s["win"], int)
        if hit:
            assert s["win"] == bet.amount * (pays[bet.kind] + 1)
        elif result["color"] != "green":
            assert (s["win"], s["result"]) == (0, "lost")
        else:  # a zero: lost, or half back (La Partage), or released from prison
            assert (s["win"], s["result"]) in {
                (0, "lost"),
                (0, "en_prison_lost"),
                (bet.amount // 2, "la_partage"),
                (bet.amount, "en_prison_released"),
            }


@given(games, seeds, client_seeds, nonces, st.integers(min_value=1, max_value=10_000))
def test_straight_on_every_pocket_always_returns_36_units(
    game: RouletteGame, seed: bytes, client: str, nonce: int, amount: int
) -> None:
    labels = pocket_labels(game.variant.double_zero)
    bets = [Bet("straight", amount, (label,)) for label in labels]
    outcome = game.play(OutcomeStream(seed, client, nonce), bets)
    assert outcome.total_win == 36 * amount
    assert outcome.total_bet == len(labels) * amount


@given(games, seeds, client_seeds, nonces)
def test_red_and_black_together_lose_only_on_a_zero(
    game: RouletteGame, seed: bytes, client: str, nonce: int
) -> None:
    outcome = game.play(OutcomeStream(seed, client, nonce), [Bet("red", 10), Bet("black", 10)])
    if outcome.outcome["color"] == "green":
        assert outcome.total_win in (0, 10)  # lost, half back each, or one prisoner released
    else:
        assert outcome.total_win == 20


def adjacent(a: str, b: str, double_zero: bool) -> bool:
    """Independent statement of the split rule, from the layout picture."""
    zero_pairs = (
        {("0", "1"), ("0", "2"), ("00", "2"), ("00", "3"), ("0", "00")}
        if double_zero
        else {("0", "1"), ("0", "2"), ("0", "3")}
    )
    if (a, b) in zero_pairs or (b, a) in zero_pairs:
        return True
    if {a, b} & {"0", "00"}:
        return False
    x, y = sorted((int(a), int(b)))
    return y - x == 3 or (y - x == 1 and x % 3 != 0)


@given(st.sampled_from([EUROPEAN, AMERICAN]), st.data())
def test_a_split_is_accepted_exactly_when_adjacent(game: RouletteGame, data: st.DataObject) -> None:
    labels = pocket_labels(game.variant.double_zero)
    a, b = data.draw(st.lists(st.sampled_from(labels), min_size=2, max_size=2, unique=True))
    try:
        game.validate_bets([Bet("split", 1, (a, b))])
    except InvalidBetError as exc:
        assert not adjacent(a, b, game.variant.double_zero)
        assert "not adjacent" in str(exc) or "non-adjacent" in str(exc)
    else:
        assert adjacent(a, b, game.variant.double_zero)
