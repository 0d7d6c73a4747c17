"""Exact PAR sheets: checked against independent enumerations and hand-derived values."""

from __future__ import annotations

import itertools
import json
import math
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from games.slots import LineEvaluator, parse_model, shipped_models
from games.slots.par import ParSheet, line_table, par_sheet
from tests.games.slots.helpers import CLASSIC_SMALL, GEOMETRIC, VIDEO_SMALL, doc
from tests.games.slots.independent import Reader, base_rtp, by_count


@pytest.fixture(scope="module")
def shipped_sheets() -> dict[str, ParSheet]:
    return {m.game_id: par_sheet(m) for m in shipped_models()}


def _shipped_doc(game_id: str) -> dict[str, Any]:
    """The model file as written (not the engine's normalised form)."""
    for model in shipped_models():
        if model.game_id == game_id:
            raw = Path(model.source).read_bytes()
            if model.source.endswith(".toml"):
                return tomllib.loads(raw.decode())
            return dict(json.loads(raw))
    raise AssertionError(game_id)


def _moments(table: dict[tuple[int, int], int], cycle: int) -> tuple[Fraction, Fraction]:
    mean = Fraction(sum(a * n for (a, _), n in table.items()), cycle)
    second = Fraction(sum(a * a * n for (a, _), n in table.items()), cycle)
    return mean, second - mean * mean


# ----------------------------------------------------------- hand-derivable models


def test_hand_derived_model() -> None:
    # AAA has probability 1/2 * 1/2 * 1/4 = 1/16 and pays 10: RTP 5/8,
    # variance 100/16 - (5/8)^2 = 375/64, hit frequency 1/16.
    model = parse_model(
        {
            "id": "slots-hand",
            "name": "Hand",
            "version": 1,
            "rows": 1,
            "bet": {"min_per_line": 1, "max_per_line": 10},
            "symbols": {"A": {}, "B": {}},
            "paylines": [[0, 0, 0]],
            "rules": [{"name": "AAA", "pattern": ["A", "A", "A"], "pays": 10}],
            "reels": [["A", "B"], ["A", "B"], ["A", "B", "B", "B"]],
        }
    )
    for method in ("numpy", "python"):
        sheet = par_sheet(model, method=method)
        assert sheet.base.cycle == 16
        assert sheet.rtp == Fraction(5, 8)
        assert sheet.variance == Fraction(375, 64)
        assert sheet.hit_frequency == Fraction(1, 16)
        assert sheet.max_award == 10 and sheet.max_award_count == 1
        assert sheet.base.awards() == {0: 15, 10: 1}


def test_hand_derived_feature() -> None:
    # helpers.GEOMETRIC: K ~ Geometric(1/2) scatter spins then an A; RTP 3, variance 2.
    model = parse_model(doc(GEOMETRIC))
    sheet = par_sheet(model)
    assert sheet.rtp == 3
    assert sheet.variance == 2
    assert sheet.feature is not None
    assert sheet.feature.expected_spins_per_spin == 2
    assert sheet.feature.value_per_spin == 3
    assert sheet.hit_frequency == 1


# ------------------------------------------------------- small models, brute force


@pytest.mark.parametrize("method", ["numpy", "python"])
def test_small_classic_against_independent_enumeration(method: str) -> None:
    document = doc(CLASSIC_SMALL)
    sheet = par_sheet(parse_model(document), method=method)
    cycle, table = Reader(document).spin_table(document["reels"])
    assert sheet.base.cycle == cycle == 12 * 6 * 5
    assert dict(sheet.base.joint) == table
    mean, variance = _moments(table, cycle)
    assert sheet.rtp == mean == base_rtp(document)
    assert sheet.variance == variance
    assert sheet.hit_frequency == Fraction(sum(n for (a, _), n in table.items() if a > 0), cycle)
    assert sum(n for _, n in sheet.base.awards().items()) == cycle


def _feature_moments(
    spin: dict[tuple[int, int], Fraction], start: int, tol: float = 1e-16
) -> tuple[float, float]:
    """E[Y] and E[Y^2] of a feature's total win Y, by stepping the process spin by
    spin over (spins remaining) and carrying the mass and the first two moments of
    the win so far, until the unfinished mass is below ``tol`` (a truncated series,
    independent of the closed form)."""
    spin_f = [(x, r, float(p)) for (x, r), p in spin.items()]
    live: dict[int, tuple[float, float, float]] = {start: (1.0, 0.0, 0.0)}
    m1 = m2 = 0.0
    while live and sum(v[0] for v in live.values()) > tol:
        nxt: dict[int, tuple[float, float, float]] = {}
        for remaining, (p0, s1, s2) in live.items():
            for x, r, q in spin_f:
                new = (p0 * q, (s1 + x * p0) * q, (s2 + 2 * x * s1 + x * x * p0) * q)
                left = remaining - 1 + r
                if left == 0:
                    m1 += new[1]
                    m2 += new[2]
                else:
                    old = nxt.get(left, (0.0, 0.0, 0.0))
                    nxt[left] = (old[0] + new[0], old[1] + new[1], old[2] + new[2])
        live = nxt
    return m1, m2


