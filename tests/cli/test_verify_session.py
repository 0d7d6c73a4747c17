"""`alea verify session` on an honest export from a real server session, and on tampered ones.

A real gRPC server (the in-process one tests/server uses, on 127.0.0.1:0) opens
a pair; rounds of roulette, two slots, baccarat, blackjack, video poker and
three card poker are played with real bets and decisions; the pair is rotated
and exported with ExportPair. The file must verify (exit 0); every class of
tampering must fail (exit 1) with a one-line message naming what failed.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import grpc
import pytest
from nacl.signing import SigningKey

from alea.v1 import game_service_pb2, seed_pair_service_pb2, server_info_service_pb2, types_pb2
from cli.main import main
from games.registry import current_games
from tests.server.conftest import API_KEY_A, SIGNING_SEED, make_client, start_server
from tests.server.helpers import new_key, open_pair, to_proto_bets
from tests.server.test_receipts_props import BETS, choose_action, resign

REPO = Path(__file__).resolve().parents[2]
SERVER_KEY = SigningKey(SIGNING_SEED)

#: (game id, bets option, decision picks) — every game family, several rounds.
PLAN = [
    ("roulette-european", 0, []),
    ("roulette-european", 1, []),
    ("slots-classic-7s", 0, []),
    ("slots-video-20", 0, []),
    ("baccarat", 0, []),
    ("baccarat-ez", 0, []),
    ("blackjack", 0, [1, 4]),
    ("blackjack", 0, [0, 2]),
    ("blackjack", 0, [5]),
    ("video-poker-jacks-or-better", 0, [0b00011]),
    ("video-poker-jacks-or-better", 0, [0b10101]),
    ("three-card-poker", 0, [0]),
    ("three-card-poker", 1, [1]),
    ("roulette-french-en-prison", 0, []),
]


def _play(client: Any, pair_id: str, game_id: str, option: int, picks: list[int]) -> Any:
    game = next(g for g in current_games() if g.spec.game_id == game_id)
    request = {
        "pair_id": pair_id,
        "game_id": game_id,
        "bets": to_proto_bets(BETS[game_id][option]),
        "currency": "EUR",
    }
    if not game.spec.multi_step:
        return client.games.PlayRound(
            game_service_pb2.PlayRoundRequest(**request, idempotency_key=new_key("v-play")),
            metadata=client.md(),
        ).round
    rnd = client.games.StartRound(
        game_service_pb2.StartRoundRequest(**request, idempotency_key=new_key("v-start")),
        metadata=client.md(),
    ).round
    step = 0
    while rnd.state != types_pb2.ROUND_STATE_FINISHED:
        view = SimpleNamespace(outcome=json.loads(rnd.outcome_json))
        pick = (picks[step % len(picks)] if picks else 0) + step
        action = choose_action(tuple(rnd.legal_actions), view, pick)
        rnd = client.games.ActRound(
            game_service_pb2.ActRoundRequest(
                round_id=rnd.round_id,
                action=types_pb2.Action(kind=action.kind, positions=list(action.positions)),
                idempotency_key=new_key("v-act"),
            ),
            metadata=client.md(),
        ).round
        step += 1
        assert step < 64
    return rnd


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], str]]:
    """(the export document, the server's public key) of a real, rotated session."""
    folder = tmp_path_factory.mktemp("verify-server")
    server = start_server(folder / "alea.sqlite3", current_games())
    try:
        with grpc.insecure_channel(server.address) as channel:
            client = make_client(channel, API_KEY_A)
            pair = open_pair(client, "player-verify", "my lucky seed ü")
            rounds = [_play(client, pair.pair_id, *step) for step in PLAN]
            assert [r.nonce for r in rounds] == list(range(len(PLAN)))
            client.pairs.RotatePair(
                seed_pair_service_pb2.RotatePairRequest(
                    pair_id=pair.pair_id, idempotency_key=new_key("v-rot")
                ),
                metadata=client.md(),
            )
            export = client.pairs.ExportPair(
                seed_pair_service_pb2.ExportPairRequest(pair_id=pair.pair_id),
                metadata=client.md(),
            )
            info = client.info.GetServerInfo(
                server_info_service_pb2.GetServerInfoRequest(), metadata=client.md()
            )
    finally:
        server.stop()
    yield json.loads(export.export_json), info.server_public_key


def _write(tmp_path: Path, document: Any, name: str = "session.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["verify", "session", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_honest_export_verifies(
    exported: tuple[dict[str, Any], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document, key = exported
    games = {entry["body"]["game_id"] for entry in document["receipts"]}
    assert games == {game_id for game_id, _, _ in PLAN}
    actions = [a["kind"] for e in document["receipts"] for a in e["body"]["actions"]]
    assert {"hold", "play", "fold"} & set(actions) and ("stand" in actions or "hit" in actions)
    path = _write(tmp_path, document)
    code, out, err = _verify(capsys, str(path), "--public-key", key, "--rounds")
    assert (code, err) == (0, ""), err
    assert f"Verified: {len(PLAN)} rounds" in out
    assert "ok  SHA-256(server seed) equals the commitment" in out
    assert "Pocket:" in out and "Window:" in out and "Dealer:" in out and "Final:" in out

    code, out, err = _verify(capsys, str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["ok"] is True and result["failure"] is None
    assert result["rounds"] == len(PLAN) and result["key_pinned"] is False
    assert any("re-derived" in item for item in result["checked"])
    assert [r["nonce"] for r in result["round_list"]] == list(range(len(PLAN)))


def _receipt(index: int, *field: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document["receipts"][index]
        for key in field[:-1]:
            target = target[key]
        value = target[field[-1]]
        target[field[-1]] = (
            value + 1 if isinstance(value, int) else value[:-1] + ("0" if value[-1] != "0" else "1")
        )

    return change


def _swap(document: dict[str, Any]) -> None:
    receipts = document["receipts"]
    receipts[2], receipts[3] = receipts[3], receipts[2]


def _drop(index: int) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        del document["receipts"][index]

    return change


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _pocket(document: dict[str, Any]) -> None:
    outcome = document["receipts"][0]["body"]["outcome"]
    outcome["pocket"] = "0" if outcome["pocket"] != "0" else "1"


def _client_seed(document: dict[str, Any]) -> None:
    document["receipts"][1]["body"]["client_seed"] = "another seed"


TAMPERING = [
    ("win", _receipt(4, "body", "total_win"), r"receipts\[4\]\.receipt_hash is not SHA-256"),
    ("outcome", _pocket, r"receipts\[0\]\.receipt_hash is not SHA-256"),
    ("nonce", _receipt(5, "body", "nonce"), r"receipts\[5\]\.body\.nonce is 6, expected 5"),
    ("client seed", _client_seed, r"receipts\[1\]\.receipt_hash"),
    ("signature", _receipt(6, "signature"), r"receipts\[6\]\.signature is not the server's"),
    ("receipt hash", _receipt(7, "receipt_hash"), r"receipts\[7\]\.receipt_hash"),
    ("order", _swap, r"receipts\[2\]\.body\.nonce is 3, expected 2"),
    ("dropped round", _drop(3), r"receipts\[3\]\.body\.nonce is 4, expected 3"),
    ("dropped last round", _drop(-1), r"reveal_record\.rounds is \d+, but the file has"),
    ("server seed", _set(("reveal_record", "server_seed"), "11" * 32), r"reveal_signature"),
    (
        "commitment",
        _set(("commitment_record", "commitment"), "22" * 32),
        r"commitment_signature is not the server's",
    ),
    ("commitment signature", _set(("commitment_signature",), "33" * 64), r"commitment_signature"),
    ("reveal signature", _set(("reveal_signature",), "44" * 64), r"reveal_signature"),
    (
        "server key",
        _set(("server_public_key",), bytes(SigningKey(b"k" * 32).verify_key).hex()),
        r"server_public_key",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _, c, m in TAMPERING], ids=[n for n, _, _ in TAMPERING]
)
def test_tampering_is_detected(
    exported: tuple[dict[str, Any], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    import re

    document = copy.deepcopy(exported[0])
    change(document)
    path = _write(tmp_path, document)
    code, out, err = _verify(capsys, str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alea verify session: FAILED: "), err
    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in out + err
    assert "Verified" not in out


FORGERIES = [
    # Re-signed with the server's own key: only the seeds can catch these.
    ("pocket", _pocket, r"receipts\[0\]\.body\.outcome\.pocket is .* replayed from the seeds"),
    ("win", _receipt(4, "body", "total_win"), r"receipts\[4\]\.body\.total_win is \d+ in the"),
    ("seed", _set(("reveal_record", "server_seed"), "55" * 32), r"SHA-256\(reveal_record"),
    (
        "unknown model",
        _set(("receipts", 2, "body", "model_hash"), "66" * 32),
        r"receipts\[2\]\.body\.model_hash .* does not ship",
    ),
    ("nonce gap", _drop(5), r"receipts\[5\]\.body\.nonce is 6, expected 5"),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _, c, m in FORGERIES], ids=[n for n, _, _ in FORGERIES]
)
def test_forgeries_signed_with_the_server_key_are_detected(
    exported: tuple[dict[str, Any], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    import re

    document = copy.deepcopy(exported[0])
    change(document)
    resign(document, SERVER_KEY)  # re-hash, re-chain, re-sign: nonces keep any gap
    path = _write(tmp_path, document)
    code, out, err = _verify(capsys, str(path), "--public-key", exported[1], "--json")
    assert code == 1
    result = json.loads(out)
    assert result["ok"] is False and re.search(message, result["failure"]["message"])
    assert err.count("\n") == 1 and re.search(message, err)


def test_a_different_pinned_key_is_refused(
    exported: tuple[dict[str, Any], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, exported[0])
    other = bytes(SigningKey(b"o" * 32).verify_key).hex()
    code, _, err = _verify(capsys, str(path), "--public-key", other)
    assert code == 1 and "server_public_key is not the expected server key" in err


BLOCKER = """
import sys
BLOCKED = ("grpc", "numpy", "scipy", "google.protobuf", "alea")
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED or name.startswith("google.protobuf"):
            raise ImportError(f"blocked import of {name} in the verifier")
        return None
sys.meta_path.insert(0, Blocker())
from cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
assert not loaded, loaded
sys.exit(code)
"""


def test_verify_runs_without_grpc_numpy_scipy(
    exported: tuple[dict[str, Any], str], tmp_path: Path
) -> None:
    path = _write(tmp_path, exported[0])
    for args in (
        ["verify", "session", str(path), "--rounds"],
        ["verify", "models"],
        [
            "verify",
            "round",
            "--server-seed",
            "ab" * 32,
            "--client-seed",
            "c",
            "--nonce",
            "4",
            "--game",
            "slots-video-20",
            "--bet",
            "spin:20",
        ],
        [
            "verify",
            "round",
            "--server-seed",
            "ab" * 32,
            "--client-seed",
            "c",
            "--nonce",
            "4",
            "--game",
            "video-poker-jacks-or-better",
            "--bet",
            "hand:1",
            "--action",
            "hold:1,2",
        ],
        ["verify", "session", str(tmp_path / "missing.json")],
    ):
        result = subprocess.run(
            [sys.executable, "-c", BLOCKER, *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == (1 if "missing" in args[-1] else 0), result.stderr
