"""Raw HTTP for tests against a live server: every answer (errors too) as status, headers and bytes; and
many calls released at once (the parallel HTTP tests' helper)."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from tests.center.test_concurrency_http import in_parallel as all_at_once  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, *, timeout: float = 30, headers: dict | None = None) -> Answer:
    call = urllib.request.Request(url, headers={"Accept-Language": "vi", **(headers or {})})
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())
