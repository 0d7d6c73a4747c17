from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PairState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAIR_STATE_UNSPECIFIED: _ClassVar[PairState]
    PAIR_STATE_ACTIVE: _ClassVar[PairState]
    PAIR_STATE_ROTATED: _ClassVar[PairState]

class RoundState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROUND_STATE_UNSPECIFIED: _ClassVar[RoundState]
    ROUND_STATE_IN_PROGRESS: _ClassVar[RoundState]
    ROUND_STATE_FINISHED: _ClassVar[RoundState]
PAIR_STATE_UNSPECIFIED: PairState
PAIR_STATE_ACTIVE: PairState
PAIR_STATE_ROTATED: PairState
ROUND_STATE_UNSPECIFIED: RoundState
ROUND_STATE_IN_PROGRESS: RoundState
ROUND_STATE_FINISHED: RoundState

class Bet(_message.Message):
    __slots__ = ("kind", "amount", "target")
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    kind: str
    amount: int
    target: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kind: _Optional[str] = ..., amount: _Optional[int] = ..., target: _Optional[_Iterable[str]] = ...) -> None: ...

class Action(_message.Message):
    __slots__ = ("kind", "positions")
    KIND_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    positions: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, kind: _Optional[str] = ..., positions: _Optional[_Iterable[int]] = ...) -> None: ...

class SignedRecord(_message.Message):
    __slots__ = ("record_json", "record_hash", "signature")
    RECORD_JSON_FIELD_NUMBER: _ClassVar[int]
    RECORD_HASH_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    record_json: str
    record_hash: str
    signature: str
    def __init__(self, record_json: _Optional[str] = ..., record_hash: _Optional[str] = ..., signature: _Optional[str] = ...) -> None: ...

class SeedPair(_message.Message):
    __slots__ = ("pair_id", "player_id", "commitment", "commitment_record", "client_seed", "next_nonce", "state", "open_round_id", "successor_pair_id", "reveal_record", "server_seed", "last_receipt_hash", "created_at", "revealed_at")
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    COMMITMENT_FIELD_NUMBER: _ClassVar[int]
    COMMITMENT_RECORD_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SEED_FIELD_NUMBER: _ClassVar[int]
    NEXT_NONCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OPEN_ROUND_ID_FIELD_NUMBER: _ClassVar[int]
    SUCCESSOR_PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    REVEAL_RECORD_FIELD_NUMBER: _ClassVar[int]
    SERVER_SEED_FIELD_NUMBER: _ClassVar[int]
    LAST_RECEIPT_HASH_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REVEALED_AT_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    player_id: str
    commitment: str
    commitment_record: SignedRecord
    client_seed: str
    next_nonce: int
    state: PairState
    open_round_id: str
    successor_pair_id: str
    reveal_record: SignedRecord
    server_seed: str
    last_receipt_hash: str
    created_at: str
    revealed_at: str
    def __init__(self, pair_id: _Optional[str] = ..., player_id: _Optional[str] = ..., commitment: _Optional[str] = ..., commitment_record: _Optional[_Union[SignedRecord, _Mapping]] = ..., client_seed: _Optional[str] = ..., next_nonce: _Optional[int] = ..., state: _Optional[_Union[PairState, str]] = ..., open_round_id: _Optional[str] = ..., successor_pair_id: _Optional[str] = ..., reveal_record: _Optional[_Union[SignedRecord, _Mapping]] = ..., server_seed: _Optional[str] = ..., last_receipt_hash: _Optional[str] = ..., created_at: _Optional[str] = ..., revealed_at: _Optional[str] = ...) -> None: ...

class Receipt(_message.Message):
    __slots__ = ("body_json", "receipt_hash", "signature")
    BODY_JSON_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_HASH_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    body_json: str
    receipt_hash: str
    signature: str
    def __init__(self, body_json: _Optional[str] = ..., receipt_hash: _Optional[str] = ..., signature: _Optional[str] = ...) -> None: ...

class Round(_message.Message):
    __slots__ = ("round_id", "pair_id", "player_id", "nonce", "game_id", "model_hash", "currency", "bets", "actions", "state", "legal_actions", "outcome_json", "total_bet", "total_win", "started_at", "finished_at", "receipt")
    ROUND_ID_FIELD_NUMBER: _ClassVar[int]
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_HASH_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BETS_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_JSON_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BET_FIELD_NUMBER: _ClassVar[int]
    TOTAL_WIN_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    round_id: str
    pair_id: str
    player_id: str
    nonce: int
    game_id: str
    model_hash: str
    currency: str
    bets: _containers.RepeatedCompositeFieldContainer[Bet]
    actions: _containers.RepeatedCompositeFieldContainer[Action]
    state: RoundState
    legal_actions: _containers.RepeatedScalarFieldContainer[str]
    outcome_json: str
    total_bet: int
    total_win: int
    started_at: str
    finished_at: str
    receipt: Receipt
    def __init__(self, round_id: _Optional[str] = ..., pair_id: _Optional[str] = ..., player_id: _Optional[str] = ..., nonce: _Optional[int] = ..., game_id: _Optional[str] = ..., model_hash: _Optional[str] = ..., currency: _Optional[str] = ..., bets: _Optional[_Iterable[_Union[Bet, _Mapping]]] = ..., actions: _Optional[_Iterable[_Union[Action, _Mapping]]] = ..., state: _Optional[_Union[RoundState, str]] = ..., legal_actions: _Optional[_Iterable[str]] = ..., outcome_json: _Optional[str] = ..., total_bet: _Optional[int] = ..., total_win: _Optional[int] = ..., started_at: _Optional[str] = ..., finished_at: _Optional[str] = ..., receipt: _Optional[_Union[Receipt, _Mapping]] = ...) -> None: ...
