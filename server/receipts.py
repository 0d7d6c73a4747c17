"""Commitment, receipt, reveal and export records: build, hash, sign, verify.

Normative formats: docs/receipts.md. Every record is a JSON object encoded with
:func:`games.canonical_json`; its hash is SHA-256 of those bytes (lower-case
hex) and its signature is Ed25519 over the same bytes (hex). Receipts of a seed
pair form a chain in nonce order: the first links to the hash of the pair's
commitment record, each next one to the previous receipt's hash.

This module is what the offline verifier (``alea verify``) imports, so it uses
only the standard library, pynacl, rng and games — never grpc or protobuf.
Hash comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from games.base import Action, Bet, Game, RoundOutcome
from games.canonical import canonical_json
from games.registry import game_by_hash
from rng import ALGORITHM_VERSION, OutcomeStream, verify_commitment
from rng.errors import AleaError

__all__ = [
    "COMMITMENT_FORMAT",
    "EXPORT_FORMAT",
    "RECEIPT_FORMAT",
    "REVEAL_FORMAT",
    "ExportSummary",
    "SignedRecord",
    "VerificationError",
    "build_export",
    "commitment_record",
    "format_time",
    "hashes_equal",
    "receipt_body",
    "record_bytes",
    "record_hash",
    "replay_round",
    "reveal_record",
    "sign_record",
    "signed_record",
    "verify_export",
    "verify_receipt_chain",
    "verify_receipt_hash",
    "verify_receipt_signature",
    "verify_record_signature",
]

RECEIPT_FORMAT = "alea-receipt/v1"
COMMITMENT_FORMAT = "alea-commitment/v1"
REVEAL_FORMAT = "alea-reveal/v1"
EXPORT_FORMAT = "alea-export/v1"


class VerificationError(AleaError, ValueError):
    """A record, signature, chain link or replayed round does not check out."""


def format_time(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.mmmZ`` in UTC (milliseconds, truncated)."""
    if moment.tzinfo is None:
        raise ValueError("format_time needs an aware datetime")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _plain(value: Any) -> bool:
    """True if ``value`` is built only of dict (str keys), list, tuple, str, int, bool, None.

    For such values ``json.dumps`` with the canonical options gives exactly the bytes
    of :func:`games.canonical_json`, so the (slower, ABC-based) reference check can be
    skipped. Anything else — floats, other types, subclasses — takes the reference path.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    return False


def record_bytes(record: Mapping[str, Any]) -> bytes:
    """The canonical JSON bytes that are hashed and signed (games.canonical_json)."""
    if _plain(record):
        return json.dumps(
            record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    return canonical_json(record)


def record_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 of the record's canonical bytes, lower-case hex."""
    return hashlib.sha256(record_bytes(record)).hexdigest()


def hashes_equal(left: str, right: str) -> bool:
    """Constant-time comparison of two hex digests (case-insensitive)."""
    return hmac.compare_digest(left.lower().encode("ascii"), right.lower().encode("ascii"))


def sign_record(record: Mapping[str, Any], signing_key: SigningKey) -> str:
    """Ed25519 signature over the record's canonical bytes, hex."""
    return bytes(signing_key.sign(record_bytes(record)).signature).hex()


@dataclass(frozen=True)
class SignedRecord:
    """A record's canonical text, its SHA-256 (hex) and its Ed25519 signature (hex)."""

    text: str
    digest: str
    signature: str


def signed_record(record: Mapping[str, Any], signing_key: SigningKey) -> SignedRecord:
    """Encode once; hash and sign those same bytes."""
    data = record_bytes(record)
    return SignedRecord(
        data.decode("utf-8"),
        hashlib.sha256(data).hexdigest(),
        bytes(signing_key.sign(data).signature).hex(),
    )


def verify_record_signature(record: Mapping[str, Any], signature: str, public_key: str) -> bool:
    """True when ``signature`` (hex) is a valid Ed25519 signature of the record."""
    try:
        key = VerifyKey(bytes.fromhex(public_key))
        key.verify(record_bytes(record), bytes.fromhex(signature))
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def verify_receipt_signature(body: Mapping[str, Any], signature: str, public_key: str) -> bool:
    """True when ``signature`` is the server's signature of the receipt body."""
    return verify_record_signature(body, signature, public_key)


def verify_receipt_hash(body: Mapping[str, Any], receipt_hash: str) -> bool:
    """True when ``receipt_hash`` is SHA-256 of the body's canonical bytes."""
    return hashes_equal(record_hash(body), receipt_hash)


