"""Slot models: read a model file (JSON or TOML), validate it, evaluate a window.

A model file describes one machine. Top-level fields (``*`` = required)::

    id*          game id, "slots-..."            name*     display name
    version*     int >= 1                        rows*     rows in the window (R)
    bet*         {min_per_line, max_per_line}    minor units per line
    symbols*     {NAME: {kind, multiplier, substitutes}}
                 kind: "regular" (default), "blank", "wild", "scatter";
                 wilds: multiplier (int >= 1, default 1) and substitutes (default:
                 every regular symbol)
    groups       {GROUP: [symbol, ...]}          "any bar", "any seven"
    paylines*    [[row on reel 0, row on reel 1, ...], ...]
    evaluation   "first_match" (classic: the first matching rule of the list pays)
                 or "highest" (video: the best-paying matching rule pays)
    rules        ordered pay rules: {name, pattern: [symbol|group|"*", ...], pays}
                 or {name, count: symbol|group, min: n, pays}; optional wild: false
    line_pays    video shorthand {SYMBOL: {"3": pays, "4": pays, ...}}: n of a kind
                 from the leftmost reel, expanded to pattern rules (evaluation "highest")
    scatter      {symbol, pays: {"3": pays, ...}}  pays x the total bet, anywhere
    reels*       [[symbol, ...] | {strip: [...], weights: [...]}, ...]
    free_spins   {trigger: {"3": spins}, retrigger: {...}, multiplier, reels: [...]}
    rtp          the declared exact RTP "n/d" (shipped models; tests check it)

At least one of ``rules`` / ``line_pays`` is required. Pays are credits per
credit bet on the line. Count-keyed tables (scatter pays, triggers) apply the
entry with the largest count not above the count in the window.

Matching a rule on a line: a position matches *naturally* when its symbol is
in the position's set ("*" matches anything), or *by substitution* when it is
a wild that substitutes for a member of the set (unless the rule says
``wild: false``). A rule needs at least one natural match in a named position
(a line of wilds alone pays only rules that name the wild). Every substituting
wild multiplies the rule's pay by its multiplier. A count rule matches when at
least ``min`` positions of the line match its set (naturally or by
substitution, at least one naturally).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from games.canonical import fraction_text, parse_fraction
from games.errors import ModelError

__all__ = [
    "EVALUATIONS",
    "SYMBOL_KINDS",
    "WILDCARD",
    "FreeSpins",
    "LineEvaluator",
    "LineHit",
    "Reel",
    "Rule",
    "Scatter",
    "SlotModel",
    "Symbol",
    "count_table_value",
    "load_model",
    "parse_model",
]

SYMBOL_KINDS = ("regular", "blank", "wild", "scatter")
EVALUATIONS = ("first_match", "highest")
WILDCARD = "*"
MAX_REELS = 9
MAX_ROWS = 9
MAX_CYCLE = 2**62  #: the exact enumerator counts in int64
_TOP_FIELDS = {
    "id",
    "name",
    "version",
    "rows",
    "bet",
    "symbols",
    "groups",
    "paylines",
    "evaluation",
    "rules",
    "line_pays",
    "scatter",
    "reels",
    "free_spins",
    "rtp",
    "description",
}


@dataclass(frozen=True)
class Symbol:
    name: str
    kind: str
    multiplier: int = 1
    substitutes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """One pay rule. ``sets`` holds one set per reel (``None`` = "*") for a
    pattern rule, or the single counted set for a count rule."""

    name: str
    kind: str  # "pattern" | "count"
    pays: int
    sets: tuple[frozenset[str] | None, ...]
    min_count: int = 0
    wild: bool = True
    source: tuple[str, ...] = ()  # the names as written (symbols, groups, "*")


@dataclass(frozen=True)
class Reel:
    strip: tuple[str, ...]
    weights: tuple[int, ...] | None = None

    @property
    def total(self) -> int:
        """Virtual stops: the reel's share of the cycle."""
        return sum(self.weights) if self.weights is not None else len(self.strip)

    def weight(self, stop: int) -> int:
        return 1 if self.weights is None else self.weights[stop]


