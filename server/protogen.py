"""Regenerate the alea.v1 API package from proto/ (``make proto``).

The generated modules (``*_pb2.py``, ``*_pb2.pyi``, ``*_pb2_grpc.py``) are
committed under ``alea/v1/``; tests/server/test_proto.py regenerates them into a
temporary directory and fails when the committed copy is stale. Needs the dev
extra (``grpcio-tools``, pinned).
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

__all__ = ["PROTO_ROOT", "REPO_ROOT", "generate", "proto_files"]

REPO_ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = REPO_ROOT / "proto"


def proto_files(root: Path = PROTO_ROOT) -> list[Path]:
    """The .proto files of the API, in a stable order."""
    return sorted((root / "alea" / "v1").glob("*.proto"))


def generate(out_dir: Path, root: Path = PROTO_ROOT) -> list[Path]:
    """Run protoc (from grpcio-tools) over proto/ into ``out_dir``; return the files written."""
    from grpc_tools import protoc  # dev-only dependency

    include = str(resources.files("grpc_tools") / "_proto")
    files = [str(path.relative_to(root)) for path in proto_files(root)]
    args = [
        "protoc",
        f"-I{root}",
        f"-I{include}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        *files,
    ]
    if protoc.main(args) != 0:
        raise RuntimeError("protoc failed; see the messages above")
    return sorted((out_dir / "alea" / "v1").glob("*_pb2*.py*"))


def main() -> int:
    written = generate(REPO_ROOT)
    for path in written:
        print(path.relative_to(REPO_ROOT))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
