"""Loading bits: raw binary (MSB first), NIST's ASCII format, arrays, byte sources."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.bits import (
    detect_format,
    from_array,
    from_ascii,
    from_bytes,
    from_callable,
    read_bits,
    to_ascii,
    to_bytes,
)
from stats_tests.errors import InvalidInputError, InvalidParameterError


def test_bytes_are_msb_first() -> None:
    assert from_bytes(b"\x80\x01").tolist() == [1, 0, 0, 0, 0, 0, 0, 0] + [0] * 7 + [1]
    # e = 10.1011011111100001... starts with the bytes 0xAD 0xF8 (sts-2.1.2 data.e)
    assert from_bytes(bytes([0xAD, 0xF8])).tolist() == [int(c) for c in "1010110111111000"]
    assert from_bytes(b"\xff\x00", max_bits=10).tolist() == [1] * 8 + [0, 0]
    assert from_bytes(b"").size == 0


def test_ascii_ignores_whitespace() -> None:
    assert from_ascii("10 1\n0\t11\r\n").tolist() == [1, 0, 1, 0, 1, 1]
    assert from_ascii(b"0101", max_bits=3).tolist() == [0, 1, 0]


@pytest.mark.parametrize(
    ("text", "offset", "char"),
    [("0101x01", 4, "x"), ("01\n2", 3, "2"), ("1,0", 1, ",")],
)
def test_ascii_bad_character_names_offset(text: str, offset: int, char: str) -> None:
    with pytest.raises(InvalidInputError, match=f"offset {offset}: b?'{char}'"):
        from_ascii(text)


def test_ascii_non_ascii_character() -> None:
    with pytest.raises(InvalidInputError, match="offset 2: 'é'"):
        from_ascii("01é1")


def test_from_array() -> None:
    assert from_array([True, False, True]).tolist() == [1, 0, 1]
    assert from_array(np.array([1, 0, 1, 1]), max_bits=2).dtype == np.uint8
    with pytest.raises(InvalidInputError, match="only 0 and 1"):
        from_array([0, 1, 2])


def test_from_callable_chunks_requests() -> None:
    calls: list[int] = []

    def source(k: int) -> bytes:
        calls.append(k)
        return bytes([0xAA]) * k

    bits = from_callable(source, 600_000)
    assert bits.size == 600_000 and bits[:4].tolist() == [1, 0, 1, 0]
    assert max(calls) <= 65_536 and sum(calls) == 75_000


def test_from_callable_with_the_drbg() -> None:
    import rng

    drbg = rng.HmacDrbg(bytes(32), bytes(16))
    bits = from_callable(drbg.generate, 1000)
    again = rng.HmacDrbg(bytes(32), bytes(16)).generate(125)
    assert to_bytes(bits) == again


def test_from_callable_without_a_size() -> None:
    import rng

    drbg = rng.HmacDrbg(bytes(32), bytes(16))
    bits = from_callable(lambda: drbg.generate(1000), 20_004)
    expected = rng.HmacDrbg(bytes(32), bytes(16))
    chunks = b"".join(expected.generate(1000) for _ in range(3))
    assert bits.tolist() == from_bytes(chunks, max_bits=20_004).tolist()


def test_from_callable_errors() -> None:
    with pytest.raises(InvalidInputError, match="no bytes after 0 of 2"):
        from_callable(lambda k: b"", 16)
    with pytest.raises(InvalidInputError, match="returned str"):
        from_callable(lambda k: "x" * k, 16)  # type: ignore[arg-type,return-value]
    with pytest.raises(InvalidParameterError, match="n_bits"):
        from_callable(os.urandom, -1)
    # short reads are fine
    assert from_callable(lambda k: b"\x01", 24).tolist() == [0, 0, 0, 0, 0, 0, 0, 1] * 3


def test_read_bits_formats(tmp_path: Path) -> None:
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes([0xAD, 0xF8, 0x54]))
    ascii_file = tmp_path / "data.txt"
    ascii_file.write_text("1010 1101\n1111 1000\n0101 0100\n")
    expected = [int(c) for c in "101011011111100001010100"]
    assert read_bits(binary).tolist() == expected
    assert read_bits(binary, format="binary").tolist() == expected
    assert read_bits(ascii_file).tolist() == expected
    assert read_bits(ascii_file, format="ascii", max_bits=5).tolist() == expected[:5]
    assert read_bits(binary, max_bits=9).tolist() == expected[:9]
    # forcing binary on an ASCII file reads its bytes
    assert read_bits(ascii_file, format="binary", max_bits=8).tolist() == [0, 0, 1, 1, 0, 0, 0, 1]


def test_read_bits_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("0101\n01a1\n")
    with pytest.raises(InvalidInputError, match="byte offset 7: b'a'"):
        read_bits(bad, format="ascii")
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInputError, match="contains no bits"):
        read_bits(empty)
    with pytest.raises(InvalidParameterError, match="format='hex'"):
        read_bits(bad, format="hex")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="max_bits"):
        read_bits(bad, max_bits=-1)
    with pytest.raises(FileNotFoundError):
        read_bits(tmp_path / "missing")


def test_read_bits_large_ascii_offsets(tmp_path: Path) -> None:
    # the error offset is right past the 1 MiB read chunks
    path = tmp_path / "big.txt"
    path.write_bytes(b"01" * 700_000 + b"\n#")
    with pytest.raises(InvalidInputError, match="byte offset 1400001: b'#'"):
        read_bits(path)
    assert read_bits(path, max_bits=1_000).size == 1_000


def test_detect_format() -> None:
    assert detect_format(b"0101\n") == "ascii"
    assert detect_format(b"\n \t") == "binary"
    assert detect_format(b"01\x00") == "binary"
    assert detect_format(b"") == "binary"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=500))
def test_round_trips(values: list[int]) -> None:
    bits = from_array(values)
    assert from_ascii(to_ascii(bits)).tolist() == values
    assert from_bytes(to_bytes(bits), max_bits=len(values)).tolist() == values
    assert from_array(from_ascii(to_ascii(bits))).tolist() == values


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=1, max_size=200))
def test_file_round_trip(raw: bytes) -> None:
    import tempfile

    bits = from_bytes(raw)
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "bits.txt"
        text.write_text(to_ascii(bits))
        binary = Path(folder) / "bits.bin"
        binary.write_bytes(raw)
        assert read_bits(text, format="ascii").tolist() == bits.tolist()
        assert read_bits(binary, format="binary").tolist() == bits.tolist()
