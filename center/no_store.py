"""Answers that hold personal data are never stored by a browser or a proxy (Cache-Control: no-store).

A staff member's pages, slips, PDFs and API answers all show applicants' names, ID and phone numbers; a
copy kept in a shared counter PC's browser cache, or by a proxy on the way, outlives the session and its
permission checks. So one rule, whichever view answered: nothing served to a signed-in user (session or API
token) is stored. Anonymous pages that show a dossier (the tracking pages and the public API, opened with
the receipt's secret) say so themselves with Django's `never_cache`; the public catalogue stays cacheable.
"""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """After AuthenticationMiddleware; reads the user after the view, so an API token's user counts too
    (DRF sets it on the request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
