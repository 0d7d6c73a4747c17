"""Model files: validation errors name the file, the field and the fault."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from games import ModelError, canonical_hash
from games.slots import load_model, parse_model, shipped_models
from games.slots.model import normalised_document
from tests.games.slots.helpers import CLASSIC_SMALL, VIDEO_SMALL, doc


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


CASES = [
    # (base, edit, field path in the message, words in the message)
    (VIDEO_SMALL, _set(["reels", 1, 3], "BAR4"), "reels[1][3]", "unknown symbol 'BAR4'"),
    (
        VIDEO_SMALL,
        _set(["free_spins", "reels", 0, 0], "Q"),
        "free_spins.reels[0][0]",
        "unknown symbol",
    ),
    (CLASSIC_SMALL, _set(["reels", 0, "strip", 2], "ZZ"), "reels[0].strip[2]", "unknown symbol"),
    (VIDEO_SMALL, _set(["paylines", 2, 1], 2), "paylines[2][1]", "outside the window"),
    (VIDEO_SMALL, _set(["paylines", 0], [0, 0, 0]), "paylines[0]", "has 3 positions"),
    (VIDEO_SMALL, _set(["paylines", 1], [0, 0, 0, 0]), "paylines[1]", "duplicates payline 0"),
    (VIDEO_SMALL, _delete(["line_pays"]), "rules", "needs a paytable"),
    (VIDEO_SMALL, _delete(["reels"]), "reels", "is missing"),
    (VIDEO_SMALL, _set(["colour"], "red"), "colour", "unknown field"),
    (VIDEO_SMALL, _set(["rows"], 0), "rows", "must be in 1 .. 9"),
    (VIDEO_SMALL, _set(["line_pays", "H", "3"], 2.5), "line_pays.H.3", "must be an integer"),
    (VIDEO_SMALL, _set(["line_pays", "H", "7"], 100), "line_pays.H.7", "count must be in 1 .. 4"),
    (VIDEO_SMALL, _set(["line_pays", "S"], {"3": 1}), "line_pays.S", "not a regular or wild"),
    (
        VIDEO_SMALL,
        _set(["scatter", "symbol"], "H"),
        "scatter.symbol",
        "not a symbol of kind 'scatter'",
    ),
    (VIDEO_SMALL, _delete(["scatter"]), "free_spins", "needs a scatter symbol"),
    (
        VIDEO_SMALL,
        _set(["free_spins", "retrigger"], {"1": 5}),
        "free_spins.retrigger",
        "never ends",
    ),
    (
        VIDEO_SMALL,
        _set(["free_spins", "reels"], [["S", "H"]] * 3),
        "free_spins.reels",
        "has 3 reels",
    ),
    (VIDEO_SMALL, _set(["symbols", "H", "kind"], "jackpot"), "symbols.H.kind", "must be one of"),
    (
        VIDEO_SMALL,
        _set(["symbols", "W", "substitutes"], ["S"]),
        "symbols.W.substitutes[0]",
        "not a regular",
    ),
    (VIDEO_SMALL, _set(["symbols", "H", "multiplier"], 2), "symbols.H", "only wild symbols"),
    (CLASSIC_SMALL, _set(["reels", 0, "weights"], [1, 2]), "reels[0].weights", "has 2 entries"),
    (CLASSIC_SMALL, _set(["reels", 0, "weights", 1], 0), "reels[0].weights[1]", "must be >= 1"),
    (
        CLASSIC_SMALL,
        _set(["rules", 1, "pattern"], ["7", "7"]),
        "rules[1].pattern",
        "has 2 positions",
    ),
    (
        CLASSIC_SMALL,
        _set(["rules", 2, "pattern", 0], "ANY_BAR"),
        "rules[2].pattern[0]",
        "unknown symbol or group",
    ),
    (CLASSIC_SMALL, _set(["rules", 3, "min"], 4), "rules[3].min", "must be in 1 .. 3"),
    (
        CLASSIC_SMALL,
        _set(["rules", 0, "pattern"], ["*", "*", "*"]),
        "rules[0].pattern",
        "at least one position",
    ),
    (CLASSIC_SMALL, _delete(["rules", 0, "pays"]), "rules[0].pays", "is missing"),
    (CLASSIC_SMALL, _set(["rules", 1, "name"], "3 wilds"), "rules[1].name", "duplicate rule name"),
    (CLASSIC_SMALL, _set(["groups", "ANY"], ["7", "Q"]), "groups.ANY[1]", "unknown symbol"),
    (CLASSIC_SMALL, _set(["evaluation"], "best"), "evaluation", "must be one of"),
    (CLASSIC_SMALL, _set(["id"], "classic"), "id", "start with 'slots-'"),
    (CLASSIC_SMALL, _set(["bet", "max_per_line"], 0), "bet.max_per_line", "must be in 1 .."),
    (CLASSIC_SMALL, _set(["rtp"], "ninety"), "rtp", "fraction string"),
]


@pytest.mark.parametrize(("base", "edit", "where", "words"), CASES)
def test_bad_model_names_file_field_and_fault(
    base: dict[str, Any], edit: Callable[[dict[str, Any]], None], where: str, words: str
) -> None:
    document = doc(base)
    edit(document)
    with pytest.raises(ModelError) as info:
        parse_model(document, "bad.json")
    message = str(info.value)
    assert message.startswith(f"bad.json: {where}: "), message
    assert words in message


def test_bad_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    with pytest.raises(ModelError, match=r"broken.json: not valid JSON"):
        load_model(broken)
    broken_toml = tmp_path / "broken.toml"
    broken_toml.write_text("id = ")
    with pytest.raises(ModelError, match=r"broken.toml: not valid TOML"):
        load_model(broken_toml)
    with pytest.raises(ModelError, match=r"missing.json: cannot read"):
        load_model(tmp_path / "missing.json")
    not_object = tmp_path / "list.json"
    not_object.write_text("[]")
    with pytest.raises(ModelError, match=r"list.json: \$: must be an object"):
        load_model(not_object)


def test_model_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        parse_model({}, "x")


def test_json_and_toml_of_one_machine_hash_alike(tmp_path: Path) -> None:
    toml_model = next(m for m in shipped_models() if m.source.endswith(".toml"))
    raw = tomllib.loads(Path(toml_model.source).read_text())
    as_json = tmp_path / "same.json"
    as_json.write_text(json.dumps(raw))
    json_model = load_model(as_json)
    assert json_model.document == toml_model.document
    assert canonical_hash(json_model.document) == canonical_hash(toml_model.document)


def test_document_round_trips() -> None:
    for model in [
        *shipped_models(),
        parse_model(doc(VIDEO_SMALL)),
        parse_model(doc(CLASSIC_SMALL)),
    ]:
        again = parse_model(json.loads(json.dumps(model.document)), "again")
        assert normalised_document(again) == model.document
        assert again.rules == model.rules and again.reels == model.reels


def test_line_pays_expand_left_to_right() -> None:
    model = parse_model(doc(VIDEO_SMALL))
    rule = next(r for r in model.rules if r.name == "H x3")
    assert rule.source == ("H", "H", "H", "*") and model.evaluation == "highest"
