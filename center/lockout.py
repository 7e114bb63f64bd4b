"""Login protection beside django-axes (settings.AXES_*), and the page a refused login gets.

django-axes refuses one username from one address after LOGIN_FAILURE_LIMIT wrong passwords: a stranger
trying a few passwords on each of many usernames never reaches it (30 usernames were tried). So wrong
logins are also counted per client address alone, with the lookup limiter (center/ratelimit.py), at a
limit high enough that the colleagues behind a center's one public address do not reach it by mistakes:
past LOGIN_ADDRESS_FAILURE_LIMIT failures within 15 minutes, that address may not log in (whatever the
username, right password or not) for LOGIN_COOLOFF_MINUTES.
"""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from center import ratelimit


def login_address_limit() -> ratelimit.Limit:
    failures = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return ratelimit.Limit(
        scope="login-address",
        slow_after=failures,  # no slowing down: refused at the limit
        block_after=failures,
        window=15 * 60,
        delay=0,
        block_for=int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )


class AddressLimitBackend:
    """First of AUTHENTICATION_BACKENDS: while the client's address is refused, no backend checks the
    password (PermissionDenied stops authenticate()); the page is LoginAddressLimitMiddleware's. No
    get_user: it never logs anyone in, and force_login (tests) picks the first backend that has one."""

    def authenticate(self, request, **credentials):
        """Never a user: None lets the next backends check the password; PermissionDenied stops them."""
        if request is None:  # client.login, manage.py: no address to count
            return
        try:
            ratelimit.settle(login_address_limit(), request, found=True)  # refuses, counts nothing
        except ratelimit.RateLimited as limited:
            request.login_address_limited = limited
            raise PermissionDenied from limited


def count_login_failure(sender, credentials, request=None, **kwargs):
    """user_login_failed: one more failure for the client's address (none is counted while refused)."""
    if request is None:
        return
    try:
        ratelimit.settle(login_address_limit(), request, found=False)
    except ratelimit.RateLimited as limited:
        request.login_address_limited = limited


class LoginAddressLimitMiddleware:
    """A login refused for its address gets the locked-out page (429), not "wrong password"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        limited = getattr(request, "login_address_limited", None)
        if limited is not None:
            return _page(request, math.ceil(limited.retry_after / 60), address=True)
        return response


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout (one username from one address): 429 with how long to wait, in the user's
    language; no hint whether the username exists."""
    cool_off = get_cool_off(request)
    return _page(request, math.ceil(cool_off.total_seconds() / 60) if cool_off else None, address=False)


def _page(request, minutes: int | None, *, address: bool):
    return render(
        request,
        "center/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT, "address": address},
        status=429,
    )
