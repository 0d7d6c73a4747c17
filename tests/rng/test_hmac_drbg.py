"""HMAC_DRBG against NIST CAVP vectors, plus the limits of SP 800-90A Table 2."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rng import DrbgInputError, HmacDrbg, ReseedRequiredError
from rng.hmac_drbg import MAX_BYTES_PER_REQUEST
from tests.conftest import DATA_DIR

# Source: NIST CAVP DRBG test vectors (CAVS 14.3), HMAC_DRBG.rsp, SHA-256, no
# prediction resistance, no reseed; copied from shared/reference/hmac_drbg_sha256.json.
VECTORS = json.loads((DATA_DIR / "hmac_drbg_sha256.json").read_text())["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_cavp_vectors(vector: dict[str, object]) -> None:
    h = bytes.fromhex
    drbg = HmacDrbg(
        h(str(vector["entropy_input"])),
        h(str(vector["nonce"])),
        h(str(vector["personalization_string"])),
    )
    additional = [h(a) for a in vector["additional_input"]]  # type: ignore[attr-defined]
    drbg.generate(128, additional[0])
    assert drbg.generate(128, additional[1]).hex() == vector["returned_bits"]


def _drbg(**kwargs: object) -> HmacDrbg:
    return HmacDrbg(bytes(range(32)), bytes(range(16)), **kwargs)  # type: ignore[arg-type]


def test_request_limit_is_enforced() -> None:
    drbg = _drbg()
    assert len(drbg.generate(MAX_BYTES_PER_REQUEST)) == 65536
    with pytest.raises(DrbgInputError, match="num_bytes=65537"):
        drbg.generate(MAX_BYTES_PER_REQUEST + 1)
    with pytest.raises(DrbgInputError, match="num_bytes=-1"):
        drbg.generate(-1)


@pytest.mark.parametrize(
    ("entropy", "nonce", "match"),
    [(bytes(31), bytes(16), "entropy_input is 31 bytes"), (bytes(32), bytes(15), "nonce is 15")],
)
def test_short_seed_material_is_refused(entropy: bytes, nonce: bytes, match: str) -> None:
    with pytest.raises(DrbgInputError, match=match):
        HmacDrbg(entropy, nonce)


def test_reseed_interval_without_source_raises() -> None:
    drbg = _drbg(reseed_interval=2)
    drbg.generate(16)
    drbg.generate(16)
    with pytest.raises(ReseedRequiredError, match="reseed interval of 2"):
        drbg.generate(16)
    drbg.reseed(bytes(32))
    assert len(drbg.generate(16)) == 16


def test_reseed_interval_with_source_reseeds_itself() -> None:
    calls: list[int] = []

    def source(n: int) -> bytes:
        calls.append(n)
        return bytes([len(calls)]) * n

    drbg = _drbg(reseed_interval=1, entropy_source=source)
    drbg.generate(8)
    drbg.generate(8)
    assert calls == [32]
    assert drbg.reseed_counter == 2


def test_prediction_resistance_reseeds_before_every_request() -> None:
    calls: list[int] = []

    def source(n: int) -> bytes:
        calls.append(n)
        return bytes([len(calls)]) * n

    drbg = _drbg(entropy_source=source, prediction_resistance=True)
    for _ in range(3):
        drbg.generate(8)
    assert calls == [32, 32, 32]
    with pytest.raises(DrbgInputError, match="needs an entropy_source"):
        _drbg(prediction_resistance=True)


def test_repr_hides_the_working_state() -> None:
    drbg = _drbg()
    text = repr(drbg)
    assert drbg._key.hex() not in text and drbg._value.hex() not in text


@given(st.binary(min_size=1, max_size=64))
def test_additional_input_and_reseed_change_the_output(extra: bytes) -> None:
    assert _drbg().generate(32) != _drbg().generate(32, extra)
    reseeded = _drbg()
    reseeded.reseed(bytes(32), extra)
    assert reseeded.generate(32) != _drbg().generate(32)


@given(st.integers(min_value=0, max_value=2000))
def test_generate_returns_exactly_the_bytes_asked_for_deterministically(n: int) -> None:
    out = _drbg().generate(n)
    assert len(out) == n
    assert out == _drbg().generate(n)
