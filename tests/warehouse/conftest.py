"""Fixtures for warehouse tests: a fresh warehouse file in tmp_path and a connection to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.db import connect


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "autofacts.duckdb"


@pytest.fixture
def con(db_path: Path):
    c = connect(db_path)
    yield c
    c.close()
