"""Load benchmark: PlayRound through the real server vs a bare echo, same run, same way.

    .venv/bin/python bench/grpc_load.py [--concurrency 16] [--seconds 5] [--repeat 1]
                                        [--game roulette-european]

Starts one server process (the real AleaServer: auth, engine, durable SQLite with
group commit — WAL fsynced before every answer — in a temporary directory) that
also serves a bare echo method, then drives each from an asyncio client in this
process: N concurrent callers for a fixed time, each call awaited before the
next. The echo method is a raw-bytes handler on the same grpc.aio server, port
and channel, with no auth or protobuf: the floor of the framework on this box.
``--repeat`` alternates the two phases so a change of machine load hits both.
Prints calls/s, p50/p99 latency, server and client CPU per call, the server's
CPU per call by thread, the load average, and the round/echo throughput ratio.
Not a test: figures depend on the machine (docs/api.md has ours).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from alea.v1 import (  # noqa: E402
    game_service_pb2,
    game_service_pb2_grpc,
    seed_pair_service_pb2,
    seed_pair_service_pb2_grpc,
    types_pb2,
)

ECHO_METHOD = "/alea.bench.Echo/Echo"
THREAD_CPU_METHOD = "/alea.bench.Echo/ThreadCpu"
API_KEY = "alea_" + "5e" * 32


def _single_step_games() -> list:
    try:
        from games.registry import current_games

        found = list(current_games())
    except Exception as exc:  # a game module mid-development must not stop the bench
        print(f"(registry unavailable: {exc}; trying games.roulette)", file=sys.stderr)
        try:
            import games.roulette

            found = list(games.roulette.catalog())
        except Exception:
            found = []
    return [g for g in found if not g.spec.multi_step]


def _pick_game(wanted: str | None):
    games = _single_step_games()
    if wanted:
        games = [g for g in games if g.spec.game_id == wanted]
    roulette = [g for g in games if g.spec.game_id.startswith("roulette")]
    if roulette or games:
        return (roulette or games)[0]
    from tests.server.fakes import FakeCoin  # no registry game yet: the test fake

    return FakeCoin()


def serve_main(store_dir: str, game_id: str | None) -> None:
    """The server process: AleaServer plus a bare echo handler; prints its port."""
    from nacl.signing import SigningKey

    from rng import os_seeded_drbg
    from server.app import AleaServer
    from server.auth import ApiKey, Keyring, hash_api_key
    from server.engine import Engine
    from server.keys import SeedSealer
    from server.sqlite_store import SqliteStore

    game = _pick_game(game_id)

    async def main() -> None:
        store = SqliteStore(Path(store_dir) / "bench.sqlite3")
        from datetime import UTC, datetime

        engine = Engine(
            store,
            signing_key=SigningKey(os.urandom(32)),
            sealer=SeedSealer(os.urandom(32)),
            drbg=os_seeded_drbg(b"bench"),
            clock=lambda: datetime.now(UTC),
            games=[game],
        )
        echo = grpc.method_handlers_generic_handler(
            "alea.bench.Echo",
            {
                "Echo": grpc.unary_unary_rpc_method_handler(_echo),
                "ThreadCpu": grpc.unary_unary_rpc_method_handler(_thread_cpu),
            },
        )
        server = AleaServer(
            engine=engine,
            store=store,
            keyring=Keyring([ApiKey("bench", hash_api_key(API_KEY))]),
            extra_handlers=[echo],
        )
        port = await server.start()
        print(f"PORT {port} GAME {game.spec.game_id}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await server.stop(1)
        syncs = getattr(store, "syncs", store.batches)  # without a syncer: 1 per COMMIT
        print(f"BATCHES {store.batches} UNITS {store.units} SYNCS {syncs}", flush=True)

    asyncio.run(main())


async def _echo(request: bytes, context: object) -> bytes:
    return request


async def _thread_cpu(request: bytes, context: object) -> bytes:
    """CPU seconds (user, system) of each server thread, by name (Linux /proc)."""
    import json
    import threading

    names = {t.native_id: t.name for t in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, list[float]] = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = names.get(int(task.name), "grpc core + other native threads")
        cpu = found.setdefault(name, [0.0, 0.0])
        cpu[0] += int(fields[11]) / tick
        cpu[1] += int(fields[12]) / tick
    return json.dumps(found).encode()


def _bets(game_id: str) -> list[object]:
    from games.base import Bet
    from games.errors import InvalidBetError

    for game in [*_single_step_games(), _pick_game(None)]:
        if game.spec.game_id != game_id:
            continue
        for spec in game.spec.bets:
            step = max(1, spec.amount_step)
            amount = -(-spec.min_amount // step) * step
            for target in ((), ("17",), ("1",)):
                try:
                    game.validate_bets([Bet(spec.kind, amount, target)])
                except InvalidBetError:
                    continue
                return [types_pb2.Bet(kind=spec.kind, amount=amount, target=list(target))]
    raise SystemExit(f"no simple bet for {game_id}")


async def _drive(call, make_request, concurrency: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def caller(index: int) -> None:
        n = 0
        while time.perf_counter() < deadline:
            request = make_request(index, n)
            started = time.perf_counter()
            await call(request)
            latencies.append(time.perf_counter() - started)
            n += 1

    await asyncio.gather(*(caller(i) for i in range(concurrency)))
    return latencies


def _cpu_seconds(pid: int) -> tuple[float, float]:
    """(user, system) CPU seconds of a process (Linux /proc), to compare cost per call."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return (float("nan"), float("nan"))
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) / tick, int(fields[12]) / tick)


