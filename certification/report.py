"""The lab report: ``report.json`` (machine-readable), ``report.html`` (for people) and
``report.sig`` (Ed25519 over the exact bytes of report.json), and their verification.

report.json is UTF-8 JSON with sorted keys, no NaN or infinity (they become
null), exact fractions as ``"n/d"`` strings. report.html is rendered from the
report document alone and embeds SHA-256(report.json) and the report id in a
``<meta name="alea-report-sha256">`` tag and a JSON binding block;
:func:`verify_report` checks the signature, that the HTML's hash is the JSON's,
and that the HTML shows the JSON's report id and verdict.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from nacl.signing import SigningKey, VerifyKey

from certification.campaign import CampaignResult
from certification.signing import public_hex, sign, verify
from certification.verdict import VERDICT_RULE
from rng import ALGORITHM_VERSION, MAX_BYTES_PER_REQUEST

__all__ = [
    "REPORT_FORMAT",
    "ReportFiles",
    "build_report",
    "code_hashes",
    "report_bytes",
    "verdicts_by_test",
    "verify_report",
    "write_report",
]

REPORT_FORMAT = "alea-certification-report/1"
CODE_PACKAGES = ("rng", "games", "stats_tests", "certification")
_CODE_SUFFIXES = (".py", ".json", ".toml", ".j2")

STANDARDS = [
    "NIST SP 800-22 rev1a, sections 2 and 4.2 (15 tests; proportion and uniformity rules)",
    "25 CFR 547.14 (randomness tests at the 99 % confidence level: chi-square, runs, serial "
    "correlation, equidistribution, gap, poker, coupon collector, permutation, serial)",
    "GLI-11 / GLI RNG submission practice: raw output and final outcome collections through the "
    "production scaling code",
    "NIST SP 800-90A Rev. 1, section 10.1.2 (the HMAC_DRBG under test) and 11.3 (its self-test)",
    "Game math: exact return (full enumeration) against the simulated return with its 99 % "
    "confidence interval",
]


def _plain(value: Any) -> Any:
    """JSON-safe: NaN/inf -> None, Fraction -> "n/d", numpy scalars and tuples -> Python."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return str(value)


def report_bytes(report: Mapping[str, Any]) -> bytes:
    """The exact bytes of report.json."""
    text = json.dumps(_plain(report), sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def code_hashes(root: Path | None = None) -> dict[str, str]:
    """SHA-256 per package over its sorted (relative path, file SHA-256) lines, and of all."""
    base = root if root is not None else Path(__file__).resolve().parent.parent
    out: dict[str, str] = {}
    everything = hashlib.sha256()
    for package in CODE_PACKAGES:
        digest = hashlib.sha256()
        folder = base / package
        files = sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts
        )
        for path in files:
            file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
            line = f"{path.relative_to(base).as_posix()} {file_hash}\n"
            digest.update(line.encode("utf-8"))
            everything.update(line.encode("utf-8"))
        out[package] = digest.hexdigest()
    out["all"] = everything.hexdigest()
    return out


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _versions() -> dict[str, str]:
    return {
        "alea": _version("alea"),
        "algorithm": ALGORITHM_VERSION,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "numpy": _version("numpy"),
        "scipy": _version("scipy"),
        "matplotlib": _version("matplotlib"),
        "jinja2": _version("jinja2"),
        "pynacl": _version("pynacl"),
        "cryptography": _version("cryptography"),
    }


def _rng_description(result: CampaignResult) -> dict[str, Any]:
    kind = result.config.target.kind
    if kind == "file":
        return {
            "algorithm": "external generator (not Alea's): its output is tested as supplied",
            "entropy_source": "unknown (supplied by the submitter)",
            "seeding": "unknown",
            "reseeding": "unknown",
            "scaling": "none: raw bits",
            "shuffling": "none",
        }
    return {
        "algorithm": "HMAC_DRBG with SHA-256, NIST SP 800-90A Rev. 1 section 10.1.2, 256-bit "
        "security strength; per-round outcome stream HMAC-SHA256(server_seed, "
        "'alea/v1/stream' || len-prefixed client seed || nonce || block counter) "
        f"(algorithm {ALGORITHM_VERSION}, docs/fairness.md section 4)",
        "entropy_source": "the operating system's CSPRNG (os.urandom / getrandom(2)) through "
        "OsEntropySource, which refuses a read identical to the previous one; in this campaign "
        "the same factory read recorded entropy derived from the campaign seed, so that the run "
        "is reproducible",
        "seeding": "256 bits of entropy input and a 128-bit nonce, plus a personalization "
        "string; the SP 800-90A 11.3 known-answer self-test runs before any generator is "
        "handed out",
        "reseeding": "from the entropy source every 2^20 generate requests (SP 800-90A limit "
        "2^48); prediction resistance available; at most "
        f"{MAX_BYTES_PER_REQUEST} bytes per request",
        "server_seeds": "32 bytes from the DRBG; only SHA-256(seed) is published until the "
        "pair is rotated",
        "scaling": "uniform_int(n): rejection sampling on 32-bit (n <= 2^32) or 64-bit "
        "big-endian words, accept x < 2^w - (2^w mod n), return x mod n; never x mod n alone, "
        "never floats; weighted picks by uniform_int(sum of weights)",
        "shuffling": "forward Fisher-Yates: for i = 0 .. n-2, swap i with i + uniform_int(n - i); "
        "card rounds shuffle the whole shoe first",
    }


