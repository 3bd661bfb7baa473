"""evaluation: gold-data readers and scorers behind `flashpoint eval` and `make eval`.

`evaluate(name, path)` returns plain dicts of metrics; `render_markdown` writes docs/EVALUATION.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..errors import EvaluationError
from ..nlp.model import model_name

# name -> (module, function, path inside the shared data folder, what it measures)
DATASETS: dict[str, tuple[str, str, str, str]] = {
    "seed": (
        "seed",
        "evaluate_seed",
        "seed/seed-article.txt",
        "Hand-written expectations for the seed article",
    ),
    "conflibert-quad": (
        "conflibert",
        "evaluate_quad",
        "conflibert_cameo/quad_train.tsv",
        "CAMEO quad class of news sentences (ConfliBERT train split; rules, no training)",
    ),
    "conflibert-roles": (
        "conflibert",
        "evaluate_roles",
        "conflibert_cameo/roles_train.bio",
        "Source (S) and target (T) actor spans (ConfliBERT train split)",
    ),
    "timebank": (
        "timebank",
        "evaluate_timebank",
        "timebank",
        "TIMEX3 DATE extents and values (TimeBank 1.2)",
    ),
    "lgl": ("lgl", "evaluate_lgl", "geo_lgl/lgl.xml", "Toponym recall and resolution (LGL)"),
}


def _runner(name: str) -> Callable[..., dict]:
    module_name, function, _, _ = DATASETS[name]
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ImportError as exc:
        raise EvaluationError(f"evaluation {name!r} is not available: {exc}") from exc
    return getattr(module, function)


def evaluate(name: str, path: Path, *, model: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run one evaluation (or `all` over a shared data folder); returns {name: result, "_meta": ...}."""
    names = list(DATASETS) if name == "all" else [name]
    results: dict[str, Any] = {
        "_meta": {
            "date": dt.date.today().isoformat(),
            "model": model_name(model),
            "python": platform.python_version(),
        }
    }
    for current in names:
        target = path / DATASETS[current][2] if name == "all" else path
        if not target.exists():
            results[current] = {"skipped": f"{target} not found"}
            continue
        run = _runner(current)
        accepted = inspect.signature(run).parameters
        kwargs: dict[str, Any] = {}
        if "model" in accepted:
            kwargs["model"] = model
        if limit is not None and "limit" in accepted:
            kwargs["limit"] = limit
        started = time.perf_counter()
        result = run(target, **kwargs)
        result["_seconds"] = round(time.perf_counter() - started, 1)
        result["_path"] = str(target)
        results[current] = result
    return results


def _headline(name: str, result: dict[str, Any]) -> list[tuple[str, str]]:
    """(metric, value) rows that summarise one result."""
    if "skipped" in result:
        return [("skipped", result["skipped"])]
    if name == "seed":
        return [(f"{section} met", f"{v['met']}/{v['total']}") for section, v in result["summary"].items()]
    if name == "conflibert-quad":
        rows = [
            ("macro-F1 (5 classes)", f"{result['macro_f1']:.3f}"),
            ("accuracy", f"{result['accuracy']:.3f}"),
        ]
        rows += [(f"F1 class {k}", f"{v['f1']:.3f}") for k, v in result["per_class"].items()]
        return rows
    if name == "conflibert-roles":
        return [
            (
                f"{role} {kind}-level F1 (P/R)",
                f"{result[f'{role}_{kind}']['f1']:.3f} "
                f"({result[f'{role}_{kind}']['p']:.3f}/{result[f'{role}_{kind}']['r']:.3f})",
            )
            for role in ("S", "T")
            for kind in ("span", "tok")
        ]
    rows = []
    for key, value in result.items():
        if key.startswith("_"):
            continue
        if isinstance(value, float):
            rows.append((key, f"{value:.3f}"))
        elif isinstance(value, int):
            rows.append((key, str(value)))
        elif isinstance(value, dict) and "f1" in value:
            rows.append((f"{key} F1 (P/R)", f"{value['f1']:.3f} ({value['p']:.3f}/{value['r']:.3f})"))
    return rows


def render_terminal(results: dict[str, Any], console: Console) -> None:
    for name, result in results.items():
        if name.startswith("_"):
            continue
        table = Table(title=f"{name}: {DATASETS[name][3]}")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for metric, value in _headline(name, result):
            table.add_row(metric, value)
        console.print(table)
        if name == "seed" and "checks" in result:
            for section, checks in result["checks"].items():
                for check in checks:
                    mark = "[green]met[/]" if check["met"] else "[red]not met[/]"
                    console.print(
                        f"  {section}: {check['name']}: {mark}  {check['detail']}",
                        highlight=False,
                        soft_wrap=True,
                    )


def render_markdown(results: dict[str, Any]) -> str:
    meta = results["_meta"]
    lines = [
        "# Evaluation",
        "",
        "Written by `make eval` (`flashpoint eval all ../shared/data --write-docs docs/EVALUATION.md`);"
        " do not edit by hand. Every number is measured on the data set named, on the date given, with the"
        " model named.",
        "",
        f"Date: {meta['date']} · model: `{meta['model']}` · Python {meta['python']}",
        "",
        "| data set | metric | number | date |",
        "|---|---|---|---|",
    ]
    for name, result in results.items():
        if name.startswith("_"):
            continue
        for metric, value in _headline(name, result):
            lines.append(f"| {name} | {metric} | {value} | {meta['date']} |")
    for name, result in results.items():
        if name.startswith("_") or "skipped" in result:
            continue
        lines += [
            "",
            f"## {name}",
            "",
            DATASETS[name][3] + f" — `{result.get('_path')}`, {result.get('_seconds')} s.",
            "",
        ]
        if name == "seed":
            for section, checks in result["checks"].items():
                tally = result["summary"][section]
                lines.append(f"**{section}** ({tally['met']}/{tally['total']})")
                lines.append("")
                for check in checks:
                    optional = "" if check.get("required", True) else " (optional)"
                    verdict = "met" if check["met"] else "NOT met"
                    lines.append(f"- {verdict}{optional}: {check['name']} — {check['detail']}")
                lines.append("")
        if name == "conflibert-quad":
            labels = result["confusion"]["labels"]
            lines += [
                "Confusion matrix (rows: gold class, columns: predicted; no event coded = class 0):",
                "",
                "| gold \\ predicted | " + " | ".join(map(str, labels)) + " |",
                "|---|" + "---|" * len(labels),
            ]
            for label, row in zip(labels, result["confusion"]["matrix"], strict=True):
                lines.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
    return "\n".join(lines) + "\n"


__all__ = ["DATASETS", "evaluate", "render_markdown", "render_terminal"]
