"""Staff accounts' password reset, limited: each request sends a mail that can take over the account, and
an unlimited form let one client send 31 mails to one mailbox in seconds (a flood, and cover for guessing).
Requests are counted per client address and per e-mail address (center.ratelimit.spend), whether or not an
account has that address, so the refusal tells nothing about which addresses exist.
"""

import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import ngettext

from center import ratelimit

WINDOW = 60 * 60  # the limits are per hour


def password_reset_quotas(request, email: str) -> list[ratelimit.Quota]:
    address = ratelimit.hashed(ratelimit.client_address(request))
    mailbox = ratelimit.hashed(email.strip().casefold())
    return [
        # Narrowest first (ratelimit.spend): requests for a mailbox used up spend nothing of the address's.
        ratelimit.Quota(f"password-reset:email:{mailbox}", settings.PASSWORD_RESET_PER_EMAIL, WINDOW),
        ratelimit.Quota(f"password-reset:address:{address}", settings.PASSWORD_RESET_PER_ADDRESS, WINDOW),
    ]


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset form; past a limit, 429 with how long to wait and no mail sent. The pages and
    the mail are the portal's own (templates/registration/password_reset_*), signed with the center's name."""

    @property
    def extra_email_context(self):
        return {"center_name": settings.CENTER_NAME}

    def form_valid(self, form):
        try:
            ratelimit.spend(password_reset_quotas(self.request, form.cleaned_data["email"]))
        except ratelimit.QuotaExceeded as exceeded:
            minutes = math.ceil(exceeded.retry_after / 60)
            form.add_error(
                "email",
                ngettext(
                    "Too many password reset requests. For your security, try again in %(minutes)s minute.",
                    "Too many password reset requests. For your security, try again in %(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(exceeded.retry_after)
            return response
        return super().form_valid(form)


@login_required
def staff_landing(request):
    """Where a login without ?next= lands (LOGIN_REDIRECT_URL): a director, whose work is supervision, on
    the dashboard; everyone else on their worklists."""
    from center.roles import CENTER_DIRECTOR, user_roles

    if CENTER_DIRECTOR in user_roles(request.user):
        return redirect("monitoring-dashboard")
    return redirect("staff-home")
