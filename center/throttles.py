"""Load protection for the public API (catalogue, due-date calculator, dossier progress).

DRF's throttle is not a security control: its read-count-write in the cache is not atomic, so parallel
requests slip past it. It only keeps one client from hogging the web workers. Guessing a dossier's
secret is stopped by center/ratelimit.py, whose counter is atomic. With the cache down it lets requests
through (center/cache.py).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from center.cache import CACHE_UNAVAILABLE, log_unavailable
from center.ratelimit import client_address


class PublicApiThrottle(ScopedRateThrottle):
    """Requests per client address (signed-in users: per user) for views with `throttle_scope = "public"`.

    The rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public"] (env PUBLIC_API_RATE), read on each
    request so tests can change it; the address is the one center.ratelimit sees behind trusted proxies.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CACHE_UNAVAILABLE as error:
            log_unavailable("public API throttle", error)
            return True

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)
