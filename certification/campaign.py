"""A certification campaign: sample a target, run the batteries, judge the results.

Targets
-------
``drbg``
    Raw output of the production DRBG factory (a lab's raw output collection).
``stream``
    The outcome streams of many rounds: the first block (32 bytes) of round
    (server seed, client seed, nonce) for nonces 0, 1, ... of a seed pair per chunk.
``game:ID``
    Rounds of a game through its production ``play`` (the final outcome
    collection): outcomes, shoe orders, wins, and the game math.
``file:PATH``
    Someone else's RNG output, raw binary (MSB first) or NIST ASCII.

Sample sizes default to what the batteries need at 99 % confidence (see
:data:`DEFAULT_SIZES` and :func:`default_sizes`); every one is recorded. The
work is cut into chunks keyed by their index (:mod:`certification.sources`),
spread over ``jobs`` processes (:mod:`certification.parallel`).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from certification.batteries import (
    award_distribution_record,
    hit_rate_record,
    merge_nist,
    nist_records,
    outcome_records,
    permutation_count_record,
    rtp_record,
    shuffle_records,
    weighted_chi_square_record,
)
from certification.game_targets import ExactMath, GamePlan, exact_math, plan_for, resolve_game_id
from certification.parallel import Progress, run_tasks
from certification.sources import (
    PRODUCTION,
    SEED_SIZE,
    Hooks,
    client_seed_of,
    derive,
    server_seed_of,
)
from certification.verdict import TestRecord, Verdict, judge
from rng import AleaError
from stats_tests.nist import EXACT_MODE_DEVIATIONS, BatteryResult, run_battery

__all__ = [
    "BATTERIES",
    "DEFAULT_SIZES",
    "CampaignConfig",
    "CampaignError",
    "CampaignResult",
    "Target",
    "default_batteries",
    "default_sizes",
    "parse_target",
    "run_campaign",
]

BATTERIES = ("nist", "outcomes", "shuffles", "math")

#: Defaults: NIST SP 800-22's 100+ sequences of 10^6 bits (section 4.2 needs about
#: 1/alpha = 100 sequences for the proportion rule); 10^6 bytes for the outcome
#: battery (serial pairs of bytes need 5 * 2 * 256^2 = 655,360); 10,000 shoes (a
#: 52x52 table then expects 192 per cell, a 416-card shoe 24; at least 5 is required);
#: 12,000 shuffles of 4 and 5 cards (24 and 120 orders, 100+ expected per order).
DEFAULT_SIZES: Mapping[str, int] = {
    "sequences": 100,
    "bits": 1_000_000,
    "values": 1_000_000,
    "shuffles": 10_000,
    "small_shuffles": 12_000,
}
SIZE_KEYS = ("sequences", "bits", "values", "rounds", "shuffles", "small_shuffles")

SEQUENCES_PER_CHUNK = 10
RAW_CHUNK_BYTES = 1 << 20
STREAM_BYTES_PER_ROUND = 32
SMALL_DECKS = (4, 5)


class CampaignError(AleaError, ValueError):
    """A campaign that can't run as asked: unknown target, battery or size, short file."""


@dataclass(frozen=True)
class Target:
    kind: str  # "drbg" | "stream" | "game" | "file"
    name: str  # the game id or the file path ("" otherwise)

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.name}" if self.name else self.kind


def parse_target(text: str) -> Target:
    """``drbg``, ``stream``, ``game:ID`` or ``file:PATH``."""
    if text in ("drbg", "stream"):
        return Target(text, "")
    kind, sep, rest = text.partition(":")
    if sep and kind == "game" and rest:
        return Target("game", resolve_game_id(rest))
    if sep and kind == "file" and rest:
        return Target("file", rest)
    raise CampaignError(
        f"target {text!r} is not one of: drbg, stream, game:ID (e.g. game:roulette), file:PATH"
    )


def default_batteries(target: Target) -> tuple[str, ...]:
    if target.kind != "game":
        return ("nist", "outcomes")
    plan = plan_for(target.name)
    if plan.family == "cards":
        return ("outcomes", "shuffles", "math")
    return ("outcomes", "math")


