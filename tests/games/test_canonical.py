"""Canonical JSON: the byte encoding model hashes and receipts are computed over."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games import canonical_hash, canonical_json, fraction_text, parse_fraction


def test_known_encoding() -> None:
    value = {"b": [1, "é", None, True], "a": {"y": -2, "x": "\u2603"}}
    expected = '{"a":{"x":"☃","y":-2},"b":[1,"é",null,true]}'.encode()
    assert canonical_json(value) == expected
    assert canonical_hash(value) == hashlib.sha256(expected).hexdigest()


def test_floats_are_refused_with_their_path() -> None:
    with pytest.raises(TypeError, match=r"\$\.pay\[1\]: floats are not allowed"):
        canonical_json({"pay": [1, 0.95]})


def test_non_string_keys_are_refused() -> None:
    with pytest.raises(TypeError, match="keys must be strings"):
        canonical_json({1: "x"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_round_trip_and_key_order_independence(value: object) -> None:
    encoded = canonical_json(value)
    assert json.loads(encoded) == value
    if isinstance(value, dict):
        reordered = dict(reversed(list(value.items())))
        assert canonical_json(reordered) == encoded


@given(st.fractions())
def test_fraction_text_round_trips(value: Fraction) -> None:
    text = fraction_text(value)
    assert "/" in text and parse_fraction(text) == value


@pytest.mark.parametrize("text", ["1/0", "a/b", "1.5"])
def test_bad_fraction_text(text: str) -> None:
    with pytest.raises(ValueError, match="is not a fraction"):
        parse_fraction(text)
