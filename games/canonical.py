"""Canonical JSON: the one byte encoding that model hashes and receipts are computed over.

Rules (normative, docs/fairness.md "Canonical JSON"): UTF-8; object keys sorted
by code point; no insignificant white space (separators ``,`` and ``:``);
non-ASCII characters written as themselves; integers only — floats are refused
(exact values travel as ``"numerator/denominator"`` strings); ``true``,
``false``, ``null`` as usual. Two implementations that follow these rules
produce identical bytes for the same value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

__all__ = ["JsonValue", "canonical_hash", "canonical_json", "fraction_text", "parse_fraction"]

JsonValue = Any  # a JSON value made of dict/list/str/int/bool/None


def _check(value: Any, path: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in canonical JSON; use a fraction string")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: object keys must be strings, got {key!r}")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, Sequence):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise TypeError(f"{path}: {type(value).__name__} is not a JSON value")


def canonical_json(value: JsonValue) -> bytes:
    """The canonical UTF-8 encoding of ``value``."""
    _check(value, "$")
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def canonical_hash(value: JsonValue) -> str:
    """Lower-case hex SHA-256 of the canonical encoding."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def fraction_text(value: Fraction | int) -> str:
    """An exact number as ``"numerator/denominator"`` (always with a denominator)."""
    value = Fraction(value)
    return f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str) -> Fraction:
    """Inverse of :func:`fraction_text`; also accepts a plain integer string."""
    if not isinstance(text, str):
        raise TypeError(f"expected a fraction string, got {type(text).__name__}")
    numerator, _, denominator = text.partition("/")
    try:
        return Fraction(int(numerator), int(denominator) if denominator else 1)
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"{text!r} is not a fraction 'numerator/denominator'") from exc
