"""kombu's filesystem transport (`make run` without REDIS_URL), made to let a stopping worker go at once.

The filesystem transport has no way to wake a waiting worker: its drain_events polls the folder until
the timeout Celery's loop gives it (2 s) runs out. During a warm shutdown Celery's loop waits out that
timeout twice (the wait under way, then one more in the `finally` of celery.worker.loops.synloop), which
made an idle worker take 8 to 10 s to stop and honcho (5 s) kill it. This transport stops waiting as soon
as the worker has been asked to stop; the loop then ends within one polling interval.
"""

import time
from queue import Empty

from celery.worker import state
from kombu.transport import filesystem


def _stopping() -> bool:
    # Celery's own test (celery.worker.state.maybe_shutdown): the flags hold an exit code, which may be 0.
    return any(flag is not None and flag is not False for flag in (state.should_stop, state.should_terminate))


class Transport(filesystem.Transport):
    def drain_events(self, connection, timeout=None):
        started = time.monotonic()
        while True:
            try:
                self.cycle.get(self._deliver, timeout=timeout)
                return
            except Empty:
                if _stopping() or (timeout is not None and time.monotonic() - started >= timeout):
                    raise TimeoutError from None  # socket.timeout, which Celery's loop takes as "nothing came"
                time.sleep(self.polling_interval)
