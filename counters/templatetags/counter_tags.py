from django import template

from dossiers.presentation import mask_name, mask_tail

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss), for waiting and service times."""
    if seconds in (None, ""):
        return "—"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def initials(full_name: str) -> str:
    """A booked citizen on the staff's list of the day: initials (the code identifies them at the kiosk),
    so the list shows no personal data that would have to be recorded as shown (center/privacy.py)."""
    return mask_name(full_name or "")


@register.filter
def phone_tail(phone: str) -> str:
    return mask_tail(phone or "")
