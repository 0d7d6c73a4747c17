"""Server seeds and commitments: SHA-256, constant-time checks, secrets kept out of reprs."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rng import (
    HmacDrbg,
    InvalidSeedError,
    SeedPair,
    ServerSeed,
    commitment_of,
    verify_commitment,
)
from rng.seeds import MAX_NONCE

seeds = st.binary(min_size=32, max_size=32)


@given(seeds)
def test_commitment_is_sha256_of_the_seed(seed: bytes) -> None:
    assert commitment_of(seed) == hashlib.sha256(seed).digest()
    assert verify_commitment(seed, hashlib.sha256(seed).digest())


@given(seeds, st.integers(min_value=0, max_value=31), st.integers(min_value=1, max_value=255))
def test_a_flipped_seed_byte_fails_verification(seed: bytes, index: int, flip: int) -> None:
    tampered = bytearray(seed)
    tampered[index] ^= flip
    assert not verify_commitment(bytes(tampered), commitment_of(seed))


def test_known_commitment() -> None:
    # SHA-256 of 32 zero bytes (FIPS 180-4 SHA-256, computed independently of Alea).
    assert (
        commitment_of(bytes(32)).hex()
        == "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    )


@pytest.mark.parametrize("size", [0, 31, 33])
def test_wrong_lengths_are_refused(size: int) -> None:
    with pytest.raises(InvalidSeedError, match=f"exactly 32 bytes, got {size}"):
        ServerSeed(bytes(size))
    with pytest.raises(InvalidSeedError, match="commitment must be exactly 32 bytes"):
        verify_commitment(bytes(32), bytes(size))


def test_repr_shows_the_commitment_never_the_seed() -> None:
    secret = bytes(range(32))
    seed = ServerSeed(secret)
    assert secret.hex() not in repr(seed)
    assert hashlib.sha256(secret).hexdigest() in repr(seed)
    pair = SeedPair(seed, "player")
    assert secret.hex() not in repr(pair)


def test_generate_takes_32_bytes_from_the_drbg() -> None:
    drbg = HmacDrbg(bytes(32), bytes(16))
    twin = HmacDrbg(bytes(32), bytes(16))
    assert ServerSeed.generate(drbg).reveal() == twin.generate(32)


def test_equality_is_by_value() -> None:
    assert ServerSeed(bytes(32)) == ServerSeed(bytes(32))
    assert ServerSeed(bytes(32)) != ServerSeed(b"\x01" * 32)


def test_pair_nonces_and_client_seed_rules() -> None:
    pair = SeedPair(ServerSeed(bytes(32)), "e\u0301")  # NFC: é
    assert pair.client_seed == "\u00e9"
    changed = pair.with_client_seed("other")
    assert changed.client_seed == "other" and changed.next_nonce == 0
    played = changed.advanced()
    assert played.next_nonce == 1
    with pytest.raises(InvalidSeedError, match="only before the pair's first round"):
        played.with_client_seed("again")
    last = SeedPair(ServerSeed(bytes(32)), "p", MAX_NONCE)
    with pytest.raises(InvalidSeedError, match="used every nonce"):
        last.advanced()
    with pytest.raises(InvalidSeedError, match="next_nonce=-1"):
        SeedPair(ServerSeed(bytes(32)), "p", -1)
