"""``alea stats``: statistical test batteries on a file of bits.

``alea stats nist FILE`` runs NIST SP 800-22 (all 15 tests, sts-2.1.2's default
parameters) over m sequences of n bits and prints a table like NIST's
finalAnalysisReport. Other batteries plug in as further subcommands: add a
``_configure_<name>`` that registers a subparser with ``handler`` set.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any, TextIO

__all__ = ["configure", "run"]

DEFAULT_LENGTH = 1_000_000

#: Without --streams, at most this many sequences are read (bits take a byte each in memory).
MAX_DEFAULT_STREAMS = 1000


class StatsUsageError(ValueError):
    """A bad option value or a file that can't hold the sequences asked for."""


def configure(parser: argparse.ArgumentParser) -> None:
    batteries = parser.add_subparsers(dest="battery", metavar="BATTERY", required=True)
    _configure_nist(batteries)


def run(args: argparse.Namespace) -> int:
    handler = args.handler
    return int(handler(args))


# --- NIST SP 800-22 ---------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return value


def _configure_nist(batteries: Any) -> None:
    nist = batteries.add_parser(
        "nist",
        help="NIST SP 800-22 rev1a: 15 tests plus proportion and uniformity analysis",
        description="Run the NIST SP 800-22 rev1a battery (sts-2.1.2 default parameters) "
        "over --streams sequences of --length bits read from FILE.",
    )
    nist.add_argument("file", metavar="FILE", help="bits: raw binary (MSB first) or ASCII 0/1")
    nist.add_argument(
        "--mode",
        choices=("sts", "exact"),
        default="sts",
        help="sts: reproduce sts-2.1.2 and Appendix B, quirks included (default); "
        "exact: corrected probabilities and exact second-level arithmetic",
    )
    nist.add_argument(
        "--streams",
        type=_positive,
        default=None,
        metavar="M",
        help=f"number of sequences (default: as many as the file holds, at most "
        f"{MAX_DEFAULT_STREAMS})",
    )
    nist.add_argument(
        "--length",
        type=_positive,
        default=DEFAULT_LENGTH,
        metavar="N",
        help=f"bits per sequence (default {DEFAULT_LENGTH:,})",
    )
    nist.add_argument(
        "--format",
        choices=("auto", "binary", "ascii"),
        default="auto",
        help="input format (default: auto-detect)",
    )
    nist.add_argument("--json", action="store_true", help="print the report as JSON")
    nist.add_argument(
        "--jobs", type=_positive, default=1, metavar="J", help="worker processes (default 1)"
    )
    nist.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="run tests even below SP 800-22's recommended input sizes",
    )
    nist.set_defaults(handler=_run_nist)


class _Progress:
    """Progress on stderr: a redrawn bar on a terminal, a line per 10 % otherwise."""

    def __init__(self, stream: TextIO, sequences: int) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._sequences = sequences
        self._last_decile = -1
        self._start = time.monotonic()

    def __call__(self, event: Any) -> None:
        fraction = event.done / event.total
        finished = event.done * self._sequences // event.total
        elapsed = time.monotonic() - self._start
        if self._tty:
            width = 30
            filled = int(fraction * width)
            bar = "#" * filled + "." * (width - filled)
            test = event.test or ""
            self._stream.write(
                f"\r[{bar}] {fraction:4.0%} {finished}/{self._sequences} sequences "
                f"{elapsed:6.1f}s {test:<28}"
            )
            if event.done == event.total:
                self._stream.write("\n")
            self._stream.flush()
            return
        decile = int(fraction * 10)
        if decile > self._last_decile:
            self._last_decile = decile
            print(
                f"alea stats nist: {fraction:.0%} ({finished}/{self._sequences} sequences, "
                f"{elapsed:.1f}s)",
                file=self._stream,
                flush=True,
            )


def _load(args: argparse.Namespace) -> Any:
    from stats_tests.bits import read_bits
    from stats_tests.nist.battery import split_sequences

    length = args.length
    max_bits = (args.streams or MAX_DEFAULT_STREAMS) * length
    bits = read_bits(args.file, format=args.format, max_bits=max_bits)
    available = bits.size // length
    if available == 0:
        raise StatsUsageError(
            f"{args.file} holds {bits.size} bits, fewer than one sequence of --length {length}"
        )
    if args.streams is not None and args.streams > available:
        raise StatsUsageError(
            f"{args.file} holds {bits.size} bits: {available} sequence(s) of {length} bits, "
            f"not the {args.streams} asked for with --streams"
        )
    return split_sequences(bits, length, args.streams or available)


def _run_nist(args: argparse.Namespace) -> int:
    from stats_tests.nist.battery import run_battery

    sequences = _load(args)
    count = sequences.shape[0]
    progress = _Progress(sys.stderr, count)
    result = run_battery(
        sequences, mode=args.mode, strict=args.strict, jobs=args.jobs, progress=progress
    )
    if args.json:
        print(json.dumps(_report_json(result, args), indent=2))
    else:
        print(_report_table(result, args.file))
    return 0


