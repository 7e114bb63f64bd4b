"""The page a staff member sees when django-axes has locked their login out (settings.AXES_*)."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def login_locked_out(request, original_response=None, credentials=None):
    """429 with how long to wait, in the user's language; no hint whether the username exists."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "center/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
