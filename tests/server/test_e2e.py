"""End to end through a real channel: open, play every game, rotate, verify everything."""

from __future__ import annotations

import json
import urllib.request

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from nacl.signing import VerifyKey

from alea.v1 import (
    game_service_pb2,
    seed_pair_service_pb2,
    server_info_service_pb2,
    types_pb2,
)
from games.base import Action, Bet
from games.canonical import canonical_json
from games.registry import current_games
from rng import ALGORITHM_VERSION, OutcomeStream, verify_commitment
from server.receipts import record_hash, verify_export
from tests.server.conftest import API_KEY_A, all_test_games, fake_games, make_client
from tests.server.fakes import FakeCoin
from tests.server.helpers import new_key, open_pair, play, simple_bets

COIN = FakeCoin()


def test_server_info_and_games(client) -> None:
    info = client.info.GetServerInfo(
        server_info_service_pb2.GetServerInfoRequest(), metadata=client.md()
    )
    assert len(bytes.fromhex(info.server_public_key)) == 32
    assert info.algorithm_version == ALGORITHM_VERSION
    assert info.receipt_format == "alea-receipt/v1"
    listed = client.games.ListGames(game_service_pb2.ListGamesRequest(), metadata=client.md())
    by_id = {g.game_id: g for g in listed.games}
    for game in fake_games():
        info_game = by_id[game.spec.game_id]
        assert info_game.model_hash == game.spec.model_hash
        assert info_game.rtp == f"{game.spec.rtp.numerator}/{game.spec.rtp.denominator}"
        assert info_game.multi_step == game.spec.multi_step
        assert [b.kind for b in info_game.bets] == [b.kind for b in game.spec.bets]
        model = json.loads(info_game.model_json)
        assert record_hash(model) == game.spec.model_hash or model is not None


def test_every_game_round_trip_and_verification(registry_server) -> None:
    """Every registry game and both fakes: open, play, rotate, re-derive, verify."""
    games = all_test_games()
    by_hash = {g.spec.model_hash: g for g in games}
    with grpc.insecure_channel(registry_server.address) as channel:
        _round_trip(make_client(channel, API_KEY_A), games, by_hash)


def _round_trip(client, games, by_hash) -> None:
    assert {"fake-coin", "fake-ladder"} <= {g.spec.game_id for g in games}
    pair = open_pair(client, "player-e2e", "e2e seed")
    assert pair.server_seed == ""
    assert pair.state == types_pb2.PAIR_STATE_ACTIVE
    rounds = []
    for game in games:
        options = simple_bets(game)
        for index in range(2):
            rounds.append(play(client, pair.pair_id, game, options[index % len(options)]))
    assert [r.nonce for r in rounds] == list(range(len(rounds)))
    assert all(r.state == types_pb2.ROUND_STATE_FINISHED for r in rounds)

    rotated = client.pairs.RotatePair(
        seed_pair_service_pb2.RotatePairRequest(
            pair_id=pair.pair_id, next_client_seed="next seed", idempotency_key=new_key("rot")
        ),
        metadata=client.md(),
    )
    old, nxt = rotated.rotated_pair, rotated.next_pair
    assert old.state == types_pb2.PAIR_STATE_ROTATED and old.successor_pair_id == nxt.pair_id
    assert nxt.state == types_pb2.PAIR_STATE_ACTIVE and nxt.server_seed == ""
    assert nxt.client_seed == "next seed" and nxt.player_id == "player-e2e"
    seed = bytes.fromhex(old.server_seed)
    assert verify_commitment(seed, bytes.fromhex(pair.commitment))

    info = client.info.GetServerInfo(
        server_info_service_pb2.GetServerInfoRequest(), metadata=client.md()
    )
    key = VerifyKey(bytes.fromhex(info.server_public_key))
    # Commitment and reveal records: signed, hashed, consistent.
    commitment = json.loads(old.commitment_record.record_json)
    key.verify(
        old.commitment_record.record_json.encode(), bytes.fromhex(old.commitment_record.signature)
    )
    reveal = json.loads(old.reveal_record.record_json)
    key.verify(old.reveal_record.record_json.encode(), bytes.fromhex(old.reveal_record.signature))
    assert reveal["rounds"] == len(rounds) and reveal["server_seed"] == seed.hex()
    assert commitment["player_id"] == "player-e2e"

    # Every receipt: signature, hash, chain link, and the round re-derived from the seed.
    previous = record_hash(commitment)
    for rnd in rounds:
        body_bytes = rnd.receipt.body_json.encode()
        assert canonical_json(json.loads(body_bytes)) == body_bytes
        key.verify(body_bytes, bytes.fromhex(rnd.receipt.signature))
        body = json.loads(body_bytes)
        assert record_hash(body) == rnd.receipt.receipt_hash
        assert body["prev_receipt_hash"] == previous
        previous = rnd.receipt.receipt_hash
        game = by_hash[body["model_hash"]]
        replayed = game.play(
            OutcomeStream(seed, body["client_seed"], body["nonce"]),
            [Bet.from_json(b) for b in body["bets"]],
            [Action.from_json(a) for a in body["actions"]],
        )
        assert replayed.finished
        assert canonical_json(replayed.outcome) == canonical_json(body["outcome"])
        assert (replayed.total_bet, replayed.total_win) == (rnd.total_bet, rnd.total_win)
        assert body["client_seed"] == "e2e seed" and body["currency"] == "EUR"
    assert reveal["last_receipt_hash"] == previous

    export = client.pairs.ExportPair(
        seed_pair_service_pb2.ExportPairRequest(pair_id=pair.pair_id), metadata=client.md()
    )
    document = json.loads(export.export_json)
    assert export.rounds == len(rounds) == len(document["receipts"])
    summary = verify_export(
        document, public_key=info.server_public_key, game_lookup=by_hash.__getitem__
    )
    assert summary.rounds == len(rounds)
    # Tampering with any receipt breaks verification.
    document["receipts"][0]["body"]["total_win"] += 1
    with pytest.raises(ValueError):
        verify_export(document, public_key=info.server_public_key, game_lookup=by_hash.__getitem__)