@dataclass(frozen=True)
class Scatter:
    symbol: str
    pays: tuple[tuple[int, int], ...]  # (count, pays x total bet), ascending


@dataclass(frozen=True)
class FreeSpins:
    trigger: tuple[tuple[int, int], ...]  # (scatter count, spins), ascending
    retrigger: tuple[tuple[int, int], ...]
    multiplier: int
    reels: tuple[Reel, ...]


@dataclass(frozen=True)
class SlotModel:
    """A validated slot model. ``document`` is the normalised model the hash covers."""

    game_id: str
    name: str
    version: int
    rows: int
    min_bet_per_line: int
    max_bet_per_line: int
    symbols: Mapping[str, Symbol]
    groups: Mapping[str, frozenset[str]]
    paylines: tuple[tuple[int, ...], ...]
    evaluation: str
    rules: tuple[Rule, ...]
    scatter: Scatter | None
    reels: tuple[Reel, ...]
    free_spins: FreeSpins | None
    rtp: Fraction | None
    document: Mapping[str, Any] = field(repr=False)
    source: str = "<model>"

    @property
    def reel_count(self) -> int:
        return len(self.reels)

    @property
    def line_count(self) -> int:
        return len(self.paylines)


def count_table_value(table: Sequence[tuple[int, int]], count: int) -> int:
    """The entry with the largest count not above ``count`` (0 if none)."""
    value = 0
    for threshold, amount in table:
        if count >= threshold:
            value = amount
    return value


# --------------------------------------------------------------------------- parsing


class _Checker:
    """Raises ModelError naming the file and the field path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> ModelError:
        return ModelError(f"{self.source}: {path}: {message}")

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"must be an object/table, got {type(value).__name__}")
        return value

    def seq(self, value: Any, path: str, *, nonempty: bool = True) -> Sequence[Any]:
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            raise self.fail(path, f"must be a list, got {type(value).__name__}")
        if nonempty and not value:
            raise self.fail(path, "must not be empty")
        return value

    def integer(self, value: Any, path: str, low: int = 0, high: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be an integer, got {value!r}")
        if value < low or (high is not None and value > high):
            bound = f"in {low} .. {high}" if high is not None else f">= {low}"
            raise self.fail(path, f"must be {bound}, got {value}")
        return value

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"must be a non-empty string, got {value!r}")
        return value

    def known_fields(self, value: Mapping[str, Any], allowed: set[str], path: str) -> None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(
                f"{path}.{unknown[0]}" if path else unknown[0],
                f"unknown field; allowed: {', '.join(sorted(allowed))}",
            )

    def required(self, value: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in value:
            where = f"{path}.{key}" if path else key
            raise self.fail(where, "is missing")
        return value[key]


def load_model(path: str | Path) -> SlotModel:
    """Read and validate a model file (``.json`` or ``.toml``)."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{source}: cannot read the model file: {exc.strerror or exc}") from exc
    return parse_model_bytes(raw, source, toml=path.suffix.lower() == ".toml")


def parse_model_bytes(raw: bytes, source: str, *, toml: bool) -> SlotModel:
    try:
        if toml:
            document: Any = tomllib.loads(raw.decode("utf-8"))
        else:
            document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        kind = "TOML" if toml else "JSON"
        raise ModelError(f"{source}: not valid {kind}: {exc}") from exc
    return parse_model(document, source)


def _count_table(c: _Checker, value: Any, path: str, high: int) -> tuple[tuple[int, int], ...]:
    table = c.mapping(value, path)
    if not table:
        raise c.fail(path, "must not be empty")
    out: list[tuple[int, int]] = []
    for key, amount in table.items():
        try:
            count = int(key)
        except (TypeError, ValueError):
            raise c.fail(f"{path}.{key}", 'keys must be counts like "3"') from None
        if not 1 <= count <= high:
            raise c.fail(f"{path}.{key}", f"count must be in 1 .. {high}")
        out.append((count, c.integer(amount, f"{path}.{key}", 1)))
    return tuple(sorted(out))


