"""How many originals and copies of a document: one wording, with proper plurals, for every page."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def document_counts(originals: int, copies: int, separator: str = ", ") -> str:
    """ "1 original, 2 copies" (Vietnamese has one form: "1 bản chính, 2 bản sao"); a zero count is left out."""
    parts = []
    if originals:
        parts.append(ngettext("%(n)s original", "%(n)s originals", originals) % {"n": originals})
    if copies:
        parts.append(ngettext("%(n)s copy", "%(n)s copies", copies) % {"n": copies})
    return separator.join(parts)
