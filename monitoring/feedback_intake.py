"""Feedback from the public form: repeats folded into one, floods limited (issue 10, item 7).

Unanswered feedback counts against the center in the Decree 766 scorecard ("feedback handled on time"), so
a stranger who sends a hundred copies, or twenty petitions from one phone, would lower it at will. Each
sender may send FEEDBACK_PER_SENDER_PER_HOUR an hour (counted per phone number and per e-mail address:
these, not the network address, identify a citizen), and each client address FEEDBACK_PER_ADDRESS_PER_HOUR,
a ceiling kept generous because a hall's Wi-Fi or a mobile carrier puts many honest people behind one
address. The same text from the same sender within FEEDBACK_REPEAT_MINUTES is not a new feedback: the
repeat is answered as the first was (its tracking code), writes nothing and counts nothing, so a double
click or a resent form costs the citizen nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from center import ratelimit
from center.db_locks import lock_for_transaction
from center.errors import TooManyRequests
from monitoring.feedback import feedback_create, submission_clean
from monitoring.models import Feedback

log = logging.getLogger("monitoring")
HOUR = 60 * 60


def comparable(text: str) -> str:
    """Text as a repeat is compared: Unicode-normalised (NFKC), case and spacing ignored, invisible format
    characters (zero-width spaces, direction marks) dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.casefold().split())


def _sender_key(values: dict) -> str:
    """Who sent it: the phone number when given (what the center calls back), else the e-mail address."""
    return f"phone:{values['sender_phone']}" if values["sender_phone"] else f"email:{values['sender_email'].lower()}"


def _repeat_of(values: dict, now: dt.datetime) -> Feedback | None:
    """The same sender's feedback with the same subject and text sent within the last few minutes."""
    recent = Feedback.objects.filter(created_at__gte=now - dt.timedelta(minutes=settings.FEEDBACK_REPEAT_MINUTES))
    if values["sender_phone"]:
        recent = recent.filter(sender_phone=values["sender_phone"])
    else:
        recent = recent.filter(sender_email__iexact=values["sender_email"])
    wanted = (comparable(values["subject"]), comparable(values["content"]))
    for feedback in recent.order_by("created_at", "pk").only("pk", "tracking_code", "subject", "content"):
        if (comparable(feedback.subject), comparable(feedback.content)) == wanted:
            return feedback
    return None


def _quotas(values: dict, client: str) -> list[ratelimit.Quota]:
    """The sender's own quotas first, the shared address's last (ratelimit.spend stops at the first used up)."""
    per_sender = settings.FEEDBACK_PER_SENDER_PER_HOUR
    quotas = []
    if values["sender_phone"]:
        quotas.append(
            ratelimit.Quota(f"flood:feedback:phone:{ratelimit.hashed(values['sender_phone'])}", per_sender, HOUR)
        )
    if values["sender_email"]:
        email = ratelimit.hashed(values["sender_email"].lower())
        quotas.append(ratelimit.Quota(f"flood:feedback:email:{email}", per_sender, HOUR))
    address = ratelimit.Quota(
        f"flood:feedback:address:{ratelimit.hashed(client)}", settings.FEEDBACK_PER_ADDRESS_PER_HOUR, HOUR
    )
    return [*quotas, address]


@transaction.atomic
def feedback_submit_public(*, client: str, **fields) -> Feedback:
    """A feedback sent from the public form by `client` (its address, center.ratelimit.client_address);
    `fields` as monitoring.feedback.submission_clean takes them. A repeat gives back the first feedback;
    over a limit raises TooManyRequests (429) and writes nothing."""
    values = submission_clean(**fields)
    # Parallel copies wait here one after another, so the second one sees the first one's row.
    lock_for_transaction(f"feedback-sender:{_sender_key(values)}")
    first = _repeat_of(values, timezone.now())
    if first is not None:
        log.info("feedback_repeat_folded", extra={"feedback_id": first.pk})
        return first
    try:
        ratelimit.spend(_quotas(values, client))
    except ratelimit.QuotaExceeded as over:
        log.warning("feedback_flood_refused", extra={"retry_after": over.retry_after})
        raise TooManyRequests(
            _(
                "Many feedbacks have been sent from your phone number, e-mail address or connection in a short "
                "time. To keep this channel open for everyone, please send this one again in %(wait)s."
            )
            % {"wait": ratelimit.wait_text(over.retry_after)},
            retry_after=over.retry_after,
        ) from None
    return feedback_create(values)
