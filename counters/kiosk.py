"""How many queue tickets a client may take (issue 10, item 7: 300 tickets in 36 s were all printed).

A kiosk registered in the admin (counters.models.KioskDevice) shows itself by its cookie and may print
KIOSK_DEVICE_TICKETS_PER_MINUTE a minute, counted per device: kiosks of one hall share the hall's
address, and one must not slow the others. Any other client, counted per address, gets
KIOSK_ADDRESS_TICKETS_PER_10_MINUTES. A refused ticket consumes no number.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from center import ratelimit
from center.errors import TooManyRequests
from counters import selectors
from counters.models import KioskDevice

DEVICE_COOKIE = "kiosk_device"
DEVICE_COOKIE_AGE = 5 * 365 * 24 * 60 * 60  # a kiosk stays registered until it is switched off in the admin


def kiosk_device(request) -> KioskDevice | None:
    """The registered kiosk this request comes from (None: not a registered, active kiosk)."""
    return selectors.kiosk_device_for_token(request.COOKIES.get(DEVICE_COOKIE, ""))


def remember_device(response, token: str) -> None:
    """Give the kiosk's browser its token (HttpOnly: no script on the page can read it)."""
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def ticket_quota(request, device: KioskDevice | None) -> ratelimit.Quota:
    if device is not None:
        return ratelimit.Quota(f"flood:ticket:device:{device.pk}", settings.KIOSK_DEVICE_TICKETS_PER_MINUTE, 60)
    address = ratelimit.hashed(ratelimit.client_address(request))
    return ratelimit.Quota(f"flood:ticket:address:{address}", settings.KIOSK_ADDRESS_TICKETS_PER_10_MINUTES, 600)


def ticket_allow(request) -> None:
    """Count one ticket for this client; TooManyRequests (nothing counted for the number sequence) when
    it has taken its share."""
    device = kiosk_device(request)
    try:
        ratelimit.spend([ticket_quota(request, device)])
    except ratelimit.QuotaExceeded as over:
        wait = ratelimit.wait_text(over.retry_after)
        if device is not None:
            message = _("This kiosk has printed many tickets in a short time. Please try again in %(wait)s.")
        else:
            message = _(
                "Many tickets have been taken from this connection in a short time. Please try again in "
                "%(wait)s, or ask at the information desk. (If this screen is a kiosk of the center, an "
                "administrator can register it.)"
            )
        raise TooManyRequests(message % {"wait": wait}, retry_after=over.retry_after) from None
