from django import template
from django.utils.translation import gettext as _

from dossiers.presentation import mask_name, mask_tail

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Waiting and service times in words, one format for all ("2 phút 05 giây", "1 giờ 02 phút"): as
    m:ss and h:mm:ss they read like the clock times beside them ("Finished at" 14:30)."""
    if seconds in (None, ""):
        return "—"
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(m)d min %(s)02d s") % {"m": minutes, "s": secs}


@register.filter
def initials(full_name: str) -> str:
    """A booked citizen on the staff's list of the day: initials (the code identifies them at the kiosk),
    so the list shows no personal data that would have to be recorded as shown (center/privacy.py)."""
    return mask_name(full_name or "")


@register.filter
def phone_tail(phone: str) -> str:
    return mask_tail(phone or "")