def _parse_reels(
    c: _Checker, value: Any, path: str, symbols: Mapping[str, Symbol], rows: int
) -> tuple[Reel, ...]:
    reels_raw = c.seq(value, path)
    if len(reels_raw) > MAX_REELS:
        raise c.fail(path, f"at most {MAX_REELS} reels, got {len(reels_raw)}")
    reels: list[Reel] = []
    for i, item in enumerate(reels_raw):
        where = f"{path}[{i}]"
        weights: tuple[int, ...] | None = None
        if isinstance(item, Mapping):
            c.known_fields(item, {"strip", "weights"}, where)
            strip_raw = c.seq(c.required(item, "strip", where), f"{where}.strip")
            strip_path = f"{where}.strip"
            if "weights" in item:
                weights_raw = c.seq(item["weights"], f"{where}.weights")
                if len(weights_raw) != len(strip_raw):
                    raise c.fail(
                        f"{where}.weights",
                        f"has {len(weights_raw)} entries but the strip has {len(strip_raw)}",
                    )
                weights = tuple(
                    c.integer(w, f"{where}.weights[{j}]", 1) for j, w in enumerate(weights_raw)
                )
        else:
            strip_raw = c.seq(item, where)
            strip_path = where
        strip: list[str] = []
        for j, name in enumerate(strip_raw):
            if not isinstance(name, str) or name not in symbols:
                raise c.fail(
                    f"{strip_path}[{j}]",
                    f"unknown symbol {name!r}; symbols are {', '.join(sorted(symbols))}",
                )
            strip.append(name)
        if len(strip) < rows:
            raise c.fail(strip_path, f"has {len(strip)} stops, fewer than the {rows} rows shown")
        reels.append(Reel(tuple(strip), weights))
    return tuple(reels)


def _names_set(
    c: _Checker,
    name: Any,
    path: str,
    symbols: Mapping[str, Symbol],
    groups: Mapping[str, frozenset[str]],
) -> frozenset[str]:
    if isinstance(name, str) and name in symbols:
        return frozenset((name,))
    if isinstance(name, str) and name in groups:
        return groups[name]
    known = ", ".join(sorted(symbols) + sorted(groups))
    raise c.fail(path, f"unknown symbol or group {name!r}; known: {known}")


