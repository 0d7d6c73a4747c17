"""server.receipts against real games: random honest sessions verify; any tampering fails.

Sessions are built here the way the engine builds them (commitment record,
receipts chained in nonce order, reveal, export), with the real registry games
played through their public ``play`` and a fixed test key. ``build_session``
and ``resign`` are also used by tests/cli/test_verify*.py.
"""

from __future__ import annotations

import contextlib
import copy
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from games.base import Action, Bet, Game, GameSpec, RoundOutcome
from games.canonical import canonical_hash
from games.registry import game_by_hash, game_by_id
from rng import ByteSource, OutcomeStream, commitment_of
from server.receipts import (
    VerificationError,
    build_export,
    commitment_record,
    receipt_body,
    record_hash,
    reveal_record,
    sign_record,
    verify_export,
)

KEY = SigningKey(bytes(range(100, 132)))
PUBLIC = bytes(KEY.verify_key).hex()

#: Per game: bet lists a player might place (all valid).
BETS: dict[str, list[list[Bet]]] = {
    "roulette-european": [
        [Bet("straight", 100, ("17",)), Bet("split", 50, ("17", "20")), Bet("red", 100)],
        [Bet("dozen", 30, ("2",)), Bet("first_four", 10), Bet("odd", 7)],
    ],
    "roulette-french-en-prison": [[Bet("red", 100), Bet("straight", 5, ("0",))]],
    "slots-classic-7s": [[Bet("spin", 3)]],
    "slots-video-20": [[Bet("spin", 40)]],
    "baccarat": [[Bet("banker", 200), Bet("tie", 100)], [Bet("player", 150)]],
    "baccarat-ez": [[Bet("banker", 100), Bet("dragon_7", 100), Bet("panda_8", 100)]],
    "blackjack": [[Bet("main", 100)]],
    "video-poker-jacks-or-better": [[Bet("hand", 25)]],
    "three-card-poker": [[Bet("ante", 100), Bet("pair_plus", 100)], [Bet("ante", 200)]],
}


def choose_action(legal: Sequence[str], outcome: RoundOutcome, pick: int) -> Action:
    """A player's decision: ``pick`` chooses among the legal ones (holds for video poker)."""
    if tuple(legal) == ("hold",):
        return Action("hold", tuple(p for p in range(5) if pick >> p & 1))
    if "no_insurance" in legal:
        return Action("no_insurance" if pick % 3 else "insurance")
    if "hit" in legal and outcome.outcome.get("hands"):
        hand = outcome.outcome["hands"][outcome.outcome.get("current_hand") or 0]
        if hand["total"] < 12 + pick % 6:
            return Action("hit")
        if "double" in legal and pick % 7 == 0:
            return Action("double")
        if "split" in legal and pick % 2 == 0:
            return Action("split")
        return Action("stand")
    return Action(legal[pick % len(legal)])


def play_through(
    game: Game, stream: Callable[[], ByteSource], bets: Sequence[Bet], picks: Sequence[int]
) -> RoundOutcome:
    """Play a round to the end, replaying from the start after each decision."""
    actions: list[Action] = []
    outcome = game.play(stream(), bets, actions)
    step = 0
    while not outcome.finished:
        pick = picks[step % len(picks)] if picks else step
        actions.append(choose_action(outcome.legal_actions, outcome, pick + step))
        outcome = game.play(stream(), bets, actions)
        step += 1
        assert step < 64
    return outcome


