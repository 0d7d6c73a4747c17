"""``alea certify``: run a certification campaign and write a signed lab report.

    alea certify TARGET [--battery B,...] [--size KEY=N ...] [--seed HEX] [--out DIR]
                        [--jobs N] [--key FILE] [--export-samples] [--nist-mode sts|exact]
    alea certify verify-report DIR --key PUB
    alea certify keys --out DIR

TARGET is ``drbg``, ``stream``, ``game:ID`` (e.g. ``game:roulette``) or
``file:PATH``. Without ``--seed`` a fresh campaign seed comes from the operating
system and is recorded in the report; ``--seed HEX`` reproduces a campaign. Without
``--key`` the report is signed with a fresh ephemeral key (printed, recorded, and
warned about). Progress goes to stderr; Ctrl-C stops the campaign and writes no
report (exit 130).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any, TextIO

__all__ = ["configure", "run"]

EXIT_FAIL = 1
EXIT_INTERRUPTED = 130

_EPILOG = """\
targets: drbg | stream | game:ID (game:roulette = game:roulette-european) | file:PATH
batteries: nist, outcomes (raw targets); outcomes, math (+ shuffles for card games)
sizes: sequences, bits (NIST), values (bytes for the outcome battery), rounds (games),
       shuffles (shoe orders), small_shuffles (4- and 5-card decks)
other actions:
  alea certify verify-report DIR --key PUB   check report.sig and that report.html belongs
  alea certify keys --out DIR                make the lab's key pair (lab.key 0600, lab.pub)
exit status: 0 pass, 1 fail (or error), 130 interrupted"""


def _size(text: str) -> tuple[str, int]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=N (e.g. rounds=100000)")
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} in {text!r} is not an integer") from None
    return key.strip(), number


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _EPILOG
    parser.add_argument(
        "target", metavar="TARGET", help="drbg, stream, game:ID, file:PATH, verify-report or keys"
    )
    parser.add_argument(
        "directory", metavar="DIR", nargs="?", type=Path, help="(verify-report) the report's folder"
    )
    parser.add_argument(
        "--battery",
        action="append",
        default=[],
        metavar="B[,B]",
        help="batteries to run (default: all that apply to the target)",
    )
    parser.add_argument(
        "--size",
        action="append",
        type=_size,
        default=[],
        metavar="KEY=N",
        help="override a sample size (default: what the batteries need at 99%% confidence)",
    )
    parser.add_argument("--seed", metavar="HEX", help="64 hex digits: reproduce a campaign")
    parser.add_argument("--out", type=Path, metavar="DIR", help="where the report goes")
    parser.add_argument(
        "--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes"
    )
    parser.add_argument(
        "--key",
        metavar="FILE",
        help="the lab's private key file (campaign) or public key file/hex (verify-report)",
    )
    parser.add_argument(
        "--export-samples",
        action="store_true",
        help="also write the raw samples tested to DIR/samples (for the lab's own tools)",
    )
    parser.add_argument(
        "--nist-mode",
        choices=("sts", "exact"),
        default="sts",
        help="SP 800-22 mode: sts (reproduce sts-2.1.2, default) or exact",
    )
    parser.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="run SP 800-22 tests even below their recommended input sizes",
    )
    parser.add_argument(
        "--format",
        choices=("auto", "binary", "ascii"),
        default="auto",
        help="file: targets: raw binary (MSB first) or NIST ASCII (default: detect)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress display")


class _Progress:
    """Progress on stderr: a redrawn bar on a terminal, a line per 10 % otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._start = time.monotonic()
        self._stage = ""
        self._decile = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._stage = stage
            self._decile = -1
            self._start = time.monotonic()
        fraction = done / total if total else 1.0
        elapsed = time.monotonic() - self._start
        if self._tty:
            width = 30
            filled = int(fraction * width)
            bar = "#" * filled + "." * (width - filled)
            self._stream.write(
                f"\r{stage[:32]:<32} [{bar}] {fraction:4.0%} {done:,}/{total:,} {elapsed:6.1f}s"
            )
            if done >= total:
                self._stream.write("\n")
            self._stream.flush()
            return
        decile = int(fraction * 10)
        if decile > self._decile:
            self._decile = decile
            print(
                f"alea certify: {stage}: {fraction:.0%} ({done:,}/{total:,}, {elapsed:.1f}s)",
                file=self._stream,
                flush=True,
            )


