from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """50000 -> "50.000 đ": Vietnamese thousands separators, the đồng sign."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{value:,}".replace(",", ".") + " đ"