def commitment_record(
    *,
    pair_id: str,
    player_id: str,
    commitment: bytes,
    created_at: str,
    server_public_key: str,
) -> dict[str, Any]:
    """The signed commitment a pair starts with (format alea-commitment/v1)."""
    return {
        "format": COMMITMENT_FORMAT,
        "pair_id": pair_id,
        "player_id": player_id,
        "commitment": commitment.hex(),
        "algorithm": ALGORITHM_VERSION,
        "created_at": created_at,
        "server_public_key": server_public_key,
    }


def reveal_record(
    *,
    pair_id: str,
    commitment: str,
    server_seed: bytes,
    client_seed: str,
    rounds: int,
    last_receipt_hash: str,
    revealed_at: str,
) -> dict[str, Any]:
    """The signed reveal of a rotated pair (format alea-reveal/v1)."""
    return {
        "format": REVEAL_FORMAT,
        "pair_id": pair_id,
        "commitment": commitment,
        "server_seed": server_seed.hex(),
        "client_seed": client_seed,
        "rounds": rounds,
        "last_receipt_hash": last_receipt_hash,
        "revealed_at": revealed_at,
    }


def receipt_body(
    *,
    pair_id: str,
    commitment: str,
    client_seed: str,
    nonce: int,
    outcome: RoundOutcome,
    currency: str,
    round_id: str,
    finished_at: str,
    prev_receipt_hash: str,
) -> dict[str, Any]:
    """The body of a finished round's receipt (format alea-receipt/v1)."""
    if not outcome.finished:
        raise ValueError("only a finished round gets a receipt")
    return {
        "format": RECEIPT_FORMAT,
        "pair_id": pair_id,
        "commitment": commitment,
        "client_seed": client_seed,
        "nonce": nonce,
        "algorithm": ALGORITHM_VERSION,
        "game_id": outcome.game_id,
        "model_hash": outcome.model_hash,
        "bets": [bet.to_json() for bet in outcome.bets],
        "actions": [action.to_json() for action in outcome.actions],
        "outcome": outcome.outcome,
        "total_bet": outcome.total_bet,
        "total_win": outcome.total_win,
        "currency": currency,
        "round_id": round_id,
        "finished_at": finished_at,
        "prev_receipt_hash": prev_receipt_hash,
    }


def build_export(
    *,
    server_public_key: str,
    commitment: Mapping[str, Any],
    commitment_signature: str,
    reveal: Mapping[str, Any],
    reveal_signature: str,
    receipts: Sequence[tuple[Mapping[str, Any], str, str]],
) -> dict[str, Any]:
    """A rotated pair's session file (format alea-export/v1).

    ``receipts`` holds ``(body, receipt_hash, signature)`` in nonce order.
    """
    return {
        "format": EXPORT_FORMAT,
        "server_public_key": server_public_key,
        "commitment_record": dict(commitment),
        "commitment_signature": commitment_signature,
        "reveal_record": dict(reveal),
        "reveal_signature": reveal_signature,
        "receipts": [
            {"body": dict(body), "receipt_hash": digest, "signature": signature}
            for body, digest, signature in receipts
        ],
    }


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`verify_export` checked."""

    pair_id: str
    rounds: int
    total_bet: int
    total_win: int
    last_receipt_hash: str


def _fail(message: str) -> VerificationError:
    return VerificationError(message)


def verify_receipt_chain(
    commitment: Mapping[str, Any],
    receipts: Sequence[Mapping[str, Any]],
    public_key: str,
) -> str:
    """Check hashes, signatures, nonces 0..n-1 and chain links; return the last hash.

    ``receipts`` are export entries ``{"body", "receipt_hash", "signature"}`` in
    nonce order.
    """
    previous = record_hash(commitment)
    for index, entry in enumerate(receipts):
        body = entry["body"]
        where = f"receipts[{index}]"
        if body.get("format") != RECEIPT_FORMAT:
            raise _fail(f"{where}.body.format is {body.get('format')!r}, not {RECEIPT_FORMAT!r}")
        if body.get("pair_id") != commitment["pair_id"]:
            raise _fail(f"{where}.body.pair_id does not match the commitment record")
        if not hashes_equal(str(body.get("commitment", "")), str(commitment["commitment"])):
            raise _fail(f"{where}.body.commitment does not match the commitment record")
        if body.get("nonce") != index:
            raise _fail(
                f"{where}.body.nonce is {body.get('nonce')!r}; nonces must run 0, 1, 2, ..."
            )
        if not verify_receipt_hash(body, str(entry["receipt_hash"])):
            raise _fail(f"{where}.receipt_hash is not SHA-256 of the body")
        if not hashes_equal(str(body.get("prev_receipt_hash", "")), previous):
            raise _fail(f"{where}.body.prev_receipt_hash does not link to the previous receipt")
        if not verify_receipt_signature(body, str(entry["signature"]), public_key):
            raise _fail(f"{where}.signature is not the server's signature of the body")
        previous = str(entry["receipt_hash"])
    return previous


def replay_round(game: Game, server_seed: bytes, body: Mapping[str, Any]) -> RoundOutcome:
    """Play the receipt's round again from the revealed seed."""
    stream = OutcomeStream(server_seed, str(body["client_seed"]), int(body["nonce"]))
    bets = [Bet.from_json(bet) for bet in body["bets"]]
    actions = [Action.from_json(action) for action in body["actions"]]
    return game.play(stream, bets, actions)