def _campaign_seed_derivation() -> str:
    return (
        "key(label, i) = HMAC-SHA256(campaign seed, u32be(len(label)) || label || u64be(i)). "
        "drbg: chunk c is rng.os_seeded_drbg('alea certify/v1') whose entropy source reads "
        "key('drbg/entropy/c', 0), key(.., 1), ...; 10 NIST sequences per chunk. stream and "
        "games: chunk c is the seed pair (server seed key('server-seed', c), client seed "
        "'certify-c'), nonces 0, 1, ...; stream rounds contribute their first 32 bytes; round "
        "r of a game is chunk r // chunk_rounds, nonce r % chunk_rounds, and shoe r is that "
        "round's shoe. Small decks of n cards: server seed key('small-deck', n), client seed "
        "'certify-small-n', nonce i."
    )


def build_report(
    result: CampaignResult,
    *,
    report_id: str,
    created: datetime,
    public_key: str,
    ephemeral_key: bool,
    samples: Mapping[str, str] | None = None,
    command: str = "",
) -> dict[str, Any]:
    """The report document (what report.json holds)."""
    config = result.config
    target = config.target
    models: list[dict[str, Any]] = []
    game = result.sections.get("game")
    if game is not None:
        models.append(
            {
                "game_id": game["game_id"],
                "version": game["version"],
                "model_sha256": game["model_hash"],
                "algorithm_version": game["algorithm_version"],
            }
        )
    raw_records = [r for r in result.records if r.group.startswith("raw output")]
    final_records = [
        r for r in result.records if r.group.startswith(("final outcomes", "shuffles"))
    ]
    math_records = [r for r in result.records if r.group.startswith("game math")]
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "identification": {
            "report_id": report_id,
            "created_utc": created.isoformat(),
            "target": target.text,
            "laboratory_tool": "alea certify",
            "versions": _versions(),
            "code_sha256": code_hashes(),
            "models": models,
            "production_code_path": result.production_hooks,
        },
        "scope": {
            "standards": STANDARDS,
            "confidence_level": 0.99,
            "alpha": 0.01,
            "verdict_rule": VERDICT_RULE,
            "batteries": list(config.batteries),
            "sizes": dict(config.sizes),
            "nist_mode": config.nist_mode,
            "nist_strict": config.strict,
        },
        "reproduction": {
            "campaign_seed": config.seed.hex(),
            "derivation": _campaign_seed_derivation(),
            "command": command
            or (
                f"alea certify {target.text} --seed {config.seed.hex()} "
                f"--battery {','.join(config.batteries)} "
                + " ".join(f"--size {k}={v}" for k, v in sorted(config.sizes.items()))
            ),
            "note": "the same seed, sizes, batteries and versions give the same bytes and the "
            "same results, whatever --jobs is",
        },
        "rng_description": _rng_description(result),
        "raw_output": {
            "section": result.sections.get("raw"),
            "tests": [r.to_json() for r in raw_records],
        },
        "final_outcomes": {
            "section": {k: v for k, v in (game or {}).items() if k not in _MATH_KEYS},
            "tests": [r.to_json() for r in final_records],
        },
        "game_math": {
            "section": {k: v for k, v in (game or {}).items() if k in _MATH_KEYS},
            "tests": [r.to_json() for r in math_records],
        },
        "verdict": result.verdict.to_json(),
        "non_conformities": list(result.verdict.non_conformities),
        "samples": dict(samples or {}),
        "timing_seconds": result.seconds,
        "signature": {
            "algorithm": "Ed25519 (RFC 8032) over the exact bytes of report.json, in report.sig",
            "public_key": public_key,
            "ephemeral_key": ephemeral_key,
        },
    }
    return report


_MATH_KEYS = frozenset(
    {
        "bets",
        "strategy",
        "exact_rtp",
        "exact_rtp_float",
        "exact_sd",
        "simulated_rtp",
        "simulated_sd",
        "hits",
        "hit_rate",
        "exact_hit_rate",
        "total_bet",
        "total_win",
        "award_counts",
        "convergence",
        "exact_awards",
        "observed_awards",
        "award_label",
        "notes",
        "rounds",
    }
)


