"""The outcome stream: byte layout checked against a hand-built message, and its properties."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rng import InvalidSeedError, OutcomeStream, SeedPair, ServerSeed, stream_block, stream_message

SEED = bytes.fromhex("a3" * 32)


def _expected_block(seed: bytes, client_seed_utf8: bytes, nonce: int, counter: int) -> bytes:
    # Written from docs/fairness.md, independently of rng.stream.
    tag = b"alea/v1/stream"
    message = (
        len(tag).to_bytes(4, "big")
        + tag
        + len(client_seed_utf8).to_bytes(4, "big")
        + client_seed_utf8
        + nonce.to_bytes(8, "big")
        + counter.to_bytes(8, "big")
    )
    return hmac.new(seed, message, hashlib.sha256).digest()


def test_message_layout() -> None:
    assert stream_message("ab", 1, 2) == (
        b"\x00\x00\x00\x0ealea/v1/stream\x00\x00\x00\x02ab"
        + b"\x00" * 7
        + b"\x01"
        + b"\x00" * 7
        + b"\x02"
    )


@pytest.mark.parametrize(
    ("client_seed", "nonce"),
    [("player-1", 0), ("player-1", 1), ("\u00e9t\u00e9 \U0001f3b2", 2**64 - 1)],
)
def test_blocks_match_the_spec(client_seed: str, nonce: int) -> None:
    stream = OutcomeStream(SEED, client_seed, nonce)
    data = stream.read(100)
    expected = b"".join(
        _expected_block(SEED, client_seed.encode("utf-8"), nonce, i) for i in range(4)
    )
    assert data == expected[:100]
    assert stream_block(SEED, client_seed, nonce, 3) == expected[96:128]


def test_client_seed_is_nfc_normalised_before_hashing() -> None:
    assert OutcomeStream(SEED, "e\u0301", 0).read(32) == OutcomeStream(SEED, "\u00e9", 0).read(32)


@given(st.lists(st.integers(min_value=0, max_value=70), min_size=1, max_size=12))
def test_chunked_reads_equal_one_read(chunks: list[int]) -> None:
    stream = OutcomeStream(SEED, "c", 5)
    pieces = b"".join(stream.read(n) for n in chunks)
    assert pieces == OutcomeStream(SEED, "c", 5).read(sum(chunks))
    assert stream.position == sum(chunks)


@given(
    st.binary(min_size=32, max_size=32),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1),
    st.integers(min_value=0, max_value=2**64 - 2),
)
def test_any_change_of_seed_client_seed_or_nonce_changes_the_stream(
    seed: bytes, client_seed: str, nonce: int
) -> None:
    base = OutcomeStream(seed, client_seed[:128], nonce).read(32)
    other_seed = bytes([seed[0] ^ 1]) + seed[1:]
    assert OutcomeStream(other_seed, client_seed[:128], nonce).read(32) != base
    assert OutcomeStream(seed, client_seed[:127] + "!", nonce).read(32) != base or (
        client_seed[:127] + "!" == client_seed[:128]
    )
    assert OutcomeStream(seed, client_seed[:128], nonce + 1).read(32) != base


def test_for_round_uses_the_pairs_next_nonce() -> None:
    pair = SeedPair(ServerSeed(SEED), "p", 7)
    assert OutcomeStream.for_round(pair).read(32) == _expected_block(SEED, b"p", 7, 0)


@pytest.mark.parametrize("nonce", [-1, 2**64, True])
def test_bad_nonces_are_refused(nonce: int) -> None:
    with pytest.raises(InvalidSeedError, match="nonce"):
        OutcomeStream(SEED, "p", nonce)


def test_repr_hides_the_key() -> None:
    assert SEED.hex() not in repr(OutcomeStream(SEED, "p", 0))
