"""`alea serve` (first run with development keys, SIGTERM) and `alea keys`."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
from nacl.signing import SigningKey

from alea.v1 import server_info_service_pb2, server_info_service_pb2_grpc
from cli.main import main

REPO = Path(__file__).resolve().parents[2]


def test_keys_generate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "generate", "--out", str(tmp_path / "keys")]) == 0
    out = capsys.readouterr().out
    signing = tmp_path / "keys" / "signing.key"
    seal = tmp_path / "keys" / "seal.key"
    for path in (signing, seal):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert len(bytes.fromhex(path.read_text())) == 32
        assert path.read_text().strip() not in out
    public = (tmp_path / "keys" / "signing.pub").read_text().strip()
    assert bytes(SigningKey(bytes.fromhex(signing.read_text())).verify_key).hex() == public
    assert public in out
    # Never overwrite a key.
    assert main(["keys", "generate", "--out", str(tmp_path / "keys")]) == 1
    assert "exists" in capsys.readouterr().err


def test_keys_api_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "api-key", "--operator", "casino-1"]) == 0
    out = capsys.readouterr().out
    assert 'operator = "casino-1"' in out and "sha256 = " in out
    assert "alea_" in out


def test_serve_first_run_and_sigterm(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        ALEA_LISTEN="127.0.0.1:0",
        ALEA_METRICS_LISTEN="127.0.0.1:0",
        ALEA_PORT_FILE=str(tmp_path / "port"),
    )
    env.pop("ALEA_CONFIG", None)
    alea = Path(sys.executable).parent / "alea"
    command = [str(alea)] if alea.exists() else [sys.executable, "-m", "cli.main"]
    proc = subprocess.Popen(
        [*command, "serve"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "port").exists():
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "alea serve did not start"
            time.sleep(0.05)
        port = int((tmp_path / "port").read_text())
        assert (tmp_path / "var" / "alea.sqlite3").exists()
        key_path = tmp_path / "var" / "dev-signing.key"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = server_info_service_pb2_grpc.ServerInfoServiceStub(channel)
            with pytest.raises(grpc.RpcError) as err:
                stub.GetServerInfo(server_info_service_pb2.GetServerInfoRequest(), timeout=5)
            assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output
    assert "DEVELOPMENT KEYS" in output and "Development API key" in output
    assert key_path.read_text().strip() not in output
    assert '"msg": "serving"' in output and '"msg": "stopped"' in output
