"""The portal's words for where a dossier stands against its deadline: one word, one meaning.

Every page, export, alert and slip takes these labels from here (templates as `TERMS.<key>`, from
center/context_processors.py), and the README's "Glossary" says the same in DOMAIN terms. Two words
that people use interchangeably are kept apart on purpose:

- **late** (trễ hạn) is a finished fact: a dossier whose result became ready after its deadline
  (`due_at`, an extension does not move it). Judged once, when the result is ready; never changes.
- **overdue** (quá hạn) is a present state: an open dossier, its clock running, whose deadline has passed.
  It stops being overdue when it is resolved (and is then late).

The same pair serves feedback (an answer given after its due date is late; an open one past it is
overdue) and hand-overs.
"""

from django.utils.translation import gettext_lazy as _

# A resolved dossier, judged when its result is ready (DOMAIN.md "Punctuality"; dossiers.models.Outcome).
EARLY = _("Early")  # trước hạn: ready on a date before the due date
ON_TIME = _("On time")  # đúng hạn: ready on the due date, no later than due_at
LATE = _("Late")  # trễ hạn: ready after due_at

# An open dossier with its clock running, as of now (the deadline sweep, monitoring.models.AlertKind).
WITHIN_TIME = _("Within time")  # trong hạn: more than the near-due margin left
NEAR_DUE = _("Near due")  # sắp đến hạn: at most DEADLINE_NEAR_DUE_WORKING_DAYS working days left
OVERDUE = _("Overdue")  # quá hạn: now is past due_at

RESOLVED = {"early": EARLY, "on_time": ON_TIME, "late": LATE}
OPEN = {"within_time": WITHIN_TIME, "near_due": NEAR_DUE, "overdue": OVERDUE}
TERMS = {**RESOLVED, **OPEN}

DEFINITIONS = {
    "early": _("Resolved, the result ready on a date before the due date."),
    "on_time": _("Resolved, the result ready on the due date, no later than the deadline."),
    "late": _("Resolved, the result ready after the deadline (an extension does not move it)."),
    "within_time": _("Open, the clock running, more than the near-due margin left."),
    "near_due": _("Open, the clock running, at most one working day left."),
    "overdue": _("Open, the clock running, the deadline passed."),
}