def build_session(
    rounds: Sequence[tuple[Game, Sequence[Bet], Sequence[int]]],
    *,
    seed: bytes = bytes(range(32)),
    client_seed: str = "player seed",
    key: SigningKey = KEY,
) -> dict[str, Any]:
    """An honest alea-export/v1 document for these rounds, signed with ``key``."""
    public = bytes(key.verify_key).hex()
    commitment = commitment_record(
        pair_id="p_test",
        player_id="alice",
        commitment=commitment_of(seed),
        created_at="2026-01-01T00:00:00.000Z",
        server_public_key=public,
    )
    previous = record_hash(commitment)
    receipts = []
    for nonce, (game, bets, picks) in enumerate(rounds):
        outcome = play_through(
            game, lambda n=nonce: OutcomeStream(seed, client_seed, n), bets, picks
        )
        body = receipt_body(
            pair_id="p_test",
            commitment=commitment_of(seed).hex(),
            client_seed=client_seed,
            nonce=nonce,
            outcome=outcome,
            currency="EUR",
            round_id=f"r_{nonce:04d}",
            finished_at=f"2026-01-01T00:00:{nonce % 60:02d}.000Z",
            prev_receipt_hash=previous,
        )
        previous = record_hash(body)
        receipts.append((body, previous, sign_record(body, key)))
    reveal = reveal_record(
        pair_id="p_test",
        commitment=commitment_of(seed).hex(),
        server_seed=seed,
        client_seed=client_seed,
        rounds=len(receipts),
        last_receipt_hash=previous,
        revealed_at="2026-01-02T00:00:00.000Z",
    )
    return build_export(
        server_public_key=public,
        commitment=commitment,
        commitment_signature=sign_record(commitment, key),
        reveal=reveal,
        reveal_signature=sign_record(reveal, key),
        receipts=receipts,
    )


def resign(document: dict[str, Any], key: SigningKey = KEY) -> dict[str, Any]:
    """Re-hash, re-chain and re-sign everything: a forgery by whoever holds the key."""
    commitment = document["commitment_record"]
    document["commitment_signature"] = sign_record(commitment, key)
    previous = record_hash(commitment)
    for entry in document["receipts"]:
        entry["body"]["prev_receipt_hash"] = previous
        entry["receipt_hash"] = previous = record_hash(entry["body"])
        entry["signature"] = sign_record(entry["body"], key)
    document["reveal_record"]["last_receipt_hash"] = previous
    document["reveal_record"]["rounds"] = len(document["receipts"])
    document["reveal_signature"] = sign_record(document["reveal_record"], key)
    return document


def standard_rounds() -> list[tuple[Game, Sequence[Bet], Sequence[int]]]:
    out: list[tuple[Game, Sequence[Bet], Sequence[int]]] = []
    for index, (game_id, options) in enumerate(sorted(BETS.items())):
        for bets in options:
            out.append((game_by_id(game_id), bets, [index, 3, 5]))
    return out


# ------------------------------------------------------------------------- tests

ROUND = st.tuples(
    st.sampled_from(sorted(BETS)), st.integers(0, 7), st.lists(st.integers(0, 63), max_size=4)
)


def _rounds(drawn: Sequence[tuple[str, int, list[int]]]) -> list[tuple[Game, list[Bet], list[int]]]:
    return [
        (game_by_id(game_id), BETS[game_id][option % len(BETS[game_id])], picks)
        for game_id, option, picks in drawn
    ]


SESSIONS = st.tuples(
    st.binary(min_size=32, max_size=32),
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs")), min_size=1, max_size=12
    ),
    st.lists(ROUND, min_size=1, max_size=6),
)

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(SESSIONS)
def test_random_honest_sessions_verify(session: tuple[bytes, str, list[Any]]) -> None:
    seed, client_seed, drawn = session
    document = build_session(_rounds(drawn), seed=seed, client_seed=client_seed)
    summary = verify_export(document, public_key=PUBLIC)
    assert summary.rounds == len(drawn)
    assert summary.total_win == sum(e["body"]["total_win"] for e in document["receipts"])
    assert [o.outcome for o in summary.replayed] == [
        e["body"]["outcome"] for e in document["receipts"]
    ]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for key in value for leaf in _leaves(value[key], (*path, key))]
    if isinstance(value, list):
        if not value:
            return [path]
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [path]