@dataclass(frozen=True)
class ReportFiles:
    directory: Path
    json: Path
    html: Path
    signature: Path
    sha256: str
    samples: dict[str, str] = field(default_factory=dict)


def write_samples(directory: Path, samples: Mapping[str, bytes]) -> dict[str, str]:
    """Write the exported samples under ``directory/samples``; name -> SHA-256."""
    out: dict[str, str] = {}
    if not samples:
        return out
    folder = directory / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(samples.items()):
        (folder / name).write_bytes(data)
        out[f"samples/{name}"] = hashlib.sha256(data).hexdigest()
    return out


def write_report(
    directory: Path,
    result: CampaignResult,
    *,
    key: SigningKey,
    ephemeral_key: bool,
    report_id: str,
    created: datetime,
    command: str = "",
) -> ReportFiles:
    """Write samples (if any), report.json, report.html and report.sig into ``directory``.

    The three report files are written to temporary names and renamed at the
    end, so an interrupted run leaves no half report.
    """
    from certification.html import render_html

    directory.mkdir(parents=True, exist_ok=True)
    samples = write_samples(directory, result.samples)
    report = build_report(
        result,
        report_id=report_id,
        created=created,
        public_key=public_hex(key),
        ephemeral_key=ephemeral_key,
        samples=samples,
        command=command,
    )
    data = report_bytes(report)
    digest = hashlib.sha256(data).hexdigest()
    html = render_html(json.loads(data), digest)
    signature = sign(key, data)
    paths = {
        "json": directory / "report.json",
        "html": directory / "report.html",
        "sig": directory / "report.sig",
    }
    contents = {"json": data, "html": html.encode("utf-8"), "sig": signature}
    temporaries = {name: path.with_name(path.name + ".tmp") for name, path in paths.items()}
    try:
        for name, temporary in temporaries.items():
            temporary.write_bytes(contents[name])
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    for name, path in paths.items():
        temporaries[name].replace(path)
    return ReportFiles(directory, paths["json"], paths["html"], paths["sig"], digest, samples)


_META = re.compile(r'<meta name="alea-report-sha256" content="([0-9a-f]{64})">')
_BINDING = re.compile(
    r'<script type="application/json" id="alea-report-binding">(.*?)</script>', re.S
)


def verify_report(directory: Path, key: VerifyKey) -> list[str]:
    """Problems found with the report in ``directory`` (an empty list: it verifies)."""
    problems: list[str] = []
    try:
        data = (directory / "report.json").read_bytes()
        signature = (directory / "report.sig").read_bytes()
        html = (directory / "report.html").read_text(encoding="utf-8")
    except OSError as exc:
        return [f"cannot read the report: {exc}"]
    except UnicodeDecodeError:
        return ["report.html is not UTF-8"]
    if not verify(key, data, signature):
        problems.append("report.sig is not a valid signature of report.json by this key")
    digest = hashlib.sha256(data).hexdigest()
    match = _META.search(html)
    if match is None:
        problems.append("report.html carries no report hash")
    elif match.group(1) != digest:
        problems.append(
            f"report.html belongs to another report.json (it names SHA-256 {match.group(1)}, "
            f"report.json has {digest})"
        )
    try:
        report = json.loads(data)
    except ValueError:
        return [*problems, "report.json is not JSON"]
    binding = _BINDING.search(html)
    if binding is None:
        problems.append("report.html carries no binding block")
    else:
        try:
            bound = json.loads(binding.group(1))
        except ValueError:
            bound = {}
        wanted = {
            "report_sha256": digest,
            "report_id": report["identification"]["report_id"],
            "verdict": report["verdict"]["overall"],
            "tests": _test_verdicts(report),
        }
        for name, value in wanted.items():
            if bound.get(name) != value:
                problems.append(f"report.html's {name} does not match report.json")
        verdict_text = f'data-verdict="{report["verdict"]["overall"]}"'
        if verdict_text not in html:
            problems.append("report.html does not show report.json's verdict")
    recorded = report.get("signature", {}).get("public_key")
    if recorded and recorded != bytes(key).hex():
        problems.append(
            f"report.json names public key {recorded}, not the key given for verification"
        )
    return problems


def _test_verdicts(report: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for section in ("raw_output", "final_outcomes", "game_math"):
        for test in report[section]["tests"]:
            out[test["id"]] = test["verdict"]
    return out


def verdicts_by_test(report: Mapping[str, Any]) -> dict[str, str]:
    """Test id -> verdict, from a report document (what the HTML binding block repeats)."""
    return _test_verdicts(report)
