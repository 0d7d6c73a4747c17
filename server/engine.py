"""The game engine: seed pairs, rounds, receipts and idempotency over a Store.

This is the server's domain layer, free of grpc: the gRPC services (server/
service.py) validate nothing themselves and call these methods. Every request
that changes state becomes one unit of work in the store, so its checks, its
nonce increment, its round, receipt, idempotency record and journal entries
commit together and durably before the answer exists.

Rules the engine enforces (docs/api.md):

* A pair's rounds use nonces 0, 1, 2, ... with no gap; the nonce is taken when
  a round starts.
* The client seed can be given at open or with SetClientSeed, and only before
  the first round; a round on a pair without one is FAILED_PRECONDITION.
* At most one round of a pair is unfinished at a time (a multi-step round in
  progress blocks new rounds and rotation), so receipts chain in nonce order.
* An idempotency key belongs to one request of one operator: the same request
  again returns the stored answer, a different one is refused.

Time, entropy and ids are injected (``clock``, ``drbg``, ``new_id``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, TypeVar

from nacl.signing import SigningKey

from games.base import MAX_AMOUNT, Action, Bet, Game, GameSpec, RoundOutcome
from games.canonical import canonical_json
from games.errors import UnknownGameError
from rng import HmacDrbg, OutcomeStream, ServerSeed, normalize_client_seed
from rng.errors import InvalidClientSeedError
from server.errors import (
    IdempotencyConflictError,
    InvalidRequestError,
    NotFoundError,
    PreconditionError,
)
from server.keys import SeedSealer
from server.money import check_currency
from server.receipts import (
    commitment_record,
    format_time,
    receipt_body,
    reveal_record,
    signed_record,
)
from server.store import IdempotencyRow, PairRow, RoundRow, Store, Transaction

__all__ = [
    "MAX_BETS",
    "Engine",
    "Idempotency",
    "PairView",
    "RotateResult",
    "default_new_id",
]

T = TypeVar("T")
MAX_BETS = 64  #: bets in one round
MAX_KEY_LENGTH = 128  #: characters of an idempotency key
MAX_PLAYER_ID_LENGTH = 128
MAX_ID_LENGTH = 64  #: characters of a pair or round id


def default_new_id(prefix: str) -> str:
    """``prefix`` + 24 hex digits from the OS CSPRNG (ids are not secrets, just unique)."""
    return f"{prefix}_{secrets.token_hex(12)}"


@dataclass(frozen=True)
class Idempotency:
    """An idempotency key of one operator's request."""

    operator_id: str
    key: str


@dataclass(frozen=True)
class PairView:
    """A pair as the API shows it: never the unrevealed seed."""

    pair_id: str
    player_id: str
    commitment: str
    commitment_record: str
    commitment_hash: str
    commitment_signature: str
    client_seed: str
    next_nonce: int
    rotated: bool
    open_round_id: str
    successor_id: str
    reveal_record: str
    reveal_hash: str
    reveal_signature: str
    server_seed: str
    last_receipt_hash: str
    created_at: str
    revealed_at: str

    @classmethod
    def of(cls, row: PairRow) -> PairView:
        revealed = row.reveal_record is not None
        return cls(
            pair_id=row.pair_id,
            player_id=row.player_id,
            commitment=row.commitment,
            commitment_record=row.commitment_record,
            commitment_hash=hashlib.sha256(row.commitment_record.encode()).hexdigest(),
            commitment_signature=row.commitment_signature,
            client_seed=row.client_seed or "",
            next_nonce=row.next_nonce,
            rotated=revealed,
            open_round_id=row.open_round_id or "",
            successor_id=row.successor_id or "",
            reveal_record=row.reveal_record or "",
            reveal_hash=(
                hashlib.sha256(row.reveal_record.encode()).hexdigest() if row.reveal_record else ""
            ),
            reveal_signature=row.reveal_signature or "",
            server_seed=(row.server_seed or "") if revealed else "",
            last_receipt_hash=row.last_receipt_hash,
            created_at=row.created_at,
            revealed_at=row.revealed_at or "",
        )


@dataclass(frozen=True)
class RotateResult:
    rotated: PairView
    next: PairView


# -- idempotent results are stored as JSON --------------------------------------


def _fields(value: PairView | RoundRow) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in fields(value)}


