"""Shipped knowledge: ontology tables, lexicons, actor dictionaries. Loaders shared by every stage.

Files are TSV (a header row; `#` starts a comment line; empty cells are None) or YAML. Each loader is
cached, so a table is read once per process.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


@cache
def read_tsv(*parts: str) -> tuple[dict[str, str | None], ...]:
    """Rows of a shipped TSV file as dicts keyed by the header; blank cells become None."""
    path = data_path(*parts)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for number, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise ValueError(f"{path}: row {number} has the wrong number of columns: {row}")
            rows.append({k: (v.strip() or None) for k, v in row.items()})
    return tuple(rows)


@cache
def read_lines(*parts: str) -> tuple[str, ...]:
    """The non-empty, non-comment lines of a shipped word list, stripped."""
    text = data_path(*parts).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def read_yaml(*parts: str) -> Any:
    with data_path(*parts).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
