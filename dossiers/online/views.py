"""The citizen's pages: "My dossiers", one dossier, and online filing (drafts, documents, review, submit)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from center.citizens.access import citizen_required
from dossiers.online.selectors import citizen_dossier_get, citizen_dossiers, citizen_drafts, citizen_saved_documents
from dossiers.public_status import public_status
from dossiers.selectors import load_public_history


@require_GET
@citizen_required
def my_dossiers(request):
    """Hồ sơ của tôi: every dossier of the citizen (online, or received at a counter with their number), the
    drafts they may resume, and their saved documents."""
    citizen = request.citizen
    return render(
        request,
        "dossiers/citizen/my_dossiers.html",
        {
            "dossiers": citizen_dossiers(citizen=citizen),
            "drafts": citizen_drafts(citizen=citizen),
            "saved": citizen_saved_documents(citizen=citizen),
        },
    )


@citizen_required
def my_dossier(request, code: str):
    """One of the citizen's dossiers: its status in plain words, deadline, documents and results."""
    dossier = citizen_dossier_get(citizen=request.citizen, code=code)
    if dossier is None:
        raise Http404
    load_public_history(dossier)
    query = urlencode({"secret": dossier.secret})
    return render(
        request,
        "dossiers/citizen/my_dossier.html",
        {
            "s": public_status(dossier),
            "dossier": dossier,
            "rate_url": f"{reverse('dossier-rate', args=[dossier.code])}?{query}",
            "feedback_url": f"{reverse('feedback-new')}?{urlencode({'dossier': dossier.code, 'secret': dossier.secret})}",
        },
    )