def default_sizes(target: Target) -> dict[str, int]:
    """The default sample sizes of ``target``'s default batteries."""
    sizes = dict(DEFAULT_SIZES)
    if target.kind == "game":
        sizes["rounds"] = plan_for(target.name).default_rounds
    relevant = _relevant_sizes(target, default_batteries(target))
    return {k: v for k, v in sizes.items() if k in relevant}


def _relevant_sizes(target: Target, batteries: Sequence[str]) -> tuple[str, ...]:
    if target.kind == "game":
        keys = ["rounds"]
        if "shuffles" in batteries:
            keys += ["shuffles", "small_shuffles"]
        return tuple(keys)
    keys = ["sequences", "bits"] if "nist" in batteries else []
    if "outcomes" in batteries:
        keys.append("values")
    return tuple(keys)


@dataclass(frozen=True)
class CampaignConfig:
    """What to run. ``seed`` is the recorded 32-byte campaign seed."""

    target: Target
    seed: bytes
    batteries: tuple[str, ...] = ()
    sizes: Mapping[str, int] = field(default_factory=dict)
    jobs: int = 1
    nist_mode: str = "sts"
    strict: bool = True
    export_samples: bool = False
    file_format: str = "auto"

    def resolved(self) -> CampaignConfig:
        """With defaults filled in and everything checked."""
        if len(self.seed) != SEED_SIZE:
            raise CampaignError(
                f"the campaign seed must be {SEED_SIZE} bytes, got {len(self.seed)}"
            )
        if self.target.kind == "file" and not Path(self.target.name).is_file():
            raise CampaignError(f"{self.target.name}: no such file")
        batteries = self.batteries or default_batteries(self.target)
        unknown = [b for b in batteries if b not in BATTERIES]
        if unknown:
            raise CampaignError(
                f"unknown battery {unknown[0]!r}; choose from {', '.join(BATTERIES)}"
            )
        allowed = default_batteries(self.target)
        wrong = [b for b in batteries if b not in allowed]
        if wrong:
            raise CampaignError(
                f"battery {wrong[0]!r} does not apply to target {self.target.text}; "
                f"use {', '.join(allowed)}"
            )
        ordered = tuple(b for b in BATTERIES if b in batteries)
        relevant = _relevant_sizes(self.target, ordered)
        sizes = {k: v for k, v in default_sizes(self.target).items() if k in relevant}
        for key, value in self.sizes.items():
            if key not in SIZE_KEYS:
                raise CampaignError(f"unknown size {key!r}; choose from {', '.join(SIZE_KEYS)}")
            if key not in relevant:
                raise CampaignError(
                    f"size {key!r} does not apply to {self.target.text} with batteries "
                    f"{', '.join(ordered)}; use {', '.join(relevant)}"
                )
            if value < 1:
                raise CampaignError(f"size {key}={value} must be positive")
            sizes[key] = value
        if self.jobs < 1:
            raise CampaignError(f"jobs={self.jobs} must be at least 1")
        if self.nist_mode not in ("sts", "exact"):
            raise CampaignError(f"nist mode {self.nist_mode!r}: use sts or exact")
        return CampaignConfig(
            target=self.target,
            seed=self.seed,
            batteries=ordered,
            sizes=sizes,
            jobs=self.jobs,
            nist_mode=self.nist_mode,
            strict=self.strict,
            export_samples=self.export_samples,
            file_format=self.file_format,
        )


@dataclass
class CampaignResult:
    config: CampaignConfig
    records: list[TestRecord]
    verdict: Verdict
    sections: dict[str, Any]
    samples: dict[str, bytes]
    seconds: dict[str, float]
    production_hooks: bool


# ------------------------------------------------------------------- raw output


@dataclass(frozen=True)
class _RawTask:
    kind: str
    hooks: Hooks
    seed: bytes
    chunk: int
    nbytes: int
    sequences: int = 0
    bits: int = 0
    mode: str = "sts"
    strict: bool = True
    file_bits: Any = None