def _changed(value: Any, salt: int) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 + salt % 5
    if isinstance(value, str):
        if len(value) in (64, 128) and all(c in "0123456789abcdef" for c in value):
            flipped = "0" if value[salt % len(value)] != "0" else "1"
            index = salt % len(value)
            return value[:index] + flipped + value[index + 1 :]
        return value + "x"
    if value is None:
        return 0
    if isinstance(value, list):
        return [*value, "extra"]
    return "changed"


def _set(document: Any, path: Sequence[Any], value: Any) -> None:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _get(document: Any, path: Sequence[Any]) -> Any:
    for key in path:
        document = document[key]
    return document


@_SETTINGS
@given(SESSIONS, st.integers(0, 10**6), st.integers(0, 10**6))
def test_changing_any_field_is_detected(
    session: tuple[bytes, str, list[Any]], which: int, salt: int
) -> None:
    """Every leaf of the file (seed, nonce, outcome, win, hashes, signatures...) is covered."""
    seed, client_seed, drawn = session
    document = build_session(_rounds(drawn), seed=seed, client_seed=client_seed)
    leaves = _leaves(document)
    path = leaves[which % len(leaves)]
    _set(document, path, _changed(_get(document, path), salt))
    with pytest.raises(VerificationError):
        verify_export(document, public_key=PUBLIC)


@_SETTINGS
@given(SESSIONS, st.randoms(use_true_random=False))
def test_reordering_or_dropping_receipts_is_detected(
    session: tuple[bytes, str, list[Any]], rnd: random.Random
) -> None:
    seed, client_seed, drawn = session
    document = build_session(_rounds(drawn), seed=seed, client_seed=client_seed)
    receipts = document["receipts"]
    if len(receipts) >= 2:
        order = list(range(len(receipts)))
        while order == sorted(order):
            rnd.shuffle(order)
        document["receipts"] = [receipts[i] for i in order]
        with pytest.raises(VerificationError, match="nonce"):
            verify_export(copy.deepcopy(document), public_key=PUBLIC)
        document["receipts"] = receipts
    dropped = rnd.randrange(len(receipts))
    document["receipts"] = receipts[:dropped] + receipts[dropped + 1 :]
    with pytest.raises(VerificationError, match=r"nonce|rounds"):
        verify_export(document, public_key=PUBLIC)


@_SETTINGS
@given(SESSIONS, st.integers(0, 10**6), st.integers(0, 10**6))
def test_forged_outcomes_fail_the_replay_even_when_signed(
    session: tuple[bytes, str, list[Any]], which: int, salt: int
) -> None:
    """The server's own key can't make a false outcome or win pass: the seeds decide."""
    seed, client_seed, drawn = session
    document = build_session(_rounds(drawn), seed=seed, client_seed=client_seed)
    index = which % len(document["receipts"])
    body = document["receipts"][index]["body"]
    fields = [("outcome", *leaf) for leaf in _leaves(body["outcome"])] + [
        ("total_win",),
        ("total_bet",),
    ]
    path = fields[salt % len(fields)]
    _set(body, path, _changed(_get(body, path), salt))
    resign(document)
    with pytest.raises(VerificationError, match=rf"receipts\[{index}\]") as caught:
        verify_export(document, public_key=PUBLIC)
    assert caught.value.check in ("replay", "structure")


def test_standard_session_verifies_and_a_resigned_wrong_seed_fails() -> None:
    document = build_session(standard_rounds())
    assert verify_export(document, public_key=PUBLIC).rounds == len(standard_rounds())
    forged = copy.deepcopy(document)
    forged["reveal_record"]["server_seed"] = "ee" * 32
    resign(forged)
    with pytest.raises(VerificationError, match="server_seed") as caught:
        verify_export(forged, public_key=PUBLIC)
    assert caught.value.check == "commitment"


# ----------------------------------------------------------- model versions


