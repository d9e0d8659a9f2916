"""Fixtures for the Prefect flow tests: one Prefect test harness per session, the demo site on
127.0.0.1, and a fresh warehouse in tmp_path per test (AUTOFACTS_* set through monkeypatch)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.helpers import use_warehouse


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API + SQLite database, started once for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        with prefect_test_harness(server_startup_timeout=120):
            yield


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The bundled demo news site, served over real HTTP on a free port."""
    from spiders.demo_site import start

    server, base_url = start(port=0)
    try:
        yield base_url
    finally:
        server.shutdown()


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_url: str):
    """Settings of an empty warehouse in tmp_path, with the environment pointing at it."""
    return use_warehouse(monkeypatch, tmp_path, demo_url)
