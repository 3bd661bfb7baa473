"""Shared fixtures. Tests that need ../shared/data use the `shared_data` fixture and skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("FLASHPOINT_SHARED_DATA", ROOT.parent / "shared" / "data"))
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def nlp():
    """The full Flashpoint pipeline on the configured model (loaded once per test session)."""
    from flashpoint.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def en_model():
    """The bare spaCy model, for tests of one stage on a parsed Doc."""
    from flashpoint.nlp import load_model

    return load_model()
