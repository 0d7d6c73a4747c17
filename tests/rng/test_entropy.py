"""OS seeding: the self-test gates the DRBG and bad entropy is never a fallback."""

from __future__ import annotations

import pytest

import rng.entropy
from rng import EntropyError, OsEntropySource, SelfTestError, os_seeded_drbg, self_test


def test_self_test_passes() -> None:
    self_test()


def test_failed_self_test_hands_out_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rng.entropy, "_KAT_EXPECTED", bytes(128))
    reads: list[int] = []
    with pytest.raises(SelfTestError, match="known-answer self-test failed"):
        os_seeded_drbg(entropy_source=lambda n: reads.append(n) or bytes(n))  # type: ignore[func-returns-value]
    assert reads == []  # no entropy was even read


def test_unreadable_entropy_is_an_error() -> None:
    def broken(n: int) -> bytes:
        raise OSError("getrandom failed")

    with pytest.raises(EntropyError, match="getrandom failed"):
        os_seeded_drbg(entropy_source=OsEntropySource(broken))


def test_short_and_repeated_reads_are_refused() -> None:
    with pytest.raises(EntropyError, match="wrong number of bytes"):
        OsEntropySource(lambda n: bytes(n - 1))(32)
    stuck = OsEntropySource(lambda n: b"\x07" * n)
    stuck(32)
    with pytest.raises(EntropyError, match="repeated"):
        stuck(32)


def test_injected_entropy_makes_a_reproducible_generator() -> None:
    def counter_source() -> OsEntropySource:
        state = iter(range(1, 1000))
        return OsEntropySource(lambda n: bytes([next(state)]) * n)

    a = os_seeded_drbg(entropy_source=counter_source())
    b = os_seeded_drbg(entropy_source=counter_source())
    assert a.generate(64) == b.generate(64)


def test_os_seeded_generators_differ() -> None:
    assert os_seeded_drbg().generate(32) != os_seeded_drbg().generate(32)
