"""Docs written with the code: the CLI reference is generated and current; README opens with both commands."""

from __future__ import annotations

import subprocess
import sys

from flashpoint.cli import cli

from .conftest import ROOT


def test_cli_reference_is_current():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(ROOT / "docs" / "cli.md")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "docs/cli.md is stale: run `make docs`\n" + result.stdout + result.stderr


def test_every_command_is_documented():
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## flashpoint {name}" in reference


def test_readme_starts_with_the_two_commands():
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:10])
    assert "make demo" in head and "make test" in head