def verify_export(
    export: Mapping[str, Any],
    *,
    public_key: str | None = None,
    game_lookup: Callable[[str], Game] = game_by_hash,
) -> ExportSummary:
    """Verify a session file completely; raise VerificationError at the first problem.

    Checks the signatures of the commitment and reveal records, that the
    revealed seed hashes to the commitment, the receipt chain (hashes,
    signatures, contiguous nonces, links), the reveal's round count and last
    hash, and replays every round with the game named by its model hash.
    ``public_key`` pins the server key instead of trusting the file's.
    """
    if export.get("format") != EXPORT_FORMAT:
        raise _fail(f"format is {export.get('format')!r}, not {EXPORT_FORMAT!r}")
    key = str(export["server_public_key"])
    if public_key is not None and not hashes_equal(key, public_key):
        raise _fail("server_public_key is not the expected server key")
    commitment = export["commitment_record"]
    reveal = export["reveal_record"]
    if commitment.get("format") != COMMITMENT_FORMAT:
        raise _fail(f"commitment_record.format is not {COMMITMENT_FORMAT!r}")
    if not hashes_equal(str(commitment.get("server_public_key", "")), key):
        raise _fail("commitment_record.server_public_key differs from server_public_key")
    if not verify_record_signature(commitment, str(export["commitment_signature"]), key):
        raise _fail("commitment_signature is not the server's signature of the commitment")
    if reveal.get("format") != REVEAL_FORMAT:
        raise _fail(f"reveal_record.format is not {REVEAL_FORMAT!r}")
    if not verify_record_signature(reveal, str(export["reveal_signature"]), key):
        raise _fail("reveal_signature is not the server's signature of the reveal")
    if reveal.get("pair_id") != commitment.get("pair_id"):
        raise _fail("reveal_record.pair_id differs from the commitment record")
    if not hashes_equal(str(reveal.get("commitment", "")), str(commitment["commitment"])):
        raise _fail("reveal_record.commitment differs from the commitment record")
    try:
        seed = bytes.fromhex(str(reveal["server_seed"]))
        seed_ok = verify_commitment(seed, bytes.fromhex(str(commitment["commitment"])))
    except ValueError as exc:
        raise _fail(f"reveal_record.server_seed is malformed: {exc}") from exc
    if not seed_ok:
        raise _fail("SHA-256(server_seed) is not the commitment")
    receipts = export["receipts"]
    last = verify_receipt_chain(commitment, receipts, key)
    if reveal.get("rounds") != len(receipts):
        raise _fail(f"reveal_record.rounds is {reveal.get('rounds')!r}, file has {len(receipts)}")
    if not hashes_equal(str(reveal.get("last_receipt_hash", "")), last):
        raise _fail("reveal_record.last_receipt_hash is not the chain's last hash")
    total_bet = total_win = 0
    for index, entry in enumerate(receipts):
        body = entry["body"]
        if body.get("client_seed") != reveal.get("client_seed"):
            raise _fail(f"receipts[{index}].body.client_seed differs from the reveal record")
        game = game_lookup(str(body["model_hash"]))
        if game.spec.game_id != body.get("game_id"):
            raise _fail(f"receipts[{index}]: model hash belongs to {game.spec.game_id!r}")
        outcome = replay_round(game, seed, body)
        if not outcome.finished:
            raise _fail(f"receipts[{index}]: the replayed round is not finished")
        if canonical_json(outcome.outcome) != canonical_json(body["outcome"]):
            raise _fail(f"receipts[{index}]: the replayed outcome differs from the receipt")
        if (outcome.total_bet, outcome.total_win) != (body["total_bet"], body["total_win"]):
            raise _fail(f"receipts[{index}]: the replayed bet/win differ from the receipt")
        total_bet += outcome.total_bet
        total_win += outcome.total_win
    return ExportSummary(
        pair_id=str(commitment["pair_id"]),
        rounds=len(receipts),
        total_bet=total_bet,
        total_win=total_win,
        last_receipt_hash=last,
    )
