"""``alea keys``: make the server's key material.

``alea keys generate --out DIR`` writes ``signing.key`` (Ed25519 seed, hex),
``seal.key`` (AES-256-GCM key for unrevealed server seeds, hex) with mode 0600,
and ``signing.pub`` (the public key that verifies receipts). ``alea keys
api-key --operator NAME`` prints a new API key once and the ``[[api_keys]]``
entry (its SHA-256) to put in the server's configuration. Keys come from the
operating system's CSPRNG. Existing files are never overwritten.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    generate = sub.add_parser("generate", help="write signing.key, signing.pub and seal.key")
    generate.add_argument("--out", type=Path, required=True, help="directory for the key files")
    api = sub.add_parser("api-key", help="print a new API key and its config entry")
    api.add_argument("--operator", required=True, help="the operator the key belongs to")


def run(args: argparse.Namespace) -> int:
    import os

    from nacl.signing import SigningKey

    from server.auth import ApiKey, generate_api_key, hash_api_key
    from server.keys import SEAL_KEY_SIZE, SIGNING_KEY_SIZE, write_secret_file

    if args.action == "generate":
        out: Path = args.out
        signing_path, seal_path, public_path = (
            out / "signing.key",
            out / "seal.key",
            out / "signing.pub",
        )
        for path in (signing_path, seal_path, public_path):
            if path.exists():
                raise FileExistsError(f"{path} exists already; refusing to overwrite a key")
        seed = os.urandom(SIGNING_KEY_SIZE)
        write_secret_file(signing_path, seed.hex() + "\n")
        write_secret_file(seal_path, os.urandom(SEAL_KEY_SIZE).hex() + "\n")
        public = bytes(SigningKey(seed).verify_key).hex()
        public_path.write_text(public + "\n", encoding="ascii")
        print(f"wrote {signing_path} (0600), {seal_path} (0600), {public_path}")
        print(f"server public key: {public}")
        print("config:")
        print(f'  signing_key_file = "{signing_path}"')
        print(f'  seal_key_file = "{seal_path}"')
        return 0
    ApiKey(args.operator, "0" * 64)  # validates the operator name
    key = generate_api_key()
    print(f"API key for operator {args.operator!r} (shown once; keep it secret):")
    print(f"  {key}")
    print("config entry (only the hash is stored):")
    print(f'  [[api_keys]]\n  operator = "{args.operator}"\n  sha256 = "{hash_api_key(key)}"')
    return 0
