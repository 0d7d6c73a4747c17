from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GetServerInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetServerInfoResponse(_message.Message):
    __slots__ = ("server_public_key", "spec_version", "algorithm_version", "build", "receipt_format", "commitment_format", "reveal_format", "export_format")
    SERVER_PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    SPEC_VERSION_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_VERSION_FIELD_NUMBER: _ClassVar[int]
    BUILD_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FORMAT_FIELD_NUMBER: _ClassVar[int]
    COMMITMENT_FORMAT_FIELD_NUMBER: _ClassVar[int]
    REVEAL_FORMAT_FIELD_NUMBER: _ClassVar[int]
    EXPORT_FORMAT_FIELD_NUMBER: _ClassVar[int]
    server_public_key: str
    spec_version: str
    algorithm_version: str
    build: str
    receipt_format: str
    commitment_format: str
    reveal_format: str
    export_format: str
    def __init__(self, server_public_key: _Optional[str] = ..., spec_version: _Optional[str] = ..., algorithm_version: _Optional[str] = ..., build: _Optional[str] = ..., receipt_format: _Optional[str] = ..., commitment_format: _Optional[str] = ..., reveal_format: _Optional[str] = ..., export_format: _Optional[str] = ...) -> None: ...
