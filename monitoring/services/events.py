"""What supervision does when a dossier event is recorded: called by dossiers.services._record, inside
the transaction of the change, so the notification and the change are committed together or not at all.
"""

from __future__ import annotations

from django.utils import timezone

from dossiers.validators import is_mobile
from monitoring import messages
from monitoring.models import DeadlineRecheck, OutboxChannel, OutboxMessage
from monitoring.services.outbox import outbox_enqueue, outbox_message

# Event kind -> the message the applicant gets (DOMAIN.md: the citizen is told when the result is ready,
# when supplements are requested, and of an extension with its new date; on receipt they get the code,
# the appointment and how to track the dossier, as the receipt slip says).
CITIZEN_MESSAGES = {
    # An online filing: its code and how to follow it as soon as it is submitted; then received or not.
    "submit": "submitted",
    "reject": "not_received",
    "receive": "received",
    "accept": "received",
    "resolve": "result_ready",
    "request_supplement": "supplement_requested",
    "extend": "extended",
}
# The clock resumes: the deadline moved while the dossier was paused (and not swept), so the next
# sweep judges this dossier in full rather than by its window. A calendar change moves deadlines too
# (dossiers/deadlines.py), possibly into a window already swept.
DEADLINE_MOVED = frozenset({"supplement_received", "payment_received", "deadline_recomputed"})


def dossier_event_supervise(*, event) -> list[OutboxMessage]:
    """Queue the notifications an event calls for (and a deadline recheck when the clock resumes)."""
    dossier = event.dossier
    if event.kind in DEADLINE_MOVED:
        DeadlineRecheck.objects.create(dossier=dossier, queued_at=timezone.now())
    template = CITIZEN_MESSAGES.get(event.kind)
    if template is None:
        return []
    text = messages.citizen_text(template, dossier, event)
    # A landline cannot receive an SMS: the applicant hears by e-mail, or at the counter.
    sms_to = dossier.applicant_phone if is_mobile(dossier.applicant_phone) else ""
    addresses = {OutboxChannel.SMS: sms_to, OutboxChannel.EMAIL: dossier.applicant_email}
    rows = [
        outbox_message(
            channel=channel,
            recipient=address,
            text=text,
            dossier=dossier,
            template=template,
            dedupe_key=f"event:{event.pk}:{channel}",
        )
        for channel, address in addresses.items()
        if address  # only to what the applicant gave
    ]
    return outbox_enqueue(messages=rows)
