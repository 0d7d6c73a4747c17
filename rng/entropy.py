"""Seeding the DRBG from the operating system, with the health checks that gate it.

This is the only module in ``rng`` that touches the outside world: it reads
``os.urandom`` (getrandom(2) on Linux). A DRBG is handed out only after the
known-answer self-test of SP 800-90A section 11.3 has passed, and entropy that
can't be read is an error — there is no fallback source.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable

from rng.errors import EntropyError, SelfTestError
from rng.hmac_drbg import MIN_ENTROPY_BYTES, MIN_NONCE_BYTES, HmacDrbg

__all__ = ["OsEntropySource", "os_seeded_drbg", "self_test"]

# One vector of NIST CAVP's HMAC_DRBG.rsp (CAVS 14.3), SHA-256, no prediction
# resistance, no reseed, with personalization: instantiate, generate 128 bytes and
# discard, generate 128 bytes and compare.
_KAT_ENTROPY = bytes.fromhex("5cacc68165a2e2ee20812f35ec73a79dbf30fd475476ac0c44fc6174cdac2b55")
_KAT_NONCE = bytes.fromhex("6f885496c1e63af620becd9e71ecb824")
_KAT_PERSONALIZATION = bytes.fromhex(
    "e72dd8590d4ed5295515c35ed6199e9d211b8f069b3058caa6670b96ef1208d0"
)
_KAT_EXPECTED = bytes.fromhex(
    "f1012cf543f94533df27fedfbf58e5b79a3dc517a9c402bdbfc9a0c0f721f9d5"
    "3faf4aafdc4b8f7a1b580fcaa52338d4bd95f58966a243cdcd3f446ed4bc546d"
    "9f607b190dd69954450d16cd0e2d6437067d8b44d19a6af7a7cfa8794e5fbd72"
    "8e8fb2f2e8db5dd4ff1aa275f35886098e80ff844886060da8b1e7137846b23b"
)


def self_test() -> None:
    """Run the known-answer test of SP 800-90A 11.3; raise SelfTestError on mismatch."""
    drbg = HmacDrbg(_KAT_ENTROPY, _KAT_NONCE, _KAT_PERSONALIZATION)
    drbg.generate(128)
    if not hmac.compare_digest(drbg.generate(128), _KAT_EXPECTED):
        raise SelfTestError("HMAC_DRBG known-answer self-test failed; refusing to generate")


class OsEntropySource:
    """Reads the operating system's CSPRNG, with a continuous repetition check.

    The check (in the spirit of SP 800-90B 4.4.1) refuses a read identical to the
    previous one: a stuck source is an error, not a seed.
    """

    def __init__(self, read: Callable[[int], bytes] = os.urandom) -> None:
        self._read = read
        self._last: bytes | None = None

    def __call__(self, num_bytes: int) -> bytes:
        try:
            data = self._read(num_bytes)
        except (OSError, NotImplementedError) as exc:
            raise EntropyError(f"cannot read the operating system's entropy source: {exc}") from exc
        if not isinstance(data, bytes) or len(data) != num_bytes:
            raise EntropyError("the entropy source returned the wrong number of bytes")
        if self._last is not None and hmac.compare_digest(data, self._last):
            raise EntropyError("the entropy source repeated its previous output; refusing it")
        self._last = data
        return data


def os_seeded_drbg(
    personalization: bytes = b"",
    *,
    prediction_resistance: bool = False,
    reseed_interval: int = 2**20,
    entropy_source: Callable[[int], bytes] | None = None,
) -> HmacDrbg:
    """Return an HmacDrbg seeded with 256 bits of OS entropy and a 128-bit nonce.

    The self-test runs first; if it fails, SelfTestError is raised and no
    generator exists. The DRBG keeps the entropy source, so it reseeds itself
    every ``reseed_interval`` requests (and before every request with
    ``prediction_resistance``).
    """
    self_test()
    source = entropy_source if entropy_source is not None else OsEntropySource()
    entropy = source(MIN_ENTROPY_BYTES)
    nonce = source(MIN_NONCE_BYTES)
    return HmacDrbg(
        entropy,
        nonce,
        personalization,
        reseed_interval=reseed_interval,
        entropy_source=source,
        prediction_resistance=prediction_resistance,
    )
