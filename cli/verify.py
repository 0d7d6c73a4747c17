"""``alea verify``: a player checks, offline, that rounds were decided by committed seeds.

Subcommands:

* ``commitment --seed HEX --commitment HEX`` — ``SHA-256(seed) == commitment``.
* ``round`` — from flags (server seed, client seed, nonce, game, bets, actions)
  re-derive a round and show it as the player saw it; with ``--receipt FILE|-``
  and ``--public-key`` also check that the receipt's signature is the server's
  and that its outcome, total bet and total win are exactly what the seeds give.
* ``session FILE`` — a rotated pair's export (``alea-export/v1``): every
  signature, the commitment, the chain, the nonces, every round re-derived.
* ``models`` — the game models this verifier ships (every version), by hash.

Output is text for people, or one JSON object with ``--json``. Exit status: 0
verified, 1 a check failed or an input is bad (one line on stderr naming the
first failure), 2 the command line itself is wrong. Imports only rng, games and
server.receipts (pynacl): no grpc, numpy or scipy (docs/verify.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from cli.verify_args import parse_action, parse_bet, parse_hex, parse_nonce, parse_public_key
from cli.verify_render import render_outcome, summary_line
from games.base import Action, Bet, Game, RoundOutcome
from games.errors import UnknownGameError
from games.registry import all_games, game_by_hash, game_by_id
from rng import OutcomeStream, commitment_of, normalize_client_seed, verify_commitment
from server.receipts import (
    MalformedRecordError,
    VerificationError,
    parse_json_document,
    verify_export,
    verify_receipt,
)

__all__ = ["configure", "run"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: Session files and receipts larger than this are refused before parsing.
MAX_INPUT_BYTES = 512 * 2**20


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)

    commitment = sub.add_parser(
        "commitment",
        help="check that SHA-256(server seed) is the commitment published before your bets",
        description="Check that SHA-256(server seed) equals the commitment.",
    )
    commitment.add_argument("--seed", required=True, metavar="HEX", help="revealed server seed")
    commitment.add_argument(
        "--commitment", required=True, metavar="HEX", help="commitment shown before the bets"
    )

    rnd = sub.add_parser(
        "round",
        help="re-derive one round from the seeds; with --receipt, check the receipt too",
        description=(
            "Re-derive a round from its seeds and show it. From flags: --client-seed, "
            "--nonce, --game or --model-hash, --bet (and --action). With --receipt FILE|- "
            "and --public-key, the round comes from the receipt and the receipt is checked."
        ),
    )
    rnd.add_argument("--server-seed", required=True, metavar="HEX", help="revealed server seed")
    rnd.add_argument("--client-seed", metavar="TEXT", help="the pair's client seed")
    rnd.add_argument("--nonce", metavar="N", help="the round's nonce (0, 1, 2, ...)")
    model = rnd.add_mutually_exclusive_group()
    model.add_argument("--game", metavar="ID", help="game id (its newest model)")
    model.add_argument("--model-hash", metavar="HEX", help="an exact game model, any version")
    rnd.add_argument(
        "--bet",
        action="append",
        default=[],
        metavar="KIND:AMOUNT[:TARGETS]",
        help="a bet in minor units, e.g. straight:100:17, split:50:17,20, red:100 (repeat)",
    )
    rnd.add_argument(
        "--action",
        action="append",
        default=[],
        metavar="KIND[:POSITIONS]",
        help="a decision in order, e.g. hit, stand, hold:0,2,4, play (repeat)",
    )
    rnd.add_argument(
        "--receipt", metavar="FILE|-", help="a receipt {body, receipt_hash, signature} to check"
    )
    rnd.add_argument("--public-key", metavar="HEX", help="the server's Ed25519 public key")

    session = sub.add_parser(
        "session",
        help="verify a rotated pair's export file completely",
        description="Verify an alea-export/v1 session file: signatures, commitment, chain, "
        "nonces, and every round re-derived from the seeds.",
    )
    session.add_argument("file", metavar="FILE", help="the export file, or - for stdin")
    session.add_argument(
        "--public-key",
        metavar="HEX",
        help="the server key you trust (else the file's key is used and shown)",
    )
    session.add_argument("--rounds", action="store_true", help="show every round in full")

    models = sub.add_parser(
        "models",
        help="list the game models (every version) this verifier can check",
        description="List every game model this verifier ships, with its hash.",
    )
    for child in (commitment, rnd, session, models):
        child.add_argument("--json", action="store_true", help="one JSON object on stdout")
        child.set_defaults(usage_error=child.error)


# ------------------------------------------------------------------- reporting


class Reporter:
    """Collects what was checked; prints text (or, at the end, one JSON object)."""

    def __init__(self, command: str, as_json: bool) -> None:
        self.command = command
        self.as_json = as_json
        self.checked: list[str] = []
        self.result: dict[str, Any] = {}
        #: the file being read, named in messages about its structure
        self.source = ""

    def say(self, line: str = "") -> None:
        if not self.as_json:
            print(line)

    def check(self, what: str) -> None:
        self.checked.append(what)
        self.say(f"  ok  {what}")

    def finish(self) -> int:
        if self.as_json:
            self._emit(ok=True, failure=None)
        return EXIT_OK

    def fail(self, exc: Exception, *, kind: str) -> int:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        failure: dict[str, Any] = {"kind": kind, "message": message}
        if isinstance(exc, VerificationError):
            failure["path"] = exc.path
            failure["check"] = exc.check
            if kind == "malformed" and exc.path and self.source:
                message = f"{self.source}: {message}"
                failure["message"] = message
        if self.as_json:
            self._emit(ok=False, failure=failure)
        label = "FAILED" if kind == "verification" else "error"
        print(f"alea {self.command}: {label}: {message}", file=sys.stderr)
        return EXIT_FAILED

    def _emit(self, *, ok: bool, failure: dict[str, Any] | None) -> None:
        document = {"ok": ok, "command": self.command, **self.result}
        document["checked"] = self.checked
        document["failure"] = failure
        print(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))


def run(args: argparse.Namespace) -> int:
    reporter = Reporter(f"verify {args.what}", bool(args.json))
    handler = _HANDLERS[args.what]
    try:
        return handler(args, reporter)
    except MalformedRecordError as exc:
        return reporter.fail(exc, kind="malformed")
    except VerificationError as exc:
        return reporter.fail(exc, kind="verification")
    except (ValueError, OSError, LookupError) as exc:
        return reporter.fail(exc, kind="error")
    except Exception as exc:  # a player's tool shows one line, not a traceback
        if os.environ.get("ALEA_DEBUG"):
            raise
        wrapped = RuntimeError(
            f"internal error ({type(exc).__name__}: {exc}); ALEA_DEBUG=1 shows more"
        )
        return reporter.fail(wrapped, kind="error")


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    error: Callable[[str], NoReturn] = args.usage_error
    error(message)


def _read_input(name: str, what: str) -> bytes:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        source = "stdin"
    else:
        path = Path(name)
        try:
            if path.is_dir():
                raise IsADirectoryError(21, "is a directory")
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OSError(f"can't read {what} {name}: {reason}") from None
        source = name
    if len(data) > MAX_INPUT_BYTES:
        raise ValueError(f"{what} {source} is larger than {MAX_INPUT_BYTES // 2**20} MiB")
    return data


def _money(amount: int, currency: str | None) -> str:
    return f"{amount} ({currency} minor units)" if currency else f"{amount} minor units"


def _show_round(
    reporter: Reporter,
    game_id: str,
    outcome: RoundOutcome,
    currency: str | None,
    indent: str = "  ",
) -> None:
    for line in render_outcome(game_id, outcome.outcome):
        reporter.say(f"{indent}{line}")
    if not outcome.finished:
        legal = ", ".join(outcome.legal_actions)
        reporter.say(f"{indent}Round not finished; next legal actions: {legal}")
    reporter.say(f"{indent}Total bet {_money(outcome.total_bet, currency)}")
    reporter.say(f"{indent}Total win {_money(outcome.total_win, currency)}")


def _model_line(game: Game) -> str:
    spec = game.spec
    return f"{spec.game_id} (model version {spec.version}, hash {spec.model_hash})"


# ----------------------------------------------------------------- commitment


def _commitment(args: argparse.Namespace, reporter: Reporter) -> int:
    seed = parse_hex(args.seed, "--seed", 32)
    commitment = parse_hex(args.commitment, "--commitment", 32)
    reporter.result = {"commitment": commitment.hex(), "computed": commitment_of(seed).hex()}
    reporter.say(f"SHA-256(server seed) = {commitment_of(seed).hex()}")
    reporter.say(f"commitment           = {commitment.hex()}")
    if not verify_commitment(seed, commitment):
        raise VerificationError(
            "SHA-256(server seed) is not the commitment: this seed is not the one committed to",
            check="commitment",
        )
    reporter.check("SHA-256(server seed) equals the commitment")
    return reporter.finish()


# ---------------------------------------------------------------------- round


def _round(args: argparse.Namespace, reporter: Reporter) -> int:
    if args.receipt is not None:
        return _round_receipt(args, reporter)
    missing = [
        flag
        for flag, value in (("--client-seed", args.client_seed), ("--nonce", args.nonce))
        if value is None
    ]
    if args.game is None and args.model_hash is None:
        missing.append("--game or --model-hash")
    if not args.bet:
        missing.append("--bet")
    if missing:
        _usage(args, f"without --receipt, give {', '.join(missing)}")
    if args.public_key is not None:
        _usage(args, "--public-key checks a receipt's signature: use it with --receipt")
    seed = parse_hex(args.server_seed, "--server-seed", 32)
    client_seed = normalize_client_seed(args.client_seed)
    nonce = parse_nonce(args.nonce)
    bets = [parse_bet(text) for text in args.bet]
    actions = [parse_action(text) for text in args.action]
    try:
        if args.model_hash is not None:
            game = game_by_hash(parse_hex(args.model_hash, "--model-hash", 32).hex())
        else:
            game = game_by_id(args.game)
    except UnknownGameError as exc:
        raise UnknownGameError(f"{exc}; 'alea verify models' lists every model") from None
    outcome = game.play(OutcomeStream(seed, client_seed, nonce), bets, actions)
    reporter.result = _round_json(game, seed, client_seed, nonce, bets, actions, outcome)
    reporter.say(f"Game: {_model_line(game)}")
    reporter.say(f"Commitment (SHA-256 of the server seed): {commitment_of(seed).hex()}")
    reporter.say(f"Client seed: {client_seed!r}, nonce {nonce}")
    _show_round(reporter, game.spec.game_id, outcome, None)
    reporter.say()
    reporter.say(
        "Compare this with the round you were shown; to check a signed receipt, "
        "add --receipt FILE --public-key HEX."
    )
    return reporter.finish()


def _round_json(
    game: Game,
    seed: bytes,
    client_seed: str,
    nonce: int,
    bets: Sequence[Bet],
    actions: Sequence[Action],
    outcome: RoundOutcome,
) -> dict[str, Any]:
    return {
        "game_id": game.spec.game_id,
        "model_version": game.spec.version,
        "model_hash": game.spec.model_hash,
        "commitment": commitment_of(seed).hex(),
        "client_seed": client_seed,
        "nonce": nonce,
        "bets": [bet.to_json() for bet in bets],
        "actions": [action.to_json() for action in actions],
        "finished": outcome.finished,
        "legal_actions": list(outcome.legal_actions),
        "outcome": outcome.outcome,
        "total_bet": outcome.total_bet,
        "total_win": outcome.total_win,
    }


_ENTRY_ALIASES = {
    "body_json": "body_json",
    "bodyJson": "body_json",
    "receipt_hash": "receipt_hash",
    "receiptHash": "receipt_hash",
    "signature": "signature",
}


def _receipt_entry(document: Any) -> Any:
    """The receipt entry in a file: an export entry ``{"body", ...}``, or the API's
    ``Receipt`` (``body_json`` as text), possibly inside a ``Round`` (``{"receipt": ...}``)."""
    if isinstance(document, Mapping) and isinstance(document.get("round"), Mapping):
        document = document["round"]
    if isinstance(document, Mapping) and isinstance(document.get("receipt"), Mapping):
        document = document["receipt"]
    if (
        isinstance(document, Mapping)
        and "body" not in document
        and ("body_json" in document or "bodyJson" in document)
    ):
        entry: dict[str, Any] = {}
        for key, value in document.items():
            entry[_ENTRY_ALIASES.get(str(key), str(key))] = value
        text = entry.pop("body_json")
        if not isinstance(text, str):
            raise MalformedRecordError("body_json must be a string", path="body_json")
        entry["body"] = parse_json_document(text, "body_json")
        return entry
    return document


def _round_receipt(args: argparse.Namespace, reporter: Reporter) -> int:
    conflicting = [
        flag
        for flag, value in (
            ("--client-seed", args.client_seed),
            ("--nonce", args.nonce),
            ("--bet", args.bet),
            ("--action", args.action),
        )
        if value
    ]
    if conflicting:
        _usage(
            args,
            f"with --receipt the client seed, nonce, bets and actions come from the receipt; "
            f"drop {', '.join(conflicting)}",
        )
    if args.public_key is None:
        _usage(args, "--receipt needs --public-key HEX (the server's key) to check the signature")
    seed = parse_hex(args.server_seed, "--server-seed", 32)
    public_key = parse_public_key(args.public_key)
    pinned_hash = parse_hex(args.model_hash, "--model-hash", 32).hex() if args.model_hash else None
    source = "stdin" if args.receipt == "-" else args.receipt
    reporter.source = f"receipt {source}"
    entry = _receipt_entry(
        parse_json_document(_read_input(args.receipt, "receipt"), f"receipt {source}")
    )
    body = entry.get("body") if isinstance(entry, Mapping) else None
    if isinstance(body, Mapping):
        named_hash, named_game = body.get("model_hash"), body.get("game_id")
        if pinned_hash is not None and named_hash != pinned_hash:
            raise VerificationError(
                f"the receipt names model {str(named_hash)[:16]}..., not --model-hash "
                f"{pinned_hash[:16]}...; refusing to verify the round against another model",
                path="body.model_hash",
                check="model",
            )
        if args.game is not None and named_game != args.game:
            raise VerificationError(
                f"the receipt is a {named_game!r} round, not --game {args.game!r}",
                path="body.game_id",
                check="model",
            )
    reporter.say(f"Receipt {source}")
    outcome = verify_receipt(
        entry, server_seed=seed, public_key=public_key, on_check=reporter.check
    )
    body = entry["body"]
    game = game_by_hash(body["model_hash"])
    result = _round_json(
        game,
        seed,
        body["client_seed"],
        body["nonce"],
        [Bet.from_json(bet) for bet in body["bets"]],
        [Action.from_json(action) for action in body["actions"]],
        outcome,
    )
    result.update(
        {
            "pair_id": body["pair_id"],
            "round_id": body["round_id"],
            "currency": body["currency"],
            "receipt_hash": entry["receipt_hash"],
            "server_public_key": public_key,
        }
    )
    reporter.result = result
    reporter.say()
    reporter.say(f"Round {body['round_id']} of pair {body['pair_id']}, nonce {body['nonce']}")
    reporter.say(f"Game: {_model_line(game)}")
    reporter.say(f"Client seed: {body['client_seed']!r}")
    _show_round(reporter, game.spec.game_id, outcome, body["currency"])
    reporter.say()
    reporter.say(
        "Verified: the receipt is signed by this key and its outcome and win are exactly "
        "what the seeds give."
    )
    reporter.say(
        "A single receipt can't show that no round was hidden: verify the session export "
        "for the chain and the nonces."
    )
    return reporter.finish()


# -------------------------------------------------------------------- session


def _session(args: argparse.Namespace, reporter: Reporter) -> int:
    pinned = parse_public_key(args.public_key) if args.public_key else None
    source = "stdin" if args.file == "-" else args.file
    reporter.source = source
    document = parse_json_document(_read_input(args.file, "session file"), source)
    reporter.result = {"file": source}
    reporter.say(f"Session file {source}")
    summary = verify_export(document, public_key=pinned, on_check=reporter.check)
    commitment = document["commitment_record"]
    receipts = document["receipts"]
    currencies = sorted({entry["body"]["currency"] for entry in receipts})
    currency = currencies[0] if len(currencies) == 1 else None
    rounds = []
    for entry, outcome in zip(receipts, summary.replayed, strict=True):
        body = entry["body"]
        rounds.append(
            {
                "nonce": body["nonce"],
                "round_id": body["round_id"],
                "game_id": body["game_id"],
                "model_hash": body["model_hash"],
                "total_bet": outcome.total_bet,
                "total_win": outcome.total_win,
                "currency": body["currency"],
                "summary": summary_line(body["game_id"], outcome.outcome),
            }
        )
    reporter.result.update(
        {
            "pair_id": summary.pair_id,
            "player_id": commitment["player_id"],
            "server_public_key": document["server_public_key"],
            "key_pinned": pinned is not None,
            "commitment": commitment["commitment"],
            "client_seed": document["reveal_record"]["client_seed"],
            "rounds": summary.rounds,
            "total_bet": summary.total_bet,
            "total_win": summary.total_win,
            "last_receipt_hash": summary.last_receipt_hash,
            "round_list": rounds,
        }
    )
    reporter.say()
    reporter.say(
        f"Pair {summary.pair_id} of player {commitment['player_id']!r}, "
        f"client seed {document['reveal_record']['client_seed']!r}"
    )
    for item, entry, outcome in zip(rounds, receipts, summary.replayed, strict=True):
        reporter.say(
            f"  nonce {item['nonce']:>4}  {item['game_id']:<28} bet {item['total_bet']:>8}  "
            f"win {item['total_win']:>8}  {item['summary']}"
        )
        if args.rounds:
            _show_round(reporter, item["game_id"], outcome, entry["body"]["currency"], " " * 8)
            reporter.say()
    reporter.say(
        f"Verified: {summary.rounds} rounds, total bet {_money(summary.total_bet, currency)}, "
        f"total win {_money(summary.total_win, currency)}."
    )
    if pinned is None:
        reporter.say(
            f"The server key was taken from the file: {document['server_public_key']}. "
            "Check it is the key your operator publishes (or pass --public-key)."
        )
    return reporter.finish()


# --------------------------------------------------------------------- models


def _models(args: argparse.Namespace, reporter: Reporter) -> int:
    games = sorted(all_games(), key=lambda g: (g.spec.game_id, g.spec.version))
    reporter.result = {
        "models": [
            {
                "game_id": game.spec.game_id,
                "version": game.spec.version,
                "model_hash": game.spec.model_hash,
                "algorithm": game.spec.algorithm_version,
                "name": game.spec.name,
            }
            for game in games
        ]
    }
    for game in games:
        spec = game.spec
        reporter.say(f"{spec.model_hash}  {spec.game_id} v{spec.version}  {spec.name}")
    return reporter.finish()


_HANDLERS: dict[str, Callable[[argparse.Namespace, Reporter], int]] = {
    "commitment": _commitment,
    "round": _round,
    "session": _session,
    "models": _models,
}