def test_small_video_with_feature_against_independent_computation() -> None:
    document = doc(VIDEO_SMALL)
    model = parse_model(document)
    sheet = par_sheet(model)
    python_sheet = par_sheet(model, method="python")
    assert python_sheet.rtp == sheet.rtp and python_sheet.variance == sheet.variance
    reader = Reader(document)
    fs = document["free_spins"]
    cycle, base = reader.spin_table(document["reels"])
    f_cycle, feature = reader.spin_table(fs["reels"])
    assert dict(sheet.base.joint) == base
    assert sheet.feature is not None and dict(sheet.feature.stats.joint) == feature
    # one free spin: (win x multiplier, retriggered spins) -> probability
    spin: dict[tuple[int, int], Fraction] = {}
    for (a, k), n in feature.items():
        key = (a * fs["multiplier"], by_count(fs["retrigger"], k))
        spin[key] = spin.get(key, Fraction(0)) + Fraction(n, f_cycle)
    lines = len(document["paylines"])
    mean = second = 0.0
    moments = {n: _feature_moments(spin, n) for n in set(fs["trigger"].values())}
    for (a, k), n in base.items():
        p = n / cycle
        spins = by_count(fs["trigger"], k)
        y1, y2 = moments[spins] if spins else (0.0, 0.0)
        mean += p * (a + y1)
        second += p * (a * a + 2 * a * y1 + y2)
    assert float(sheet.rtp) == pytest.approx(mean / lines, rel=1e-12)
    assert float(sheet.variance) == pytest.approx((second - mean**2) / lines**2, rel=1e-9)
    # the closed form for one awarded spin, against the truncated series
    m1, second_one = _feature_moments(spin, 1)
    v1 = second_one - m1 * m1
    assert float(sheet.feature.value_per_spin) == pytest.approx(m1, rel=1e-12)
    assert float(sheet.feature.variance_per_spin) == pytest.approx(v1, rel=1e-9)


