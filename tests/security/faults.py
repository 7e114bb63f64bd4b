"""Pieces for the fault tests: a throwaway Redis server that can be stopped and started again, a supervised
Celery worker with its beat, and an SMS gateway that writes to a file so that another process can count
sends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from tests.center.processes import ROOT, free_port, stop


class FileSmsBackend:
    """SMS_BACKEND for tests across processes: one JSON line per message sent, in $FAULT_SMS_FILE, after
    $FAULT_SMS_SECONDS (a slow gateway keeps tasks under way when the broker goes)."""

    def send(self, to: str, text: str) -> None:
        time.sleep(float(os.environ.get("FAULT_SMS_SECONDS", "0")))  # a gateway that takes its time
        line = json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n"
        with open(os.environ["FAULT_SMS_FILE"], "a", encoding="utf-8") as sent:
            sent.write(line)  # one short append: whole lines even with several worker processes


def sent_sms(path: str) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as sent:
        return [json.loads(line) for line in sent if line.strip()]


class ThrowawayRedis:
    """A redis-server of our own on a free port (never the shared one), without persistence."""

    def __init__(self, folder: str):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", self.folder,
        ]  # fmt: skip
        log = open(Path(self.folder) / "redis.log", "ab")  # noqa: SIM115 (the server keeps it)
        self.process = subprocess.Popen(command, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
        wait_for(self.answers, timeout=20, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.resume()  # a stopped server would not see SIGTERM
            stop(self.process, signal.SIGTERM)
            self.process = None

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open and new ones are accepted by the kernel, but
        nothing is answered, as with a Redis that hangs (swapping, a stuck disk, a long blocking command)."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False


def wait_for(condition, *, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {timeout} s")


class SupervisedWorker:
    """A Celery worker with an embedded beat, restarted whenever it exits, as systemd's Restart=always
    would: kombu 5.7's worker can die of a broker outage ("Unrecoverable error" when Redis drops while it
    acknowledges a task), and the outbox must not depend on it living through one."""

    def __init__(self, env: dict, folder: str):
        self.env, self.folder = env, folder
        self.log_path = Path(folder) / "worker.log"
        self.exits: list[int] = []  # return codes of the workers that died and were restarted
        self._stopping = threading.Event()
        self.process = self._start()
        self._watch = threading.Thread(target=self._supervise, daemon=True)

    def _start(self) -> subprocess.Popen:
        command = [
            str(ROOT / ".venv/bin/celery"), "-A", "center", "worker", "--beat",
            "--schedule", str(Path(self.folder) / "beat"), "--concurrency", "2", "--loglevel", "INFO",
            "--hostname", f"fault{os.getpid()}@%h", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        with open(self.log_path, "ab") as log:
            return subprocess.Popen(
                command, cwd=ROOT, env=self.env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
            )

    def _supervise(self) -> None:
        while not self._stopping.wait(0.5):
            if self.process.poll() is not None:
                self.exits.append(self.process.returncode)
                self.process = self._start()

    def __enter__(self) -> SupervisedWorker:
        try:
            wait_for(lambda: b" ready." in self.log_path.read_bytes(), timeout=60, what="the Celery worker")
        except BaseException:
            stop(self.process, signal.SIGTERM)
            raise
        self._watch.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        if self._watch.is_alive():
            self._watch.join()
        stop(self.process, signal.SIGTERM)


def scratch_folder() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="fault-")
