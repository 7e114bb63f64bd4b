"""Public dossier tracking: the lookup form, the status page the receipt's QR code opens, the rating.

A wrong code and a wrong secret give the same page; failed lookups count towards the code's limit and the
client address's (center/ratelimit.py public_lookup): a code guessed at must wait, longer with each wrong
secret; an address is refused only past a ceiling that the honest people behind one address do not reach.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from center import ratelimit
from center.errors import DomainError
from dossiers.public_answers import page_build, page_fill, page_key, page_read
from dossiers.public_forms import LookupForm, RatingForm
from dossiers.public_status import public_status
from dossiers.ratings import dossier_rate, rating_allowed
from dossiers.selectors import dossier_public_get, printed_form, public_credentials


def tracking_url(code: str, secret: str) -> str:
    """The page's path; the same as dossiers.presentation.public_status_url without the host."""
    return f"{reverse('dossier-track', args=[code])}?{urlencode({'secret': secret})}"


def public_find(request, code: str, secret: str):
    """The dossier matching the code and secret (None), counted against the public lookup limits
    (RateLimited when the code or the client must wait)."""
    limit = ratelimit.public_lookup()
    return ratelimit.guarded(limit, request, lambda: dossier_public_get(code=code, secret=secret), code=code)


def _lookup_page(request, form, *, status: int = 200, error: str = "", limited=None, archived=None):
    response = render(
        request,
        "dossiers/public/lookup.html",
        {"form": form, "error": error, "refusal": limited.message if limited else "", "archived": archived},
        status=429 if limited else status,
    )
    if limited:
        response["Retry-After"] = str(limited.retry_after)
    return response


def _not_found(request, code: str, secret: str):
    # The same page whether the code or the secret was wrong: only the typed code is echoed back. Both right
    # for a dossier moved to the archive (dossiers/archive): when, and where to ask.
    from dossiers.archive.selectors import archived_public_get

    form = LookupForm(initial={"code": code})
    archived = archived_public_get(code=code, secret=secret)
    if archived is not None:
        return _lookup_page(request, form, status=410, archived=archived)
    return _lookup_page(request, form, status=404, error=_("No dossier matches this code and secret."))


@never_cache
@require_http_methods(["GET", "POST"])
def track_lookup(request):
    """GET: the form. POST: look the dossier up and open its status page (the QR code's address)."""
    if request.method != "POST":
        return _lookup_page(request, LookupForm(initial={"code": printed_form(request.GET.get("code", ""))}))
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, form, status=400)
    code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
    try:
        dossier = public_find(request, code, secret)
    except ratelimit.RateLimited as limited:
        return _lookup_page(request, LookupForm(initial={"code": code}), limited=limited)
    if dossier is None:
        return _not_found(request, code, secret)
    return redirect(tracking_url(dossier.code, secret))


def _plain_visitor(request) -> bool:
    """No session and no message waiting: the tracking page looks the same to every such visitor."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and CookieStorage.cookie_name not in request.COOKIES


@never_cache
@require_http_methods(["GET", "HEAD"])
def track_status(request, code: str):
    """The dossier's status in plain words; opened by the QR code on every slip (?secret=...)."""
    code, secret = public_credentials(code, request.GET.get("secret", ""))
    if not secret:
        return _lookup_page(request, LookupForm(initial={"code": code}))
    # Kept pages are for visitors who all see the same page: no session, no message waiting.
    key = page_key(code, secret, get_language()) if _plain_visitor(request) else None
    try:  # the limits first, whatever the lookup finds; opened again, the page comes ready
        limit = ratelimit.public_lookup()
        page = page_read(ratelimit.ready_answer(limit, request, key=key, code=code)) if key else None
        if page is None:
            dossier = public_find(request, code, secret)
            if dossier is None:
                return _not_found(request, code, secret)
            # Kept for the address on the receipt's QR code only: the page's language switch links back to it.
            keep = key is not None and request.get_full_path() == tracking_url(code, secret)
            page = page_build(request, dossier, secret, key if keep else None)
    except ratelimit.RateLimited as limited:
        return _lookup_page(request, LookupForm(initial={"code": code}), limited=limited)
    return HttpResponse(page_fill(request, page))


def dossier_from_request(request, code: str):
    """(dossier, secret, None) for the code in the URL and the secret in the query or the form, or (None, "",
    the page to answer instead): the lookup form, "not found", or the limit's refusal."""
    data = request.POST if request.method == "POST" else request.GET
    code, secret = public_credentials(code, data.get("secret", ""))
    if not secret:
        return None, "", _lookup_page(request, LookupForm(initial={"code": code}))
    try:
        dossier = public_find(request, code, secret)
    except ratelimit.RateLimited as limited:
        return None, "", _lookup_page(request, LookupForm(initial={"code": code}), limited=limited)
    if dossier is None:
        return None, "", _not_found(request, code, secret)
    return dossier, secret, None


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, code: str):
    """The satisfaction rating: once per dossier, after the result is handed over, with the secret."""
    dossier, secret, answer = dossier_from_request(request, code)
    if answer is not None:
        return answer
    form = RatingForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dossier_rate(dossier=dossier, secret=secret, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, error.message)
                status = getattr(error, "http_status", 400)
            else:
                messages.success(request, _("Thank you. Your rating has been recorded."))
                return redirect(tracking_url(dossier.code, secret))
        else:
            status = 400
    context = {
        "s": public_status(dossier),
        "form": form,
        "secret": secret,
        "allowed": rating_allowed(dossier),
        "back_url": tracking_url(dossier.code, secret),
    }
    return render(request, "dossiers/public/rate.html", context, status=status)
