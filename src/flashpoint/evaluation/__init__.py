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

from ..errors import ConfigError, EvaluationError
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
        "CAMEO quad class of news sentences (ConfliBERT train split; event ranker 5-fold cross-validated)",
    ),
    "conflibert-quad-rules": (
        "conflibert",
        "evaluate_quad_rules",
        "conflibert_cameo/quad_train.tsv",
        "CAMEO quad class of news sentences (ConfliBERT train split; rules only, no training)",
    ),
    "conflibert-roles": (
        "conflibert",
        "evaluate_roles",
        "conflibert_cameo/roles_train.bio",
        "Source (S) and target (T) actor spans (ConfliBERT train split)",
    ),
    "conflibert-roles-tagger": (
        "conflibert",
        "evaluate_roles_tagged",
        "conflibert_cameo/roles_train.bio",
        "The same, accurate profile (--profile accurate): the MiniLM role tagger (events.tagger) and the "
        "chooser that reads it, both trained outside each fold (the ten fold taggers, five folds by two "
        "seeds, take about 50 minutes to train the first time, then come from ~/.cache/flashpoint)",
    ),
    "timebank": (
        "timebank",
        "evaluate_timebank",
        "timebank",
        "TIMEX3 DATE extents and values (TimeBank 1.2)",
    ),
    "india-police": (
        "india_police",
        "evaluate_india_police",
        "india_police_events",
        "Did police kill (KILL) / arrest (ARREST) someone, per sentence (IndiaPoliceEvents)",
    ),
    "lgl": ("lgl", "evaluate_lgl", "geo_lgl/lgl.xml", "Toponym recall and resolution (LGL)"),
    "html": (
        "html",
        "evaluate_html",
        "html_articles",
        "HTML ingestion: article body text (shingle F1, as the benchmark scores it) and publication dates",
    ),
    "corrections": (
        "corrections",
        "evaluate_corrections",
        "corrections.duckdb",
        "Analysts' corrections from the dashboard as gold (confirmed, corrected, rejected events)",
    ),
    "ecbplus": (
        "ecbplus",
        "evaluate_ecbplus",
        "ecbplus_dev",
        "Incidents: ECB+ topics 1-35 documents clustered by the incident mechanism (B-cubed, pairwise)",
    ),
    "early-warning": (
        "early_warning",
        "evaluate_early_warning",
        "polnear",
        "Escalation alerts on streams built from coded PolNeAR events with planted escalations",
    ),
    "polnear": (
        "polnear",
        "evaluate_polnear",
        "polnear/dev",
        "Attribution cue, source and content spans, exact and overlap (PolNeAR dev; cue rates from train)",
    ),
    "polnear-agreement": (
        "polnear",
        "evaluate_agreement",
        "polnear",
        "PolNeAR annotators scored against each other (same scorer, articles with several annotators): "
        "the ceiling of the polnear scores",
    ),
    # Shipped with the package (an absolute path: the shared data folder is not needed).
    "modality": (
        "modality",
        "evaluate_modality",
        str(Path(__file__).resolve().parents[1] / "data" / "evaluation" / "modality_sentences.tsv"),
        "Event modality on Flashpoint's own test set (data/evaluation/modality_sentences.tsv)",
    ),
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
        try:
            result = run(target, **kwargs)
        except ConfigError as exc:  # an optional profile that is not installed
            results[current] = {"skipped": str(exc)}
            continue
        result["_seconds"] = round(time.perf_counter() - started, 1)
        result["_path"] = str(target)
        results[current] = result
    return results


def _prf(scores: dict[str, float]) -> str:
    return f"{scores['f1']:.3f} ({scores['p']:.3f}/{scores['r']:.3f})"


def _headline(name: str, result: dict[str, Any]) -> list[tuple[str, str]]:
    """(metric, value) rows that summarise one result."""
    if "skipped" in result:
        return [("skipped", result["skipped"])]
    if name == "seed":
        return [(f"{section} met", f"{v['met']}/{v['total']}") for section, v in result["summary"].items()]
    if name == "modality":
        rows = [("accuracy", f"{result['accuracy']:.3f}"), ("macro-F1", f"{result['macro_f1']:.3f}")]
        rows += [
            (f"accuracy ({k} rows, n={v['n']})", f"{v['accuracy']:.3f}")
            for k, v in result["accuracy_by_split"].items()
        ]
        rows += [(f"{k} F1 (P/R)", _prf(v)) for k, v in result["per_class"].items()]
        return rows
    if name in {"conflibert-quad", "conflibert-quad-rules"}:
        rows = [
            ("macro-F1 (5 classes)", f"{result['macro_f1']:.3f}"),
            ("accuracy", f"{result['accuracy']:.3f}"),
        ]
        rows += [(f"F1 class {k}", f"{v['f1']:.3f}") for k, v in result["per_class"].items()]
        return rows
    if name.startswith("conflibert-roles"):
        rows = [
            (f"{role} {kind}-level F1 (P/R)", _prf(result[f"{role}_{kind}"]))
            for role in ("S", "T")
            for kind in ("span", "tok")
        ]
        return rows + [
            (f"{role} span-level F1 (P/R), the tagger alone", _prf(result["tagger_alone"][f"{role}_span"]))
            for role in ("S", "T")
            if "tagger_alone" in result
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
            rows.append((f"{key} F1 (P/R)", _prf(value)))
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
        if name in {"conflibert-quad", "conflibert-quad-rules"}:
            labels = result["confusion"]["labels"]
            lines += [
                "Confusion matrix (rows: gold class, columns: predicted; no event coded = class 0):",
                "",
                "| gold \\ predicted | " + " | ".join(map(str, labels)) + " |",
                "|---|" + "---|" * len(labels),
            ]
            for label, row in zip(labels, result["confusion"]["matrix"], strict=True):
                lines.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
        if name == "modality":
            lines += [
                f"Rows where no event was coded at the trigger (modality read for the word): "
                f"{result['no_event']}. Misses:",
                "",
            ]
            lines += [
                f"- ({m['split']}) {m['gold']} → {m['got']} [{m['trigger']}]: {m['sentence']}"
                for m in result["misses"]
            ]
    return "\n".join(lines) + "\n"


__all__ = ["DATASETS", "evaluate", "render_markdown", "render_terminal"]
