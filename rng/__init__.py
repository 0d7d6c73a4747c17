# rng — Alea's random core: the SP 800-90A HMAC_DRBG and its OS seeding, server
# seeds and their commitments, client-seed rules, the per-round outcome stream
# (algorithm version "alea/v1"), and unbiased integer draws built on it.
#
# Layers: callers outside rng use the high-level names (ServerSeed, SeedPair,
# OutcomeStream, the draws). The DRBG and stream_block are public for the
# verifier and the tests; they are not meant to be composed ad hoc.
# Imports: the standard library and `cryptography` only.
"""Alea's random core: DRBG, seeds and commitments, the outcome stream, unbiased draws."""

from rng.client_seed import CLIENT_SEED_MAX_BYTES, fresh_client_seed, normalize_client_seed
from rng.draws import (
    rejection_limit,
    sample_without_replacement,
    shuffle,
    uniform_int,
    weighted_index,
    word_bits,
)
from rng.entropy import OsEntropySource, os_seeded_drbg, self_test
from rng.errors import (
    AleaError,
    DrbgInputError,
    EntropyError,
    InvalidClientSeedError,
    InvalidDrawError,
    InvalidSeedError,
    ReseedRequiredError,
    SelfTestError,
    StreamExhaustedError,
)
from rng.hmac_drbg import MAX_BYTES_PER_REQUEST, MAX_RESEED_INTERVAL, HmacDrbg
from rng.seeds import (
    COMMITMENT_SIZE,
    MAX_NONCE,
    SEED_SIZE,
    SeedPair,
    ServerSeed,
    commitment_of,
    verify_commitment,
)
from rng.stream import (
    ALGORITHM_VERSION,
    BLOCK_SIZE,
    ByteSource,
    OutcomeStream,
    stream_block,
    stream_message,
)

__all__ = [
    "ALGORITHM_VERSION",
    "BLOCK_SIZE",
    "CLIENT_SEED_MAX_BYTES",
    "COMMITMENT_SIZE",
    "MAX_BYTES_PER_REQUEST",
    "MAX_NONCE",
    "MAX_RESEED_INTERVAL",
    "SEED_SIZE",
    "AleaError",
    "ByteSource",
    "DrbgInputError",
    "EntropyError",
    "HmacDrbg",
    "InvalidClientSeedError",
    "InvalidDrawError",
    "InvalidSeedError",
    "OsEntropySource",
    "OutcomeStream",
    "ReseedRequiredError",
    "SeedPair",
    "SelfTestError",
    "ServerSeed",
    "StreamExhaustedError",
    "commitment_of",
    "fresh_client_seed",
    "normalize_client_seed",
    "os_seeded_drbg",
    "rejection_limit",
    "sample_without_replacement",
    "self_test",
    "shuffle",
    "stream_block",
    "stream_message",
    "uniform_int",
    "verify_commitment",
    "weighted_index",
    "word_bits",
]
