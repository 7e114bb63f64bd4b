"""Ready-made answers of the public dossier API: the JSON body, built by a right lookup and kept byte for
byte in the shared cache under a key that only the right code and secret (and the language) name. Asked
again, the answer comes back in the same trip to Redis that applies the lookup limits
(center.ratelimit.ready_answer): no database query at all.

Every audited change of a dossier, and its rating, marks its answers changed (`public_answers_forget`),
so a citizen sees a change as soon as it is committed. If Redis cannot be reached at
that moment, an answer can outlive the change by at most READY_SECONDS: that is why it is short.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from rest_framework.renderers import JSONRenderer

from center.cache import keep_ready, mark_changed
from dossiers.models import Dossier
from dossiers.selectors import PUBLIC_CACHE_FORMAT, PublicMatch, dossier_public_load
from dossiers.serializers import public_dossier_payload

READY_SECONDS = 120
# Far longer than a lookup takes from its database read to keeping its answer (milliseconds), so an answer
# built from what was read before a change is not kept after it; short, as lookups read the database
# meanwhile.
CHANGED_MARK_SECONDS = 5


def api_answer_key(code: str, secret: str, language: str) -> str:
    """Where the answer for this code and secret (as the receipt prints them) is kept; the key holds
    neither (keyed hash), so the cache lists no secrets."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{code}:{secret}".encode(), hashlib.sha256).hexdigest()
    return f"public-answer:{PUBLIC_CACHE_FORMAT}:{digest[:40]}:{language}"


def api_answer_build(match: PublicMatch, key: str) -> bytes:
    """The API's JSON body for the matched dossier in the active language, kept ready at `key`."""
    body = JSONRenderer().render(public_dossier_payload(dossier_public_load(match)))
    keep_ready(key, body, READY_SECONDS)
    return body


def public_answers_forget(dossier: Dossier) -> None:
    """Mark the dossier's ready answers (every language) changed, now and again once the current transaction
    commits: from now on lookups read the database (which shows the change once it is committed) and
    cannot keep what they read before it."""
    keys = [api_answer_key(dossier.code, dossier.secret, language) for language, _name in settings.LANGUAGES]
    mark_changed(keys, CHANGED_MARK_SECONDS)
    transaction.on_commit(lambda: mark_changed(keys, CHANGED_MARK_SECONDS))
