"""Configuration (TOML + ALEA_*), key material, API keys, TLS and mutual TLS."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import os
import stat
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alea.v1 import game_service_pb2
from server.app import _credentials, resolve_keys
from server.auth import ApiKey, Keyring, generate_api_key, hash_api_key
from server.config import ServerConfig, load_config
from server.errors import AuthenticationError, ConfigError
from server.keys import load_key_file, write_secret_file
from tests.server.conftest import API_KEY_A, fake_games, make_client, start_server


def test_defaults_are_a_first_run() -> None:
    config = load_config(None, {})
    assert config.listen == "127.0.0.1:50051"
    assert config.store_file == Path("var") / "alea.sqlite3"
    assert config.dev_keys


def test_toml_then_environment(tmp_path: Path) -> None:
    path = tmp_path / "alea.toml"
    path.write_text(
        'listen = "0.0.0.0:6000"\ndata_dir = "/srv/alea"\nlog_level = "DEBUG"\n'
        '[[api_keys]]\noperator = "casino"\nsha256 = "' + "ab" * 32 + '"\n'
    )
    config = load_config(path, {"ALEA_LISTEN": "127.0.0.1:7000", "ALEA_GRACE_SECONDS": "2.5"})
    assert config.listen == "127.0.0.1:7000" and config.data_dir == Path("/srv/alea")
    assert config.grace_seconds == 2.5 and config.log_level == "DEBUG"
    assert config.api_keys == (ApiKey("casino", "ab" * 32),)
    env = {"ALEA_API_KEYS": f"a:{'cd' * 32}, b:{'ef' * 32}", "ALEA_SEAL_KEY": "00" * 32}
    config = load_config(path, env)
    assert [k.operator_id for k in config.api_keys] == ["a", "b"]
    assert "00" * 32 not in repr(config)


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ('lisen = "x"\n', {}, "unknown setting"),
        ('listen = "nohost"\n', {}, "HOST:PORT"),
        ("", {"ALEA_LISTEN": "a:b"}, "HOST:PORT"),
        ("", {"ALEA_DEV_KEYS": "maybe"}, "dev_keys"),
        ("", {"ALEA_LOG_LEVEL": "LOUD"}, "log_level"),
        ("", {"ALEA_API_KEYS": "nocolon"}, "ALEA_API_KEYS"),
        ("", {"ALEA_API_KEYS": "op:xyz"}, "sha256"),
        ('[[api_keys]]\noperator = "x"\n', {}, "operator"),
        ("listen = [", {}, "cannot read"),
    ],
)
def test_bad_configuration(tmp_path: Path, text: str, env: dict[str, str], message: str) -> None:
    path = tmp_path / "alea.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path, env)


def test_development_keys_first_start(tmp_path: Path) -> None:
    config = ServerConfig(data_dir=tmp_path / "var")
    out = io.StringIO()
    keys = resolve_keys(config, out=out)
    printed = out.getvalue()
    assert "DEVELOPMENT KEYS" in printed
    api_key = next(word for word in printed.split() if word.startswith("alea_"))
    assert Keyring(keys.api_keys).authenticate([("authorization", f"Bearer {api_key}")]) == "dev"
    for name in ("dev-signing.key", "dev-seal.key", "api_keys.toml"):
        mode = stat.S_IMODE((tmp_path / "var" / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    assert api_key not in (tmp_path / "var" / "api_keys.toml").read_text()
    # Second start: same keys, the API key is not printed again.
    out2 = io.StringIO()
    again = resolve_keys(config, out=out2)
    assert "alea_" not in out2.getvalue() and "DEVELOPMENT KEYS" in out2.getvalue()
    assert bytes(again.signing_key) == bytes(keys.signing_key)
    assert again.seal_key == keys.seal_key
    assert "seal" not in repr(keys) or keys.seal_key.hex() not in repr(keys)


def test_production_keys_required_without_dev(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="signing key"):
        resolve_keys(ServerConfig(data_dir=tmp_path, dev_keys=False), out=io.StringIO())


def test_key_files(tmp_path: Path) -> None:
    path = tmp_path / "k"
    write_secret_file(path, "11" * 32 + "\n")
    assert load_key_file(path, 32) == b"\x11" * 32
    with pytest.raises(ConfigError, match="exists"):
        write_secret_file(path, "x")
    os.chmod(path, 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_key_file(path, 32)
    short = tmp_path / "short"
    write_secret_file(short, "11" * 8)
    with pytest.raises(ConfigError, match="expected 32") as err:
        load_key_file(short, 32)
    assert "11" * 8 not in str(err.value)


def test_keyring() -> None:
    key = generate_api_key(lambda n: b"\x07" * n)
    ring = Keyring([ApiKey("x", hash_api_key("other")), ApiKey("op", hash_api_key(key))])
    assert ring.authenticate([("authorization", f"Bearer {key}")]) == "op"
    assert ring.authenticate([("Authorization", f"bearer  {key}")]) == "op"
    for metadata in ([], [("authorization", "Bearer nope")], [("authorization", key)]):
        with pytest.raises(AuthenticationError):
            ring.authenticate(metadata)
    assert key not in repr(ring)


# -- TLS -------------------------------------------------------------------------------


def _cert(name: str, issuer: tuple | None, *, ca: bool = False) -> tuple:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer[0].subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    cert = builder.sign(issuer[1] if issuer else key, hashes.SHA256())
    return cert, key


def _pem(cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> tuple[bytes, bytes]:
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pki")
    ca = _cert("alea test ca", None, ca=True)
    files: dict[str, Path] = {}
    for name, pair in {
        "ca": ca,
        "server": _cert("localhost", ca),
        "client": _cert("op", ca),
    }.items():
        cert_pem, key_pem = _pem(*pair)
        files[f"{name}.crt"] = root / f"{name}.crt"
        files[f"{name}.key"] = root / f"{name}.key"
        files[f"{name}.crt"].write_bytes(cert_pem)
        files[f"{name}.key"].write_bytes(key_pem)
    return files


def _list_games(channel: grpc.Channel) -> int:
    client = make_client(channel, API_KEY_A)
    return len(
        client.games.ListGames(
            game_service_pb2.ListGamesRequest(), metadata=client.md(), timeout=5
        ).games
    )


def test_tls_and_mutual_tls(tmp_path: Path, pki: dict[str, Path]) -> None:
    ca = pki["ca.crt"].read_bytes()
    tls = _credentials(
        ServerConfig(tls_cert_file=pki["server.crt"], tls_key_file=pki["server.key"])
    )
    running = start_server(tmp_path / "tls.db", fake_games(), credentials=tls)
    try:
        with grpc.secure_channel(
            running.address, grpc.ssl_channel_credentials(root_certificates=ca)
        ) as channel:
            assert _list_games(channel) == 2
        with grpc.insecure_channel(running.address) as plain, pytest.raises(grpc.RpcError):
            _list_games(plain)
    finally:
        running.stop()
    mtls = _credentials(
        ServerConfig(
            tls_cert_file=pki["server.crt"],
            tls_key_file=pki["server.key"],
            tls_client_ca_file=pki["ca.crt"],
        )
    )
    running = start_server(tmp_path / "mtls.db", fake_games(), credentials=mtls)
    try:
        with (
            grpc.secure_channel(
                running.address, grpc.ssl_channel_credentials(root_certificates=ca)
            ) as channel,
            pytest.raises(grpc.RpcError),
        ):
            _list_games(channel)
        with grpc.secure_channel(
            running.address,
            grpc.ssl_channel_credentials(
                root_certificates=ca,
                private_key=pki["client.key"].read_bytes(),
                certificate_chain=pki["client.crt"].read_bytes(),
            ),
        ) as channel:
            assert _list_games(channel) == 2
    finally:
        running.stop()


def test_tls_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="both"):
        _credentials(ServerConfig(tls_cert_file=tmp_path / "x"))
    with pytest.raises(ConfigError, match="needs"):
        _credentials(ServerConfig(tls_client_ca_file=tmp_path / "x"))
    with pytest.raises(ConfigError, match="cannot read"):
        _credentials(ServerConfig(tls_cert_file=tmp_path / "x", tls_key_file=tmp_path / "y"))


def test_metrics_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match="cannot serve metrics"):
            start_server(tmp_path / "m.db", fake_games(), metrics_listen=f"127.0.0.1:{port}")
