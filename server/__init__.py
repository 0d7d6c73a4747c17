# server — the gRPC services, the round journal and its stores, signing, auth,
# config and metrics. Imports: rng, games, the generated alea.v1 API.
"""The Alea game server."""

# Layout: receipts (record formats, signing and verification; what the offline
# verifier imports: no grpc), errors (the server's errors), store (the store
# protocol), store_schema (the columns, row statements and journal hash both
# stores share), sqlite_store and postgres_store (the two stores; store_factory
# picks one), engine (pairs, rounds, receipts and idempotency over a store; no
# grpc), keys/auth/config (key material, API keys, settings), status (errors ->
# gRPC codes, the one place), convert/service/app (the gRPC layer; decode_guard
# answers undecodable requests), metrics, logs, protogen (`make proto`).
# This __init__ stays light: it imports nothing that loads grpc.

from server.errors import (
    AuthenticationError,
    ConfigError,
    IdempotencyConflictError,
    InvalidRequestError,
    NotFoundError,
    PreconditionError,
    ServerError,
    StoreError,
    StoreUnusableError,
)
from server.receipts import (
    COMMITMENT_FORMAT,
    EXPORT_FORMAT,
    RECEIPT_FORMAT,
    REVEAL_FORMAT,
    ExportSummary,
    VerificationError,
    verify_export,
    verify_receipt_chain,
    verify_receipt_hash,
    verify_receipt_signature,
    verify_record_signature,
)
from server.store import Store, Transaction

__all__ = [
    "COMMITMENT_FORMAT",
    "EXPORT_FORMAT",
    "RECEIPT_FORMAT",
    "REVEAL_FORMAT",
    "AuthenticationError",
    "ConfigError",
    "ExportSummary",
    "IdempotencyConflictError",
    "InvalidRequestError",
    "NotFoundError",
    "PreconditionError",
    "ServerError",
    "Store",
    "StoreError",
    "StoreUnusableError",
    "Transaction",
    "VerificationError",
    "verify_export",
    "verify_receipt_chain",
    "verify_receipt_hash",
    "verify_receipt_signature",
    "verify_record_signature",
]
