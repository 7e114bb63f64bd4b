"""The one range of dates anyone may type into the portal: filters, periods, appointments.

Python's dates end at 9999-12-31, so arithmetic on a typed far date (the day after it, the twelve months
before 0001-01) raised OverflowError or ValueError deep in a page (a 500), and counting working days up
to it looped millions of times. Every date field of a form, filter or API input is one of the fields
below, so a date outside the range is a clear form or 400 error before any arithmetic.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def validate_date_in_range(day: dt.date) -> None:
    if not in_range(day):
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": f"{EARLIEST:%d/%m/%Y}", "last": f"{LATEST:%d/%m/%Y}"},
        )


class DayFirstDateInput(forms.DateInput):
    """A text box for a date written day first, with the format shown in it and beside it (center/formats),
    and a calendar button (static/js/dates.js) that writes the chosen day back day first: a browser's own
    date box shows the browser's locale, which on many office PCs is month first."""

    template_name = "center/widgets/day_first_date.html"

    def __init__(self, attrs=None):
        hint = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__(attrs={**hint, **(attrs or {})}, format="%d/%m/%Y")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        box = context["widget"]["attrs"]
        if box.get("id"):
            box["aria-describedby"] = f"{box['id']}_format"
        return context


class DateInRangeField(forms.DateField):
    """A form (and django-filter) date field that refuses dates outside EARLIEST..LATEST."""

    widget = DayFirstDateInput
    default_validators = [validate_date_in_range]


class DateInRangeInput(serializers.DateField):
    """The API's date input with the same range (DRF turns the ValidationError into a 400)."""

    default_validators = [validate_date_in_range]