def _encode(result: PairView | RoundRow | RotateResult) -> str:
    """The stored answer. A finished round is final, so a reference to it is enough."""
    if isinstance(result, RotateResult):
        return json.dumps({"rotated": _fields(result.rotated), "next": _fields(result.next)})
    if isinstance(result, RoundRow) and result.finished:
        return json.dumps({"finished_round": result.round_id})
    return json.dumps(_fields(result))


def _json(value: Any) -> str:
    """Compact JSON with sorted keys for storage columns and fingerprints.

    Receipts and records use games.canonical_json (which also checks the value);
    these columns hold the same values, already checked when the receipt was made.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _decode_pair(tx: Transaction, text: str) -> PairView:
    return PairView(**json.loads(text))


def _decode_round(tx: Transaction, text: str) -> RoundRow:
    data = json.loads(text)
    if "finished_round" in data:
        row = tx.get_round(data["finished_round"])
        assert row is not None and row.finished  # rounds are never deleted or reopened
        return row
    return RoundRow(**data)


def _decode_rotate(tx: Transaction, text: str) -> RotateResult:
    data = json.loads(text)
    return RotateResult(PairView(**data["rotated"]), PairView(**data["next"]))


# -- input checks (pure; before any unit of work) ----------------------------------


def _require_id(value: str, field: str) -> str:
    if not value:
        raise InvalidRequestError(f"{field} is required")
    if len(value) > MAX_ID_LENGTH or not value.isascii() or not value.isprintable():
        raise InvalidRequestError(
            f"{field}={value[:80]!r} is not a valid id (printable ASCII, "
            f"at most {MAX_ID_LENGTH} characters)"
        )
    return value


def _require_key(key: str) -> str:
    if not key:
        raise InvalidRequestError(
            "idempotency_key is required for calls that change state "
            f"(1-{MAX_KEY_LENGTH} printable ASCII characters, unique per request)"
        )
    if len(key) > MAX_KEY_LENGTH or not all("!" <= ch <= "~" for ch in key):
        raise InvalidRequestError(
            f"idempotency_key must be 1-{MAX_KEY_LENGTH} printable ASCII characters without spaces"
        )
    return key


def _require_player(player_id: str) -> str:
    if not player_id:
        raise InvalidRequestError("player_id is required")
    if len(player_id) > MAX_PLAYER_ID_LENGTH:
        raise InvalidRequestError(
            f"player_id is {len(player_id)} characters; the limit is {MAX_PLAYER_ID_LENGTH}"
        )
    if any(unicodedata.category(ch).startswith("C") for ch in player_id) or (
        player_id != player_id.strip()
    ):
        raise InvalidRequestError(
            "player_id must not contain control characters or start/end with white space"
        )
    return player_id


def _client_seed(value: str, field: str) -> str:
    try:
        return normalize_client_seed(value)
    except InvalidClientSeedError as exc:
        raise InvalidRequestError(f"{field}: {exc}") from exc


def _check_bets(bets: Sequence[Bet]) -> tuple[Bet, ...]:
    if not bets:
        raise InvalidRequestError("bets: at least one bet is required")
    if len(bets) > MAX_BETS:
        raise InvalidRequestError(f"bets: {len(bets)} bets; the limit is {MAX_BETS}")
    total = 0
    for index, bet in enumerate(bets):
        if not bet.kind:
            raise InvalidRequestError(f"bets[{index}].kind is required")
        if bet.amount <= 0:
            raise InvalidRequestError(
                f"bets[{index}].amount={bet.amount} must be a positive number of minor units"
            )
        total += bet.amount
    if total > MAX_AMOUNT:
        raise InvalidRequestError("bets: the total stake does not fit in int64 minor units")
    return tuple(bets)


def _fingerprint(method: str, params: dict[str, Any]) -> str:
    return hashlib.sha256(_json({"method": method, "params": params}).encode()).hexdigest()


class Engine:
    """Seed pairs and rounds over a :class:`server.store.Store` (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        *,
        signing_key: SigningKey,
        sealer: SeedSealer,
        drbg: HmacDrbg,
        clock: Callable[[], datetime],
        games: Sequence[Game],
        older_games: Sequence[Game] = (),
        new_id: Callable[[str], str] = default_new_id,
    ) -> None:
        self._store = store
        self._signing_key = signing_key
        self.public_key = bytes(signing_key.verify_key).hex()
        self._sealer = sealer
        self._drbg = drbg
        self._drbg_lock = threading.Lock()
        self._clock = clock
        self._new_id = new_id
        self._games = {game.spec.game_id: game for game in games}
        self._by_hash = {game.spec.model_hash: game for game in (*older_games, *games)}

    def __repr__(self) -> str:
        return f"Engine(public_key={self.public_key}, games={sorted(self._games)})"

    # -- games -------------------------------------------------------------------

    def game_specs(self) -> list[GameSpec]:
        return [self._games[game_id].spec for game_id in sorted(self._games)]

    def _game(self, game_id: str, model_hash: str, *, multi_step: bool) -> Game:
        if not game_id:
            raise InvalidRequestError("game_id is required")
        game = self._games.get(game_id)
        if game is None:
            known = ", ".join(sorted(self._games)) or "none"
            raise UnknownGameError(f"game_id={game_id!r} is not offered; games: {known}")
        if game.spec.multi_step != multi_step:
            use = "StartRound and ActRound" if game.spec.multi_step else "PlayRound"
            raise InvalidRequestError(
                f"game_id={game_id!r} is {'multi' if game.spec.multi_step else 'single'}-step; "
                f"use {use}"
            )
        if model_hash and not hmac.compare_digest(
            model_hash.encode(), game.spec.model_hash.encode()
        ):
            raise PreconditionError(
                f"model_hash={model_hash!r} is not the current model of {game_id!r} "
                f"({game.spec.model_hash}); refresh ListGames"
            )
        return game

    # -- helpers inside units of work ----------------------------------------------

    def _now(self) -> str:
        return format_time(self._clock())

    def _owned_pair(self, tx: Transaction, operator_id: str, pair_id: str) -> PairRow:
        row = tx.get_pair(pair_id)
        if row is None or not hmac.compare_digest(row.operator_id.encode(), operator_id.encode()):
            raise NotFoundError(f"pair_id={pair_id!r} not found")
        return row

    def _owned_round(self, tx: Transaction, operator_id: str, round_id: str) -> RoundRow:
        row = tx.get_round(round_id)
        if row is None or not hmac.compare_digest(row.operator_id.encode(), operator_id.encode()):
            raise NotFoundError(f"round_id={round_id!r} not found")
        return row

    def _idempotent(
        self,
        idem: Idempotency,
        method: str,
        params: dict[str, Any],
        decode: Callable[[Transaction, str], T],
        work: Callable[[Transaction, str], T],
    ) -> Future[T]:
        """Run ``work(tx, now)`` once per (operator, key); replay its answer afterwards."""
        fingerprint = _fingerprint(method, params)

        def unit(tx: Transaction) -> T:
            stored = tx.get_idempotency(idem.operator_id, idem.key)
            if stored is not None:
                if stored.method != method or not hmac.compare_digest(
                    stored.fingerprint.encode(), fingerprint.encode()
                ):
                    raise IdempotencyConflictError(
                        f"idempotency_key={idem.key!r} was already used for a different "
                        f"{stored.method} request; use a new key for a new request"
                    )
                return decode(tx, stored.result)
            now = self._now()
            result = work(tx, now)
            tx.put_idempotency(
                IdempotencyRow(
                    idem.operator_id,
                    idem.key,
                    method,
                    fingerprint,
                    _encode(result),  # type: ignore[arg-type]
                    now,
                )
            )
            return result

        return self._store.submit(unit)

    def _new_pair(
        self, tx: Transaction, operator_id: str, player_id: str, client_seed: str | None, now: str
    ) -> PairRow:
        with self._drbg_lock:
            seed = ServerSeed.generate(self._drbg)
        pair_id = self._new_id("p")
        record = commitment_record(
            pair_id=pair_id,
            player_id=player_id,
            commitment=seed.commitment,
            created_at=now,
            server_public_key=self.public_key,
        )
        signed = signed_record(record, self._signing_key)
        row = PairRow(
            pair_id=pair_id,
            operator_id=operator_id,
            player_id=player_id,
            commitment=seed.commitment.hex(),
            sealed_seed=self._sealer.seal(pair_id, seed.reveal()),
            server_seed=None,
            client_seed=client_seed,
            next_nonce=0,
            open_round_id=None,
            last_receipt_hash=signed.digest,
            commitment_record=signed.text,
            commitment_signature=signed.signature,
            reveal_record=None,
            reveal_signature=None,
            successor_id=None,
            created_at=now,
            revealed_at=None,
        )
        tx.insert_pair(row)
        tx.append_journal("pair.open", pair_id, signed.digest, now)
        return row

    def _active(self, pair: PairRow) -> None:
        if pair.rotated:
            raise PreconditionError(
                f"pair_id={pair.pair_id!r} is rotated (its seed is revealed); "
                f"use its successor {pair.successor_id!r}"
            )

    def _seed(self, pair: PairRow) -> bytes:
        assert pair.sealed_seed is not None  # active pairs are sealed (CHECK constraint)
        return self._sealer.open(pair.pair_id, pair.sealed_seed)

    # -- seed pairs ----------------------------------------------------------------

    def open_pair(
        self, operator_id: str, player_id: str, client_seed: str, idem: Idempotency
    ) -> Future[PairView]:
        _require_key(idem.key)
        player = _require_player(player_id)
        seed = _client_seed(client_seed, "client_seed") if client_seed else None
        params = {"player_id": player, "client_seed": seed}
        return self._idempotent(
            idem,
            "OpenPair",
            params,
            _decode_pair,
            lambda tx, now: PairView.of(self._new_pair(tx, operator_id, player, seed, now)),
        )

    def set_client_seed(
        self, operator_id: str, pair_id: str, client_seed: str, idem: Idempotency
    ) -> Future[PairView]:
        _require_key(idem.key)
        _require_id(pair_id, "pair_id")
        if not client_seed:
            raise InvalidRequestError("client_seed is required")
        seed = _client_seed(client_seed, "client_seed")

        def work(tx: Transaction, now: str) -> PairView:
            pair = self._owned_pair(tx, operator_id, pair_id)
            self._active(pair)
            if pair.next_nonce > 0:
                raise PreconditionError(
                    f"pair_id={pair_id!r} has played {pair.next_nonce} round(s); the client "
                    "seed can change only before the first round: rotate the pair"
                )
            updated = replace(pair, client_seed=seed)
            tx.update_pair(updated)
            digest = hashlib.sha256(
                canonical_json({"pair_id": pair_id, "client_seed": seed})
            ).hexdigest()
            tx.append_journal("pair.client_seed", pair_id, digest, now)
            return PairView.of(updated)

        params = {"pair_id": pair_id, "client_seed": seed}
        return self._idempotent(idem, "SetClientSeed", params, _decode_pair, work)

    def rotate_pair(
        self, operator_id: str, pair_id: str, next_client_seed: str, idem: Idempotency
    ) -> Future[RotateResult]:
        _require_key(idem.key)
        _require_id(pair_id, "pair_id")
        next_seed = _client_seed(next_client_seed, "next_client_seed") if next_client_seed else None

        def work(tx: Transaction, now: str) -> RotateResult:
            pair = self._owned_pair(tx, operator_id, pair_id)
            self._active(pair)
            if pair.open_round_id:
                raise PreconditionError(
                    f"pair_id={pair_id!r} has round {pair.open_round_id!r} in progress; "
                    "finish it before rotating"
                )
            seed = self._seed(pair)
            successor = self._new_pair(tx, operator_id, pair.player_id, next_seed, now)
            record = reveal_record(
                pair_id=pair.pair_id,
                commitment=pair.commitment,
                server_seed=seed,
                client_seed=pair.client_seed or "",
                rounds=pair.next_nonce,
                last_receipt_hash=pair.last_receipt_hash,
                revealed_at=now,
            )
            signed = signed_record(record, self._signing_key)
            revealed = replace(
                pair,
                sealed_seed=None,
                server_seed=seed.hex(),
                reveal_record=signed.text,
                reveal_signature=signed.signature,
                successor_id=successor.pair_id,
                revealed_at=now,
            )
            tx.update_pair(revealed)
            tx.append_journal("pair.reveal", pair_id, signed.digest, now)
            return RotateResult(PairView.of(revealed), PairView.of(successor))

        params = {"pair_id": pair_id, "next_client_seed": next_seed}
        return self._idempotent(idem, "RotatePair", params, _decode_rotate, work)

    def get_pair(self, operator_id: str, pair_id: str) -> PairView:
        _require_id(pair_id, "pair_id")
        return self._store.read(lambda tx: PairView.of(self._owned_pair(tx, operator_id, pair_id)))

    def export_pair(self, operator_id: str, pair_id: str) -> dict[str, Any]:
        """The pair's session file (format alea-export/v1); only once it is rotated."""
        from server.receipts import build_export

        _require_id(pair_id, "pair_id")

        def work(tx: Transaction) -> dict[str, Any]:
            pair = self._owned_pair(tx, operator_id, pair_id)
            if not pair.rotated or pair.reveal_record is None or pair.reveal_signature is None:
                raise PreconditionError(
                    f"pair_id={pair_id!r} is not rotated; its server seed is still secret, "
                    "so it can be exported only after RotatePair"
                )
            receipts = [
                (json.loads(r.receipt_body), r.receipt_hash, r.receipt_signature)
                for r in tx.pair_rounds(pair_id)
                if r.receipt_body is not None
                and r.receipt_hash is not None
                and r.receipt_signature is not None
            ]
            return build_export(
                server_public_key=self.public_key,
                commitment=json.loads(pair.commitment_record),
                commitment_signature=pair.commitment_signature,
                reveal=json.loads(pair.reveal_record),
                reveal_signature=pair.reveal_signature,
                receipts=receipts,
            )

        return self._store.read(work)

    # -- rounds --------------------------------------------------------------------

    def play_round(
        self,
        operator_id: str,
        pair_id: str,
        game_id: str,
        bets: Sequence[Bet],
        currency: str,
        idem: Idempotency,
        model_hash: str = "",
    ) -> Future[RoundRow]:
        """A single-step round, played and settled in one unit of work."""
        return self._begin_round(
            "PlayRound",
            operator_id,
            pair_id,
            game_id,
            bets,
            currency,
            idem,
            model_hash,
            multi_step=False,
        )

    def start_round(
        self,
        operator_id: str,
        pair_id: str,
        game_id: str,
        bets: Sequence[Bet],
        currency: str,
        idem: Idempotency,
        model_hash: str = "",
    ) -> Future[RoundRow]:
        """A multi-step round: takes the nonce; finished only if the deal settles it."""
        return self._begin_round(
            "StartRound",
            operator_id,
            pair_id,
            game_id,
            bets,
            currency,
            idem,
            model_hash,
            multi_step=True,
        )

    def _begin_round(
        self,
        method: str,
        operator_id: str,
        pair_id: str,
        game_id: str,
        bets: Sequence[Bet],
        currency: str,
        idem: Idempotency,
        model_hash: str,
        *,
        multi_step: bool,
    ) -> Future[RoundRow]:
        _require_key(idem.key)
        _require_id(pair_id, "pair_id")
        game = self._game(game_id, model_hash, multi_step=multi_step)
        placed = _check_bets(bets)
        check_currency(currency)
        game.validate_bets(placed)

        bets_json = [bet.to_json() for bet in placed]
        bets_text = _json(bets_json)

        def work(tx: Transaction, now: str) -> RoundRow:
            pair = self._owned_pair(tx, operator_id, pair_id)
            self._active(pair)
            if pair.client_seed is None:
                raise PreconditionError(
                    f"pair_id={pair_id!r} has no client seed yet; set it with SetClientSeed "
                    "(or at OpenPair) before the first round"
                )
            if pair.open_round_id:
                raise PreconditionError(
                    f"pair_id={pair_id!r} has round {pair.open_round_id!r} in progress; "
                    "finish it with ActRound first"
                )
            nonce = pair.next_nonce
            stream = OutcomeStream(self._seed(pair), pair.client_seed, nonce)
            outcome = game.play(stream, placed, ())
            row = RoundRow(
                round_id=self._new_id("r"),
                pair_id=pair_id,
                operator_id=operator_id,
                player_id=pair.player_id,
                nonce=nonce,
                game_id=game.spec.game_id,
                model_hash=game.spec.model_hash,
                currency=currency,
                bets=bets_text,
                actions="[]",
                finished=False,
                legal_actions="[]",
                outcome="{}",
                total_bet=0,
                total_win=0,
                started_at=now,
                finished_at=None,
                receipt_body=None,
                receipt_hash=None,
                receipt_signature=None,
            )
            if not outcome.finished:  # a finished round's receipt is its journal entry
                tx.append_journal("round.start", row.round_id, _digest(row), now)
            return self._settle(tx, pair, row, outcome, now, next_nonce=nonce + 1)

        params = {
            "pair_id": pair_id,
            "game_id": game_id,
            "model_hash": model_hash,
            "bets": bets_json,
            "currency": currency,
        }
        return self._idempotent(idem, method, params, _decode_round, work)

    def _settle(
        self,
        tx: Transaction,
        pair: PairRow,
        row: RoundRow,
        outcome: RoundOutcome,
        now: str,
        *,
        next_nonce: int | None = None,
    ) -> RoundRow:
        """Write the round's new state; on finish, its receipt and the pair's chain head.

        ``next_nonce`` is set for a round that starts now (it is inserted and takes
        the nonce); a round that goes on (ActRound) is updated.
        """
        insert = next_nonce is not None
        pair_changes: dict[str, Any] = {} if next_nonce is None else {"next_nonce": next_nonce}
        changes: dict[str, Any] = {
            "actions": _json([a.to_json() for a in outcome.actions]),
            "legal_actions": _json(list(outcome.legal_actions)),
            "outcome": _json(outcome.outcome),
            "total_bet": outcome.total_bet,
            "total_win": outcome.total_win,
        }
        if outcome.finished:
            assert pair.client_seed is not None
            body = receipt_body(
                pair_id=pair.pair_id,
                commitment=pair.commitment,
                client_seed=pair.client_seed,
                nonce=row.nonce,
                outcome=outcome,
                currency=row.currency,
                round_id=row.round_id,
                finished_at=now,
                prev_receipt_hash=pair.last_receipt_hash,
            )
            receipt = signed_record(body, self._signing_key)
            changes.update(
                finished=True,
                legal_actions="[]",
                finished_at=now,
                receipt_body=receipt.text,
                receipt_hash=receipt.digest,
                receipt_signature=receipt.signature,
            )
            pair_changes.update(last_receipt_hash=receipt.digest, open_round_id=None)
            tx.append_journal("round.finish", row.round_id, receipt.digest, now)
        else:
            pair_changes["open_round_id"] = row.round_id
        row = _replace(row, changes)
        pair = _replace(pair, pair_changes)
        if insert:
            tx.insert_round(row)
        else:
            tx.update_round(row)
        tx.update_pair(pair)
        return row

    def act_round(
        self, operator_id: str, round_id: str, action: Action, idem: Idempotency
    ) -> Future[RoundRow]:
        _require_key(idem.key)
        _require_id(round_id, "round_id")
        if not action.kind:
            raise InvalidRequestError("action.kind is required")
        if any(p < 0 for p in action.positions):
            raise InvalidRequestError("action.positions must be non-negative indices")

        def work(tx: Transaction, now: str) -> RoundRow:
            row = self._owned_round(tx, operator_id, round_id)
            if row.finished:
                raise PreconditionError(f"round_id={round_id!r} is finished; no more actions")
            pair = tx.get_pair(row.pair_id)
            assert pair is not None and pair.client_seed is not None
            game = self._by_hash.get(row.model_hash)
            if game is None:
                raise PreconditionError(
                    f"round_id={round_id!r} was started under model {row.model_hash}, "
                    "which this server no longer ships"
                )
            bets = [Bet.from_json(b) for b in json.loads(row.bets)]
            actions = [Action.from_json(a) for a in json.loads(row.actions)] + [action]
            stream = OutcomeStream(self._seed(pair), pair.client_seed, row.nonce)
            outcome = game.play(stream, bets, actions)
            tx.append_journal(
                "round.act",
                round_id,
                hashlib.sha256(
                    canonical_json({"round_id": round_id, "action": action.to_json()})
                ).hexdigest(),
                now,
            )
            return self._settle(tx, pair, row, outcome, now)

        params = {"round_id": round_id, "action": action.to_json()}
        return self._idempotent(idem, "ActRound", params, _decode_round, work)

    def get_round(self, operator_id: str, round_id: str) -> RoundRow:
        _require_id(round_id, "round_id")
        return self._store.read(lambda tx: self._owned_round(tx, operator_id, round_id))


R = TypeVar("R", PairRow, RoundRow)


def _replace(row: R, changes: dict[str, Any]) -> R:
    """``dataclasses.replace`` for the plain frozen row classes, at a third of its cost.

    The constructor still checks the field names; a row class without ``__dict__``
    (slots) takes the general path.
    """
    values = getattr(row, "__dict__", None)
    if values is None:
        return replace(row, **changes)
    return type(row)(**{**values, **changes})


def _digest(row: RoundRow) -> str:
    """The round.start journal entry's body hash: what the round was started with."""
    started = (
        f'{{"bets":{row.bets},"currency":{_json(row.currency)},"model_hash":'
        f'{_json(row.model_hash)},"nonce":{row.nonce},"pair_id":{_json(row.pair_id)},'
        f'"round_id":{_json(row.round_id)}}}'
    )
    return hashlib.sha256(started.encode("utf-8")).hexdigest()