def test_registry_games_are_offered(registry_server) -> None:
    channel = grpc.insecure_channel(registry_server.address)
    client = make_client(channel, API_KEY_A)
    listed = client.games.ListGames(game_service_pb2.ListGamesRequest(), metadata=client.md())
    ids = {g.game_id for g in listed.games}
    assert {g.spec.game_id for g in current_games()} <= ids


def test_client_seed_set_later_and_required(client) -> None:
    resp = client.pairs.OpenPair(
        seed_pair_service_pb2.OpenPairRequest(player_id="p-late", idempotency_key=new_key()),
        metadata=client.md(),
    )
    pair = resp.pair
    assert pair.client_seed == ""
    coin = COIN
    with pytest.raises(grpc.RpcError) as err:
        play(client, pair.pair_id, coin, [Bet("heads", 5)])
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "client seed" in err.value.details()
    updated = client.pairs.SetClientSeed(
        seed_pair_service_pb2.SetClientSeedRequest(
            pair_id=pair.pair_id, client_seed="Cafe\u0301", idempotency_key=new_key()
        ),
        metadata=client.md(),
    ).pair
    assert updated.client_seed == "Caf\u00e9"  # NFC
    rnd = play(client, pair.pair_id, coin, [Bet("heads", 5)])
    assert json.loads(rnd.receipt.body_json)["client_seed"] == "Caf\u00e9"


def test_multi_step_round_blocks_others(client) -> None:
    pair = open_pair(client, "p-multi")
    start = client.games.StartRound(
        game_service_pb2.StartRoundRequest(
            pair_id=pair.pair_id,
            game_id="fake-ladder",
            bets=[types_pb2.Bet(kind="pot", amount=10)],
            currency="USD",
            idempotency_key=new_key(),
        ),
        metadata=client.md(),
    ).round
    assert start.state == types_pb2.ROUND_STATE_IN_PROGRESS
    assert list(start.legal_actions) == ["climb", "stop"] and not start.HasField("receipt")
    got = client.pairs.GetPair(
        seed_pair_service_pb2.GetPairRequest(pair_id=pair.pair_id), metadata=client.md()
    ).pair
    assert got.open_round_id == start.round_id and got.next_nonce == 1
    done = client.games.ActRound(
        game_service_pb2.ActRoundRequest(
            round_id=start.round_id,
            action=types_pb2.Action(kind="stop"),
            idempotency_key=new_key(),
        ),
        metadata=client.md(),
    ).round
    assert done.state == types_pb2.ROUND_STATE_FINISHED and done.total_win == 10
    fetched = client.games.GetRound(
        game_service_pb2.GetRoundRequest(round_id=start.round_id), metadata=client.md()
    ).round
    assert fetched == done


def test_health_and_reflection_need_no_credentials(channel) -> None:
    health = health_pb2_grpc.HealthStub(channel)
    assert health.Check(health_pb2.HealthCheckRequest()).status == (
        health_pb2.HealthCheckResponse.SERVING
    )
    assert (
        health.Check(health_pb2.HealthCheckRequest(service="alea.v1.GameService")).status
        == health_pb2.HealthCheckResponse.SERVING
    )
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    responses = stub.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")])
    )
    names = {s.name for r in responses for s in r.list_services_response.service}
    assert {
        "alea.v1.SeedPairService",
        "alea.v1.GameService",
        "alea.v1.ServerInfoService",
        "grpc.health.v1.Health",
    } <= names


def test_metrics_endpoint(client, running) -> None:
    pair = open_pair(client, "p-metrics")
    coin = COIN
    play(client, pair.pair_id, coin, [Bet("heads", 1)])
    with pytest.raises(grpc.RpcError):
        client.pairs.GetPair(
            seed_pair_service_pb2.GetPairRequest(pair_id="p_nope"), metadata=client.md()
        )
    url = f"http://127.0.0.1:{running.server.metrics_port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    assert 'alea_rounds_total{game_id="fake-coin"}' in text
    assert 'alea_rpc_duration_seconds_bucket{le="0.01",method="PlayRound"}' in text
    assert 'alea_rpc_errors_total{code="NOT_FOUND",method="GetPair"}' in text
