import io
import logging

import pytest


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING) writes."""
    (handler,) = [h for h in logging.getLogger().handlers if getattr(h, "name", "") == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture(scope="session")
def replica_pair():
    """A PostgreSQL primary with a streaming replica (tests/center/replica_pair.py), the portal's schema migrated
    and a small demo center (300 dossiers) loaded on the primary, replayed on the replica. pytest-django's
    test database lives on the shared cluster, which cannot replicate: the pair is the database of a server
    started by the test (tests/center/processes.py), with its own settings."""
    import os
    import subprocess

    from tests.center.processes import ROOT
    from tests.center.replica_pair import postgres_bin, start_pair, stop_pair

    if postgres_bin() is None:
        pytest.fail("PostgreSQL's server binaries (pg_basebackup) are not installed: scripts/ensure_services.sh")
    pair = start_pair()
    try:
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "center.settings_test", "DATABASE_URL": pair.primary_url}
        for command in (["migrate", "-v", "0"], ["seed_demo", "--dossiers", "300"]):
            subprocess.run(
                [str(ROOT / ".venv/bin/python"), "manage.py", *command],
                cwd=ROOT, env=environment, check=True, capture_output=True, timeout=300,
            )  # fmt: skip
        pair.wait_replayed()
        yield pair
    finally:
        stop_pair(pair)