def _raw_bytes(task: _RawTask) -> bytes:
    if task.kind == "drbg":
        return task.hooks.drbg(task.seed, task.chunk).read(task.nbytes)
    server_seed = server_seed_of(task.seed, task.chunk)
    client_seed = client_seed_of(task.chunk)
    rounds = -(-task.nbytes // STREAM_BYTES_PER_ROUND)
    out = b"".join(
        task.hooks.stream(server_seed, client_seed, nonce).read(STREAM_BYTES_PER_ROUND)
        for nonce in range(rounds)
    )
    return out[: task.nbytes]


def _raw_chunk(task: _RawTask) -> tuple[BatteryResult | None, bytes]:
    if task.file_bits is not None:
        bits = np.asarray(task.file_bits, dtype=np.uint8)
        data = np.packbits(bits).tobytes()
    else:
        data = _raw_bytes(task)
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8))
    if not task.sequences:
        return None, data
    matrix = bits[: task.sequences * task.bits].reshape(task.sequences, task.bits)
    battery = run_battery(matrix, mode=task.mode, strict=task.strict, jobs=1)
    return battery, data


def _run_raw(
    config: CampaignConfig, hooks: Hooks, progress: Progress | None
) -> tuple[list[TestRecord], dict[str, Any], dict[str, bytes], dict[str, float]]:
    target, sizes = config.target, config.sizes
    records: list[TestRecord] = []
    section: dict[str, Any] = {}
    seconds: dict[str, float] = {}
    samples: dict[str, bytes] = {}
    run_nist = "nist" in config.batteries
    sequences, length = sizes.get("sequences", 0), sizes.get("bits", 0)
    file_bits = None
    if target.kind == "file":
        from stats_tests.bits import read_bits

        wanted = sequences * length if run_nist else sizes["values"] * 8
        file_bits = read_bits(target.name, format=config.file_format, max_bits=wanted)  # type: ignore[arg-type]
        section["file"] = {"path": target.name, "bits_read": int(file_bits.size)}
        if run_nist and file_bits.size < wanted:
            sequences = int(file_bits.size) // length
            if sequences == 0:
                raise CampaignError(
                    f"{target.name} holds {file_bits.size} bits, fewer than one sequence of "
                    f"{length} bits"
                )
            section["file"]["note"] = (
                f"the file holds {file_bits.size} bits: {sequences} sequences of {length} bits "
                "tested instead of the size asked for"
            )
    start = time.perf_counter()
    tasks: list[_RawTask] = []
    if run_nist:
        for chunk, first in enumerate(range(0, sequences, SEQUENCES_PER_CHUNK)):
            count = min(SEQUENCES_PER_CHUNK, sequences - first)
            nbytes = -(-count * length // 8)
            part = None
            if file_bits is not None:
                part = file_bits[first * length : (first + count) * length]
            tasks.append(
                _RawTask(
                    target.kind,
                    hooks,
                    config.seed,
                    chunk,
                    nbytes,
                    count,
                    length,
                    config.nist_mode,
                    config.strict,
                    part,
                )
            )
        weights = [t.sequences for t in tasks]
        stage = "NIST SP 800-22 sequences"
    elif file_bits is not None:
        tasks = [_RawTask("file", hooks, config.seed, 0, file_bits.size // 8, file_bits=file_bits)]
        weights = [1]
        stage = "reading"
    else:
        total = sizes["values"]
        for chunk, first in enumerate(range(0, total, RAW_CHUNK_BYTES)):
            tasks.append(
                _RawTask(
                    target.kind, hooks, config.seed, chunk, min(RAW_CHUNK_BYTES, total - first)
                )
            )
        weights = [t.nbytes for t in tasks]
        stage = "generating bytes"
    results = run_tasks(
        _raw_chunk, tasks, jobs=config.jobs, stage=stage, progress=progress, weights=weights
    )
    seconds["sampling_and_nist"] = time.perf_counter() - start
    data = b"".join(r[1] for r in results)
    if config.export_samples:
        name = {"drbg": "drbg.bin", "stream": "stream.bin", "file": "file.bin"}[target.kind]
        samples[name] = data
    if run_nist:
        battery = merge_nist([r[0] for r in results if r[0] is not None])
        records += nist_records(battery, "nist", "raw output: NIST SP 800-22")
        section["nist"] = _nist_section(battery, config)
    if "outcomes" in config.batteries:
        start = time.perf_counter()
        values = np.frombuffer(data[: sizes["values"]], dtype=np.uint8)
        records += outcome_records(
            values, 256, "bytes", "raw output: bytes as outcomes in [0, 256)"
        )
        section["outcomes"] = {
            "values": int(values.size),
            "k": 256,
            "description": "the sample's bytes as integers in [0, 256), in order",
            "counts": np.bincount(values, minlength=256).tolist(),
        }
        seconds["outcome_tests"] = time.perf_counter() - start
    section["bytes_tested"] = len(data)
    return records, section, samples, seconds


def _nist_section(battery: BatteryResult, config: CampaignConfig) -> dict[str, Any]:
    pvalues: dict[str, list[list[float] | None]] = {}
    for key, results in battery.results.items():
        pvalues[key] = [list(r.pvalues) if r.applicable else None for r in results]
    return {
        "standard": "NIST SP 800-22 rev1a (sts-2.1.2 default parameters)",
        "mode": battery.mode.value,
        "strict": config.strict,
        "sequences": battery.sequences,
        "length": battery.length,
        "tests": list(battery.tests),
        "parameters": battery.parameters,
        "skipped": battery.skipped,
        "deviations_from_appendix_b": list(battery.deviations),
        "exact_mode_deviations": list(EXACT_MODE_DEVIATIONS) if battery.deviations else [],
        "pvalues": pvalues,
    }


# ------------------------------------------------------------------------ games


@dataclass(frozen=True)
class _GameTask:
    game_id: str
    hooks: Hooks
    seed: bytes
    chunk: int
    rounds: int
    shoes: int
    cards: int


def _game_chunk(task: _GameTask) -> dict[str, Any]:
    plan = plan_for(task.game_id)
    hooks = task.hooks
    server_seed = server_seed_of(task.seed, task.chunk)
    client_seed = client_seed_of(task.chunk)
    initial = sum(b.amount for b in plan.bets)
    sum_r = sum_r2 = 0.0
    hits = total_bet = total_win = 0
    awards: Counter[int] = Counter()
    features: dict[str, list[int]] = {}
    for nonce in range(task.rounds):
        actions: list[Any] = []
        while True:
            outcome = plan.game.play(
                hooks.stream(server_seed, client_seed, nonce), plan.bets, actions
            )
            if outcome.finished:
                break
            if plan.strategy is None or len(actions) >= 64:
                raise CampaignError(f"{task.game_id}: a round did not finish")
            actions.append(plan.strategy(outcome))
        total_bet += outcome.total_bet
        total_win += outcome.total_win
        r = (initial + outcome.total_win - outcome.total_bet) / initial
        sum_r += r
        sum_r2 += r * r
        hits += plan.hit(outcome)
        awards[outcome.total_win] += 1
        for name, value in plan.features(outcome).items():
            features.setdefault(name, []).append(value)
    shoes = None
    if task.shoes:
        shoes = np.array(
            [
                hooks.shuffle(hooks.stream(server_seed, client_seed, nonce), task.cards)
                for nonce in range(task.shoes)
            ],
            dtype=np.int16,
        )
    return {
        "rounds": task.rounds,
        "sum_r": sum_r,
        "sum_r2": sum_r2,
        "hits": hits,
        "total_bet": total_bet,
        "total_win": total_win,
        "awards": dict(awards),
        "features": {k: np.array(v, dtype=np.int64) for k, v in features.items()},
        "shoes": shoes,
    }


def _chunk_rounds(plan: GamePlan) -> int:
    return {"roulette": 10_000, "slots": 5_000}.get(plan.family, 1_000)


def _small_decks(
    config: CampaignConfig, hooks: Hooks
) -> tuple[list[TestRecord], dict[str, Any], dict[str, bytes]]:
    records: list[TestRecord] = []
    section: dict[str, Any] = {}
    samples: dict[str, bytes] = {}
    count = config.sizes["small_shuffles"]
    for n in SMALL_DECKS:
        server_seed = derive(config.seed, "small-deck", n)
        orders = np.array(
            [
                hooks.shuffle(hooks.stream(server_seed, f"certify-small-{n}", i), n)
                for i in range(count)
            ],
            dtype=np.int64,
        )
        records.append(
            permutation_count_record(
                orders, f"shuffle.small{n}.permutations", "shuffles: small decks"
            )
        )
        section[str(n)] = {"shuffles": count, "orders": math.factorial(n)}
        if config.export_samples:
            samples[f"small-deck-{n}.txt"] = _rows_text(orders)
    return records, section, samples


def _rows_text(rows: Any) -> bytes:
    return "".join(" ".join(str(int(x)) for x in row) + "\n" for row in rows).encode("ascii")


def _category_record(
    id: str, group: str, name: str, values: Any, labels: Sequence[str], probs: Sequence[Fraction]
) -> TestRecord:
    counts = np.bincount(np.asarray(values, dtype=np.int64), minlength=len(labels))
    observed = {i: int(c) for i, c in enumerate(counts)}
    exact = {i: p for i, p in enumerate(probs) if p > 0}
    record = award_distribution_record(id, group, name, observed, exact)
    record.parameters = {**record.parameters, "labels": list(labels)}
    return record


def _run_game(
    config: CampaignConfig, hooks: Hooks, progress: Progress | None
) -> tuple[list[TestRecord], dict[str, Any], dict[str, bytes], dict[str, float]]:
    plan = plan_for(config.target.name)
    spec = plan.game.spec
    sizes = config.sizes
    seconds: dict[str, float] = {}
    samples: dict[str, bytes] = {}
    records: list[TestRecord] = []
    start = time.perf_counter()
    exact: ExactMath = exact_math(plan)
    seconds["exact_math"] = time.perf_counter() - start
    rounds = sizes["rounds"]
    if rounds < 2:
        raise CampaignError("size rounds must be at least 2")
    want_shoes = "shuffles" in config.batteries
    shoes = sizes["shuffles"] if want_shoes else 0
    cards = 52 * plan.decks
    per = _chunk_rounds(plan)
    chunks = max(-(-rounds // per), -(-shoes // per))
    tasks = [
        _GameTask(
            plan.game_id,
            hooks,
            config.seed,
            c,
            max(0, min(per, rounds - c * per)),
            max(0, min(per, shoes - c * per)),
            cards,
        )
        for c in range(chunks)
    ]
    start = time.perf_counter()
    parts = run_tasks(
        _game_chunk,
        tasks,
        jobs=config.jobs,
        stage=f"{plan.game_id} rounds",
        progress=progress,
        weights=[t.rounds + t.shoes for t in tasks],
    )
    seconds["rounds"] = time.perf_counter() - start
    played = [p for p in parts if p["rounds"]]
    n = sum(p["rounds"] for p in played)
    sum_r = sum(p["sum_r"] for p in played)
    sum_r2 = sum(p["sum_r2"] for p in played)
    mean = sum_r / n
    sd = math.sqrt(max(sum_r2 / n - mean * mean, 0.0) * n / (n - 1))
    hits = sum(p["hits"] for p in played)
    awards: Counter[int] = Counter()
    for p in played:
        awards.update(p["awards"])
    features: dict[str, Any] = {}
    for name in played[0]["features"]:
        features[name] = np.concatenate([p["features"][name] for p in played])
    convergence: list[list[float]] = []
    acc_n, acc_r = 0, 0.0
    for p in played:
        acc_n += p["rounds"]
        acc_r += p["sum_r"]
        convergence.append([acc_n, acc_r / acc_n])
    section: dict[str, Any] = {
        "game_id": plan.game_id,
        "name": spec.name,
        "version": spec.version,
        "model_hash": spec.model_hash,
        "algorithm_version": spec.algorithm_version,
        "family": plan.family,
        "bets": [b.to_json() for b in plan.bets],
        "strategy": _strategy_text(plan),
        "rounds": n,
        "chunk_rounds": per,
        "exact_rtp": _frac(exact.rtp),
        "exact_rtp_float": float(exact.rtp),
        "exact_sd": exact.sd,
        "simulated_rtp": mean,
        "simulated_sd": sd,
        "hits": hits,
        "hit_rate": hits / n,
        "exact_hit_rate": _frac(exact.hit_rate) if exact.hit_rate is not None else None,
        "total_bet": sum(p["total_bet"] for p in played),
        "total_win": sum(p["total_win"] for p in played),
        "award_counts": {str(k): v for k, v in sorted(awards.items())},
        "convergence": convergence,
        "notes": list(exact.notes),
    }
    group_out = f"final outcomes: {plan.game_id}"
    group_math = f"game math: {plan.game_id}"
    if "outcomes" in config.batteries:
        start = time.perf_counter()
        if plan.family == "roulette":
            k = len(exact.categories["pocket"][0])
            records += outcome_records(features["pocket"], k, "game.pocket", group_out)
            section["pocket_counts"] = np.bincount(features["pocket"], minlength=k).tolist()
        elif plan.family == "slots":
            section["stop_counts"] = []
            for i, probs in enumerate(exact.stop_probabilities):
                stops = features[f"stop{i}"]
                section["stop_counts"].append(np.bincount(stops, minlength=len(probs)).tolist())
                if len(set(probs)) == 1:
                    records += outcome_records(stops, len(probs), f"game.reel{i}", group_out)
                else:
                    records.append(
                        weighted_chi_square_record(
                            stops, probs, f"game.reel{i}.chi_square", group_out
                        )
                    )
        for name, (labels, probs) in exact.categories.items():
            if name == "pocket":
                continue
            records.append(
                _category_record(
                    f"game.{name}",
                    group_out,
                    f"{name} distribution vs exact",
                    features[name],
                    labels,
                    probs,
                )
            )
        seconds["outcome_tests"] = time.perf_counter() - start
    if "math" in config.batteries:
        records.append(
            rtp_record("math.rtp", group_math, n, mean, sd, exact.rtp, exact_sd=exact.sd)
        )
        if exact.hit_rate is not None:
            records.append(hit_rate_record("math.hit_rate", group_math, n, hits, exact.hit_rate))
        if exact.awards is not None:
            if exact.award_feature == "win":
                observed: Mapping[int, int] = awards
            else:
                observed = Counter(int(v) for v in features[exact.award_feature])
            records.append(
                award_distribution_record(
                    "math.awards",
                    group_math,
                    f"Award distribution vs exact ({exact.award_label})",
                    observed,
                    exact.awards,
                )
            )
            section["exact_awards"] = {str(k): _frac(v) for k, v in exact.awards.items()}
            section["award_label"] = exact.award_label
            section["observed_awards"] = {str(k): int(v) for k, v in sorted(observed.items())}
    if want_shoes:
        start = time.perf_counter()
        orders = np.concatenate([p["shoes"] for p in parts if p["shoes"] is not None])
        shoe_records, table = shuffle_records(
            orders, "shuffle.shoe", f"shuffles: {cards}-card shoe"
        )
        records += shoe_records
        section["shoes"] = int(orders.shape[0])
        section["cards"] = cards
        if table is not None:
            section["positions_table"] = np.asarray(table).tolist()
        small_records, small_section, small_samples = _small_decks(config, hooks)
        records += small_records
        section["small_decks"] = small_section
        samples.update(small_samples)
        if config.export_samples:
            samples["shoes.txt"] = _rows_text(orders)
        seconds["shuffle_tests"] = time.perf_counter() - start
    if config.export_samples and features:
        names = sorted(features)
        columns = [features[k] for k in names]
        lines = [",".join(names)]
        lines += [",".join(str(int(c[i])) for c in columns) for i in range(n)]
        samples["outcomes.csv"] = ("\n".join(lines) + "\n").encode("ascii")
    return records, section, samples, seconds


def _strategy_text(plan: GamePlan) -> str:
    if plan.strategy is None:
        return "none (single-step game)"
    if plan.game_id.startswith("three-card-poker"):
        return "play Q-6-4 or better, fold the rest"
    if plan.game_id.startswith("video-poker"):
        return "optimal holds (highest EV, then lowest second moment, then lowest mask)"
    if plan.game_id.startswith("blackjack"):
        return "the engine's total-dependent basic strategy, never insurance"
    return "the strategy the game's exact return assumes"


def _frac(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return f"{value.numerator}/{value.denominator}"


# ------------------------------------------------------------------------ entry


def run_campaign(
    config: CampaignConfig,
    *,
    hooks: Hooks = PRODUCTION,
    progress: Progress | None = None,
) -> CampaignResult:
    """Run ``config``'s campaign and judge it (see :mod:`certification.verdict`)."""
    resolved = config.resolved()
    start = time.perf_counter()
    if resolved.target.kind == "game":
        records, section, samples, seconds = _run_game(resolved, hooks, progress)
        sections = {"game": section}
    else:
        records, section, samples, seconds = _run_raw(resolved, hooks, progress)
        sections = {"raw": section}
    verdict = judge(records)
    seconds["total"] = time.perf_counter() - start
    return CampaignResult(
        config=resolved,
        records=records,
        verdict=verdict,
        sections=sections,
        samples=samples,
        seconds=seconds,
        production_hooks=hooks.is_production,
    )
