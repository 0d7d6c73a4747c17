"""The generated alea.v1 code is up to date, and the protos pass `buf lint`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server.protogen import REPO_ROOT, generate, proto_files


def test_generated_code_is_not_stale(tmp_path: Path) -> None:
    pytest.importorskip("grpc_tools", reason="grpcio-tools (dev extra) regenerates the code")
    written = generate(tmp_path)
    assert written, "protoc wrote nothing"
    committed = REPO_ROOT / "alea" / "v1"
    fresh = {p.name: p.read_bytes() for p in written}
    have = {p.name: p.read_bytes() for p in committed.glob("*_pb2*.py*")}
    assert sorted(fresh) == sorted(have), "generated file set differs: run `make proto`"
    stale = [name for name in fresh if fresh[name] != have[name]]
    assert not stale, f"alea/v1 is stale ({', '.join(stale)}): run `make proto`"


def test_every_proto_is_generated() -> None:
    names = {p.stem for p in proto_files()}
    assert {"types", "seed_pair_service", "game_service", "server_info_service"} <= names


def _buf() -> str | None:
    local = Path(sys.executable).parent / "buf"
    return str(local) if local.exists() else shutil.which("buf")


def test_buf_lint() -> None:
    buf = _buf()
    if buf is None:
        pytest.skip("the buf binary is missing (install the dev extra: buf-bin)")
    result = subprocess.run(
        [buf, "lint"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_buf_lint_can_fail(tmp_path: Path) -> None:
    """The lint test is not vacuous: a badly named service fails it."""
    buf = _buf()
    if buf is None:
        pytest.skip("the buf binary is missing (install the dev extra: buf-bin)")
    (tmp_path / "buf.yaml").write_text(
        (REPO_ROOT / "buf.yaml").read_text().replace("path: proto", "path: p")
    )
    target = tmp_path / "p" / "alea" / "v1"
    target.mkdir(parents=True)
    (target / "bad.proto").write_text(
        'syntax = "proto3";\npackage alea.v1;\nservice Bad { rpc Do(In) returns (In); }\n'
        "message In {}\n"
    )
    result = subprocess.run(
        [buf, "lint"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
