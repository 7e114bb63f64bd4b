"""Number formats of the supervision pages (localised: 85,3% in Vietnamese; rounded as the exports are,
center/numbers.py)."""

from django import template

from center.numbers import localised, percentage

register = template.Library()


@register.filter
def percent(value, digits=1):
    """A share 0..1 as a percentage; an em dash when there is nothing to divide by."""
    if value is None:
        return "—"
    digits = int(digits)
    return f"{localised(percentage(value, digits), digits)}%"


@register.filter
def decimal(value, digits=1):
    return "—" if value is None else localised(value, int(digits))


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (keys with dashes cannot be written as attributes)."""
    return mapping.get(key) if mapping else None
