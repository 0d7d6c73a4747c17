"""`alea verify commitment | round | session | models`: output, exit codes, one-line errors."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.main import main
from cli.verify_args import parse_action, parse_bet, parse_hex
from cli.verify_render import render_outcome, summary_line
from games.base import Action, Bet
from games.registry import all_games, game_by_id
from rng import OutcomeStream, commitment_of
from tests.server.test_receipts_props import (
    BETS,
    KEY,
    PUBLIC,
    build_session,
    resign,
    standard_rounds,
)

SEED = bytes(range(32))
SEED_HEX = SEED.hex()
COMMITMENT = commitment_of(SEED).hex()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["verify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, pattern: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("alea verify "), lines[0]
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in err


# -------------------------------------------------------------------- commitment


def test_commitment_matches(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "commitment", "--seed", SEED_HEX, "--commitment", COMMITMENT)
    assert (code, err) == (0, "")
    assert "ok  SHA-256(server seed) equals the commitment" in out
    # Upper case and 0x are accepted from people typing.
    code, _, _ = run(
        capsys, "commitment", "--seed", "0x" + SEED_HEX.upper(), "--commitment", COMMITMENT
    )
    assert code == 0


def test_commitment_mismatch_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    other = hashlib.sha256(b"other").hexdigest()
    code, out, err = run(capsys, "commitment", "--seed", SEED_HEX, "--commitment", other, "--json")
    assert code == 1
    result = json.loads(out)
    assert result["ok"] is False and result["failure"]["check"] == "commitment"
    assert result["computed"] == COMMITMENT
    one_line_error(err, "FAILED: SHA-256\\(server seed\\) is not the commitment")


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        ("ab" * 31, "--seed must be 64 hex digits \\(32 bytes\\), got 62 digits"),
        ("zz" + "ab" * 31, "--seed must be hex digits 0-9 a-f; character 1 is 'z'"),
    ],
)
def test_bad_hex_is_one_line(capsys: pytest.CaptureFixture[str], seed: str, message: str) -> None:
    code, _, err = run(capsys, "commitment", "--seed", seed, "--commitment", COMMITMENT)
    assert code == 1
    one_line_error(err, message)


# ------------------------------------------------------------------ round, flags


ROUND_CASES = [
    (
        "roulette-european",
        ["straight:100:17", "split:50:17,20", "red:100"],
        [],
        ["Pocket:", "straight 17", "split 17-20"],
    ),
    ("slots-video-20", ["spin:40"], [], ["Stops:", "Window:", "Paying lines"]),
    ("slots-classic-7s", ["spin:1"], [], ["Window:"]),
    ("baccarat", ["banker:200", "player:100"], [], ["Player:", "Banker:", "Winner:"]),
    ("video-poker-jacks-or-better", ["hand:5"], ["hold:0,2,4"], ["Dealt:", "Held:", "Final:"]),
    ("three-card-poker", ["ante:100", "pair_plus:100"], ["play"], ["Decision: play", "Dealer:"]),
]


@pytest.mark.parametrize(("game_id", "bets", "actions", "shown"), ROUND_CASES)
def test_round_from_flags_matches_the_game(
    capsys: pytest.CaptureFixture[str],
    game_id: str,
    bets: list[str],
    actions: list[str],
    shown: list[str],
) -> None:
    args = ["round", "--server-seed", SEED_HEX, "--client-seed", "lucky", "--nonce", "7"]
    args += ["--game", game_id]
    for bet in bets:
        args += ["--bet", bet]
    for action in actions:
        args += ["--action", action]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, ""), err
    for text in shown:
        assert text in out
    expected = game_by_id(game_id).play(
        OutcomeStream(SEED, "lucky", 7),
        [parse_bet(b) for b in bets],
        [parse_action(a) for a in actions],
    )
    assert f"Total win {expected.total_win} minor units" in out
    code, out, _ = run(capsys, *args, "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] is True
    assert result["outcome"] == json.loads(json.dumps(expected.outcome))
    assert (result["total_bet"], result["total_win"]) == (expected.total_bet, expected.total_win)
    assert result["commitment"] == COMMITMENT and result["model_hash"] == expected.model_hash


def test_blackjack_rounds_show_hands_and_unfinished_state(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["round", "--server-seed", SEED_HEX, "--client-seed", "bj", "--game", "blackjack"]
    base += ["--bet", "main:100"]
    for nonce in range(40):
        game = game_by_id("blackjack")
        start = game.play(OutcomeStream(SEED, "bj", nonce), [Bet("main", 100)])
        if not start.finished and start.legal_actions[:2] == ("hit", "stand"):
            break
    code, out, _ = run(capsys, *base, "--nonce", str(nonce))
    assert code == 0 and "Round not finished; next legal actions: hit, stand" in out
    code, out, _ = run(capsys, *base, "--nonce", str(nonce), "--action", "stand")
    assert code == 0 and "Dealer:" in out and "Hand 1:" in out and "actions: stand" in out


def test_slot_round_with_free_spins_shows_the_feature(capsys: pytest.CaptureFixture[str]) -> None:
    game = game_by_id("slots-video-20")
    nonce = next(
        n
        for n in range(20_000)
        if game.play(OutcomeStream(SEED, "fs", n), [Bet("spin", 20)]).outcome["free_spins"]
    )
    args = ["round", "--server-seed", SEED_HEX, "--client-seed", "fs", "--nonce", str(nonce)]
    code, out, _ = run(capsys, *args, "--game", "slots-video-20", "--bet", "spin:20")
    assert code == 0
    assert "Scatter:" in out and "Free spins:" in out and "Free spin 1:" in out


def test_model_hash_selects_an_exact_model(capsys: pytest.CaptureFixture[str]) -> None:
    game = game_by_id("baccarat")
    args = ["round", "--server-seed", SEED_HEX, "--client-seed", "c", "--nonce", "0"]
    code, out, _ = run(
        capsys, *args, "--model-hash", game.spec.model_hash, "--bet", "player:100", "--json"
    )
    assert code == 0 and json.loads(out)["game_id"] == "baccarat"
    code, _, err = run(capsys, *args, "--model-hash", "ab" * 32, "--bet", "player:100")
    assert code == 1
    one_line_error(err, "no shipped game model has hash")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--game", "poker-night", "--bet", "x:1"], "unknown game 'poker-night'; known games:"),
        (["--game", "baccarat", "--bet", "banker"], "--bet 'banker' must be KIND:AMOUNT"),
        (["--game", "baccarat", "--bet", "banker:ten"], "the amount 'ten' must be a whole"),
        (["--game", "baccarat", "--bet", "banker:130"], "multiple of 20"),
        (["--game", "roulette-european", "--bet", "split:5:1,5"], "split of non-adjacent"),
        (
            ["--game", "video-poker-jacks-or-better", "--bet", "hand:5", "--action", "hold:7"],
            "position 7 is not a card position",
        ),
        (
            ["--game", "video-poker-jacks-or-better", "--bet", "hand:5", "--action", "hold:x"],
            "position 'x' must be a whole number",
        ),
        (["--game", "baccarat", "--bet", "tie:100", "--action", "hit"], "takes no actions"),
    ],
)
def test_round_input_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = ["round", "--server-seed", SEED_HEX, "--client-seed", "c", "--nonce", "1", *extra]
    code, _, err = run(capsys, *args)
    assert code == 1
    one_line_error(err, re.escape(message))


def test_bad_client_seed_and_nonce(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["round", "--server-seed", SEED_HEX, "--game", "baccarat", "--bet", "tie:100"]
    code, _, err = run(capsys, *base, "--client-seed", " padded", "--nonce", "0")
    assert code == 1
    one_line_error(err, "white space")
    code, _, err = run(capsys, *base, "--client-seed", "ok", "--nonce", "-1")
    assert code == 1
    one_line_error(err, "--nonce must be a whole number")
    code, _, err = run(capsys, *base, "--client-seed", "ok", "--nonce", str(2**64))
    assert code == 1
    one_line_error(err, "--nonce must be below 2\\*\\*64")


@pytest.mark.parametrize(
    "args",
    [
        ["round", "--server-seed", SEED_HEX, "--client-seed", "c", "--nonce", "0"],
        ["round", "--server-seed", SEED_HEX, "--receipt", "x.json"],
        [
            "round",
            "--server-seed",
            SEED_HEX,
            "--receipt",
            "x.json",
            "--public-key",
            PUBLIC,
            "--bet",
            "red:1",
        ],
        ["round", "--server-seed", SEED_HEX, "--game", "baccarat", "--model-hash", "ab" * 32],
        [
            "round",
            "--server-seed",
            SEED_HEX,
            "--client-seed",
            "c",
            "--nonce",
            "0",
            "--game",
            "baccarat",
            "--bet",
            "tie:100",
            "--public-key",
            PUBLIC,
        ],
        ["session"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["verify", *args])
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- round, receipt


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return build_session(standard_rounds(), seed=SEED, client_seed="receipt seed")


def write(tmp_path: Path, value: Any, name: str = "receipt.json") -> str:
    path = tmp_path / name
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def receipt_args(path: str, *extra: str) -> list[str]:
    return ["round", "--server-seed", SEED_HEX, "--receipt", path, "--public-key", PUBLIC, *extra]


def test_every_receipt_verifies(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, session: dict[str, Any]
) -> None:
    for entry in session["receipts"]:
        code, out, err = run(capsys, *receipt_args(write(tmp_path, entry)))
        assert (code, err) == (0, ""), err
        assert "ok  signature by the server key" in out
        assert "ok  round re-derived" in out
        assert f"Total win {entry['body']['total_win']} (EUR minor units)" in out


def test_receipt_from_stdin_and_api_shape(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    session: dict[str, Any],
    tmp_path: Path,
) -> None:
    entry = session["receipts"][2]
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(entry).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run(capsys, *receipt_args("-", "--json"))
    assert code == 0, err
    result = json.loads(out)
    assert result["ok"] is True and result["round_id"] == entry["body"]["round_id"]
    assert result["outcome"] == entry["body"]["outcome"]
    # The gRPC Round as grpcurl prints it: {"round": {"receipt": {"bodyJson", ...}}}.
    from server.receipts import record_bytes

    api = {
        "round": {
            "receipt": {
                "bodyJson": record_bytes(entry["body"]).decode(),
                "receiptHash": entry["receipt_hash"],
                "signature": entry["signature"],
            }
        }
    }
    code, _, err = run(capsys, *receipt_args(write(tmp_path, api)))
    assert code == 0, err


def _tampered(entry: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(entry)
    target = changed
    keys = field.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body.total_win", 10**6, "receipt_hash is not SHA-256 of the body"),
        ("body.nonce", 99, "receipt_hash is not SHA-256 of the body"),
        ("body.client_seed", "other", "receipt_hash is not SHA-256 of the body"),
        ("signature", "ab" * 64, "signature is not the server's signature"),
        ("receipt_hash", "cd" * 32, "receipt_hash is not SHA-256"),
    ],
)
def test_tampered_receipt_fails(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    session: dict[str, Any],
    field: str,
    value: Any,
    message: str,
) -> None:
    entry = _tampered(session["receipts"][0], field, value)
    code, out, err = run(capsys, *receipt_args(write(tmp_path, entry)))
    assert code == 1 and "Verified" not in out
    one_line_error(err, "FAILED: " + re.escape(message))


def test_resigned_receipt_with_false_outcome_fails_the_replay(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, session: dict[str, Any]
) -> None:
    forged = copy.deepcopy(session)
    index = next(
        i for i, e in enumerate(forged["receipts"]) if e["body"]["game_id"] == "roulette-european"
    )
    body = forged["receipts"][index]["body"]
    body["outcome"]["pocket"] = "0" if body["outcome"]["pocket"] != "0" else "1"
    resign(forged, KEY)
    entry = forged["receipts"][index]
    code, out, err = run(capsys, *receipt_args(write(tmp_path, entry), "--json"))
    assert code == 1
    failure = json.loads(out)["failure"]
    assert failure["path"] == "body.outcome.pocket" and failure["check"] == "replay"
    one_line_error(err, "body.outcome.pocket is .* but the round replayed from the seeds gives")


def test_receipt_wrong_seed_key_model(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, session: dict[str, Any]
) -> None:
    entry = session["receipts"][0]
    path = write(tmp_path, entry)
    args = ["round", "--server-seed", "ee" * 32, "--receipt", path, "--public-key", PUBLIC]
    code, _, err = run(capsys, *args)
    assert code == 1
    one_line_error(err, "SHA-256\\(server seed\\) is not the receipt's commitment")

    other_key = hashlib.sha256(b"k").hexdigest()
    args = ["round", "--server-seed", SEED_HEX, "--receipt", path, "--public-key", other_key]
    code, _, err = run(capsys, *args)
    assert code == 1
    one_line_error(err, "signature is not the server's signature")

    other_model = game_by_id("roulette-american").spec.model_hash
    code, _, err = run(capsys, *receipt_args(path, "--model-hash", other_model))
    assert code == 1
    one_line_error(err, "refusing to verify the round against another model")
    code, _, err = run(capsys, *receipt_args(path, "--game", "roulette-american"))
    assert code == 1
    one_line_error(err, "not --game 'roulette-american'")
    named = entry["body"]["model_hash"]
    code, _, _ = run(capsys, *receipt_args(path, "--model-hash", named))
    assert code == 0


def test_receipt_of_a_model_this_verifier_does_not_ship(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, session: dict[str, Any]
) -> None:
    forged = copy.deepcopy(session)
    forged["receipts"][0]["body"]["model_hash"] = "77" * 32
    resign(forged, KEY)
    code, _, err = run(capsys, *receipt_args(write(tmp_path, forged["receipts"][0])))
    assert code == 1
    one_line_error(err, "body.model_hash 7777.* does not ship")


MALFORMED = [
    ('{"body": {"format": "alea-receipt/v1"', "not valid JSON.*is it truncated"),
    ("", "is empty"),
    ("[1, 2]", "must be a JSON object, got an array"),
    ('{"body": {}, "receipt_hash": "00", "signature": "00"}', "body.format is missing"),
    ('{"a": NaN}', "NaN or Infinity"),
    ('{"a": 1, "a": 2}', "the key 'a' appears twice"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_receipt_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    code, _, err = run(capsys, *receipt_args(write(tmp_path, text)))
    assert code == 1
    one_line_error(err, message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body.nonce", "3", "body.nonce must be an integer, got a string"),
        ("body.nonce", True, "body.nonce must be an integer, got a boolean"),
        ("body.total_win", 1.5, "body.total_win must be an integer, got a number with a fraction"),
        ("body.commitment", "XYZ", "body.commitment must be 64 lower-case hex digits"),
        ("body.bets", {}, "body.bets must be an array, got an object"),
        ("body.bets", [{"kind": "red", "amount": 1}], r"body.bets\[0\].target is missing"),
        ("body.actions", [{"kind": 3, "positions": []}], r"body.actions\[0\].kind must be a st"),
        ("body.extra", 1, "body.extra is not a field of this record"),
        ("signature", None, "signature must be a string, got null"),
        ("body.format", "alea-receipt/v9", "this verifier reads 'alea-receipt/v1'"),
    ],
)
def test_wrong_field_types_name_the_path(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    session: dict[str, Any],
    field: str,
    value: Any,
    message: str,
) -> None:
    entry = _tampered(session["receipts"][0], field, value)
    code, _, err = run(capsys, *receipt_args(write(tmp_path, entry)))
    assert code == 1
    one_line_error(err, message)


# ------------------------------------------------------------------------ session


def test_session_json_and_malformed_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, session: dict[str, Any]
) -> None:
    path = write(tmp_path, session, "session.json")
    code, out, _ = run(capsys, "session", path, "--json", "--public-key", PUBLIC)
    result = json.loads(out)
    assert code == 0 and result["ok"] and result["key_pinned"] is True
    assert result["rounds"] == len(session["receipts"])

    broken = copy.deepcopy(session)
    del broken["receipts"][3]["body"]["nonce"]
    code, out, err = run(capsys, "session", write(tmp_path, broken, "b.json"), "--json")
    assert code == 1
    failure = json.loads(out)["failure"]
    assert failure == {
        "kind": "malformed",
        "check": "structure",
        "path": "receipts[3].body.nonce",
        "message": f"{tmp_path / 'b.json'}: receipts[3].body.nonce is missing",
    }
    one_line_error(err, re.escape("receipts[3].body.nonce is missing"))

    code, _, err = run(capsys, "session", str(tmp_path / "nope.json"))
    assert code == 1
    one_line_error(err, "can't read session file .*nope.json: No such file")


def test_models_lists_every_shipped_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "--json")
    assert code == 0
    listed = {(m["game_id"], m["model_hash"]) for m in json.loads(out)["models"]}
    assert listed == {(g.spec.game_id, g.spec.model_hash) for g in all_games()}


# ---------------------------------------------------------------- args and render


@given(
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10),
    st.integers(0, 10**12),
    st.lists(st.text("0123456789", min_size=1, max_size=2), max_size=4),
)
@settings(max_examples=50, deadline=None)
def test_bet_syntax_round_trips(kind: str, amount: int, targets: list[str]) -> None:
    text = f"{kind}:{amount}" + (f":{','.join(targets)}" if targets else "")
    assert parse_bet(text) == Bet(kind, amount, tuple(targets))


def test_action_and_hex_syntax() -> None:
    assert parse_action("hold:0,2,4") == Action("hold", (0, 2, 4))
    assert parse_action("hold:") == Action("hold") == parse_action("hold")
    assert parse_action("hit") == Action("hit")
    assert parse_hex("0xABCD", "--x", 2) == b"\xab\xcd"
    with pytest.raises(ValueError, match="--x must be 4 hex digits"):
        parse_hex("abc", "--x", 2)


def test_renderers_fall_back_for_unknown_shapes() -> None:
    assert render_outcome("roulette-european", {"unexpected": 1}) == ["unexpected: 1"]
    assert render_outcome("new-game", {"b": [1], "a": "x"}) == ['a: "x"', "b: [1]"]
    assert summary_line("blackjack", {}) == "{}"
    for game_id in BETS:
        assert summary_line(game_id, {"x": 1}) == '{"x":1}'


def test_the_by_hand_walk_through_in_the_docs_agrees_with_the_verifier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """docs/verify.md's standard-library program gives what `alea verify round` gives."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "verify.md").read_text()
    program = re.search(r"```python\n(.*?)```", text, re.S)
    assert program is not None
    exec(compile(program.group(1), "docs/verify.md", "exec"), {})
    by_hand = capsys.readouterr().out.splitlines()
    assert by_hand[0] == f"commitment {COMMITMENT}"
    args = ["round", "--server-seed", SEED_HEX, "--client-seed", "lucky", "--nonce", "7"]
    code, out, _ = run(capsys, *args, "--game", "roulette-european", "--bet", "red:1", "--json")
    assert code == 0
    assert by_hand[1] == f"roulette pocket {json.loads(out)['outcome']['pocket_index']}"
    code, out, _ = run(
        capsys,
        *args,
        "--game",
        "video-poker-jacks-or-better",
        "--bet",
        "hand:5",
        "--action",
        "hold:0,1",
        "--json",
    )
    outcome = json.loads(out)["outcome"]
    deal, then = by_hand[2].removeprefix("deal ").split(" | then ")
    assert deal.split() == outcome["dealt"]
    assert then.split()[:3] == outcome["replacements"]
    assert "e37a5707871fab596d2e586364c92f8427ea8686ea931b25578ed32130275847" in text
    assert OutcomeStream(SEED, "lucky", 7).read(32).hex() in text
