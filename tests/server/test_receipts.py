"""server.receipts: formats, signatures, chain checks; and it stays free of grpc."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey

from games.base import Bet
from games.canonical import canonical_json
from server.receipts import (
    VerificationError,
    format_time,
    hashes_equal,
    record_hash,
    sign_record,
    verify_export,
    verify_receipt_hash,
    verify_receipt_signature,
    verify_record_signature,
)
from tests.server.fakes import FakeCoin
from tests.server.test_receipts_props import build_session

KEY = SigningKey(bytes(32))
PUBLIC = bytes(KEY.verify_key).hex()
SEED = bytes(range(32))
COIN = FakeCoin()


def _session(rounds: int = 3) -> dict[str, Any]:
    """An honest session file of ``rounds`` coin rounds, signed with KEY."""
    return build_session([(COIN, [Bet("heads", 10)], ())] * rounds, seed=SEED, key=KEY)


def _lookup(model_hash: str) -> FakeCoin:
    assert model_hash == COIN.spec.model_hash
    return COIN


def test_format_time() -> None:
    moment = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    assert format_time(moment) == "2026-03-04T05:06:07.890Z"
    assert format_time(moment.astimezone(timezone(timedelta(hours=2)))) == format_time(moment)
    with pytest.raises(ValueError):
        format_time(datetime(2026, 1, 1))


def test_receipt_body_fields_are_the_normative_ones() -> None:
    body = _session(1)["receipts"][0]["body"]
    assert sorted(body) == sorted(
        [
            "format",
            "pair_id",
            "commitment",
            "client_seed",
            "nonce",
            "algorithm",
            "game_id",
            "model_hash",
            "bets",
            "actions",
            "outcome",
            "total_bet",
            "total_win",
            "currency",
            "round_id",
            "finished_at",
            "prev_receipt_hash",
        ]
    )
    assert body["format"] == "alea-receipt/v1" and body["algorithm"] == "alea/v1"


def test_valid_session_verifies() -> None:
    summary = verify_export(_session(), public_key=PUBLIC, game_lookup=_lookup)
    assert summary.rounds == 3 and summary.total_bet == 30


def test_empty_session_links_reveal_to_commitment() -> None:
    session = _session(0)
    assert session["reveal_record"]["last_receipt_hash"] == record_hash(
        session["commitment_record"]
    )
    assert verify_export(session, game_lookup=_lookup).rounds == 0


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("receipts", 1, "body", "total_win"), 999, "receipt_hash"),
        (("receipts", 1, "signature"), "00" * 64, "signature"),
        (("receipts", 2, "body", "nonce"), 7, "nonce"),
        (("reveal_record", "server_seed"), "11" * 32, "signature"),
        (("reveal_record", "rounds"), 2, "signature"),
        (("commitment_record", "player_id"), "mallory", "signature"),
        (("server_public_key",), bytes(SigningKey(b"x" * 32).verify_key).hex(), "server key"),
    ],
)
def test_tampering_is_caught(path: tuple, value: object, message: str) -> None:
    session = _session()
    target = session
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(VerificationError, match=message):
        verify_export(session, public_key=PUBLIC, game_lookup=_lookup)


def test_resigned_forgery_fails_replay() -> None:
    """Even with the key, a receipt whose outcome differs from the replay is refused."""
    session = _session(1)
    entry = session["receipts"][0]
    body = copy.deepcopy(entry["body"])
    body["total_win"] = 10**6
    entry["body"], entry["receipt_hash"] = body, record_hash(body)
    entry["signature"] = sign_record(body, KEY)
    session["reveal_record"]["last_receipt_hash"] = entry["receipt_hash"]
    session["reveal_signature"] = sign_record(session["reveal_record"], KEY)
    with pytest.raises(VerificationError, match="replayed"):
        verify_export(session, public_key=PUBLIC, game_lookup=_lookup)


@given(st.binary(min_size=1, max_size=64))
def test_signatures_cover_every_byte(noise: bytes) -> None:
    record = {"format": "x", "data": noise.hex()}
    signature = sign_record(record, KEY)
    assert verify_record_signature(record, signature, PUBLIC)
    assert verify_receipt_signature(record, signature, PUBLIC)
    assert verify_receipt_hash(record, record_hash(record))
    changed = dict(record, data=noise.hex() + "00")
    assert not verify_record_signature(changed, signature, PUBLIC)
    assert not verify_receipt_hash(changed, record_hash(record))
    assert record_hash(record) == __import__("hashlib").sha256(canonical_json(record)).hexdigest()


def test_hashes_equal() -> None:
    assert hashes_equal("ab", "AB") and not hashes_equal("ab", "ac")
    assert not verify_record_signature({}, "zz", PUBLIC)


def test_receipts_and_package_import_no_grpc() -> None:
    code = (
        "import sys, server, server.receipts; "
        "bad = [m for m in sys.modules if m.startswith(('grpc', 'google.protobuf', 'alea'))]; "
        "assert not bad, bad"
    )
    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=repo, check=True, timeout=60)


def test_server_exports() -> None:
    """server/__init__ re-exports exactly its __all__ (trio-style export guard)."""
    import types

    import server

    public = {
        name
        for name, value in vars(server).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(server.__all__)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=6))
def test_record_bytes_is_canonical_json(record: dict) -> None:
    from server.receipts import record_bytes

    assert record_bytes(record) == canonical_json(record)


def test_record_bytes_refuses_what_canonical_json_refuses() -> None:
    from server.receipts import record_bytes

    for bad in ({"x": 1.5}, {"x": [1, {"y": 0.1}]}, {"x": {1: "int key"}}, {"x": {1, 2}}):
        with pytest.raises(TypeError):
            record_bytes(bad)
