"""The filters of the supervision pages: period (month, quarter, year, custom), agency, field, channel."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center import dates
from counters.models import Site
from dossiers.models import Channel
from monitoring import periods
from monitoring.metrics import LABELS
from monitoring.models import AlertKind
from procedures.models import Agency, Field

# A province's ten years (issue 17): the figures come from the rollups, so a long period costs little more.
MAX_CUSTOM_DAYS = 10 * 366


class SupervisionFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            (periods.MONTH, _("Month")),
            (periods.QUARTER, _("Quarter")),
            (periods.YEAR, _("Year")),
            (periods.CUSTOM, _("From … to …")),
        ],
    )
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), required=False, coerce=int, choices=[("", "—")] + [(q, q) for q in range(1, 5)]
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=dates.EARLIEST.year, max_value=dates.LATEST.year
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.all(), to_field_name="code", empty_label=_("All")
    )
    field = forms.ModelChoiceField(
        label=_("Field"), required=False, queryset=Field.objects.all(), to_field_name="code", empty_label=_("All")
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    site = forms.ModelChoiceField(
        label=_("Receiving site"),
        required=False,
        queryset=Site.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )

    def __init__(self, *args, agencies=None, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are Python keywords, so these two are added by name (same names as the API).
        self.fields["from"] = dates.DateInRangeField(label=_("From"), required=False)
        self.fields["to"] = dates.DateInRangeField(label=_("To"), required=False)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        if sites is not None:
            self.fields["site"].queryset = sites
        today = timezone.localdate()
        self.fields["period"].initial = periods.MONTH
        self.fields["month"].initial = f"{today:%Y-%m}"
        self.fields["quarter"].initial = periods.quarter_of(today)
        self.fields["year"].initial = today.year

    def clean(self):
        data = super().clean()
        kind = data.get("period") or periods.MONTH
        today = timezone.localdate()
        year = data.get("year") or today.year
        if kind == periods.MONTH:
            month = (data.get("month") or "").strip()
            try:
                first = dt.date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
            except ValueError:
                raise forms.ValidationError({"month": _("Enter the month as YYYY-MM, e.g. 2026-11.")}) from None
            try:
                dates.validate_date_in_range(first)
            except forms.ValidationError as error:
                raise forms.ValidationError({"month": error}) from None
            data["period_obj"] = periods.month_period(first)
        elif kind == periods.QUARTER:
            quarter = data.get("quarter") or periods.quarter_of(today)
            data["period_obj"] = periods.quarter_period(year, quarter)
        elif kind == periods.YEAR:
            data["period_obj"] = periods.year_period(year)
        else:
            first, last = data.get("from"), data.get("to")
            if not first or not last:
                raise forms.ValidationError(_("Choose both the first and the last day of the period."))
            if first > last:
                raise forms.ValidationError({"to": _("The last day must not be before the first day.")})
            if (last - first).days > MAX_CUSTOM_DAYS:
                raise forms.ValidationError({"to": _("Choose a period of at most ten years.")})
            data["period_obj"] = periods.custom_period(first, last)
        return data


class DossierListForm(SupervisionFilterForm):
    """The drill-down: which number (metric) and, optionally, which procedure."""

    metric = forms.ChoiceField(label=_("Figure"), choices=list(LABELS.items()))
    procedure = forms.CharField(label=_("Procedure code"), required=False, max_length=32)


class AlertFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *AlertKind.choices])
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Not acknowledged")), ("done", _("Acknowledged")), ("all", _("All"))],
    )