def run(args: argparse.Namespace) -> int:
    if args.target == "keys":
        return _keys(args)
    if args.target == "verify-report":
        return _verify(args)
    if args.directory is not None:
        raise ValueError(f"unexpected argument {str(args.directory)!r} after the target")
    try:
        return _campaign(args)
    except KeyboardInterrupt:
        print("alea certify: interrupted; no report written", file=sys.stderr)
        return EXIT_INTERRUPTED


def _keys(args: argparse.Namespace) -> int:
    from certification.signing import generate_key_pair

    if args.out is None:
        raise ValueError("keys needs --out DIR")
    private, public = generate_key_pair(args.out)
    print(f"wrote {private} (0600) and {public}")
    print(f"lab public key: {public.read_text(encoding='ascii').strip()}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from certification.report import verify_report
    from certification.signing import load_verify_key

    if args.directory is None or args.key is None:
        raise ValueError("verify-report needs DIR and --key PUB")
    problems = verify_report(args.directory, load_verify_key(args.key))
    if problems:
        for problem in problems:
            print(f"alea certify: verify-report: {problem}", file=sys.stderr)
        print(f"{args.directory}: NOT VERIFIED")
        return EXIT_FAIL
    print(f"{args.directory}: verified (signature valid; report.html belongs to report.json)")
    return 0


def _campaign(args: argparse.Namespace) -> int:
    import uuid
    from datetime import UTC, datetime

    from nacl.signing import SigningKey

    from certification.campaign import CampaignConfig, parse_target, run_campaign
    from certification.report import write_report
    from certification.signing import load_signing_key, public_hex

    if args.out is None:
        raise ValueError("a campaign needs --out DIR for its report")
    target = parse_target(args.target)
    if args.seed is not None:
        try:
            seed = bytes.fromhex(args.seed)
        except ValueError:
            raise ValueError(f"--seed {args.seed!r} is not hex") from None
        if len(seed) != 32:
            raise ValueError(f"--seed must be 64 hex digits (32 bytes), got {len(seed)} bytes")
    else:
        seed = os.urandom(32)
    batteries = tuple(b.strip() for item in args.battery for b in item.split(",") if b.strip())
    config = CampaignConfig(
        target=target,
        seed=seed,
        batteries=batteries,
        sizes=dict(args.size),
        jobs=args.jobs,
        nist_mode=args.nist_mode,
        strict=args.strict,
        export_samples=args.export_samples,
        file_format=args.format,
    )
    config.resolved()  # refuse a bad battery or size before anything else
    if args.key is not None:
        key = load_signing_key(Path(args.key))
        ephemeral = False
    else:
        key = SigningKey(os.urandom(32))
        ephemeral = True
        print(
            "alea certify: warning: no --key; signing with an ephemeral key "
            f"{public_hex(key)} (recorded in the report; it does not identify a lab)",
            file=sys.stderr,
        )
    print(f"alea certify: {target.text}, campaign seed {seed.hex()}", file=sys.stderr)
    progress: Any = None if args.quiet else _Progress(sys.stderr)
    result = run_campaign(config, progress=progress)
    resolved = result.config
    command = " ".join(
        ["alea certify", shlex.quote(target.text), "--seed", seed.hex()]
        + ["--battery", ",".join(resolved.batteries)]
        + [f"--size {k}={v}" for k, v in sorted(resolved.sizes.items())]
        + (["--nist-mode", resolved.nist_mode] if resolved.nist_mode != "sts" else [])
        + ([] if resolved.strict else ["--no-strict"])
    )
    files = write_report(
        args.out,
        result,
        key=key,
        ephemeral_key=ephemeral,
        report_id=uuid.UUID(bytes=os.urandom(16), version=4).hex,
        created=datetime.now(UTC).replace(microsecond=0),
        command=command,
    )
    verdict = result.verdict
    print(
        f"{target.text}: {verdict.overall.upper()} — {verdict.tests_judged} tests judged, "
        f"{verdict.flagged} flagged (allowance {verdict.allowance}), "
        f"{len(verdict.hard_failures)} hard failure(s), {verdict.tests_not_run} not run; "
        f"{result.seconds['total']:.1f}s"
    )
    for item in verdict.non_conformities:
        print(f"  non-conformity: {item}")
    print(f"report: {files.json}, {files.html}, {files.signature} (SHA-256 {files.sha256})")
    print(f"public key: {public_hex(key)}{' (ephemeral)' if ephemeral else ''}")
    return 0 if verdict.overall == "pass" else EXIT_FAIL
