"""SP 800-22 rev1a §2.7: the Non-overlapping Template Matching test."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from stats_tests.errors import InvalidParameterError
from stats_tests.nist._common import (
    Bits,
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_input_size,
    require_parameter,
)

__all__ = [
    "NonOverlappingTemplateResult",
    "NonOverlappingTemplatesResult",
    "aperiodic_templates",
    "is_aperiodic",
    "non_overlapping_template",
    "non_overlapping_templates",
]

NAME = "Non-overlapping Template"

#: Template lengths sts-2.1.2 ships template files for.
MIN_M, MAX_M = 2, 21
#: sts-2.1.2 runs at most this many templates per length (``MAXNUMOFTEMPLATES``).
STS_MAX_TEMPLATES = 148
#: SP 800-22 §2.7.7: "N should be chosen such that N <= 100".
MAX_RECOMMENDED_BLOCKS = 100

Template = str | Sequence[int]


@dataclass(frozen=True, kw_only=True)
class NonOverlappingTemplateResult(NistResult):
    """Result of :func:`non_overlapping_template` (one template).

    Attributes
    ----------
    statistic:
        chi^2(obs) = sum_j (W_j - mu)^2 / sigma^2.
    template:
        B, as a string of '0'/'1'.
    aperiodic:
        Whether B is aperiodic (no proper prefix equals a suffix). SP 800-22's
        mean and variance hold for aperiodic templates only.
    blocks:
        N.
    block_size:
        M = floor(n / N).
    mean:
        mu = (M - m + 1) / 2^m.
    variance:
        sigma^2 = M (1/2^m - (2m - 1)/2^(2m)).
    counts:
        W_1 .. W_N, non-overlapping occurrences of B in each block.
    """

    statistic: float
    template: str
    aperiodic: bool
    blocks: int
    block_size: int
    mean: float
    variance: float
    counts: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class NonOverlappingTemplatesResult(NistResult):
    """Result of :func:`non_overlapping_templates`; one P-value per template, in order.

    Attributes
    ----------
    statistic:
        chi^2(obs) of each template.
    templates:
        The templates, in the order of sts-2.1.2's template files (ascending).
    blocks, block_size, mean, variance:
        As in :class:`NonOverlappingTemplateResult`.
    counts:
        W_1 .. W_N of each template.
    """

    statistic: tuple[float, ...]
    templates: tuple[str, ...]
    blocks: int
    block_size: int
    mean: float
    variance: float
    counts: tuple[tuple[int, ...], ...]


def _aperiodic_mask(m: int) -> npt.NDArray[np.bool_]:
    """For every m-bit word (as an integer, MSB first), whether it is aperiodic."""
    words = np.arange(1 << m, dtype=np.int64)
    ok = np.ones(1 << m, dtype=bool)
    for shift in range(1, m):
        keep = m - shift  # compare the prefix of length keep with the suffix of length keep
        ok &= (words >> shift) != (words & ((1 << keep) - 1))
    return ok


@functools.cache
def aperiodic_templates(m: int) -> tuple[str, ...]:
    """All aperiodic templates of length m, in ascending order.

    A template B is aperiodic when no proper prefix of B equals the suffix of
    the same length, so two occurrences of B can never overlap. There are 148
    for m = 9 (sequence A003000); the order is that of sts-2.1.2's
    ``templates/template<m>`` files.
    """
    require_parameter("aperiodic_templates", "m", m, 1, MAX_M)
    values = np.flatnonzero(_aperiodic_mask(int(m)))
    return tuple(format(int(v), f"0{m}b") for v in values)


def _parse_template(template: Template) -> str:
    if isinstance(template, str):
        text = template
    else:
        try:
            text = "".join(str(int(b)) for b in template)
        except (TypeError, ValueError):
            raise InvalidParameterError(
                f"{NAME}: template={template!r} must be a string or sequence of 0/1"
            ) from None
    if not text or set(text) - {"0", "1"}:
        raise InvalidParameterError(f"{NAME}: template={template!r} must contain only 0 and 1")
    if not MIN_M <= len(text) <= MAX_M:
        raise InvalidParameterError(
            f"{NAME}: template length m={len(text)} is outside {MIN_M} .. {MAX_M}"
        )
    return text


def is_aperiodic(template: Template) -> bool:
    """Whether ``template`` is aperiodic (no proper prefix equal to a suffix)."""
    text = _parse_template(template)
    return all(text[: len(text) - k] != text[k:] for k in range(1, len(text)))


def _window_values(array: Bits, blocks: int, size: int, m: int) -> npt.NDArray[np.int64]:
    """The m-bit word starting at each position j <= M - m of each block, shape (N, M-m+1)."""
    used = array[: blocks * size].astype(np.int64)
    starts = used.size - m + 1
    words = np.zeros(starts, dtype=np.int64)
    for k in range(m):
        words = (words << 1) | used[k : k + starts]
    padded = np.concatenate([words, np.zeros(m - 1, dtype=np.int64)])
    return padded.reshape(blocks, size)[:, : size - m + 1]


def _greedy_counts(match: npt.NDArray[np.bool_], m: int) -> npt.NDArray[np.int64]:
    """Per row, the matches kept by a left-to-right scan that skips m-1 bits after each.

    Vectorised as list ranking: each match points to the first match at least m
    positions later in the same row, and the chain length from each row's first
    match is found by pointer doubling.
    """
    count, width = match.shape
    row, col = np.nonzero(match)
    total = row.size
    result = np.zeros(count, dtype=np.int64)
    if total == 0:
        return result
    key = row * (width + m) + col
    following = np.searchsorted(key, key + m)
    end = np.full(total, total)
    inside = following < total
    inside[inside] = row[following[inside]] == row[inside]
    pointer = np.append(np.where(inside, following, end), total)
    length = np.ones(total + 1, dtype=np.int64)
    length[total] = 0
    while np.any(pointer[:total] != total):
        length = length + length[pointer]
        pointer = pointer[pointer]
    first = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    result[row[first]] = length[first]
    return result


def _setup(n: int, m: int, blocks: int, strict: bool) -> tuple[int, float, float]:
    """Check N and n; return M, mu and sigma^2."""
    require_parameter(NAME, "blocks", blocks, 1, MAX_RECOMMENDED_BLOCKS if strict else None)
    # SP 800-22 states no input size for this test; each block must hold the template.
    require_input_size(NAME, n, minimum=blocks * m, recommended=0, strict=False, source="")
    size = n // blocks
    mean = (size - m + 1) / 2.0**m
    variance = size * (1.0 / 2.0**m - (2.0 * m - 1.0) / 2.0 ** (2 * m))
    return size, mean, variance


def _chi2_pvalues(
    counts: npt.NDArray[np.int64], mean: float, variance: float, blocks: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    chi2 = np.sum((counts - mean) ** 2, axis=-1) / variance
    return chi2, np.asarray(special.gammaincc(blocks / 2.0, chi2 / 2.0), dtype=np.float64)


def non_overlapping_template(
    bits: Any,
    *,
    template: Template = "000000001",
    blocks: int = 8,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> NonOverlappingTemplateResult:
    """Non-overlapping template matching: too many or too few occurrences of B?

    The sequence is cut into N blocks of M = floor(n/N) bits; in each block the
    occurrences of B are counted left to right, the scan jumping past each
    match (for aperiodic B this is the number of all occurrences).

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    template:
        B, a string such as ``"000000001"`` (default, sts-2.1.2's first
        template for m = 9) or a sequence of 0/1; length 2 .. 21. Periodic
        templates are accepted and counted as the document describes, but the
        reference distribution (mu, sigma^2) assumes an aperiodic one; see
        ``result.aperiodic``.
    blocks:
        N; default 8 (sts-2.1.2). With ``strict`` N <= 100 (§2.7.7).
    mode:
        ``Mode.STS`` or ``Mode.EXACT``; both give the same result here.
    strict:
        When True (default) apply §2.7.7's N <= 100; in every case each block
        must hold at least m bits (lambda > 0, as sts-2.1.2 requires).

    Returns
    -------
    NonOverlappingTemplateResult
        ``pvalue = igamc(N/2, chi^2/2)``.

    Raises
    ------
    InsufficientDataError
        A block is shorter than the template.
    InvalidParameterError
        Bad template or N.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.7 and §3.7.
    """
    mode = as_mode(mode)
    text = _parse_template(template)
    array = as_bits(bits)
    n = int(array.size)
    m = len(text)
    size, mean, variance = _setup(n, m, blocks, strict)
    words = _window_values(array, blocks, size, m)
    match = words == int(text, 2)
    aperiodic = is_aperiodic(text)
    # Occurrences of an aperiodic template never overlap, so a plain count is the scan's.
    counts = match.sum(axis=1, dtype=np.int64) if aperiodic else _greedy_counts(match, m)
    chi2, pvalue = _chi2_pvalues(counts, mean, variance, blocks)
    return NonOverlappingTemplateResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(float(pvalue),),
        parameters={"template": text, "m": m, "blocks": int(blocks), "block_size": size},
        statistic=float(chi2),
        template=text,
        aperiodic=aperiodic,
        blocks=int(blocks),
        block_size=size,
        mean=mean,
        variance=variance,
        counts=tuple(int(c) for c in counts),
    )


def _sts_selection(templates: tuple[str, ...]) -> tuple[str, ...]:
    """The templates sts-2.1.2 actually runs: every SKIP-th, at most 148."""
    count = len(templates)
    skip = 1 if count < STS_MAX_TEMPLATES else count // STS_MAX_TEMPLATES
    return templates[::skip][: min(STS_MAX_TEMPLATES, count // skip)]


def non_overlapping_templates(
    bits: Any,
    *,
    m: int = 9,
    blocks: int = 8,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> NonOverlappingTemplatesResult:
    """Non-overlapping template matching for every aperiodic template of length m.

    This is what sts-2.1.2 runs: 148 P-values for m = 9, in the order of its
    template file (ascending), computed together from one histogram of the
    m-bit words of each block.

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    m:
        Template length, 2 .. 21; default 9.
    blocks:
        N; default 8.
    mode:
        For m <= 9 both modes run all aperiodic templates (148 for m = 9).
        For longer templates ``Mode.STS`` runs the subset sts-2.1.2 runs (at most
        148: every SKIP-th template, SKIP = count // 148; for m = 10 the first
        148 of 284), ``Mode.EXACT`` all of them.
    strict:
        As in :func:`non_overlapping_template`.

    Returns
    -------
    NonOverlappingTemplatesResult

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.7 and §3.7.
    """
    mode = as_mode(mode)
    require_parameter(NAME, "m", m, MIN_M, MAX_M)
    array = as_bits(bits)
    n = int(array.size)
    size, mean, variance = _setup(n, int(m), blocks, strict)
    templates = aperiodic_templates(int(m))
    if mode is Mode.STS:
        templates = _sts_selection(templates)
    values = np.array([int(t, 2) for t in templates], dtype=np.int64)
    words = _window_values(array, blocks, size, int(m))
    if blocks << m <= 1 << 22:
        keys = words + (np.arange(blocks, dtype=np.int64) << m)[:, None]
        histogram = np.bincount(keys.ravel(), minlength=blocks << m).reshape(blocks, 1 << m)
        counts = histogram[:, values].T
    else:  # long templates: sort the words of each block once, then search
        ordered = np.sort(words, axis=1)
        counts = np.stack(
            [
                np.searchsorted(row, values, side="right") - np.searchsorted(row, values)
                for row in ordered
            ],
            axis=1,
        )
    chi2, pvalues = _chi2_pvalues(counts, mean, variance, blocks)
    return NonOverlappingTemplatesResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=tuple(float(p) for p in pvalues),
        parameters={"m": int(m), "blocks": int(blocks), "block_size": size},
        statistic=tuple(float(c) for c in chi2),
        templates=templates,
        blocks=int(blocks),
        block_size=size,
        mean=mean,
        variance=variance,
        counts=tuple(tuple(int(c) for c in row) for row in counts),
    )
