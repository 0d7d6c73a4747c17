"""The client-seed rules of docs/fairness.md: NFC, length, refused characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rng import InvalidClientSeedError, fresh_client_seed, normalize_client_seed


def test_nfc_normalisation_makes_equivalent_seeds_equal() -> None:
    decomposed = "cafe\u0301"
    composed = "caf\u00e9"
    assert normalize_client_seed(decomposed) == normalize_client_seed(composed) == composed


@pytest.mark.parametrize(
    ("seed", "match"),
    [
        ("", "empty"),
        (" lead", "white space"),
        ("trail\t", "control character"),
        ("tab\tinside", r"control character \(U\+0009\) at position 3"),
        ("nul\x00", "control character"),
        ("line\u2028sep", "line separator"),
        ("para\u2029sep", "paragraph separator"),
        ("\ud800x", "lone surrogate"),
        ("x" * 129, "129 bytes of UTF-8; the limit is 128"),
        ("\u00e9" * 65, "130 bytes"),
    ],
)
def test_refused_seeds_name_the_problem(seed: str, match: str) -> None:
    with pytest.raises(InvalidClientSeedError, match=match):
        normalize_client_seed(seed)


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidClientSeedError, match="must be text, got bytes"):
        normalize_client_seed(b"abc")  # type: ignore[arg-type]


def test_limits_are_inclusive() -> None:
    assert normalize_client_seed("x" * 128) == "x" * 128
    assert normalize_client_seed("\U0001f3b2" * 32) == "\U0001f3b2" * 32  # 4 bytes each


@given(st.text(min_size=1, max_size=40))
def test_accepted_seeds_are_nfc_and_idempotent(seed: str) -> None:
    try:
        out = normalize_client_seed(seed)
    except InvalidClientSeedError:
        return
    assert unicodedata.is_normalized("NFC", out)
    assert normalize_client_seed(out) == out
    assert 1 <= len(out.encode("utf-8")) <= 128


def test_fresh_seeds_are_valid_and_distinct() -> None:
    a, b = fresh_client_seed(), fresh_client_seed()
    assert a != b and normalize_client_seed(a) == a and len(a) == 32
