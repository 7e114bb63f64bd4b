"""The applicant's satisfaction rating of a returned dossier (DOMAIN.md, "Satisfaction").

Once per dossier: the database enforces it (one-to-one), the service says so in plain words.
"""

from __future__ import annotations

import hmac
import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from center.errors import Conflict, InvalidInput, NotAllowed
from dossiers.models import Dossier, Satisfaction, SatisfactionRating
from dossiers.public_answers import public_answers_forget
from dossiers.validators import clean_text
from dossiers.workflow import DossierStatus

log = logging.getLogger("dossiers")

COMMENT_MAX = 2000


def rating_allowed(dossier: Dossier) -> bool:
    return dossier.status == DossierStatus.RETURNED


@transaction.atomic
def dossier_rate(
    *,
    dossier: Dossier,
    secret: str,
    reception: int,
    attitude: int,
    timeliness: int,
    clarity: int,
    result: int,
    comment: str = "",
) -> SatisfactionRating:
    """Record the applicant's rating: needs the dossier's secret, a returned result, and no rating yet."""
    if not hmac.compare_digest((secret or "").strip().upper().encode(), dossier.secret.encode()):
        raise NotAllowed(_("No dossier matches this code and secret."))
    if not rating_allowed(dossier):
        raise Conflict(_("You can rate the service once your result has been handed over."))
    scores = {
        "reception": reception,
        "attitude": attitude,
        "timeliness": timeliness,
        "clarity": clarity,
        "result": result,
    }
    for name, value in scores.items():
        if value not in Satisfaction.values:
            raise InvalidInput(_("Choose one answer for each question."), field=name)
    comment = clean_text(comment, multiline=True)
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            _("The comment may have at most %(max)s characters.") % {"max": COMMENT_MAX}, field="comment"
        )
    try:
        with transaction.atomic():
            rating = SatisfactionRating.objects.create(dossier=dossier, comment=comment, **scores)
            public_answers_forget(dossier)
    except IntegrityError:
        raise Conflict(_("This dossier has already been rated. Each dossier can be rated once.")) from None
    log.info("dossier_rated", extra={"dossier_id": dossier.pk, "overall": rating.overall})
    return rating