def parse_model(document: Any, source: str = "<model>") -> SlotModel:
    """Validate a parsed model document; raise ModelError naming the field at fault."""
    c = _Checker(source)
    doc = c.mapping(document, "$")
    c.known_fields(doc, _TOP_FIELDS, "")
    game_id = c.text(c.required(doc, "id", ""), "id")
    if not game_id.startswith("slots-"):
        raise c.fail("id", f"slot game ids start with 'slots-', got {game_id!r}")
    name = c.text(c.required(doc, "name", ""), "name")
    version = c.integer(c.required(doc, "version", ""), "version", 1)
    rows = c.integer(c.required(doc, "rows", ""), "rows", 1, MAX_ROWS)

    bet = c.mapping(c.required(doc, "bet", ""), "bet")
    c.known_fields(bet, {"min_per_line", "max_per_line"}, "bet")
    min_bet = c.integer(c.required(bet, "min_per_line", "bet"), "bet.min_per_line", 1)
    max_bet = c.integer(c.required(bet, "max_per_line", "bet"), "bet.max_per_line", min_bet, 2**40)

    # symbols
    symbols_raw = c.mapping(c.required(doc, "symbols", ""), "symbols")
    if not symbols_raw:
        raise c.fail("symbols", "must not be empty")
    kinds: dict[str, str] = {}
    for sym, spec in symbols_raw.items():
        where = f"symbols.{sym}"
        if not sym or sym == WILDCARD or any(ch.isspace() for ch in sym):
            raise c.fail(where, "symbol names are non-empty, without spaces, and not '*'")
        spec_map = c.mapping(spec, where)
        c.known_fields(spec_map, {"kind", "multiplier", "substitutes"}, where)
        kind = spec_map.get("kind", "regular")
        if kind not in SYMBOL_KINDS:
            raise c.fail(f"{where}.kind", f"must be one of {', '.join(SYMBOL_KINDS)}, got {kind!r}")
        if kind != "wild" and ("multiplier" in spec_map or "substitutes" in spec_map):
            raise c.fail(where, "only wild symbols take a multiplier or substitutes")
        kinds[sym] = kind
    regular = frozenset(s for s, k in kinds.items() if k == "regular")
    symbols: dict[str, Symbol] = {}
    for sym, spec in symbols_raw.items():
        kind = kinds[sym]
        if kind != "wild":
            symbols[sym] = Symbol(sym, kind)
            continue
        where = f"symbols.{sym}"
        multiplier = c.integer(spec.get("multiplier", 1), f"{where}.multiplier", 1, 1000)
        if "substitutes" in spec:
            subs_raw = c.seq(spec["substitutes"], f"{where}.substitutes")
            for j, target in enumerate(subs_raw):
                if target not in regular:
                    raise c.fail(
                        f"{where}.substitutes[{j}]",
                        f"{target!r} is not a regular symbol; a wild substitutes only for "
                        "regular symbols",
                    )
            subs = frozenset(subs_raw)
        else:
            subs = regular
        symbols[sym] = Symbol(sym, kind, multiplier, subs)

    # groups
    groups: dict[str, frozenset[str]] = {}
    for group, members in c.mapping(doc.get("groups", {}), "groups").items():
        where = f"groups.{group}"
        if group in symbols or group == WILDCARD:
            raise c.fail(where, "a group name must differ from every symbol name and '*'")
        items = c.seq(members, where)
        for j, member in enumerate(items):
            if member not in symbols:
                raise c.fail(f"{where}[{j}]", f"unknown symbol {member!r}")
        groups[group] = frozenset(items)

    # reels
    reels = _parse_reels(c, c.required(doc, "reels", ""), "reels", symbols, rows)
    n_reels = len(reels)

    # paylines
    paylines_raw = c.seq(c.required(doc, "paylines", ""), "paylines")
    paylines: list[tuple[int, ...]] = []
    for li, line in enumerate(paylines_raw):
        where = f"paylines[{li}]"
        cells = c.seq(line, where)
        if len(cells) != n_reels:
            raise c.fail(where, f"has {len(cells)} positions but the machine has {n_reels} reels")
        row_list: list[int] = []
        for i, row in enumerate(cells):
            if isinstance(row, bool) or not isinstance(row, int) or not 0 <= row < rows:
                raise c.fail(
                    f"{where}[{i}]",
                    f"row {row!r} is outside the window (rows 0 .. {rows - 1})",
                )
            row_list.append(row)
        if tuple(row_list) in paylines:
            raise c.fail(where, f"duplicates payline {paylines.index(tuple(row_list))}")
        paylines.append(tuple(row_list))

    # pay rules
    if "rules" not in doc and "line_pays" not in doc:
        raise c.fail("rules", "is missing: a model needs a paytable (rules or line_pays)")
    evaluation = doc.get("evaluation", "first_match" if "rules" in doc else "highest")
    if evaluation not in EVALUATIONS:
        raise c.fail("evaluation", f"must be one of {', '.join(EVALUATIONS)}, got {evaluation!r}")
    rules: list[Rule] = []
    names: set[str] = set()
    rules_raw = c.seq(doc["rules"], "rules") if "rules" in doc else []
    for ri, rule_raw in enumerate(rules_raw):
        where = f"rules[{ri}]"
        spec = c.mapping(rule_raw, where)
        c.known_fields(spec, {"name", "pattern", "count", "min", "pays", "wild"}, where)
        rule_name = c.text(c.required(spec, "name", where), f"{where}.name")
        pays = c.integer(c.required(spec, "pays", where), f"{where}.pays", 1)
        wild = spec.get("wild", True)
        if not isinstance(wild, bool):
            raise c.fail(f"{where}.wild", f"must be true or false, got {wild!r}")
        if ("pattern" in spec) == ("count" in spec):
            raise c.fail(where, "give exactly one of pattern or count")
        if "pattern" in spec:
            if "min" in spec:
                raise c.fail(f"{where}.min", "only count rules take min")
            pattern = c.seq(spec["pattern"], f"{where}.pattern")
            if len(pattern) != n_reels:
                raise c.fail(
                    f"{where}.pattern",
                    f"has {len(pattern)} positions but the machine has {n_reels} reels",
                )
            sets: list[frozenset[str] | None] = []
            for i, item in enumerate(pattern):
                if item == WILDCARD:
                    sets.append(None)
                else:
                    sets.append(_names_set(c, item, f"{where}.pattern[{i}]", symbols, groups))
            if all(s is None for s in sets):
                raise c.fail(f"{where}.pattern", "needs at least one position other than '*'")
            rule = Rule(rule_name, "pattern", pays, tuple(sets), 0, wild, tuple(pattern))
        else:
            counted = _names_set(c, spec["count"], f"{where}.count", symbols, groups)
            min_count = c.integer(c.required(spec, "min", where), f"{where}.min", 1, n_reels)
            rule = Rule(rule_name, "count", pays, (counted,), min_count, wild, (spec["count"],))
        if rule_name in names:
            raise c.fail(f"{where}.name", f"duplicate rule name {rule_name!r}")
        names.add(rule_name)
        rules.append(rule)
    if "line_pays" in doc:
        table = c.mapping(doc["line_pays"], "line_pays")
        if not table:
            raise c.fail("line_pays", "must not be empty")
        for sym, pays_raw in table.items():
            where = f"line_pays.{sym}"
            if sym not in symbols or symbols[sym].kind in ("scatter", "blank"):
                raise c.fail(where, f"{sym!r} is not a regular or wild symbol of the model")
            for count, pays in _count_table(c, pays_raw, where, n_reels):
                pattern_names = (sym,) * count + (WILDCARD,) * (n_reels - count)
                sets_lr: tuple[frozenset[str] | None, ...] = tuple(
                    frozenset((sym,)) if i < count else None for i in range(n_reels)
                )
                rule_name = f"{sym} x{count}"
                if rule_name in names:
                    raise c.fail(where, f"duplicate rule name {rule_name!r}")
                names.add(rule_name)
                rules.append(Rule(rule_name, "pattern", pays, sets_lr, 0, True, pattern_names))

    # scatter
    scatter: Scatter | None = None
    if "scatter" in doc:
        sc = c.mapping(doc["scatter"], "scatter")
        c.known_fields(sc, {"symbol", "pays"}, "scatter")
        sym = c.required(sc, "symbol", "scatter")
        if sym not in symbols or symbols[sym].kind != "scatter":
            raise c.fail("scatter.symbol", f"{sym!r} is not a symbol of kind 'scatter'")
        pays_table = (
            _count_table(c, sc["pays"], "scatter.pays", n_reels * rows) if "pays" in sc else ()
        )
        scatter = Scatter(sym, pays_table)

    # free spins
    free_spins: FreeSpins | None = None
    if "free_spins" in doc:
        fs = c.mapping(doc["free_spins"], "free_spins")
        c.known_fields(fs, {"trigger", "retrigger", "multiplier", "reels"}, "free_spins")
        if scatter is None:
            raise c.fail("free_spins", "needs a scatter symbol to trigger it (add 'scatter')")
        trigger = _count_table(
            c, c.required(fs, "trigger", "free_spins"), "free_spins.trigger", n_reels * rows
        )
        retrigger = (
            _count_table(c, fs["retrigger"], "free_spins.retrigger", n_reels * rows)
            if "retrigger" in fs
            else ()
        )
        multiplier = c.integer(fs.get("multiplier", 1), "free_spins.multiplier", 1, 1000)
        fs_reels = (
            _parse_reels(c, fs["reels"], "free_spins.reels", symbols, rows)
            if "reels" in fs
            else reels
        )
        if len(fs_reels) != n_reels:
            raise c.fail(
                "free_spins.reels", f"has {len(fs_reels)} reels but the machine has {n_reels}"
            )
        free_spins = FreeSpins(trigger, retrigger, multiplier, fs_reels)
        mean_retrigger = _mean_count_value(fs_reels, rows, scatter.symbol, retrigger)
        if mean_retrigger >= 1:
            raise c.fail(
                "free_spins.retrigger",
                f"expected retriggered spins per free spin is {float(mean_retrigger):.4f}; "
                "it must be below 1 or the feature never ends",
            )

    feature_reels = free_spins.reels if free_spins is not None else ()
    for set_name, reel_set in (("reels", reels), ("free_spins.reels", feature_reels)):
        cycle = 1
        for reel in reel_set:
            cycle *= reel.total
        if cycle > MAX_CYCLE:
            raise c.fail(set_name, f"cycle {cycle} exceeds 2**62")

    rtp: Fraction | None = None
    if "rtp" in doc:
        try:
            rtp = parse_fraction(doc["rtp"])
        except (TypeError, ValueError):
            raise c.fail("rtp", f"must be a fraction string 'n/d', got {doc['rtp']!r}") from None

    model = SlotModel(
        game_id=game_id,
        name=name,
        version=version,
        rows=rows,
        min_bet_per_line=min_bet,
        max_bet_per_line=max_bet,
        symbols=symbols,
        groups=groups,
        paylines=tuple(paylines),
        evaluation=evaluation,
        rules=tuple(rules),
        scatter=scatter,
        reels=reels,
        free_spins=free_spins,
        rtp=rtp,
        document={},
        source=source,
    )
    object.__setattr__(model, "document", normalised_document(model))
    return model


