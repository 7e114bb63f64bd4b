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
