import gc
import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")

app = Celery("center")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Stopping a worker (honcho's SIGTERM on Ctrl-C in `make run` and `make serve`, systemd's) must take a
# second or two, not the 8 to 10 s that got it killed by honcho after 5 s, losing the tasks it held.
# center/celery_broker.py has the part of the cause in kombu's filesystem transport; these are the rest.


@worker_process_init.connect
def _pool_process_own_group(**kwargs) -> None:
    """Take each prefork pool process out of the worker's process group.

    honcho stops a Procfile line by signalling its whole process group. A pool process killed that way
    while it waits for a task dies holding the pool's queue lock, and the main process then waits on that
    lock forever as it exits. Celery wants the signal sent to the main process only, which then stops its
    pool itself; a pool process still dies with the main process (Celery has it get SIGKILL then).
    """
    os.setpgid(0, 0)


@worker_ready.connect
def _freeze_startup_objects(**kwargs) -> None:
    """Leave what Django and the apps loaded at start out of the garbage collector's passes.

    Python's collection at exit went through all of it and took 2 s of the stop. Nothing loaded at start
    is meant to be freed before the process ends.
    """
    gc.freeze()
