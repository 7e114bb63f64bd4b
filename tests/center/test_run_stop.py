"""Ctrl-C in `make run` stops the Celery worker and its beat by themselves, before honcho's SIGKILL.

honcho gives each Procfile line 5 s (honcho.manager.KILL_WAIT) after its SIGTERM, then kills it: an idle
worker on the filesystem broker used to need 8 to 10 s (or hang for good, its pool processes killed with
the queue lock held), so it was killed with the tasks it held and beat's schedule open. The worker line is
taken from Procfile.dev as it is and run through honcho as scripts/run.sh runs it, against a scratch VAR_DIR.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from honcho.manager import KILL_WAIT

from tests.center.processes import ROOT

pytestmark = [pytest.mark.slow]


def _procfile_line(name: str) -> str:
    for line in (ROOT / "Procfile.dev").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line
    raise AssertionError(f"Procfile.dev has no {name} line")


def _processes_with(marker: str) -> list[int]:
    """Processes whose environment holds marker (this test's VAR_DIR): honcho's children and theirs."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _wait_for(log: Path, text: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} within {timeout} s:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds leftover processes through /proc")
def test_ctrl_c_stops_the_worker_and_beat_within_honchos_grace(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    procfile = tmp_path / "Procfile"
    procfile.write_text(_procfile_line("worker") + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="center.settings", VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    log = tmp_path / "honcho.log"
    with log.open("wb") as out:
        honcho = subprocess.Popen(
            [str(ROOT / ".venv/bin/honcho"), "-f", str(procfile), "-d", str(ROOT), "start", "--no-colour"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for(log, " ready.", honcho, timeout=40)
            _wait_for(log, "beat: Starting...", honcho, timeout=10)
            time.sleep(1)  # the pool's processes wait for tasks, the state the worker used to hang in
            assert len(_processes_with(str(var_dir))) >= 4, "worker, beat and two pool processes"
            started = time.monotonic()
            os.killpg(honcho.pid, signal.SIGINT)  # Ctrl-C: the terminal signals honcho's process group
            honcho.wait(timeout=KILL_WAIT + 10)
            took = time.monotonic() - started
        finally:
            if honcho.poll() is None:
                os.killpg(honcho.pid, signal.SIGKILL)
                honcho.wait()

    output = log.read_text(errors="replace")
    print(f"Ctrl-C to all stopped: {took:.2f} s")  # the figure, with -s
    assert "SIGKILL" not in output, output
    assert took < KILL_WAIT, f"{took:.1f} s\n{output}"
    assert "SIGINT received" in output
    assert "worker: Warm shutdown" in output
    assert "beat: Shutting down" in output
    assert "worker.1 stopped (rc=0)" in output, output  # celery's own code: the line execs it
    assert "ERROR" not in output, output  # e.g. "Process 'ForkPoolWorker-1' exited with 'signal 15'"
    assert list(var_dir.glob("celerybeat-schedule*")), "beat kept its schedule under VAR_DIR"
    deadline = time.monotonic() + 2
    while (left := _processes_with(str(var_dir))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"processes left behind: {left}"
