from alea.v1 import types_pb2 as _types_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpenPairRequest(_message.Message):
    __slots__ = ("player_id", "client_seed", "idempotency_key")
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SEED_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    player_id: str
    client_seed: str
    idempotency_key: str
    def __init__(self, player_id: _Optional[str] = ..., client_seed: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class OpenPairResponse(_message.Message):
    __slots__ = ("pair",)
    PAIR_FIELD_NUMBER: _ClassVar[int]
    pair: _types_pb2.SeedPair
    def __init__(self, pair: _Optional[_Union[_types_pb2.SeedPair, _Mapping]] = ...) -> None: ...

class SetClientSeedRequest(_message.Message):
    __slots__ = ("pair_id", "client_seed", "idempotency_key")
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SEED_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    client_seed: str
    idempotency_key: str
    def __init__(self, pair_id: _Optional[str] = ..., client_seed: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SetClientSeedResponse(_message.Message):
    __slots__ = ("pair",)
    PAIR_FIELD_NUMBER: _ClassVar[int]
    pair: _types_pb2.SeedPair
    def __init__(self, pair: _Optional[_Union[_types_pb2.SeedPair, _Mapping]] = ...) -> None: ...

class RotatePairRequest(_message.Message):
    __slots__ = ("pair_id", "next_client_seed", "idempotency_key")
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_CLIENT_SEED_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    next_client_seed: str
    idempotency_key: str
    def __init__(self, pair_id: _Optional[str] = ..., next_client_seed: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class RotatePairResponse(_message.Message):
    __slots__ = ("rotated_pair", "next_pair")
    ROTATED_PAIR_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAIR_FIELD_NUMBER: _ClassVar[int]
    rotated_pair: _types_pb2.SeedPair
    next_pair: _types_pb2.SeedPair
    def __init__(self, rotated_pair: _Optional[_Union[_types_pb2.SeedPair, _Mapping]] = ..., next_pair: _Optional[_Union[_types_pb2.SeedPair, _Mapping]] = ...) -> None: ...

class GetPairRequest(_message.Message):
    __slots__ = ("pair_id",)
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    def __init__(self, pair_id: _Optional[str] = ...) -> None: ...

class GetPairResponse(_message.Message):
    __slots__ = ("pair",)
    PAIR_FIELD_NUMBER: _ClassVar[int]
    pair: _types_pb2.SeedPair
    def __init__(self, pair: _Optional[_Union[_types_pb2.SeedPair, _Mapping]] = ...) -> None: ...

class ExportPairRequest(_message.Message):
    __slots__ = ("pair_id",)
    PAIR_ID_FIELD_NUMBER: _ClassVar[int]
    pair_id: str
    def __init__(self, pair_id: _Optional[str] = ...) -> None: ...

class ExportPairResponse(_message.Message):
    __slots__ = ("export_json", "rounds")
    EXPORT_JSON_FIELD_NUMBER: _ClassVar[int]
    ROUNDS_FIELD_NUMBER: _ClassVar[int]
    export_json: bytes
    rounds: int
    def __init__(self, export_json: _Optional[bytes] = ..., rounds: _Optional[int] = ...) -> None: ...