def test_line_table_agrees_with_round_evaluator() -> None:
    for model in [
        *shipped_models(),
        parse_model(doc(CLASSIC_SMALL)),
        parse_model(doc(VIDEO_SMALL)),
    ]:
        value, rule_id, strides = line_table(model, model.reels)
        local = [sorted(set(reel.strip)) for reel in model.reels]
        evaluator = LineEvaluator(model)
        size = value.size
        codes = range(size) if size <= 20_000 else np.random.default_rng(7).integers(0, size, 5000)
        for code in codes:
            code = int(code)
            line = [local[i][(code // strides[i]) % len(local[i])] for i in range(len(local))]
            hit = evaluator.evaluate(line)
            if hit is None:
                assert value[code] == 0 and rule_id[code] == -1
            else:
                assert (int(value[code]), int(rule_id[code])) == (hit.value, hit.rule)


# ---------------------------------------------------------------- shipped models


def test_three_shipped_models() -> None:
    ids = {m.game_id for m in shipped_models()}
    assert {"slots-classic-7s", "slots-video-20"} <= ids and len(ids) >= 3


@pytest.mark.parametrize("game_id", ["slots-classic-7s", "slots-classic-5line"])
def test_shipped_classic_rtp_by_independent_brute_force(
    game_id: str, shipped_sheets: dict[str, ParSheet]
) -> None:
    document = _shipped_doc(game_id)
    cycle, table = Reader(document).spin_table(document["reels"])
    sheet = shipped_sheets[game_id]
    assert dict(sheet.base.joint) == table
    assert sheet.rtp == base_rtp(document) == sheet.model.rtp
    mean, variance = _moments(table, cycle)
    lines = len(document["paylines"])
    assert sheet.rtp * lines == mean and sheet.variance * lines**2 == variance


def _per_line_mean(reader: Reader, reels: list[Any], rows: int) -> Fraction:
    """E[line pay] for unweighted reels: every row shows each stop equally often, so
    every line has the same symbol distribution: sum over symbol tuples."""
    dists = []
    for reel in reels:
        counts: dict[str, int] = {}
        for s in reel:
            counts[s] = counts.get(s, 0) + 1
        dists.append([(s, Fraction(n, len(reel))) for s, n in counts.items()])
    total = Fraction(0)
    for combo in itertools.product(*dists):
        pay = reader.line_pay([s for s, _ in combo])
        if pay:
            total += pay * math.prod(p for _, p in combo)
    return total


def _scatter_dist(reels: list[Any], rows: int, symbol: str) -> dict[int, Fraction]:
    dist = {0: Fraction(1)}
    for reel in reels:
        per: dict[int, Fraction] = {}
        for stop in range(len(reel)):
            k = sum(reel[(stop + r) % len(reel)] == symbol for r in range(rows))
            per[k] = per.get(k, Fraction(0)) + Fraction(1, len(reel))
        new: dict[int, Fraction] = {}
        for a, pa in dist.items():
            for b, pb in per.items():
                new[a + b] = new.get(a + b, Fraction(0)) + pa * pb
        dist = new
    return dist


def test_shipped_video_rtp_by_independent_computation(shipped_sheets: dict[str, ParSheet]) -> None:
    document = _shipped_doc("slots-video-20")
    fs = document["free_spins"]
    reels, fs_reels = document["reels"], fs["reels"]
    assert all(isinstance(r, list) for r in reels + fs_reels)  # unweighted strips
    rows, lines = document["rows"], len(document["paylines"])
    reader = Reader(document)
    scatter = document["scatter"]
    base_k = _scatter_dist(reels, rows, scatter["symbol"])
    fs_k = _scatter_dist(fs_reels, rows, scatter["symbol"])
    e_base = lines * _per_line_mean(reader, reels, rows) + sum(
        p * by_count(scatter["pays"], k) * lines for k, p in base_k.items()
    )
    e_spin = fs["multiplier"] * (
        lines * _per_line_mean(reader, fs_reels, rows)
        + sum(p * by_count(scatter["pays"], k) * lines for k, p in fs_k.items())
    )
    e_retrigger = sum(p * by_count(fs["retrigger"], k) for k, p in fs_k.items())
    e_spins = sum(p * by_count(fs["trigger"], k) for k, p in base_k.items())
    expected = (e_base + e_spins * e_spin / (1 - e_retrigger)) / lines
    sheet = shipped_sheets["slots-video-20"]
    assert sheet.rtp == expected == sheet.model.rtp
    assert sheet.base_rtp == e_base / lines


def test_shipped_sheets_are_consistent(shipped_sheets: dict[str, ParSheet]) -> None:
    for game_id, sheet in shipped_sheets.items():
        base = sheet.base
        assert sum(base.awards().values()) == base.cycle, game_id
        assert base.cycle == math.prod(r.total for r in sheet.model.reels)
        hits = sum(n for a, n in base.awards().items() if a > 0)
        if sheet.feature is None:
            assert sheet.hit_frequency == Fraction(hits, base.cycle)
        else:
            assert sheet.hit_frequency >= Fraction(hits, base.cycle)
        assert Fraction(88, 100) <= sheet.rtp <= Fraction(97, 100), game_id
        assert sheet.rtp_matches_declared, game_id
        data = sheet.to_json()
        assert sum(Fraction(row["rtp"]) for row in data["contributions"]) == sheet.base_rtp
        assert data["max_win"]["credits"] == max(base.awards())


def test_variance_matches_plain_moments_without_feature(
    shipped_sheets: dict[str, ParSheet],
) -> None:
    sheet = shipped_sheets["slots-classic-7s"]
    mean, variance = _moments(dict(sheet.base.joint), sheet.base.cycle)
    assert sheet.variance == variance and sheet.rtp == mean


def test_large_weights_use_exact_counts() -> None:
    document = doc(CLASSIC_SMALL)
    document["reels"][0]["weights"] = [10**6 + i for i in range(5)]
    sheet = par_sheet(parse_model(document))
    cycle, table = Reader(document).spin_table(document["reels"])
    assert dict(sheet.base.joint) == table and sheet.base.cycle == cycle


def test_sparse_path_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    import games.slots.par as par_module

    for base in (CLASSIC_SMALL, VIDEO_SMALL):
        model = parse_model(doc(base))
        dense = par_sheet(model)
        monkeypatch.setattr(par_module, "MAX_BINCOUNT", 1)
        monkeypatch.setattr(par_module, "BLOCK", 8)  # many prefix blocks
        sparse = par_sheet(model)
        monkeypatch.undo()
        assert dict(sparse.base.joint) == dict(dense.base.joint)
        assert sparse.rtp == dense.rtp and sparse.variance == dense.variance
