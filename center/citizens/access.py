"""Pages for signed-in citizens only."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from center.citizens.backends import is_citizen


def citizen_required(view):
    """The citizen's account as `request.citizen`; anyone else (a visitor, a staff user) goes to the citizen
    sign-in page, which brings them back here."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_citizen(request.user):
            return redirect(f"{reverse('citizen-sign-in')}?{urlencode({'next': request.get_full_path()})}")
        request.citizen = request.user.citizen_account
        return view(request, *args, **kwargs)

    return wrapped
