"""Load protection for the public API (catalogue, due-date calculator, dossier progress).

DRF's throttle is not a security control: its read-count-write in the cache is not atomic, so parallel
requests slip past it. It only keeps one client from hogging the web workers. Guessing a dossier's
secret is stopped by center/ratelimit.py, whose counter is atomic. With the cache down it lets requests
through (center/cache.py).
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from center.ratelimit import Quota, QuotaExceeded, client_address, hashed, spend


class PublicApiThrottle(ScopedRateThrottle):
    """Requests per client address (signed-in users: per user) for views with `throttle_scope = "public"`;
    the address is counted under its keyed hash (center.ratelimit.hashed).

    The rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public"] (env PUBLIC_API_RATE), read on each
    request so tests can change it; the address is the one center.ratelimit sees behind trusted proxies.
    A client's window opens with its first request and its requests are counted in Redis in one round trip
    (center.cache.count_in_window); DRF's own history list costs two and grows with the rate.
    """

    def quota(self, request, scope: str | None) -> Quota | None:
        """The client's quota in `scope` (None: the scope has no rate)."""
        self.scope = scope
        rate = self.get_rate() if scope else None
        if rate is None:
            return None
        allowed, window = self.parse_rate(rate)
        return Quota(key=self.get_cache_key(request, None), allowed=allowed, window=window)

    def allow_request(self, request, view):
        """Counted like the anonymous forms' flood limits (center.ratelimit.spend), stepping aside as they do
        while the cache is down."""
        quota = self.quota(request, getattr(view, self.scope_attr, None))
        if quota is None:
            return True
        try:
            spend([quota])
        except QuotaExceeded as over:
            self.retry_after = over.retry_after
            return False
        return True

    def wait(self):
        return self.retry_after

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # Hashed like the limiter's keys: the cache holds no one's IP address.
        return hashed(client_address(request))


def public_quota(request) -> Quota | None:
    """This client's "public" quota, for a view that counts it itself in the lookup limiter's round trip
    (center.ratelimit.ready_answer) instead of through PublicApiThrottle; None when no rate is set."""
    return PublicApiThrottle().quota(request, "public")