def _mean_count_value(
    reels: Sequence[Reel], rows: int, symbol: str, table: Sequence[tuple[int, int]]
) -> Fraction:
    """E[table(scatter count)] for one spin of ``reels``, by exact convolution."""
    if not table:
        return Fraction(0)
    dist = {0: 1}
    total = 1
    for reel in reels:
        per_reel: dict[int, int] = {}
        length = len(reel.strip)
        for stop in range(length):
            k = sum(reel.strip[(stop + r) % length] == symbol for r in range(rows))
            per_reel[k] = per_reel.get(k, 0) + reel.weight(stop)
        new: dict[int, int] = {}
        for a, ca in dist.items():
            for b, cb in per_reel.items():
                new[a + b] = new.get(a + b, 0) + ca * cb
        dist = new
        total *= reel.total
    return Fraction(sum(count_table_value(table, k) * n for k, n in dist.items()), total)


def _reels_document(reels: Sequence[Reel]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for reel in reels:
        item: dict[str, Any] = {"strip": list(reel.strip)}
        if reel.weights is not None:
            item["weights"] = list(reel.weights)
        out.append(item)
    return out


def normalised_document(model: SlotModel) -> dict[str, Any]:
    """The model in one canonical shape (JSON and TOML files of the same machine agree;
    ``line_pays`` appear expanded into rules). ``canonical_hash`` of this is the model hash."""
    symbols: dict[str, Any] = {}
    for sym in model.symbols.values():
        entry: dict[str, Any] = {"kind": sym.kind}
        if sym.kind == "wild":
            entry["multiplier"] = sym.multiplier
            entry["substitutes"] = sorted(sym.substitutes)
        symbols[sym.name] = entry
    rules: list[dict[str, Any]] = []
    for rule in model.rules:
        item: dict[str, Any] = {"name": rule.name, "pays": rule.pays, "wild": rule.wild}
        if rule.kind == "pattern":
            item["pattern"] = list(rule.source)
        else:
            item["count"] = rule.source[0]
            item["min"] = rule.min_count
        rules.append(item)
    doc: dict[str, Any] = {
        "id": model.game_id,
        "name": model.name,
        "version": model.version,
        "rows": model.rows,
        "bet": {"min_per_line": model.min_bet_per_line, "max_per_line": model.max_bet_per_line},
        "symbols": symbols,
        "groups": {g: sorted(m) for g, m in model.groups.items()},
        "paylines": [list(line) for line in model.paylines],
        "evaluation": model.evaluation,
        "rules": rules,
        "reels": _reels_document(model.reels),
    }
    if model.scatter is not None:
        doc["scatter"] = {
            "symbol": model.scatter.symbol,
            "pays": {str(k): v for k, v in model.scatter.pays},
        }
    if model.free_spins is not None:
        fs = model.free_spins
        doc["free_spins"] = {
            "trigger": {str(k): v for k, v in fs.trigger},
            "retrigger": {str(k): v for k, v in fs.retrigger},
            "multiplier": fs.multiplier,
            "reels": _reels_document(fs.reels),
        }
    if model.rtp is not None:
        doc["rtp"] = fraction_text(model.rtp)
    return doc


# ------------------------------------------------------------------------ evaluation


@dataclass(frozen=True)
class LineHit:
    """The rule a line pays: its index in ``model.rules``, pays and wild multiplier."""

    rule: int
    pays: int
    multiplier: int

    @property
    def value(self) -> int:
        return self.pays * self.multiplier


class LineEvaluator:
    """Evaluates the symbols on one line against the model's rules (pure Python).

    This is the rule the round uses; the PAR sheet's vectorised tables are an
    independent implementation checked against it.
    """

    CACHE_LIMIT = 1 << 18

    def __init__(self, model: SlotModel) -> None:
        self.model = model
        self.first_match = model.evaluation == "first_match"
        wilds = [s for s in model.symbols.values() if s.kind == "wild"]
        # per rule, per position: (natural set or None, {wild: multiplier})
        self._compiled: list[tuple[Rule, list[tuple[frozenset[str] | None, dict[str, int]]]]] = []
        for rule in model.rules:
            positions: list[tuple[frozenset[str] | None, dict[str, int]]] = []
            for item in rule.sets:
                subs: dict[str, int] = {}
                if item is not None and rule.wild:
                    for w in wilds:
                        if w.name not in item and w.substitutes & item:
                            subs[w.name] = w.multiplier
                positions.append((item, subs))
            self._compiled.append((rule, positions))
        # A pattern rule fails fast on its first named position: index the rules by
        # the symbols at those positions so a line checks only the rules it can match.
        self._first: list[int | None] = [
            next(i for i, item in enumerate(rule.sets) if item is not None)
            if rule.kind == "pattern"
            else None
            for rule in model.rules
        ]
        self._probe = tuple(sorted({p for p in self._first if p is not None}))
        self._candidates: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._cache: dict[tuple[str, ...], LineHit | None] = {}

    def _rules_for(self, line: tuple[str, ...]) -> tuple[int, ...]:
        probe = tuple(line[p] for p in self._probe)
        found = self._candidates.get(probe)
        if found is None:
            keep: list[int] = []
            for index, (_, positions) in enumerate(self._compiled):
                p = self._first[index]
                if p is not None:
                    naturals, subs = positions[p]
                    assert naturals is not None
                    if line[p] not in naturals and line[p] not in subs:
                        continue
                keep.append(index)
            found = self._candidates[probe] = tuple(keep)
        return found

    def _multiplier(
        self,
        rule: Rule,
        positions: list[tuple[frozenset[str] | None, dict[str, int]]],
        line: Sequence[str],
    ) -> int:
        """The wild multiplier if ``rule`` matches ``line``, else 0."""
        mult = 1
        natural = False
        if rule.kind == "pattern":
            for i, (naturals, subs) in enumerate(positions):
                if naturals is None:
                    continue
                sym = line[i]
                if sym in naturals:
                    natural = True
                elif sym in subs:
                    mult *= subs[sym]
                else:
                    return 0
            return mult if natural else 0
        naturals, subs = positions[0]
        assert naturals is not None
        counted = 0
        for sym in line:
            if sym in naturals:
                counted += 1
                natural = True
            elif sym in subs:
                counted += 1
                mult *= subs[sym]
        return mult if natural and counted >= rule.min_count else 0

    def evaluate(self, line: Sequence[str]) -> LineHit | None:
        """The paying rule for these symbols, or None when the line pays nothing."""
        key = tuple(line)
        try:
            return self._cache[key]
        except KeyError:
            pass
        best: LineHit | None = None
        for index in self._rules_for(key):
            rule, positions = self._compiled[index]
            mult = self._multiplier(rule, positions, key)
            if not mult:
                continue
            if self.first_match:
                best = LineHit(index, rule.pays, mult)
                break
            if best is None or rule.pays * mult > best.value:
                best = LineHit(index, rule.pays, mult)
        if len(self._cache) < self.CACHE_LIMIT:
            self._cache[key] = best
        return best
