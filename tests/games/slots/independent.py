"""An independent, plain-Python reading of slot model documents, for the tests.

Written from the model format's description, not from games.slots: it walks
every combination of stops, builds the window itself, pays lines
left-to-right (``line_pays``) or by the first matching rule (``rules``) with its
own matcher, and returns exact counts.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any


def _strip_and_weights(reel: Any) -> tuple[list[str], list[int]]:
    if isinstance(reel, Mapping):
        strip = list(reel["strip"])
        return strip, list(reel.get("weights", [1] * len(strip)))
    return list(reel), [1] * len(reel)


def _by_count(table: Mapping[str, int], count: int) -> int:
    best_key, value = -1, 0
    for key, amount in table.items():
        if best_key < int(key) <= count:
            best_key, value = int(key), amount
    return value


class Reader:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        symbols = doc["symbols"]
        self.kind = {name: spec.get("kind", "regular") for name, spec in symbols.items()}
        regular = {n for n, k in self.kind.items() if k == "regular"}
        self.wild_mult = {
            n: spec.get("multiplier", 1) for n, spec in symbols.items() if self.kind[n] == "wild"
        }
        self.wild_subs = {n: set(symbols[n].get("substitutes", regular)) for n in self.wild_mult}
        self.groups = {g: set(m) for g, m in doc.get("groups", {}).items()}
        self._memo: dict[tuple[str, ...], int] = {}

    def expand(self, name: str) -> set[str]:
        return self.groups.get(name, {name})

    def wild_for(self, sym: str, targets: set[str]) -> int:
        """The wild's multiplier if ``sym`` is a wild standing in for ``targets``, else 0."""
        if sym in self.wild_mult and sym not in targets and self.wild_subs[sym] & targets:
            return int(self.wild_mult[sym])
        return 0

    def line_pay(self, line: Sequence[str]) -> int:
        key = tuple(line)
        if key not in self._memo:
            if "line_pays" in self.doc:
                self._memo[key] = self._left_to_right(line)
            else:
                self._memo[key] = self._first_rule(line)
        return self._memo[key]

    def _left_to_right(self, line: Sequence[str]) -> int:
        best = 0
        for sym, table in self.doc["line_pays"].items():
            mult = 1
            natural = False
            for k, cell in enumerate(line, start=1):
                if cell == sym:
                    natural = True
                elif (w := self.wild_for(cell, {sym})) > 0:
                    mult *= w
                else:
                    break
                if natural and str(k) in table:
                    best = max(best, table[str(k)] * mult)
        return best

    def _first_rule(self, line: Sequence[str]) -> int:
        for rule in self.doc["rules"]:
            allow_wild = rule.get("wild", True)
            mult = 1
            natural = False
            if "pattern" in rule:
                ok = True
                for cell, want in zip(line, rule["pattern"], strict=True):
                    if want == "*":
                        continue
                    targets = self.expand(want)
                    if cell in targets:
                        natural = True
                    elif allow_wild and (w := self.wild_for(cell, targets)):
                        mult *= w
                    else:
                        ok = False
                        break
                if ok and natural:
                    return int(rule["pays"]) * mult
            else:
                targets = self.expand(rule["count"])
                count = 0
                for cell in line:
                    if cell in targets:
                        count += 1
                        natural = True
                    elif allow_wild and (w := self.wild_for(cell, targets)):
                        count += 1
                        mult *= w
                if natural and count >= rule["min"]:
                    return int(rule["pays"]) * mult
        return 0

    def spin_table(self, reels: Sequence[Any]) -> tuple[int, dict[tuple[int, int], int]]:
        """(cycle, {(award credits, scatter count): count}) over every stop combination."""
        rows = self.doc["rows"]
        lines = self.doc["paylines"]
        scatter = self.doc.get("scatter")
        parsed = [_strip_and_weights(r) for r in reels]
        cycle = 1
        for _, weights in parsed:
            cycle *= sum(weights)
        out: dict[tuple[int, int], int] = {}
        for stops in itertools.product(*(range(len(s)) for s, _ in parsed)):
            weight = 1
            columns = []
            for (strip, weights), stop in zip(parsed, stops, strict=True):
                weight *= weights[stop]
                columns.append([strip[(stop + r) % len(strip)] for r in range(rows)])
            award = sum(
                self.line_pay([columns[i][row] for i, row in enumerate(line)]) for line in lines
            )
            k = 0
            if scatter is not None:
                k = sum(col.count(scatter["symbol"]) for col in columns)
                award += _by_count(scatter.get("pays", {}), k) * len(lines)
            out[(award, k)] = out.get((award, k), 0) + weight
        return cycle, out


def base_rtp(doc: Mapping[str, Any]) -> Fraction:
    reader = Reader(doc)
    cycle, table = reader.spin_table(doc["reels"])
    total = sum(a * n for (a, _), n in table.items())
    return Fraction(total, cycle * len(doc["paylines"]))


def by_count(table: Mapping[str, int], count: int) -> int:
    return _by_count(table, count)
