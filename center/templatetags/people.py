from django import template

from center import people

register = template.Library()


@register.filter
def full_name(user) -> str:
    """A member of staff's full name in Vietnamese order (center.people.full_name)."""
    return people.full_name(user)