def _number(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return value


def _report_json(result: Any, args: argparse.Namespace) -> dict[str, Any]:
    from stats_tests.nist.battery import EXACT_MODE_DEVIATIONS, TESTS

    names = {spec.key: spec.report_name for spec in TESTS}
    tests = []
    for key in result.tests:
        entry: dict[str, Any] = {
            "key": key,
            "name": names[key],
            "parameters": result.parameters.get(key, {}),
            "seconds": round(result.seconds.get(key, 0.0), 6),
        }
        if key in result.skipped:
            entry["skipped"] = result.skipped[key]
        else:
            entry["rows"] = [
                {
                    "variant": row.variant,
                    "histogram": list(row.histogram),
                    "expected_count": row.expected_count,
                    "uniformity_statistic": _number(row.uniformity_statistic),
                    "uniformity_pvalue": _number(row.uniformity_pvalue),
                    "sample_size": row.sample_size,
                    "passed_count": row.passed_count,
                    "proportion": row.proportion,
                    "proportion_bounds": (
                        list(row.proportion_bounds) if row.proportion_bounds else None
                    ),
                    "min_passed": row.min_passed,
                    "max_passed": row.max_passed,
                    "verdict": row.verdict,
                }
                for row in result.second_level[key]
            ]
            entry["pvalues"] = [
                list(r.pvalues) if r.applicable else None for r in result.results[key]
            ]
        tests.append(entry)
    return {
        "battery": "NIST SP 800-22 rev1a",
        "file": str(args.file),
        "mode": result.mode.value,
        "sequences": result.sequences,
        "length": result.length,
        "strict": args.strict,
        "passed": result.passed,
        "deviations_from_appendix_b": (
            list(EXACT_MODE_DEVIATIONS) if result.mode.value == "exact" else []
        ),
        "tests": tests,
    }


_RULE = "-" * 78


def _report_table(result: Any, source: str) -> str:
    from stats_tests.nist.battery import EXACT_MODE_DEVIATIONS, TESTS

    names = {spec.key: spec.report_name for spec in TESTS}
    lines = [
        _RULE,
        "RESULTS FOR THE UNIFORMITY OF P-VALUES AND THE PROPORTION OF PASSING SEQUENCES",
        _RULE,
        f"   generator is <{source}>  (mode {result.mode.value}, "
        f"{result.sequences} sequences of {result.length} bits)",
        _RULE,
        " C1  C2  C3  C4  C5  C6  C7  C8  C9 C10  P-VALUE  PROPORTION  STATISTICAL TEST",
        _RULE,
    ]
    for key in result.tests:
        if key in result.skipped:
            continue
        for row in result.second_level[key]:
            name = names[key] + (f" {row.variant}" if row.variant else "")
            cells = "".join(f"{count:3d} " for count in row.histogram)
            if row.uniformity_pvalue is None:
                uniformity = "    ----    "
            elif row.uniformity_ok:
                uniformity = f" {row.uniformity_pvalue:8.6f}   "
            else:
                uniformity = f" {row.uniformity_pvalue:8.6f} * "
            if row.sample_size == 0:
                proportion = f" ------     {name}"
            elif row.proportion_ok:
                proportion = f"{row.passed_count:4d}/{row.sample_size:<4d}    {name}"
            else:
                proportion = f"{row.passed_count:4d}/{row.sample_size:<4d} *  {name}"
            lines.append(cells + uniformity + proportion)
    lines.append("- " * 39 + "-")
    general = [r for r in result.rows if r.name not in _EXCURSIONS and r.sample_size]
    excursion = [r for r in result.rows if r.name in _EXCURSIONS and r.sample_size]
    if general:
        row = general[0]
        lines.append(
            "The minimum pass rate for each statistical test with the exception of the random "
            f"excursion (variant) test is {row.min_passed} for a sample size of "
            f"{row.sample_size} binary sequences."
        )
    if excursion:
        row = min(excursion, key=lambda r: r.sample_size)
        lines.append(
            f"The minimum pass rate for the random excursion (variant) test is {row.min_passed} "
            f"for a sample size of {row.sample_size} binary sequences."
        )
    for key, reason in result.skipped.items():
        reason = reason.replace("pass strict=False", "use --no-strict")
        lines.append(f"Not run: {names[key]}: {reason}")
    if result.mode.value == "exact":
        lines.append("Exact mode; where this report deviates from sts-2.1.2 / Appendix B:")
        lines.extend(f"  - {text}" for text in EXACT_MODE_DEVIATIONS)
    verdict = {True: "PASS", False: "FAIL", None: "NOT JUDGED"}[result.passed]
    flagged = sum(1 for r in result.rows if r.passed is False)
    lines.append(f"Verdict: {verdict} ({flagged} of {len(result.rows)} rows flagged '*')")
    lines.append("- " * 39 + "-")
    return "\n".join(lines)


_EXCURSIONS = frozenset({"Random Excursions", "Random Excursions Variant"})
