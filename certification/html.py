"""report.html: the lab report for people, rendered from the report document alone.

A jinja2 template (``templates/report.html.j2``, package data) with inline CSS
and the figures of :mod:`certification.plots` as PNG data URIs: the page loads
nothing from anywhere. It embeds SHA-256(report.json) in a meta tag and, with
the report id, the overall verdict and every test's verdict, in a JSON block
that :func:`certification.report.verify_report` compares with report.json.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from certification.plots import figures

__all__ = ["render_html"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("certification", "templates"),
    autoescape=True,
    keep_trailing_newline=True,
)

_STATUS_CLASS = {"pass": "pass", "flagged": "flagged", "fail": "fail", "not run": "notrun"}


def _number(value: Any, digits: int = 6) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value != 0 and (abs(value) < 10**-digits or abs(value) >= 1e7):
            return f"{value:.3e}"
        return f"{value:.{digits}f}"
    return str(value)


def _tests_table(tests: Sequence[Mapping[str, Any]]) -> Markup:
    if not tests:
        return Markup("<p>No tests in this section.</p>")
    rows = [
        "<table><tr><th>Id</th><th>Test</th><th>n</th><th>Statistic</th><th>Distribution</th>"
        "<th>P-value</th><th>Verdict</th></tr>"
    ]
    for test in tests:
        status = str(test["verdict"])
        note = f" — {test['reason']}" if test.get("reason") else ""
        rows.append(
            Markup(
                "<tr><td class='mono'>{}</td><td>{}</td><td class='num'>{}</td>"
                "<td class='num'>{}</td><td>{}</td><td class='num'>{}</td>"
                "<td class='{}'>{}{}</td></tr>"
            ).format(
                test["id"],
                test["name"],
                f"{test['n']:,}",
                _number(test.get("statistic"), 4),
                test.get("distribution", ""),
                _number(test.get("pvalue")),
                _STATUS_CLASS.get(status, ""),
                status,
                note,
            )
        )
    rows.append("</table>")
    return Markup("".join(str(r) for r in rows))


def render_html(report: Mapping[str, Any], sha256: str) -> str:
    """The HTML page of ``report`` (the parsed report.json), bound to its SHA-256."""
    from certification.report import verdicts_by_test

    binding = json.dumps(
        {
            "report_sha256": sha256,
            "report_id": report["identification"]["report_id"],
            "verdict": report["verdict"]["overall"],
            "tests": verdicts_by_test(report),
        },
        sort_keys=True,
    ).replace("</", "<\\/")
    template = _ENV.get_template("report.html.j2")
    return template.render(
        sha256=sha256,
        ident=report["identification"],
        scope=report["scope"],
        rng=report["rng_description"],
        raw=report["raw_output"],
        final=report["final_outcomes"],
        gmath=report["game_math"],
        verdict=report["verdict"],
        repro=report["reproduction"],
        samples=report["samples"],
        signature=report["signature"],
        figures=figures(report),
        tests_table=_tests_table,
        binding=Markup(binding),
    )
