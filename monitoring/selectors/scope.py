"""Who sees which agencies on the supervision pages: directors all, an agency's lead their own."""

from __future__ import annotations

from center.roles import user_agency_id, user_site_id

PERMISSION = "monitoring.view_dashboard"


def can_view_dashboard(user) -> bool:
    return user.is_authenticated and user.has_perm(PERMISSION)


def dashboard_agency_id(user) -> int | None:
    """The one agency the user is limited to, or None for the center's directors (every agency)."""
    if user.is_superuser:
        return None
    return user_agency_id(user)


def dashboard_site_id(user) -> int | None:
    """The one site a site head is limited to, or None (directors and agency leads: every site)."""
    if user.is_superuser:
        return None
    return user_site_id(user)
