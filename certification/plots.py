"""The report's figures, as PNG data URIs (matplotlib, Agg backend; no external resources).

Every function takes the report document (what report.json holds) and returns
``(title, data URI)`` pairs, so the HTML is a function of the JSON alone. PNGs
are written without a software/date tag, so the same report gives the same bytes
on the same library versions.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["figures"]

Figure = tuple[str, str]


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _frac(text: str) -> float:
    return float(Fraction(text))


def _nist_figures(nist: Mapping[str, Any], tests: list[Mapping[str, Any]]) -> list[Figure]:
    out: list[Figure] = []
    values = [
        p
        for per_test in nist["pvalues"].values()
        for seq in per_test
        if seq is not None
        for p in seq
        if p is not None
    ]
    if values:
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ax.hist(values, bins=10, range=(0, 1), color="#4a78a8", edgecolor="white")
        ax.axhline(len(values) / 10, color="#b03030", linestyle="--", label="uniform expectation")
        ax.set_xlabel("P-value")
        ax.set_ylabel("count")
        ax.set_title(f"SP 800-22: all {len(values):,} first-level P-values")
        ax.legend(loc="lower right")
        fig.tight_layout()
        out.append(("Histogram of SP 800-22 P-values", _png(fig)))
    per_test = {
        key: [p for seq in per_seq if seq is not None for p in seq if p is not None]
        for key, per_seq in nist["pvalues"].items()
    }
    per_test = {k: v for k, v in per_test.items() if v}
    if per_test:
        columns = 5
        lines = -(-len(per_test) // columns)
        fig, axes = plt.subplots(lines, columns, figsize=(9, 1.7 * lines + 0.6), squeeze=False)
        for ax, (key, values_k) in zip(axes.flat, per_test.items(), strict=False):
            ax.hist(values_k, bins=10, range=(0, 1), color="#4a78a8", edgecolor="white")
            ax.axhline(len(values_k) / 10, color="#b03030", linestyle="--", linewidth=0.8)
            ax.set_title(key, fontsize=7)
            ax.tick_params(labelsize=6)
        for ax in list(axes.flat)[len(per_test) :]:
            ax.axis("off")
        fig.suptitle("SP 800-22: P-value histogram per test (dashed: uniform)", fontsize=9)
        fig.tight_layout()
        out.append(("P-value histograms per SP 800-22 test", _png(fig)))
    rows = [t for t in tests if t["verdict"] != "not run" and "passed" in t["parameters"]]
    if rows:
        keys: list[str] = []
        for t in rows:
            key = t["id"].split("[")[0].removeprefix("nist.")
            if key not in keys:
                keys.append(key)
        fig, ax = plt.subplots(figsize=(7, 0.32 * len(keys) + 1.4))
        for t in rows:
            y = keys.index(t["id"].split("[")[0].removeprefix("nist."))
            colour = "#b03030" if t["verdict"] != "pass" else "#4a78a8"
            ax.scatter([t["parameters"]["proportion"]], [y], c=colour, s=12, alpha=0.7)
        m = max(t["n"] for t in rows)
        alpha = 0.01
        low = (1 - alpha) - 3 * math.sqrt(alpha * (1 - alpha) / m)
        ax.axvline(low, color="#b03030", linestyle="--", label=f"lower bound (m = {m})")
        ax.axvline(1 - alpha, color="grey", linestyle=":", label="1 - alpha")
        ax.set_yticks(range(len(keys)))
        ax.set_yticklabels(keys, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("proportion of sequences passing (one dot per report row)")
        ax.set_title("SP 800-22: proportion of passing sequences")
        proportions = [t["parameters"]["proportion"] for t in rows]
        ax.set_xlim(min(min(proportions), low) - 0.02, 1.005)
        ax.legend(loc="lower left", fontsize=8)
        fig.tight_layout()
        out.append(("Proportion of passing sequences", _png(fig)))
    return out


def _pvalue_figure(tests: list[Mapping[str, Any]], title: str) -> list[Figure]:
    values = [t["pvalue"] for t in tests if t["pvalue"] is not None]
    if len(values) < 2:
        return []
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(values, bins=10, range=(0, 1), color="#4a78a8", edgecolor="white")
    ax.axhline(len(values) / 10, color="#b03030", linestyle="--", label="uniform expectation")
    ax.set_xlabel("P-value")
    ax.set_ylabel("tests")
    ax.set_title(title)
    ax.legend(loc="upper right")
    fig.tight_layout()
    return [(title, _png(fig))]


def _rtp_figure(game: Mapping[str, Any]) -> list[Figure]:
    points = game.get("convergence") or []
    if not points:
        return []
    n = np.array([p[0] for p in points], dtype=float)
    mean = np.array([p[1] for p in points], dtype=float)
    rtp = float(game["exact_rtp_float"])
    sd = game.get("exact_sd") or game["simulated_sd"]
    half = 2.5758293035489004 * float(sd) / np.sqrt(n)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.fill_between(n, rtp - half, rtp + half, color="#9cc3e6", alpha=0.6, label="99 % band")
    ax.axhline(rtp, color="#1f4e79", label=f"exact RTP {rtp:.6f}")
    ax.plot(n, mean, color="#b03030", marker="." if len(n) < 60 else None, label="simulated")
    ax.set_xscale("log" if n[-1] / max(n[0], 1) > 20 else "linear")
    ax.set_xlabel("rounds")
    ax.set_ylabel("return per unit staked")
    ax.set_title(f"{game['game_id']}: RTP convergence")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return [("RTP convergence with its 99 % confidence band", _png(fig))]


def _award_figure(game: Mapping[str, Any]) -> list[Figure]:
    exact = game.get("exact_awards")
    observed = game.get("observed_awards")
    if not exact or observed is None:
        return []
    keys = sorted({*exact, *observed}, key=lambda k: int(k))
    total = sum(int(v) for v in observed.values())
    obs = [int(observed.get(k, 0)) / total for k in keys]
    exp = [_frac(exact[k]) if k in exact else 0.0 for k in keys]
    x = np.arange(len(keys))
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.bar(x - 0.2, exp, width=0.4, label="exact", color="#1f4e79")
    ax.bar(x + 0.2, obs, width=0.4, label="observed", color="#e39b3b")
    ax.set_yscale("log")
    step = max(1, len(keys) // 20)
    ax.set_xticks(x[::step])
    ax.set_xticklabels([keys[i] for i in range(0, len(keys), step)], rotation=45, fontsize=7)
    ax.set_xlabel(str(game.get("award_label", "award")))
    ax.set_ylabel("probability")
    ax.set_title("Award distribution against theory")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return [("Award distribution against theory", _png(fig))]


def _positions_figure(game: Mapping[str, Any]) -> list[Figure]:
    table = game.get("positions_table")
    if not table:
        return []
    arr = np.asarray(table, dtype=float)
    n = arr.shape[0]
    expected = arr.sum() / (n * n)
    z = (arr - expected) / math.sqrt(expected) if expected > 0 else arr
    fig, ax = plt.subplots(figsize=(6, 5.2))
    limit = max(3.0, float(np.abs(z).max()))
    image = ax.imshow(z, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_xlabel("card (position in the unshuffled shoe)")
    ax.set_ylabel("position after the shuffle")
    ax.set_title(f"Position x card: (O - E) / sqrt(E), E = {expected:.1f}")
    fig.colorbar(image, ax=ax, shrink=0.8)
    fig.tight_layout()
    return [("Position-by-card heat map", _png(fig))]


def _counts_figure(title: str, counts: list[int]) -> list[Figure]:
    if not counts:
        return []
    arr = np.asarray(counts, dtype=float)
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.bar(np.arange(arr.size), arr, color="#4a78a8", width=0.9)
    ax.axhline(arr.sum() / arr.size, color="#b03030", linestyle="--", label="uniform expectation")
    ax.set_xlabel("outcome")
    ax.set_ylabel("count")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return [(title, _png(fig))]


def figures(report: Mapping[str, Any]) -> dict[str, list[Figure]]:
    """Section name -> figures, for the HTML template."""
    out: dict[str, list[Figure]] = {"raw_output": [], "final_outcomes": [], "game_math": []}
    raw = report["raw_output"]["section"]
    raw_tests = report["raw_output"]["tests"]
    if raw:
        if raw.get("nist"):
            nist_tests = [t for t in raw_tests if t["id"].startswith("nist.")]
            out["raw_output"] += _nist_figures(raw["nist"], nist_tests)
        if raw.get("outcomes"):
            out["raw_output"] += _counts_figure(
                "Byte frequencies", raw["outcomes"].get("counts", [])
            )
            others = [t for t in raw_tests if not t["id"].startswith("nist.")]
            out["raw_output"] += _pvalue_figure(others, "Outcome tests on bytes: P-values")
    final = report["final_outcomes"]["section"]
    if final:
        if final.get("pocket_counts"):
            out["final_outcomes"] += _counts_figure("Pocket frequencies", final["pocket_counts"])
        for i, counts in enumerate(final.get("stop_counts") or []):
            out["final_outcomes"] += _counts_figure(f"Reel {i + 1} stop frequencies", counts)
        out["final_outcomes"] += _positions_figure(final)
        out["final_outcomes"] += _pvalue_figure(
            report["final_outcomes"]["tests"], "Final-outcome tests: P-values"
        )
    math_section = report["game_math"]["section"]
    if math_section:
        merged = {**final, **math_section}
        out["game_math"] += _rtp_figure(merged)
        out["game_math"] += _award_figure(merged)
    return out
