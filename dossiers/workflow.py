"""The dossier's statuses and the moves allowed between them: the workflow as a table.

Statuses and their national-portal numbers follow DOMAIN.md (Decree 61/2018, Decree 118/2025 and
Circular 03/2025/TT-VPCP). `ALLOWED` is the only definition of which move is legal.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from center.errors import Conflict


class DossierStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    NOT_RECEIVED = "not_received", _("Not received")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Awaiting supplement")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Stopped")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Returned")


S = DossierStatus

# National public-service portal status numbers, shown beside the label.
PORTAL_NUMBER = {
    S.SUBMITTED: 1, S.RECEIVED: 2, S.NOT_RECEIVED: 3, S.IN_PROGRESS: 4, S.AWAITING_SUPPLEMENT: 5,
    S.AWAITING_PAYMENT: 6, S.WITHDRAWN: 7, S.STOPPED: 8, S.RESULT_READY: 9, S.RETURNED: 10,
}  # fmt: skip

ALLOWED: dict[str, set[str]] = {
    # An online or postal filing is checked at the counter: received, or rejected with a reason.
    S.SUBMITTED: {S.RECEIVED, S.NOT_RECEIVED, S.WITHDRAWN},
    # A received dossier goes to the competent agency; the counter may not resolve it itself.
    # A complete dossier can still be refused if outside the rules (Form 03) or withdrawn.
    S.RECEIVED: {S.IN_PROGRESS, S.STOPPED, S.WITHDRAWN},
    # in_progress -> in_progress is the hand-over to the next step of an inter-agency chain.
    S.IN_PROGRESS: {
        S.IN_PROGRESS,
        S.AWAITING_SUPPLEMENT,
        S.AWAITING_PAYMENT,
        S.STOPPED,
        S.WITHDRAWN,
        S.RESULT_READY,
    },
    # Supplements are requested once, fully (Decree 118/2025/NĐ-CP; Decree 61/2018, art. 19 before it); the
    # applicant may also give up.
    S.AWAITING_SUPPLEMENT: {S.IN_PROGRESS, S.STOPPED, S.WITHDRAWN},
    S.AWAITING_PAYMENT: {S.IN_PROGRESS, S.STOPPED, S.WITHDRAWN},
    # A result at the counter is handed over (at the counter or by public postal service).
    S.RESULT_READY: {S.RETURNED},
    S.NOT_RECEIVED: set(),
    S.WITHDRAWN: set(),
    S.STOPPED: set(),
    S.RETURNED: set(),
}

# Statuses in which the legal clock runs (DOMAIN.md table, "clock" column).
CLOCK_RUNNING = frozenset({S.RECEIVED, S.IN_PROGRESS})
# Statuses in which the clock is paused and resumes later.
CLOCK_PAUSED = frozenset({S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT})
# Dossiers still owed a result.
OPEN = CLOCK_RUNNING | CLOCK_PAUSED
FINAL = frozenset(status for status, moves in ALLOWED.items() if not moves)


class TransitionError(Conflict):
    """A move the workflow does not allow from the dossier's current status."""

    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        super().__init__(
            _("A dossier that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )


def check(current: str, target: str) -> None:
    if target not in ALLOWED[current]:
        raise TransitionError(current, target)


def can(current: str, target: str) -> bool:
    return target in ALLOWED[current]
