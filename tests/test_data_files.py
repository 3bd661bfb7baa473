"""Every shipped data file loads, and word lists hold only words (YAML reads bare `on`/`no` as booleans)."""

from __future__ import annotations

import pytest
import yaml

from flashpoint.data import DATA_DIR, read_tsv

YAML_FILES = sorted(DATA_DIR.rglob("*.yaml"))
TSV_FILES = sorted(DATA_DIR.rglob("*.tsv"))


def _lists(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, (*path, str(key)))
    elif isinstance(node, list):
        yield path, node
        for value in node:
            yield from _lists(value, path)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_yaml_word_lists_hold_strings(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, values in _lists(data):
        for value in values:
            assert not isinstance(value, bool), f"{path.name} {'/'.join(where)}: {value!r} (quote it)"


@pytest.mark.parametrize("path", TSV_FILES, ids=lambda p: p.name)
def test_tsv_files_load_with_their_header(path):
    rows = read_tsv(*path.relative_to(DATA_DIR).parts)
    assert rows, f"{path.name} is empty"


def test_contract_schema_is_valid_json_schema():
    import json

    import jsonschema

    schema = json.loads((DATA_DIR / "schema" / "article-record.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
