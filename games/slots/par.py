"""Exact PAR sheets for slot models, by full-cycle enumeration.

Needs numpy: import this module only from the PAR path (``alea par``, tests,
benches, certification) — never from the round path.

Method
------
*Cycle.* Every combination of stops of a reel set, each weighted by the product
of its virtual-stop weights (1 for unweighted reels); the cycle is the product
of the reels' lengths (or weight totals). For every combination the enumerator
records the spin's award ``a`` in credits (line pays x wild multipliers, plus
scatter pays x lines) and its scatter count ``k``; the joint count table
``(a, k) -> count`` is exact (int64). Line pays come from a table over every
tuple of symbols a line can show, built by vectorised rule matching; the
enumeration loops over the stops of the leading reels in Python and vectorises
the trailing reels (blocks of up to 2**18 combinations).

*Rule contributions* are counted line by line over the symbol-tuple
distribution of each line (exact), and must add up, with the scatter pays, to
the joint table's total; the sheet refuses to print otherwise.

*Free spins.* One free spin on the feature reels has award ``X = M * a``
(feature multiplier ``M``) and retriggers ``R = retrigger(k)`` more spins;
``(X, R)`` is enumerated over the feature cycle like the base game. Spins are
i.i.d., and the number of spins played ``T`` is a stopping time: a feature
started with ``n`` spins ends when ``n + sum(R_j - 1) = 0``. With
``rho = 1 - E[R] > 0``, Wald's identities give, exactly::

    E[T]     = n / rho
    E[Y]     = E[T] E[X] = n m,               m = E[X] / rho
    Var(Y)   = n v,  v = (Var X + 2 m Cov(X, R) + m^2 Var R) / rho

(``Y`` = feature win; from the martingales sum(X_j - E X) and sum(R_j - E R)
stopped at ``T``, whose second moments are E[T] Var X, E[T] Cov(X, R) and
E[T] Var R, and ``Y = M1 + m (M2 + n)``.) Equivalently, the expected number of
spins is the geometric-like series n (1 + E R + (E R)^2 + ...) = n / rho.

*The game.* A base spin wins ``B = a`` and triggers ``N = trigger(k)`` spins.
``E[win] = E[B] + m E[N]`` and, since the feature given ``N`` is independent of
``B``, ``Var(win) = Var(B + m N) + v E[N]`` — exact, with no approximation. RTP
and SD are per unit of total stake (credits / lines).

*Hit frequency* counts a base spin as a hit when it pays or triggers the
feature; *max win* is the largest base-spin award (a feature's win has no
upper bound with retriggers).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from games.canonical import fraction_text
from games.errors import ModelError
from games.slots.model import LineEvaluator, Reel, SlotModel, count_table_value

__all__ = [
    "Z_90",
    "FeatureSheet",
    "ParSheet",
    "ReelSetStats",
    "enumerate_numpy",
    "enumerate_python",
    "line_table",
    "par_sheet",
    "render_par",
]

Z_90 = 1.645  #: volatility index confidence (90%), IGT-style PAR sheets
BLOCK = 1 << 18  #: combinations vectorised per Python iteration
MAX_BINCOUNT = 1 << 24

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ReelSetStats:
    """Exact counts over one reel set's full cycle."""

    cycle: int
    #: (award in credits, scatter count) -> count over the cycle
    joint: Mapping[tuple[int, int], int]
    #: per rule: (line hits, credits paid) summed over all lines and the cycle
    rule_hits: tuple[int, ...]
    rule_pays: tuple[int, ...]

    def awards(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for (a, _), n in self.joint.items():
            out[a] = out.get(a, 0) + n
        return dict(sorted(out.items()))

    def scatter_counts(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for (_, k), n in self.joint.items():
            out[k] = out.get(k, 0) + n
        return dict(sorted(out.items()))


# --------------------------------------------------------------- line pay table


def _local_symbols(reels: Sequence[Reel]) -> list[list[str]]:
    return [sorted(set(reel.strip)) for reel in reels]


def line_table(model: SlotModel, reels: Sequence[Reel]) -> tuple[I64, I64, list[int]]:
    """Pay (credits incl. wild multipliers) and rule index (-1 = none) for every tuple
    of symbols a line can show; tuple code = sum(local index_i * stride_i)."""
    local = _local_symbols(reels)
    radices = [len(s) for s in local]
    strides = [math.prod(radices[:i]) for i in range(len(radices))]
    size = math.prod(radices)
    codes = np.arange(size, dtype=np.int64)
    digit = [(codes // strides[i]) % radices[i] for i in range(len(reels))]
    wilds = [s for s in model.symbols.values() if s.kind == "wild"]
    value = np.zeros(size, dtype=np.int64)
    rule_id = np.full(size, -1, dtype=np.int64)
    first = model.evaluation == "first_match"
    for index, rule in enumerate(model.rules):
        ok = np.ones(size, dtype=bool)
        natural_any = np.zeros(size, dtype=bool)
        counted = np.zeros(size, dtype=np.int64)
        mult = np.ones(size, dtype=np.int64)
        for i in range(len(reels)):
            item = rule.sets[i] if rule.kind == "pattern" else rule.sets[0]
            if item is None:
                continue
            nat_lut = np.array([s in item for s in local[i]], dtype=bool)
            sub_lut = np.zeros(radices[i], dtype=np.int64)
            if rule.wild:
                for j, s in enumerate(local[i]):
                    for w in wilds:
                        if w.name == s and s not in item and w.substitutes & item:
                            sub_lut[j] = w.multiplier
            nat = nat_lut[digit[i]]
            sub = sub_lut[digit[i]]
            natural_any |= nat
            subst = (sub > 0) & ~nat
            mult *= np.where(subst, sub, 1)
            if rule.kind == "pattern":
                ok &= nat | subst
            else:
                counted += nat | subst
        if rule.kind == "count":
            ok = counted >= rule.min_count
        match = ok & natural_any
        v = np.where(match, rule.pays * mult, 0)
        # first_match: the first matching rule; highest: strictly better (ties keep the earlier)
        sel = match & (rule_id < 0) if first else match & (v > value)
        value[sel] = v[sel]
        rule_id[sel] = index
    return value, rule_id, strides


def _line_codes(reels: Sequence[Reel], line: Sequence[int], strides: Sequence[int]) -> list[I64]:
    """Per reel: the code contribution of each stop for this line."""
    out: list[I64] = []
    for i, reel in enumerate(reels):
        local = {s: j for j, s in enumerate(sorted(set(reel.strip)))}
        idx = np.array([local[s] for s in reel.strip], dtype=np.int64)
        length = len(reel.strip)
        out.append(idx[(np.arange(length) + line[i]) % length] * strides[i])
    return out


def _scatter_per_stop(reels: Sequence[Reel], rows: int, symbol: str | None) -> list[I64]:
    out: list[I64] = []
    for reel in reels:
        length = len(reel.strip)
        is_sc = np.array([s == symbol for s in reel.strip], dtype=np.int64)
        counts = np.zeros(length, dtype=np.int64)
        for r in range(rows):
            counts += is_sc[(np.arange(length) + r) % length]
        out.append(counts)
    return out


def _weights(reel: Reel) -> I64:
    if reel.weights is None:
        return np.ones(len(reel.strip), dtype=np.int64)
    return np.array(reel.weights, dtype=np.int64)


def _outer_sum(parts: Sequence[I64]) -> I64:
    total = np.zeros(1, dtype=np.int64)
    for part in parts:
        total = (total[:, None] + part[None, :]).ravel()
    return total


def _outer_prod(parts: Sequence[I64]) -> I64:
    total = np.ones(1, dtype=np.int64)
    for part in parts:
        total = (total[:, None] * part[None, :]).ravel()
    return total


# ------------------------------------------------------------------ enumeration


def _rule_stats(
    model: SlotModel, reels: Sequence[Reel], value: I64, rule_id: I64, strides: Sequence[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Per rule: line hits and credits over the cycle, line by line (exact)."""
    local = _local_symbols(reels)
    hits = [0] * len(model.rules)
    pays = [0] * len(model.rules)
    for line in model.paylines:
        per_reel: list[I64] = []
        for i, reel in enumerate(reels):
            index = {s: j for j, s in enumerate(local[i])}
            length = len(reel.strip)
            w = _weights(reel)
            dist = np.zeros(len(local[i]), dtype=np.int64)
            for stop in range(length):
                dist[index[reel.strip[(stop + line[i]) % length]]] += w[stop]
            per_reel.append(dist)
        # code = sum(d_i * stride_i), stride_0 = 1: reel 0 varies fastest
        counts = _outer_prod(per_reel[::-1])
        for k in range(len(model.rules)):
            mask = rule_id == k
            if not mask.any():
                continue
            c = counts[mask]
            hits[k] += int(c.sum())
            pays[k] += _exact_dot(c, value[mask])
    return tuple(hits), tuple(pays)


def _exact_dot(a: I64, b: I64) -> int:
    """sum(a * b) exactly: int64 when it can't overflow, else Python integers."""
    if a.size == 0:
        return 0
    bound = int(np.abs(a).max()) * int(np.abs(b).max()) * a.size
    if bound < 2**62:
        return int(np.dot(a, b))
    return sum(int(x) * int(y) for x, y in zip(a.tolist(), b.tolist(), strict=True))


def enumerate_numpy(model: SlotModel, reels: Sequence[Reel]) -> ReelSetStats:
    """Full-cycle enumeration, vectorised over the trailing reels."""
    n = len(reels)
    value, rule_id, strides = line_table(model, reels)
    lengths = [len(reel.strip) for reel in reels]
    split = n - 1
    while split > 0 and math.prod(lengths[split - 1 :]) <= BLOCK:
        split -= 1
    lines = model.line_count
    line_codes = [_line_codes(reels, line, strides) for line in model.paylines]
    # every suffix array runs over the stops of reels split..n-1 in the same order
    suffix_codes = [_outer_sum(codes[split:]) for codes in line_codes]
    symbol = model.scatter.symbol if model.scatter is not None else None
    sc = _scatter_per_stop(reels, model.rows, symbol)
    suffix_sc = _outer_sum(sc[split:])
    weighted = any(reel.weights is not None for reel in reels)
    w_arrays = [_weights(reel) for reel in reels]
    suffix_w = _outer_prod(w_arrays[split:])
    k_max = sum(int(x.max()) for x in sc)
    scatter_pay = np.array(
        [
            count_table_value(model.scatter.pays, k) * lines if model.scatter else 0
            for k in range(k_max + 1)
        ],
        dtype=np.int64,
    )
    a_max = int(value.max()) * lines + int(scatter_pay.max())
    k_span = k_max + 1
    n_bins = (a_max + 1) * k_span
    use_bincount = n_bins <= MAX_BINCOUNT
    if weighted and int(suffix_w.sum()) >= 2**53:
        raise ModelError(f"{model.source}: reel weights too large for exact vectorised enumeration")
    totals: I64 = np.zeros(n_bins if use_bincount else 0, dtype=np.int64)
    sparse: dict[int, int] = {}
    size = suffix_sc.size
    award = np.empty(size, dtype=np.int64)
    buf = np.empty(size, dtype=np.int64)
    for prefix in itertools.product(*(range(length) for length in lengths[:split])):
        award.fill(0)
        for codes, suffix in zip(line_codes, suffix_codes, strict=True):
            offset = sum(int(codes[i][s]) for i, s in enumerate(prefix))
            np.add(suffix, offset, out=buf)
            award += value.take(buf)
        k = suffix_sc + sum(int(sc[i][s]) for i, s in enumerate(prefix))
        award += scatter_pay.take(k)
        joint = award * k_span + k
        prefix_w = math.prod(int(w_arrays[i][s]) for i, s in enumerate(prefix))
        if use_bincount:
            if weighted:
                block = np.rint(
                    np.bincount(joint, weights=suffix_w.astype(np.float64), minlength=n_bins)
                ).astype(np.int64)
            else:
                block = np.bincount(joint, minlength=n_bins)
            if prefix_w != 1:
                block *= prefix_w
            totals += block
        else:
            keys, inverse = np.unique(joint, return_inverse=True)
            sums = np.bincount(inverse.ravel(), weights=suffix_w.astype(np.float64))
            for key, s in zip(keys.tolist(), sums.tolist(), strict=True):
                sparse[key] = sparse.get(key, 0) + round(s) * prefix_w
    if use_bincount:
        nonzero = np.flatnonzero(totals)
        for key, count in zip(nonzero.tolist(), totals[nonzero].tolist(), strict=True):
            sparse[key] = count
    joint_counts = {(key // k_span, key % k_span): count for key, count in sparse.items()}
    hits, pays = _rule_stats(model, reels, value, rule_id, strides)
    cycle = math.prod(reel.total for reel in reels)
    return ReelSetStats(cycle, dict(sorted(joint_counts.items())), hits, pays)


def enumerate_python(model: SlotModel, reels: Sequence[Reel]) -> ReelSetStats:
    """The same counts by playing every combination of stops through the round's
    own evaluation code (slow; for small models and cross-checks)."""
    from games.slots.engine import spin

    evaluator = LineEvaluator(model)
    lines = model.line_count
    joint: dict[tuple[int, int], int] = {}
    hits = [0] * len(model.rules)
    pays = [0] * len(model.rules)
    for stops in itertools.product(*(range(len(reel.strip)) for reel in reels)):
        weight = math.prod(reel.weight(s) for reel, s in zip(reels, stops, strict=True))
        result = spin(model, evaluator, reels, stops)
        key = (result.credits(lines), result.scatter_count)
        joint[key] = joint.get(key, 0) + weight
        for _, _, rule, p, m in result.line_hits:
            hits[rule] += weight
            pays[rule] += weight * p * m
    cycle = math.prod(reel.total for reel in reels)
    return ReelSetStats(cycle, dict(sorted(joint.items())), tuple(hits), tuple(pays))


# ------------------------------------------------------------------------ sheet


@dataclass(frozen=True)
class FeatureSheet:
    """The free-spin feature, exactly (credits; see the module docstring)."""

    stats: ReelSetStats
    multiplier: int
    mean_award: Fraction  # E[X], credits per free spin, multiplier included
    mean_retrigger: Fraction  # E[R]
    value_per_spin: Fraction  # m = E[X] / (1 - E[R])
    variance_per_spin: Fraction  # v
    expected_spins_per_spin: Fraction  # 1 / (1 - E[R])
    trigger_probability: Fraction
    expected_spins_awarded: Fraction  # E[N] per base spin
    rtp: Fraction  # the feature's share of the game's RTP


@dataclass(frozen=True)
class ParSheet:
    model: SlotModel
    base: ReelSetStats
    feature: FeatureSheet | None
    rtp: Fraction
    base_rtp: Fraction
    hit_frequency: Fraction
    variance: Fraction  # of the return per unit of total stake, per spin
    max_award: int
    max_award_count: int
    method: str

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance)

    @property
    def volatility_index(self) -> float:
        return Z_90 * self.sd

    @property
    def rtp_matches_declared(self) -> bool | None:
        return None if self.model.rtp is None else self.model.rtp == self.rtp

    def to_json(self) -> dict[str, Any]:
        return _sheet_json(self)


def _moments(
    stats: ReelSetStats, x_of: Any, y_of: Any
) -> tuple[Fraction, Fraction, Fraction, Fraction, Fraction]:
    """E[X], E[Y], E[X^2], E[Y^2], E[XY] over the joint table."""
    sx = sy = sxx = syy = sxy = 0
    for (a, k), n in stats.joint.items():
        x = x_of(a, k)
        y = y_of(a, k)
        sx += n * x
        sy += n * y
        sxx += n * x * x
        syy += n * y * y
        sxy += n * x * y
    c = stats.cycle
    return (Fraction(sx, c), Fraction(sy, c), Fraction(sxx, c), Fraction(syy, c), Fraction(sxy, c))


def _check_totals(model: SlotModel, stats: ReelSetStats, where: str) -> None:
    lines = model.line_count
    total = sum(a * n for (a, _), n in stats.joint.items())
    scatter = 0
    if model.scatter is not None:
        scatter = sum(
            count_table_value(model.scatter.pays, k) * lines * n
            for k, n in stats.scatter_counts().items()
        )
    if sum(stats.joint.values()) != stats.cycle or total != sum(stats.rule_pays) + scatter:
        raise RuntimeError(f"{where}: enumeration totals disagree (internal error)")


def par_sheet(model: SlotModel, *, method: str = "numpy") -> ParSheet:
    """The exact PAR sheet of ``model`` (method "numpy" or "python")."""
    if method == "numpy":
        enumerate_set = enumerate_numpy
    elif method == "python":
        enumerate_set = enumerate_python
    else:
        raise ValueError(f"method={method!r}; use 'numpy' or 'python'")
    lines = model.line_count
    base = enumerate_set(model, model.reels)
    _check_totals(model, base, "base game")
    fs = model.free_spins

    def trig(_a: int, k: int) -> int:
        return count_table_value(fs.trigger, k) if fs is not None else 0

    feature: FeatureSheet | None = None
    m = v = Fraction(0)
    if fs is not None:
        fstats = enumerate_set(model, fs.reels)
        _check_totals(model, fstats, "free spins")
        ex, er, exx, err, exr = _moments(
            fstats,
            lambda a, _k: fs.multiplier * a,
            lambda _a, k: count_table_value(fs.retrigger, k),
        )
        rho = 1 - er
        if rho <= 0:
            raise ModelError(f"{model.source}: free_spins: retriggers never end (E[R] >= 1)")
        m = ex / rho
        v = ((exx - ex * ex) + 2 * m * (exr - ex * er) + m * m * (err - er * er)) / rho
        en = _moments(base, trig, trig)[0]
        p_trigger = Fraction(
            sum(n for (a, k), n in base.joint.items() if trig(a, k) > 0), base.cycle
        )
        feature = FeatureSheet(
            stats=fstats,
            multiplier=fs.multiplier,
            mean_award=ex,
            mean_retrigger=er,
            value_per_spin=m,
            variance_per_spin=v,
            expected_spins_per_spin=1 / rho,
            trigger_probability=p_trigger,
            expected_spins_awarded=en,
            rtp=m * en / lines,
        )
    eb, _, _, _, _ = _moments(base, lambda a, _k: a, trig)
    mean, _, second, _, _ = _moments(base, lambda a, k: a + m * trig(a, k), trig)
    en = feature.expected_spins_awarded if feature is not None else Fraction(0)
    variance_credits = second - mean * mean + v * en
    hit = sum(n for (a, k), n in base.joint.items() if a > 0 or trig(a, k) > 0)
    awards = base.awards()
    max_award = max(awards)
    return ParSheet(
        model=model,
        base=base,
        feature=feature,
        rtp=mean / lines,
        base_rtp=eb / lines,
        hit_frequency=Fraction(hit, base.cycle),
        variance=variance_credits / (lines * lines),
        max_award=max_award,
        max_award_count=awards[max_award],
        method=method,
    )


# ---------------------------------------------------------------------- output


def _odds(count: int, cycle: int) -> str:
    return f"1 in {cycle / count:,.1f}" if count else "never"


def _rule_rows(
    model: SlotModel, stats: ReelSetStats, multiplier: int, denominator: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for rule, hits, pays in zip(model.rules, stats.rule_hits, stats.rule_pays, strict=True):
        rows.append(
            {
                "rule": rule.name,
                "pays": rule.pays,
                "hits": hits,
                "credits": pays * multiplier,
                "rtp": fraction_text(Fraction(pays * multiplier, denominator)),
            }
        )
    if model.scatter is not None:
        lines = model.line_count
        for k, n in stats.scatter_counts().items():
            p = count_table_value(model.scatter.pays, k)
            if p:
                rows.append(
                    {
                        "rule": f"scatter {model.scatter.symbol} x{k}",
                        "pays": p * lines,
                        "hits": n,
                        "credits": p * lines * n * multiplier,
                        "rtp": fraction_text(Fraction(p * lines * n * multiplier, denominator)),
                    }
                )
    return rows


def _sheet_json(sheet: ParSheet) -> dict[str, Any]:
    model = sheet.model
    lines = model.line_count
    base = sheet.base
    out: dict[str, Any] = {
        "game_id": model.game_id,
        "name": model.name,
        "version": model.version,
        "source": model.source,
        "method": f"full-cycle enumeration ({sheet.method})",
        "reels": model.reel_count,
        "rows": model.rows,
        "lines": lines,
        "cycle": base.cycle,
        "reel_lengths": [reel.total for reel in model.reels],
        "credits": "multiples of the bet per line; total stake = lines credits",
        "rtp": fraction_text(sheet.rtp),
        "rtp_decimal": float(sheet.rtp),
        "base_rtp": fraction_text(sheet.base_rtp),
        "declared_rtp": fraction_text(model.rtp) if model.rtp is not None else None,
        "declared_rtp_matches": sheet.rtp_matches_declared,
        "hit_frequency": fraction_text(sheet.hit_frequency),
        "hit_frequency_decimal": float(sheet.hit_frequency),
        "variance": fraction_text(sheet.variance),
        "variance_decimal": float(sheet.variance),
        "sd": sheet.sd,
        "volatility_index_90": sheet.volatility_index,
        "variance_method": "exact (compound feature by Wald's identities)"
        if sheet.feature is not None
        else "exact",
        "max_win": {
            "credits": sheet.max_award,
            "x_total_bet": fraction_text(Fraction(sheet.max_award, lines)),
            "count": sheet.max_award_count,
            "probability": fraction_text(Fraction(sheet.max_award_count, base.cycle)),
            "odds": _odds(sheet.max_award_count, base.cycle),
            "scope": "base spin (a feature's win is unbounded with retriggers)"
            if sheet.feature is not None
            else "spin",
        },
        "award_distribution": [[a, n] for a, n in base.awards().items()],
        "contributions": _rule_rows(model, base, 1, base.cycle * lines),
        "feature": None,
    }
    if sheet.feature is not None:
        f = sheet.feature
        assert model.free_spins is not None
        out["feature"] = {
            "cycle": f.stats.cycle,
            "multiplier": f.multiplier,
            "trigger": {str(k): s for k, s in model.free_spins.trigger},
            "retrigger": {str(k): s for k, s in model.free_spins.retrigger},
            "trigger_probability": fraction_text(f.trigger_probability),
            "trigger_odds": _odds(
                f.trigger_probability.numerator, f.trigger_probability.denominator
            ),
            "expected_spins_awarded_per_base_spin": fraction_text(f.expected_spins_awarded),
            "mean_award_per_free_spin": fraction_text(f.mean_award),
            "retrigger_mean_per_free_spin": fraction_text(f.mean_retrigger),
            "expected_spins_per_spin_awarded": fraction_text(f.expected_spins_per_spin),
            "value_per_spin_awarded": fraction_text(f.value_per_spin),
            "variance_per_spin_awarded": fraction_text(f.variance_per_spin),
            "rtp": fraction_text(f.rtp),
            "rtp_decimal": float(f.rtp),
            "award_distribution": [[a, n] for a, n in f.stats.awards().items()],
            "contributions": _rule_rows(model, f.stats, f.multiplier, f.stats.cycle * lines),
        }
    return out


def render_par(sheet: ParSheet) -> str:
    """The PAR sheet for people."""
    data = sheet.to_json()
    lines = data["lines"]
    out = [
        f"PAR sheet: {data['name']} ({data['game_id']} v{data['version']})",
        f"  {data['reels']} reels x {data['rows']} rows, {lines} line(s); "
        f"cycle {data['cycle']:,} ({' x '.join(str(n) for n in data['reel_lengths'])})",
        f"  method: {data['method']}; credits are multiples of the bet per line",
        "",
        f"  RTP              {data['rtp_decimal']:.6%}  = {data['rtp']}",
        f"  base game RTP    {float(sheet.base_rtp):.6%}",
    ]
    if data["declared_rtp"] is not None:
        status = "matches" if data["declared_rtp_matches"] else "DIFFERS"
        out.append(f"  declared RTP     {status} ({data['declared_rtp']})")
    out += [
        f"  hit frequency    {data['hit_frequency_decimal']:.6%}  "
        f"(1 in {1 / data['hit_frequency_decimal']:.3f})",
        f"  SD per spin      {data['sd']:.4f} x total bet  "
        f"(variance {data['variance_decimal']:.4f}, {data['variance_method']})",
        f"  volatility index {data['volatility_index_90']:.4f} (90%, z = {Z_90})",
        f"  max win          {data['max_win']['credits']:,} credits "
        f"({float(Fraction(data['max_win']['x_total_bet'])):g} x total bet), "
        f"{data['max_win']['odds']} — {data['max_win']['scope']}",
        "",
        "  pay rule                       pays        hits            RTP",
    ]
    for row in data["contributions"]:
        out.append(
            f"  {row['rule']:<28} {row['pays']:>6} {row['hits']:>13,} "
            f"{float(Fraction(row['rtp'])):>13.6%}"
        )
    f = data["feature"]
    if f is not None:
        out += [
            "",
            f"  free spins (multiplier x{f['multiplier']}, feature cycle {f['cycle']:,})",
            f"    trigger          {f['trigger_odds']}, "
            f"{float(Fraction(f['expected_spins_awarded_per_base_spin'])):.6f} spins per base spin",
            f"    per free spin    {float(Fraction(f['mean_award_per_free_spin'])):.6f} credits, "
            f"{float(Fraction(f['retrigger_mean_per_free_spin'])):.6f} retriggered spins",
            f"    per spin awarded {float(Fraction(f['expected_spins_per_spin_awarded'])):.6f} "
            f"spins played, value {float(Fraction(f['value_per_spin_awarded'])):.4f} credits",
            f"    feature RTP      {f['rtp_decimal']:.6%}",
        ]
        for row in f["contributions"]:
            out.append(
                f"    {row['rule']:<26} {row['pays']:>6} {row['hits']:>13,} "
                f"{float(Fraction(row['rtp'])):>13.6%} (per free spin)"
            )
    out += ["", "  award distribution (credits: count over the cycle)"]
    for a, n in data["award_distribution"]:
        out.append(f"    {a:>8}: {n:,}")
    return "\n".join(out)