class _OlderModel:
    """A synthetic older model of roulette-european (version 0): same rules, other hash."""

    def __init__(self, current: Game) -> None:
        self._current = current
        model = {**dict(current.spec.model), "version": 0, "note": "an older model version"}
        self._spec: GameSpec = replace(
            current.spec, version=0, model=model, model_hash=canonical_hash(model)
        )

    @property
    def spec(self) -> GameSpec:
        return self._spec

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        self._current.validate_bets(bets)

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        outcome = self._current.play(stream, bets, actions)
        return replace(outcome, model_hash=self._spec.model_hash)


def test_older_model_versions_verify_when_known_and_are_refused_otherwise() -> None:
    current = game_by_id("roulette-european")
    older = _OlderModel(current)
    assert older.spec.model_hash != current.spec.model_hash
    bets = BETS["roulette-european"][0]
    document = build_session([(older, bets, []), (current, bets, [])])
    known = {g.spec.model_hash: g for g in (older, current)}

    summary = verify_export(document, public_key=PUBLIC, game_lookup=known.__getitem__)
    assert summary.rounds == 2
    # The package does not ship the synthetic model: the default lookup refuses it.
    with pytest.raises(VerificationError, match="does not ship") as caught:
        verify_export(document, public_key=PUBLIC)
    assert caught.value.path == "receipts[0].body.model_hash" and caught.value.check == "model"

    # A lookup that answers with another model than the one named is refused too.
    def wrong(model_hash: str) -> Game:
        return current

    with pytest.raises(VerificationError, match="not the one the receipt names"):
        verify_export(document, public_key=PUBLIC, game_lookup=wrong)


def test_receipt_naming_another_games_model_is_refused() -> None:
    document = build_session([(game_by_id("baccarat"), BETS["baccarat"][0], [])])
    document["receipts"][0]["body"]["game_id"] = "baccarat-ez"
    resign(document)
    with pytest.raises(VerificationError, match="belongs to 'baccarat'"):
        verify_export(document, public_key=PUBLIC)


def test_default_lookup_is_the_registry() -> None:
    game = game_by_id("three-card-poker")
    assert game_by_hash(game.spec.model_hash) is game


# ------------------------------------------------------- malformed input, no tracebacks

ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=70),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key in value:
            out += _nodes(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _nodes(item, (*path, index))
    return out


SMALL_SESSIONS = st.lists(ROUND, min_size=0, max_size=3)


@_SETTINGS
@given(SMALL_SESSIONS, st.integers(0, 10**6), ANY_JSON, st.booleans(), st.booleans())
def test_any_malformed_document_fails_cleanly(
    drawn: list[Any], which: int, replacement: Any, delete: bool, signed: bool
) -> None:
    """Replace or delete any node: VerificationError naming a path, never KeyError/TypeError.

    With ``signed``, the change is re-signed with the key, so that odd bets, actions,
    client seeds and outcomes reach the replay itself.
    """
    document = build_session(_rounds(drawn))
    nodes = _nodes(document)
    path = nodes[which % len(nodes)]
    parent = _get(document, path[:-1])
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    if signed:  # too broken to re-sign: the unsigned change is checked instead
        with contextlib.suppress(TypeError, KeyError, AttributeError, IndexError, ValueError):
            resign(document)
    try:
        verify_export(document, public_key=PUBLIC)
    except VerificationError as exc:
        assert str(exc) and "\n" not in str(exc)
    # (a replacement equal to the original verifies, which is fine)


@_SETTINGS
@given(SMALL_SESSIONS, st.integers(0, 10**9))
def test_truncated_files_fail_cleanly(drawn: list[Any], cut: int) -> None:
    import json

    from server.receipts import parse_json_document

    text = json.dumps(build_session(_rounds(drawn)), indent=1)
    cut = cut % len(text)
    try:
        document = parse_json_document(text[:cut].encode(), "session.json")
    except VerificationError as exc:
        assert "session.json" in str(exc)
        return
    with pytest.raises(VerificationError):
        verify_export(document)


def test_receipts_module_exports_exist() -> None:
    import server.receipts as receipts

    assert all(hasattr(receipts, name) for name in receipts.__all__)