@dataclass
class Phase:
    """What one kind of call measured, summed over the rounds of a run."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: list[float] = field(default_factory=lambda: [0.0, 0.0])
    client_cpu: float = 0.0
    threads: dict[str, float] = field(default_factory=dict)

    def add(
        self,
        latencies: list[float],
        seconds: float,
        server: tuple[tuple[float, float], tuple[float, float]],
        client: float,
        threads: tuple[dict[str, list[float]], dict[str, list[float]]],
    ) -> None:
        self.latencies += latencies
        self.seconds += seconds
        self.server_cpu[0] += server[1][0] - server[0][0]
        self.server_cpu[1] += server[1][1] - server[0][1]
        self.client_cpu += client
        for thread, (u1, s1) in threads[1].items():
            u0, s0 = threads[0].get(thread, (0.0, 0.0))
            self.threads[thread] = self.threads.get(thread, 0.0) + (u1 - u0) + (s1 - s0)


def _report(name: str, phase: Phase) -> float:
    calls = len(phase.latencies)
    rate = calls / phase.seconds
    cuts = statistics.quantiles(phase.latencies, n=100)
    user = phase.server_cpu[0] / calls * 1e6
    system = phase.server_cpu[1] / calls * 1e6
    print(
        f"{name:<10} {calls:>7} calls  {rate:>8.0f}/s  "
        f"p50 {cuts[49] * 1000:6.2f} ms  p99 {cuts[98] * 1000:6.2f} ms  "
        f"server CPU {user:5.0f} user + {system:4.0f} sys us/call  "
        f"client CPU {phase.client_cpu / calls * 1e6:4.0f} us/call"
    )
    parts = []
    for thread, seconds in sorted(phase.threads.items()):
        spent = seconds / calls * 1e6
        if spent >= 1:
            parts.append(f"{thread} {spent:.0f}")
    print(f"{'':<10} server CPU by thread, us/call: {', '.join(parts)}")
    return rate


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


async def client_main(
    port: int, game_id: str, concurrency: int, seconds: float, server_pid: int, repeat: int = 1
) -> None:
    md = (("authorization", f"Bearer {API_KEY}"),)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        pairs_stub = seed_pair_service_pb2_grpc.SeedPairServiceStub(channel)
        games_stub = game_service_pb2_grpc.GameServiceStub(channel)
        pair_ids = []
        for index in range(concurrency):
            response = await pairs_stub.OpenPair(
                seed_pair_service_pb2.OpenPairRequest(
                    player_id=f"bench-{index}",
                    client_seed=f"bench seed {index}",
                    idempotency_key=f"bench-open-{index}",
                ),
                metadata=md,
            )
            pair_ids.append(response.pair.pair_id)
        bets = _bets(game_id)

        def play_request(index: int, n: int) -> object:
            return game_service_pb2.PlayRoundRequest(
                pair_id=pair_ids[index],
                game_id=game_id,
                bets=bets,
                currency="EUR",
                idempotency_key=f"bench-{index}-{n}",
            )

        payload = play_request(0, 0).SerializeToString()
        echo = channel.unary_unary(ECHO_METHOD)
        thread_cpu = channel.unary_unary(THREAD_CPU_METHOD)

        async def threads() -> dict[str, list[float]]:
            return dict(json.loads(await thread_cpu(b"")))

        async def play(request: object) -> object:
            return await games_stub.PlayRound(request, metadata=md)

        # Warm up both paths, then measure echo and rounds alternately-once.
        await _drive(echo, lambda i, n: payload, concurrency, 0.5)
        await _drive(play, lambda i, n: play_request(i, 10**9 + n), concurrency, 0.5)
        phases = {"echo": Phase(), "PlayRound": Phase()}
        drives = {
            "echo": (echo, lambda i, n: payload),
            "PlayRound": (play, play_request),
        }
        load_before = _load()
        for r in range(repeat):  # alternate, so that a change of load hits both alike
            for name, (call, make) in drives.items():
                t0, cpu0, mine0 = await threads(), _cpu_seconds(server_pid), time.process_time()
                latencies = await _drive(
                    call, lambda i, n, m=make, k=r * 10**7: m(i, n + k), concurrency, seconds
                )
                mine = time.process_time() - mine0
                t1, cpu1 = await threads(), _cpu_seconds(server_pid)
                phases[name].add(latencies, seconds, (cpu0, cpu1), mine, (t0, t1))
        print(
            f"concurrency {concurrency}, {seconds:g} s x {repeat} each, game {game_id}, "
            f"load average {load_before} -> {_load()}"
        )
        echo_rate = _report("echo", phases["echo"])
        play_rate = _report("PlayRound", phases["PlayRound"])
        print(f"PlayRound / echo throughput: {play_rate / echo_rate:.0%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--game", default=None, help="single-step game id (default: roulette)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="alternate echo and PlayRound phases this often"
    )
    parser.add_argument("--serve", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_main(args.serve, args.game)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, __file__, "--serve", tmp]
        if args.game:
            command += ["--game", args.game]
        server = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO
        )
        assert server.stdout is not None and server.stdin is not None
        line = server.stdout.readline().split()
        if not line or line[0] != "PORT":
            server.kill()
            raise SystemExit("the bench server did not start")
        port, game_id = int(line[1]), line[3]
        try:
            asyncio.run(
                client_main(port, game_id, args.concurrency, args.seconds, server.pid, args.repeat)
            )
        finally:
            server.stdin.close()
            tail = server.stdout.read().strip()
            server.wait(30)
        if tail:
            batches = dict(zip(tail.split()[::2], map(int, tail.split()[1::2]), strict=False))
            if batches.get("BATCHES") and batches.get("SYNCS"):
                print(
                    f"group commit: {batches['UNITS']} units in {batches['BATCHES']} COMMITs "
                    f"({batches['UNITS'] / batches['BATCHES']:.1f} per COMMIT) and "
                    f"{batches['SYNCS']} fsyncs ({batches['UNITS'] / batches['SYNCS']:.1f} "
                    "units per fsync)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
