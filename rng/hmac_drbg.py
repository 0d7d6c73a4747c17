"""HMAC_DRBG with SHA-256, as specified in NIST SP 800-90A Rev. 1, section 10.1.2.

This is the deterministic half of Alea's random bit generator: everything here
is a pure function of the inputs it is given. Entropy is injected by the caller
(see :mod:`rng.entropy` for the operating-system factory), which keeps the class
testable against the CAVP vectors and free of hidden I/O.

Security strength is 256 bits. The limits of SP 800-90A Table 2 are enforced:
at most 2**19 bits (65,536 bytes) per generate request, a reseed counter of at
most 2**48, entropy input of at least 256 bits, a nonce of at least 128 bits,
and personalization / additional input of at most 2**35 bits.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from rng.errors import DrbgInputError, EntropyError, ReseedRequiredError

__all__ = [
    "MAX_BYTES_PER_REQUEST",
    "MAX_INPUT_BYTES",
    "MAX_RESEED_INTERVAL",
    "MIN_ENTROPY_BYTES",
    "MIN_NONCE_BYTES",
    "OUTLEN",
    "SECURITY_STRENGTH_BITS",
    "HmacDrbg",
]

OUTLEN = 32  #: SHA-256 output length in bytes (outlen = 256 bits)
SECURITY_STRENGTH_BITS = 256
MIN_ENTROPY_BYTES = SECURITY_STRENGTH_BITS // 8  #: SP 800-90A 10.1: entropy >= security strength
MIN_NONCE_BYTES = SECURITY_STRENGTH_BITS // 16  #: SP 800-90A 8.6.7: nonce >= half the strength
MAX_BYTES_PER_REQUEST = 2**19 // 8  #: Table 2: max_number_of_bits_per_request = 2**19
MAX_RESEED_INTERVAL = 2**48  #: Table 2: reseed_interval <= 2**48
MAX_INPUT_BYTES = 2**35 // 8  #: Table 2: max length of entropy, personalization, additional input

EntropySource = Callable[[int], bytes]


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.digest(key, data, "sha256")


def _check_length(name: str, value: bytes, minimum: int = 0) -> None:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise DrbgInputError(f"{name} must be bytes, got {type(value).__name__}")
    if len(value) < minimum:
        raise DrbgInputError(
            f"{name} is {len(value)} bytes; SP 800-90A needs at least {minimum} bytes"
        )
    if len(value) > MAX_INPUT_BYTES:
        raise DrbgInputError(f"{name} is longer than SP 800-90A's limit of 2**35 bits")


class HmacDrbg:
    """HMAC_DRBG (SHA-256) per SP 800-90A Rev. 1 section 10.1.2.

    Parameters
    ----------
    entropy_input:
        At least 32 bytes of full-entropy input (SP 800-90A 10.1.2.3).
    nonce:
        At least 16 bytes (SP 800-90A 8.6.7).
    personalization:
        Optional personalization string, mixed into the seed.
    reseed_interval:
        Generate requests allowed between reseeds (1 .. 2**48).
    entropy_source:
        Optional callable ``f(num_bytes) -> bytes``. With it, the generator
        reseeds itself when the interval is reached; without it, it raises
        :class:`~rng.errors.ReseedRequiredError`. Required for prediction resistance.
    prediction_resistance:
        Reseed from ``entropy_source`` before every request (SP 800-90A 9.3.1).
    """

    __slots__ = (
        "_entropy_source",
        "_key",
        "_prediction_resistance",
        "_reseed_counter",
        "_reseed_interval",
        "_value",
    )

    def __init__(
        self,
        entropy_input: bytes,
        nonce: bytes,
        personalization: bytes = b"",
        *,
        reseed_interval: int = MAX_RESEED_INTERVAL,
        entropy_source: EntropySource | None = None,
        prediction_resistance: bool = False,
    ) -> None:
        _check_length("entropy_input", entropy_input, MIN_ENTROPY_BYTES)
        _check_length("nonce", nonce, MIN_NONCE_BYTES)
        _check_length("personalization", personalization)
        if isinstance(reseed_interval, bool) or not isinstance(reseed_interval, int):
            raise DrbgInputError("reseed_interval must be an int")
        if not 1 <= reseed_interval <= MAX_RESEED_INTERVAL:
            raise DrbgInputError(
                f"reseed_interval={reseed_interval} is outside 1 .. 2**48 (SP 800-90A Table 2)"
            )
        if prediction_resistance and entropy_source is None:
            raise DrbgInputError("prediction_resistance needs an entropy_source")
        self._reseed_interval = reseed_interval
        self._entropy_source = entropy_source
        self._prediction_resistance = prediction_resistance
        # 10.1.2.3 Instantiate: Key = 0x00.., V = 0x01.., then Update(seed_material).
        self._key = b"\x00" * OUTLEN
        self._value = b"\x01" * OUTLEN
        self._update(bytes(entropy_input) + bytes(nonce) + bytes(personalization))
        self._reseed_counter = 1

    def __repr__(self) -> str:
        # The working state is secret: never show it.
        return (
            f"HmacDrbg(reseed_counter={self._reseed_counter}, "
            f"reseed_interval={self._reseed_interval}, "
            f"prediction_resistance={self._prediction_resistance})"
        )

    @property
    def reseed_counter(self) -> int:
        """Generate requests since the last (re)seed, plus one (SP 800-90A's reseed_counter)."""
        return self._reseed_counter

    @property
    def prediction_resistance(self) -> bool:
        return self._prediction_resistance

    def _update(self, provided_data: bytes) -> None:
        """HMAC_DRBG_Update, SP 800-90A 10.1.2.2."""
        key = _hmac(self._key, self._value + b"\x00" + provided_data)
        value = _hmac(key, self._value)
        if provided_data:
            key = _hmac(key, value + b"\x01" + provided_data)
            value = _hmac(key, value)
        self._key, self._value = key, value

    def reseed(self, entropy_input: bytes, additional_input: bytes = b"") -> None:
        """Reseed with fresh entropy, SP 800-90A 10.1.2.4."""
        _check_length("entropy_input", entropy_input, MIN_ENTROPY_BYTES)
        _check_length("additional_input", additional_input)
        self._update(bytes(entropy_input) + bytes(additional_input))
        self._reseed_counter = 1

    def _reseed_from_source(self, additional_input: bytes) -> None:
        assert self._entropy_source is not None
        entropy = self._entropy_source(MIN_ENTROPY_BYTES)
        if not isinstance(entropy, bytes) or len(entropy) != MIN_ENTROPY_BYTES:
            raise EntropyError("the entropy source returned the wrong number of bytes")
        self.reseed(entropy, additional_input)

    def generate(self, num_bytes: int, additional_input: bytes = b"") -> bytes:
        """Return ``num_bytes`` pseudorandom bytes, SP 800-90A 10.1.2.5 (with 9.3.1).

        At most 65,536 bytes per request; ask again for more.
        """
        if isinstance(num_bytes, bool) or not isinstance(num_bytes, int):
            raise DrbgInputError("num_bytes must be an int")
        if not 0 <= num_bytes <= MAX_BYTES_PER_REQUEST:
            raise DrbgInputError(
                f"num_bytes={num_bytes} is outside 0 .. {MAX_BYTES_PER_REQUEST} "
                "(SP 800-90A max_number_of_bits_per_request = 2**19)"
            )
        _check_length("additional_input", additional_input)
        additional = bytes(additional_input)
        # 9.3.1 step 7: with prediction resistance, or when the interval is reached,
        # reseed first; the additional input is consumed by the reseed.
        if self._prediction_resistance or self._reseed_counter > self._reseed_interval:
            if self._entropy_source is None:
                raise ReseedRequiredError(
                    f"the reseed interval of {self._reseed_interval} requests is reached; "
                    "call reseed() with fresh entropy"
                )
            self._reseed_from_source(additional)
            additional = b""
        if additional:
            self._update(additional)
        out = bytearray()
        key, value = self._key, self._value
        while len(out) < num_bytes:
            value = _hmac(key, value)
            out += value
        self._value = value
        self._update(additional)
        self._reseed_counter += 1
        return bytes(out[:num_bytes])
