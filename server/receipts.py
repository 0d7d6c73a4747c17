"""Commitment, receipt, reveal and export records: build, hash, sign, verify.

Normative formats: docs/receipts.md. Every record is a JSON object encoded with
:func:`games.canonical_json`; its hash is SHA-256 of those bytes (lower-case
hex) and its signature is Ed25519 over the same bytes (hex). Receipts of a seed
pair form a chain in nonce order: the first links to the hash of the pair's
commitment record, each next one to the previous receipt's hash.

This module is what the offline verifier (``alea verify``) imports, so it uses
only the standard library, pynacl, rng and games — never grpc or protobuf.
Hash comparisons are constant-time.

Verification is layered: a structure check (:func:`check_export_structure`,
:func:`check_receipt_entry`) first makes sure every field the spec names is
there with the right JSON type — so that a malformed file fails with its JSON
path (``receipts[3].body.nonce``) instead of a KeyError — and only then are
signatures, links and replays checked. Every failure is a
:class:`VerificationError` naming the field at fault (``path``) and the kind of
check (``check``); the first failure stops verification.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nacl.exceptions import CryptoError
from nacl.signing import SigningKey, VerifyKey

from games.base import Action, Bet, Game, RoundOutcome
from games.canonical import canonical_json
from games.registry import game_by_hash
from rng import ALGORITHM_VERSION, MAX_NONCE, OutcomeStream, verify_commitment
from rng.errors import AleaError

__all__ = [
    "COMMITMENT_FORMAT",
    "EXPORT_FORMAT",
    "RECEIPT_FORMAT",
    "REVEAL_FORMAT",
    "ExportSummary",
    "MalformedRecordError",
    "SignedRecord",
    "VerificationError",
    "build_export",
    "check_export_structure",
    "check_receipt_entry",
    "commitment_record",
    "format_time",
    "hashes_equal",
    "parse_json_document",
    "receipt_body",
    "record_bytes",
    "record_hash",
    "replay_round",
    "reveal_record",
    "sign_record",
    "signed_record",
    "verify_export",
    "verify_receipt",
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
    """A record, signature, chain link or replayed round does not check out.

    ``path`` is the JSON path of the field at fault (``receipts[3].body.nonce``;
    empty when no single field is) and ``check`` the kind of check that failed
    (``structure``, ``format``, ``key``, ``signature``, ``commitment``, ``hash``,
    ``chain``, ``nonce``, ``reveal``, ``model``, ``replay``).
    """

    def __init__(self, message: str, *, path: str = "", check: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.check = check


class MalformedRecordError(VerificationError):
    """A record or file lacks a field, has one of the wrong type, or is not JSON at all."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message, path=path, check="structure")


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
    """Constant-time comparison of two hex digests (case-insensitive); False if not ASCII."""
    try:
        return hmac.compare_digest(left.lower().encode("ascii"), right.lower().encode("ascii"))
    except (AttributeError, UnicodeEncodeError):
        return False


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
    except (CryptoError, ValueError, TypeError):  # BadSignatureError is a CryptoError
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


# --------------------------------------------------------------------------- parsing

#: Deeper nesting than this is refused (no shipped outcome comes close; it keeps
#: the recursive checks and json's own parser away from the recursion limit).
MAX_JSON_DEPTH = 64


def _no_constants(name: str) -> Any:
    raise MalformedRecordError(f"{name} is not JSON that a record may hold (no NaN or Infinity)")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise MalformedRecordError(
                f"the key {key!r} appears twice in one object; a signed record can't be read "
                "two ways"
            )
        out[key] = value
    return out


def parse_json_document(data: bytes | str, what: str = "the file") -> Any:
    """Parse a session file or receipt: strict JSON, UTF-8, no duplicate keys, no NaN.

    Raises :class:`MalformedRecordError` with one line saying what is wrong and
    where (line and column) — never a JSONDecodeError or RecursionError.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise MalformedRecordError(
                f"{what} is not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x})"
            ) from None
    else:
        text = data
    if not text.strip():
        raise MalformedRecordError(f"{what} is empty")
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated")
        raise MalformedRecordError(
            f"{what} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            + ("; is it truncated?" if truncated else "")
        ) from None
    except RecursionError:
        raise MalformedRecordError(f"{what} nests JSON too deeply") from None


# ------------------------------------------------------------------------- structure

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")

_Checker = Callable[[Any, str], None]
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _join(path: str, key: str) -> str:
    """``path.key``, or ``path["odd key"]`` (JSON-escaped) when the key isn't a plain name."""
    if _NAME.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _bad(path: str, wanted: str, value: Any) -> MalformedRecordError:
    return MalformedRecordError(f"{path} must be {wanted}, got {_json_type(value)}", path=path)


