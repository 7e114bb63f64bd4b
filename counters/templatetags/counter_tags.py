from django import template
from django.utils.translation import gettext as _

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
