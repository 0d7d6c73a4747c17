from alea.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BetSpecInfo(_message.Message):
    __slots__ = ("kind", "description", "pays", "min_amount", "max_amount", "amount_step", "expected_return", "target_help")
    KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PAYS_FIELD_NUMBER: _ClassVar[int]
    MIN_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    MAX_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_STEP_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_RETURN_FIELD_NUMBER: _ClassVar[int]
    TARGET_HELP_FIELD_NUMBER: _ClassVar[int]
    kind: str
    description: str
    pays: str
    min_amount: int
    max_amount: int
    amount_step: int
    expected_return: str
    target_help: str
    def __init__(self, kind: _Optional[str] = ..., description: _Optional[str] = ..., pays: _Optional[str] = ..., min_amount: _Optional[int] = ..., max_amount: _Optional[int] = ..., amount_step: _Optional[int] = ..., expected_return: _Optional[str] = ..., target_help: _Optional[str] = ...) -> None: ...

class GameInfo(_message.Message):
    __slots__ = ("game_id", "name", "version", "model_hash", "algorithm_version", "multi_step", "rtp", "rtp_display", "bets", "model_json")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    MODEL_HASH_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_VERSION_FIELD_NUMBER: _ClassVar[int]
    MULTI_STEP_FIELD_NUMBER: _ClassVar[int]
    RTP_FIELD_NUMBER: _ClassVar[int]
    RTP_DISPLAY_FIELD_NUMBER: _ClassVar[int]
    BETS_FIELD_NUMBER: _ClassVar[int]
    MODEL_JSON_FIELD_NUMBER: _ClassVar[int]
    game_id: str
    name: str
    version: int
    model_hash: str
    algorithm_version: str
    multi_step: bool
    rtp: str
    rtp_display: float
    bets: _containers.RepeatedCompositeFieldContainer[BetSpecInfo]
    model_json: str
    def __init__(self, game_id: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[int] = ..., model_hash: _Optional[str] = ..., algorithm_version: _Optional[str] = ..., multi_step: _Optional[bool] = ..., rtp: _Optional[str] = ..., rtp_display: _Optional[float] = ..., bets: _Optional[_Iterable[_Union[BetSpecInfo, _Mapping]]] = ..., model_json: _Optional[str] = ...) -> None: ...

class ListGamesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListGamesResponse(_message.Message):
    __slots__ = ("games",)
    GAMES_FIELD_NUMBER: _ClassVar[int]
    games: _containers.RepeatedCompositeFieldContainer[GameInfo]
    def __init__(self, games: _Optional[_Iterable[_Union[GameInfo, _Mapping]]] = ...) -> None: ...

class PlayRoundRequest(_message.Message):
    __slots__ = ("pair_id", "game_id", "bets", "currency", "idempotency_key", "model_hash")
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    BETS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    MODEL_HASH_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    game_id: str
    bets: _containers.RepeatedCompositeFieldContainer[_types_pb2.Bet]
    currency: str
    idempotency_key: str
    model_hash: str
    def __init__(self, pair_id: _Optional[str] = ..., game_id: _Optional[str] = ..., bets: _Optional[_Iterable[_Union[_types_pb2.Bet, _Mapping]]] = ..., currency: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., model_hash: _Optional[str] = ...) -> None: ...

class PlayRoundResponse(_message.Message):
    __slots__ = ("round",)
    ROUND_FIELD_NUMBER: _ClassVar[int]
    round: _types_pb2.Round
    def __init__(self, round: _Optional[_Union[_types_pb2.Round, _Mapping]] = ...) -> None: ...

class StartRoundRequest(_message.Message):
    __slots__ = ("pair_id", "game_id", "bets", "currency", "idempotency_key", "model_hash")
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    BETS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    MODEL_HASH_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    game_id: str
    bets: _containers.RepeatedCompositeFieldContainer[_types_pb2.Bet]
    currency: str
    idempotency_key: str
    model_hash: str
    def __init__(self, pair_id: _Optional[str] = ..., game_id: _Optional[str] = ..., bets: _Optional[_Iterable[_Union[_types_pb2.Bet, _Mapping]]] = ..., currency: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., model_hash: _Optional[str] = ...) -> None: ...

class StartRoundResponse(_message.Message):
    __slots__ = ("round",)
    ROUND_FIELD_NUMBER: _ClassVar[int]
    round: _types_pb2.Round
    def __init__(self, round: _Optional[_Union[_types_pb2.Round, _Mapping]] = ...) -> None: ...

class ActRoundRequest(_message.Message):
    __slots__ = ("round_id", "action", "idempotency_key")
    ROUND_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    round_id: str
    action: _types_pb2.Action
    idempotency_key: str
    def __init__(self, round_id: _Optional[str] = ..., action: _Optional[_Union[_types_pb2.Action, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ActRoundResponse(_message.Message):
    __slots__ = ("round",)
    ROUND_FIELD_NUMBER: _ClassVar[int]
    round: _types_pb2.Round
    def __init__(self, round: _Optional[_Union[_types_pb2.Round, _Mapping]] = ...) -> None: ...

class GetRoundRequest(_message.Message):
    __slots__ = ("round_id",)
    ROUND_ID_FIELD_NUMBER: _ClassVar[int]
    round_id: str
    def __init__(self, round_id: _Optional[str] = ...) -> None: ...

class GetRoundResponse(_message.Message):
    __slots__ = ("round",)
    ROUND_FIELD_NUMBER: _ClassVar[int]
    round: _types_pb2.Round
    def __init__(self, round: _Optional[_Union[_types_pb2.Round, _Mapping]] = ...) -> None: ...