def _json_value(value: Any, path: str, depth: int = 0) -> None:
    """Anything canonical JSON can encode: no floats, string keys, UTF-8-encodable text."""
    if depth > MAX_JSON_DEPTH:
        raise MalformedRecordError(f"{path} nests deeper than {MAX_JSON_DEPTH} levels", path=path)
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        _text(value, path)
        return
    if isinstance(value, float):
        raise MalformedRecordError(
            f"{path} is a number with a fraction; records hold integers only", path=path
        )
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise MalformedRecordError(f"{path} has a non-string key {key!r}", path=path)
            _text(key, f"{path} key")
            _json_value(item, _join(path, key), depth + 1)
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _json_value(item, f"{path}[{index}]", depth + 1)
        return
    raise _bad(path, "a JSON value", value)


def _text(value: Any, path: str) -> None:
    if not isinstance(value, str):
        raise _bad(path, "a string", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedRecordError(
            f"{path} holds a lone surrogate (\\ud800-\\udfff); it is not UTF-8 text", path=path
        ) from None


def _pattern(regex: re.Pattern[str], wanted: str) -> _Checker:
    def check(value: Any, path: str) -> None:
        _text(value, path)
        if not regex.fullmatch(value):
            shown = value if len(value) <= 20 else value[:17] + "..."
            raise MalformedRecordError(
                f"{path} must be {wanted}, got {shown!r} ({len(value)} characters)", path=path
            )

    return check


_hex64 = _pattern(_HEX64, "64 lower-case hex digits")
_hex128 = _pattern(_HEX128, "128 lower-case hex digits")
_time = _pattern(_TIME, "a UTC time like 2026-01-01T00:00:00.000Z")


def _int(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(path, "an integer", value)


def _count(value: Any, path: str) -> None:
    _int(value, path)
    if not 0 <= value <= MAX_NONCE:
        raise MalformedRecordError(f"{path} must be in 0 .. 2**64-1, got {value}", path=path)


def _object(value: Any, path: str) -> None:
    if not isinstance(value, Mapping):
        raise _bad(path, "an object", value)
    _json_value(value, path)


def _list_of(item: _Checker) -> _Checker:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, list | tuple):
            raise _bad(path, "an array", value)
        for index, element in enumerate(value):
            item(element, f"{path}[{index}]")

    return check


def _fields(record: Any, where: str, fields: Mapping[str, _Checker]) -> None:
    """``record`` is an object with exactly ``fields``, each passing its check."""
    if not isinstance(record, Mapping):
        raise _bad(where or "the document", "a JSON object", record)
    for name, check in fields.items():
        path = f"{where}.{name}" if where else name
        if name not in record:
            raise MalformedRecordError(f"{path} is missing", path=path)
        check(record[name], path)
    extra = sorted(str(key) for key in record if key not in fields)
    if extra:
        path = _join(where, extra[0])
        raise MalformedRecordError(
            f"{path} is not a field of this record (fields: {', '.join(sorted(fields))})",
            path=path,
        )


def _record(fields: Mapping[str, _Checker]) -> _Checker:
    def check(value: Any, path: str) -> None:
        _fields(value, path, fields)

    return check


def _format(expected: str) -> _Checker:
    def check(value: Any, path: str) -> None:
        _text(value, path)
        if value != expected:
            raise VerificationError(
                f"{path} is {value!r}; this verifier reads {expected!r}", path=path, check="format"
            )

    return check


_BET = _record({"kind": _text, "amount": _int, "target": _list_of(_text)})
_ACTION = _record({"kind": _text, "positions": _list_of(_int)})

_RECEIPT_BODY: dict[str, _Checker] = {
    "format": _format(RECEIPT_FORMAT),
    "pair_id": _text,
    "commitment": _hex64,
    "client_seed": _text,
    "nonce": _count,
    "algorithm": _text,
    "game_id": _text,
    "model_hash": _hex64,
    "bets": _list_of(_BET),
    "actions": _list_of(_ACTION),
    "outcome": _object,
    "total_bet": _int,
    "total_win": _int,
    "currency": _text,
    "round_id": _text,
    "finished_at": _time,
    "prev_receipt_hash": _hex64,
}
_RECEIPT_ENTRY: dict[str, _Checker] = {
    "body": _record(_RECEIPT_BODY),
    "receipt_hash": _hex64,
    "signature": _hex128,
}
_COMMITMENT_RECORD: dict[str, _Checker] = {
    "format": _format(COMMITMENT_FORMAT),
    "pair_id": _text,
    "player_id": _text,
    "commitment": _hex64,
    "algorithm": _text,
    "created_at": _time,
    "server_public_key": _hex64,
}
_REVEAL_RECORD: dict[str, _Checker] = {
    "format": _format(REVEAL_FORMAT),
    "pair_id": _text,
    "commitment": _hex64,
    "server_seed": _hex64,
    "client_seed": _text,
    "rounds": _count,
    "last_receipt_hash": _hex64,
    "revealed_at": _time,
}
_EXPORT: dict[str, _Checker] = {
    "format": _format(EXPORT_FORMAT),
    "server_public_key": _hex64,
    "commitment_record": _record(_COMMITMENT_RECORD),
    "commitment_signature": _hex128,
    "reveal_record": _record(_REVEAL_RECORD),
    "reveal_signature": _hex128,
    "receipts": _list_of(_record(_RECEIPT_ENTRY)),
}


def _format_first(document: Any, where: str, expected: str) -> None:
    """Say "wrong format" before "missing field" when the file is another kind of document."""
    if isinstance(document, Mapping) and "format" in document:
        _format(expected)(document["format"], f"{where}.format" if where else "format")


def check_export_structure(document: Any) -> None:
    """Raise MalformedRecordError (naming the JSON path) unless ``document`` has the
    shape of an ``alea-export/v1`` session file: every field present, with the right type,
    and nothing else (docs/receipts.md)."""
    _format_first(document, "", EXPORT_FORMAT)
    _fields(document, "", _EXPORT)


def check_receipt_entry(entry: Any, where: str = "") -> None:
    """Raise MalformedRecordError unless ``entry`` is ``{"body", "receipt_hash", "signature"}``
    with a well-formed ``alea-receipt/v1`` body."""
    if isinstance(entry, Mapping):
        _format_first(entry.get("body"), f"{where}.body" if where else "body", RECEIPT_FORMAT)
    _fields(entry, where, _RECEIPT_ENTRY)


# ---------------------------------------------------------------------- verification


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`verify_export` checked.

    ``checks`` lists the checks passed, in order; ``replayed`` the re-derived
    round of every receipt, in nonce order.
    """

    pair_id: str
    rounds: int
    total_bet: int
    total_win: int
    last_receipt_hash: str
    checks: tuple[str, ...] = ()
    replayed: tuple[RoundOutcome, ...] = ()


def _fail(message: str, *, path: str = "", check: str = "") -> VerificationError:
    return VerificationError(message, path=path, check=check)


def verify_receipt_chain(
    commitment: Mapping[str, Any],
    receipts: Sequence[Mapping[str, Any]],
    public_key: str,
) -> str:
    """Check hashes, signatures, nonces 0..n-1 and chain links; return the last hash.

    ``receipts`` are export entries ``{"body", "receipt_hash", "signature"}`` in
    nonce order. The commitment record's and each entry's structure are checked first.
    """
    _fields(commitment, "commitment_record", _COMMITMENT_RECORD)
    previous = record_hash(commitment)
    for index, entry in enumerate(receipts):
        where = f"receipts[{index}]"
        check_receipt_entry(entry, where)
        body = entry["body"]
        if body["pair_id"] != commitment["pair_id"]:
            raise _fail(
                f"{where}.body.pair_id is {body['pair_id']!r}, not the commitment record's "
                f"{commitment['pair_id']!r}",
                path=f"{where}.body.pair_id",
                check="chain",
            )
        if not hashes_equal(body["commitment"], str(commitment["commitment"])):
            raise _fail(
                f"{where}.body.commitment does not match the commitment record",
                path=f"{where}.body.commitment",
                check="chain",
            )
        if body["nonce"] != index:
            raise _fail(
                f"{where}.body.nonce is {body['nonce']}, expected {index}: nonces must run "
                "0, 1, 2, ... in order with none missing",
                path=f"{where}.body.nonce",
                check="nonce",
            )
        if not verify_receipt_hash(body, entry["receipt_hash"]):
            raise _fail(
                f"{where}.receipt_hash is not SHA-256 of the body (the body was changed)",
                path=f"{where}.receipt_hash",
                check="hash",
            )
        if not hashes_equal(body["prev_receipt_hash"], previous):
            what = "the commitment record" if index == 0 else f"receipts[{index - 1}]"
            raise _fail(
                f"{where}.body.prev_receipt_hash does not link to {what}",
                path=f"{where}.body.prev_receipt_hash",
                check="chain",
            )
        if not verify_receipt_signature(body, entry["signature"], public_key):
            raise _fail(
                f"{where}.signature is not the server's signature of the body",
                path=f"{where}.signature",
                check="signature",
            )
        previous = str(entry["receipt_hash"])
    return previous


def replay_round(game: Game, server_seed: bytes, body: Mapping[str, Any]) -> RoundOutcome:
    """Play the receipt's round again from the revealed seed."""
    stream = OutcomeStream(server_seed, str(body["client_seed"]), int(body["nonce"]))
    bets = [Bet.from_json(bet) for bet in body["bets"]]
    actions = [Action.from_json(action) for action in body["actions"]]
    return game.play(stream, bets, actions)


def _first_difference(expected: Any, given: Any, path: str) -> tuple[str, Any, Any] | None:
    """The first place (path, what the seeds give, what the receipt says) two JSON values differ."""
    if isinstance(expected, Mapping) and isinstance(given, Mapping):
        for key in sorted(set(expected) | set(given)):
            if key not in given:
                return _join(path, key), expected[key], "(missing)"
            if key not in expected:
                return _join(path, key), "(nothing)", given[key]
            found = _first_difference(expected[key], given[key], _join(path, key))
            if found is not None:
                return found
        return None
    if isinstance(expected, list | tuple) and isinstance(given, list | tuple):
        for index, (left, right) in enumerate(zip(expected, given, strict=False)):
            found = _first_difference(left, right, f"{path}[{index}]")
            if found is not None:
                return found
        if len(expected) != len(given):
            return f"{path} (length)", len(expected), len(given)
        return None
    if canonical_json(expected) != canonical_json(given):
        return path, expected, given
    return None


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _lookup_game(body: Mapping[str, Any], where: str, game_lookup: Callable[[str], Game]) -> Game:
    model_hash = str(body["model_hash"])
    try:
        game = game_lookup(model_hash)
    except LookupError:
        raise _fail(
            f"{where}.body.model_hash {model_hash[:16]}... names a {body['game_id']!r} model "
            "this verifier does not ship; it can't re-derive the round (a newer alea may)",
            path=f"{where}.body.model_hash",
            check="model",
        ) from None
    if not hashes_equal(game.spec.model_hash, model_hash):
        raise _fail(
            f"{where}.body.model_hash: the model found has hash {game.spec.model_hash[:16]}..., "
            "not the one the receipt names; refusing to verify against another model",
            path=f"{where}.body.model_hash",
            check="model",
        )
    if game.spec.game_id != body["game_id"]:
        raise _fail(
            f"{where}.body.game_id is {body['game_id']!r} but its model hash belongs to "
            f"{game.spec.game_id!r}",
            path=f"{where}.body.game_id",
            check="model",
        )
    return game


def _replay_and_compare(
    body: Mapping[str, Any], seed: bytes, where: str, game_lookup: Callable[[str], Game]
) -> RoundOutcome:
    """Re-derive the receipt's round from the seed; raise at the first difference."""
    if body["algorithm"] != ALGORITHM_VERSION:
        raise _fail(
            f"{where}.body.algorithm is {body['algorithm']!r}; this verifier implements "
            f"{ALGORITHM_VERSION!r}",
            path=f"{where}.body.algorithm",
            check="model",
        )
    game = _lookup_game(body, where, game_lookup)
    try:
        outcome = replay_round(game, seed, body)
    except Exception as exc:  # the game refused the signed bets/actions: a bad receipt
        raise _fail(
            f"{where}: the round can't be replayed with its bets and actions: {exc}",
            path=f"{where}.body",
            check="replay",
        ) from None
    if not outcome.finished:
        raise _fail(
            f"{where}: the replayed round is not finished after its actions "
            f"(next legal: {', '.join(outcome.legal_actions)})",
            path=f"{where}.body.actions",
            check="replay",
        )
    prefix = f"{where}.body.outcome" if where else "body.outcome"
    difference = _first_difference(outcome.outcome, body["outcome"], prefix)
    if difference is not None:
        path, derived, given = difference
        raise _fail(
            f"{path} is {_shown(given)} in the receipt, but the round replayed from the "
            f"seeds gives {_shown(derived)}",
            path=path,
            check="replay",
        )
    body_path = f"{where}.body" if where else "body"
    for name, derived_amount in (
        ("total_bet", outcome.total_bet),
        ("total_win", outcome.total_win),
    ):
        if body[name] != derived_amount:
            raise _fail(
                f"{body_path}.{name} is {body[name]} in the receipt, but the round replayed "
                f"from the seeds gives {derived_amount}",
                path=f"{body_path}.{name}",
                check="replay",
            )
    return outcome


def verify_receipt(
    entry: Any,
    *,
    server_seed: bytes,
    public_key: str,
    game_lookup: Callable[[str], Game] = game_by_hash,
    on_check: Callable[[str], None] | None = None,
) -> RoundOutcome:
    """Verify one receipt ``{"body", "receipt_hash", "signature"}`` with the revealed seed.

    Checks the structure, that ``receipt_hash`` is the body's hash, the server's
    signature with ``public_key``, that ``SHA-256(server_seed)`` is the body's
    commitment, and re-derives the round with the model the receipt names:
    outcome, total bet and total win must be exactly the receipt's. (A single
    receipt can't show its chain link or that no nonce was skipped: verify the
    session file for that.) Returns the re-derived round.
    """
    note = on_check or (lambda _: None)
    check_receipt_entry(entry)
    body = entry["body"]
    note("structure of the receipt")
    if not verify_receipt_hash(body, entry["receipt_hash"]):
        raise _fail(
            "receipt_hash is not SHA-256 of the body (the body was changed)",
            path="receipt_hash",
            check="hash",
        )
    note("receipt_hash is SHA-256 of the body")
    if not verify_receipt_signature(body, entry["signature"], public_key):
        raise _fail(
            "signature is not the server's signature of the body (wrong key, or changed)",
            path="signature",
            check="signature",
        )
    note("signature by the server key")
    if not verify_commitment(server_seed, bytes.fromhex(body["commitment"])):
        raise _fail(
            "SHA-256(server seed) is not the receipt's commitment: wrong seed for this pair",
            path="body.commitment",
            check="commitment",
        )
    note("SHA-256(server seed) equals the receipt's commitment")
    outcome = _replay_and_compare(body, server_seed, "", game_lookup)
    note(f"round re-derived with model {body['game_id']} {str(body['model_hash'])[:12]}...")
    return outcome


def verify_export(
    export: Mapping[str, Any],
    *,
    public_key: str | None = None,
    game_lookup: Callable[[str], Game] = game_by_hash,
    on_check: Callable[[str], None] | None = None,
) -> ExportSummary:
    """Verify a session file completely; raise VerificationError at the first problem.

    In order: the structure of the whole file (every field, its type), the
    format; the server key (``public_key`` pins it instead of trusting the
    file's); the commitment record's algorithm, key and signature; the reveal
    record's signature, pair and commitment; that the revealed seed hashes to
    the commitment; the receipt chain (pair, commitment, contiguous nonces,
    hashes, links, signatures); the reveal's round count and last hash; then
    every round: client seed, algorithm, the model its hash names, and the
    replay — outcome, total bet and total win exactly as in the receipt.
    ``on_check`` is told each check as it passes.
    """
    checks: list[str] = []

    def passed(what: str) -> None:
        checks.append(what)
        if on_check is not None:
            on_check(what)

    check_export_structure(export)
    passed(f"structure of the {EXPORT_FORMAT} file")
    key = str(export["server_public_key"])
    if public_key is not None:
        if not hashes_equal(key, public_key):
            raise _fail(
                "server_public_key is not the expected server key",
                path="server_public_key",
                check="key",
            )
        passed("server_public_key is the expected key")
    commitment = export["commitment_record"]
    reveal = export["reveal_record"]
    if commitment["algorithm"] != ALGORITHM_VERSION:
        raise _fail(
            f"commitment_record.algorithm is {commitment['algorithm']!r}; this verifier "
            f"implements {ALGORITHM_VERSION!r}",
            path="commitment_record.algorithm",
            check="format",
        )
    if not hashes_equal(commitment["server_public_key"], key):
        raise _fail(
            "commitment_record.server_public_key differs from server_public_key",
            path="commitment_record.server_public_key",
            check="key",
        )
    if not verify_record_signature(commitment, export["commitment_signature"], key):
        raise _fail(
            "commitment_signature is not the server's signature of the commitment record",
            path="commitment_signature",
            check="signature",
        )
    passed("commitment record signed by the server key")
    if not verify_record_signature(reveal, export["reveal_signature"], key):
        raise _fail(
            "reveal_signature is not the server's signature of the reveal record",
            path="reveal_signature",
            check="signature",
        )
    passed("reveal record signed by the server key")
    if reveal["pair_id"] != commitment["pair_id"]:
        raise _fail(
            "reveal_record.pair_id differs from the commitment record",
            path="reveal_record.pair_id",
            check="reveal",
        )
    if not hashes_equal(reveal["commitment"], commitment["commitment"]):
        raise _fail(
            "reveal_record.commitment differs from the commitment record",
            path="reveal_record.commitment",
            check="reveal",
        )
    seed = bytes.fromhex(reveal["server_seed"])
    if not verify_commitment(seed, bytes.fromhex(commitment["commitment"])):
        raise _fail(
            "SHA-256(reveal_record.server_seed) is not the commitment: the revealed seed "
            "is not the one committed to",
            path="reveal_record.server_seed",
            check="commitment",
        )
    passed("SHA-256(server seed) equals the commitment")
    receipts = export["receipts"]
    last = verify_receipt_chain(commitment, receipts, key)
    count = len(receipts)
    nonces = f"nonces 0..{count - 1}" if count else "no rounds"
    passed(f"{count} receipts: hashes, signatures, chain links, {nonces}")
    if reveal["rounds"] != count:
        raise _fail(
            f"reveal_record.rounds is {reveal['rounds']}, but the file has {count} receipts",
            path="reveal_record.rounds",
            check="reveal",
        )
    if not hashes_equal(reveal["last_receipt_hash"], last):
        raise _fail(
            "reveal_record.last_receipt_hash is not the chain's last hash",
            path="reveal_record.last_receipt_hash",
            check="reveal",
        )
    passed("reveal's round count and last receipt hash match the chain")
    total_bet = total_win = 0
    replayed: list[RoundOutcome] = []
    for index, entry in enumerate(receipts):
        body = entry["body"]
        where = f"receipts[{index}]"
        if body["client_seed"] != reveal["client_seed"]:
            raise _fail(
                f"{where}.body.client_seed differs from the reveal record's",
                path=f"{where}.body.client_seed",
                check="reveal",
            )
        outcome = _replay_and_compare(body, seed, where, game_lookup)
        replayed.append(outcome)
        total_bet += outcome.total_bet
        total_win += outcome.total_win
    passed(f"{count} rounds re-derived from the seeds: outcome, total bet, total win")
    return ExportSummary(
        pair_id=str(commitment["pair_id"]),
        rounds=count,
        total_bet=total_bet,
        total_win=total_win,
        last_receipt_hash=last,
        checks=tuple(checks),
        replayed=tuple(replayed),
    )
