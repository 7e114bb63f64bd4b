"""Number formats of the supervision pages (localised: 85,3% in Vietnamese)."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value, digits=1):
    """A share 0..1 as a percentage; an em dash when there is nothing to divide by."""
    if value is None:
        return "—"
    return f"{floatformat(100 * value, digits)}%"


@register.filter
def decimal(value, digits=1):
    return "—" if value is None else floatformat(value, digits)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (keys with dashes cannot be written as attributes)."""
    return mapping.get(key) if mapping else None
