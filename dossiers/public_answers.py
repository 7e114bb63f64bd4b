"""Ready-made public answers about a dossier: the API's JSON body and the tracking page, built
by a right lookup and kept byte for byte in the shared cache under a key that only the right code and
secret (and the language) name. Asked again, the answer comes back in the same trip to Redis that applies
the lookup limits (center.ratelimit.ready_answer): no database query at all.

The page says how many working days are left, so it is kept only until that can change: the next local
midnight, or the appointment itself if it is still ahead (then the dossier is late). It is kept as every
visitor without a session or a pending message sees it (citizens, as a rule); others get it built afresh.

Every audited change of a dossier, and its rating, marks its answers changed (`public_answers_forget`),
so a citizen sees a change as soon as it is committed. If Redis cannot be reached at
that moment, an answer can outlive the change by at most READY_SECONDS: that is why it is short.
"""

import datetime as dt
import hashlib
import hmac
import random
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from rest_framework.renderers import JSONRenderer

from center.cache import keep_ready, mark_changed
from dossiers.models import Dossier
from dossiers.payments.public import public_fees
from dossiers.public_status import public_status
from dossiers.serializers import public_dossier_payload

READY_SECONDS = 120


def _lifetime() -> float:
    """Seconds an answer is kept: up to READY_SECONDS, spread over its last quarter so that answers built
    together (a busy moment, a restart) are not all built again together."""
    return READY_SECONDS * random.uniform(0.75, 1.0)  # noqa: S311 (spreading, not a secret)


# Part of every key: bump it when what an answer holds changes, so a new release never reads an older one's.
ANSWER_FORMAT = 2
# Far longer than a lookup takes from its database read to keeping its answer (milliseconds), so an answer
# built from what was read before a change is not kept after it; short, as lookups read the database
# meanwhile.
CHANGED_MARK_SECONDS = 5


def _answer_key(kind: str, code: str, secret: str, language: str) -> str:
    """Where an answer for this code and secret (as the receipt prints them) is kept; the key holds
    neither (keyed hash), so the cache lists no secrets."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{code}:{secret}".encode(), hashlib.sha256).hexdigest()
    return f"public-answer:{ANSWER_FORMAT}:{kind}:{digest[:40]}:{language}"


def api_answer_key(code: str, secret: str, language: str) -> str:
    return _answer_key("api", code, secret, language)


def page_key(code: str, secret: str, language: str) -> str:
    return _answer_key("page", code, secret, language)


def api_answer_build(dossier: Dossier, key: str) -> bytes:
    """The API's JSON body for the dossier (as `dossier_public_get` loads it) in the active language, kept
    ready at `key`."""
    body = JSONRenderer().render(public_dossier_payload(dossier))
    keep_ready(key, body, int(_lifetime()))
    return body


def _page_lasts_until(appointment: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When the days left or late may next change: the next local midnight, or the appointment if sooner."""
    local = timezone.localtime(now)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=local.tzinfo)
    until = min(now + dt.timedelta(seconds=_lifetime()), midnight)
    return min(until, appointment) if appointment is not None and appointment > now else until


# The page is kept as an anonymous visitor with nothing pending sees it, its CSRF token (in the language
# switch) left as this mark and filled in for each visitor. Content from the database cannot fake the field:
# its quotes are escaped.
_TOKEN_FIELD = 'name="csrfmiddlewaretoken" value="{}"'
_TOKEN_MARK = _TOKEN_FIELD.format("csrf-token-to-fill-in")


def page_build(request, dossier: Dossier, secret: str, key: str | None) -> str:
    """The tracking page for the dossier in the active language, with the token mark (`page_fill`); kept
    ready at `key` (unless None) until the moment it stops being true (`page_read`)."""
    now = timezone.now()
    status = public_status(dossier, now=now)
    query = urlencode({"secret": secret})
    context = {
        "s": status,
        "rate_url": f"{reverse('dossier-rate', args=[dossier.code])}?{query}",
        "feedback_url": f"{reverse('feedback-new')}?{urlencode({'dossier': dossier.code, 'secret': secret})}",
        "fees": public_fees(dossier, secret),
    }
    # Rendered from the portal's own template, which escapes what it shows.
    content = mark_safe(render_to_string("dossiers/public/status_content.html", context))  # noqa: S308
    page = render_to_string(
        "dossiers/public/status.html",
        {"code": dossier.code, "content": content, "csrf_token": "csrf-token-to-fill-in"},
        request=request,
    )
    until = _page_lasts_until(status.deadline.appointment_at if status.deadline else None, now)
    seconds = int((until - now).total_seconds())
    if key is not None and seconds > 0:
        keep_ready(key, f"{until.timestamp():.0f}\n{page}".encode(), seconds)
    return page


def page_read(ready: bytes | None) -> str | None:
    """The page `page_build` kept, unless the moment it stops being true has passed (read on this process's
    clock, so it holds whatever Redis's own expiry says)."""
    if not ready:
        return None
    until, _newline, page = ready.partition(b"\n")
    if timezone.now().timestamp() >= int(until):
        return None
    return page.decode()


def page_fill(request, page: str) -> str:
    """The page with this visitor's CSRF token (which also sets the CSRF cookie, as the template tag does)."""
    return page.replace(_TOKEN_MARK, _TOKEN_FIELD.format(get_token(request)))


def public_answers_forget(dossier: Dossier) -> None:
    """Mark the dossier's ready answers (every language) changed, now and again once the current transaction
    commits: from now on lookups read the database (which shows the change once it is committed) and
    cannot keep what they read before it."""
    keys = [
        _answer_key(kind, dossier.code, dossier.secret, language)
        for kind in ("api", "page")
        for language, _name in settings.LANGUAGES
    ]
    mark_changed(keys, CHANGED_MARK_SECONDS)
    transaction.on_commit(lambda: mark_changed(keys, CHANGED_MARK_SECONDS))
