"""The register's filters: the period (from, to) and, within what the user may print, a counter and an
agency."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center.dates import DateInRangeField
from counters.models import Counter
from dossiers.register import RegisterScope
from procedures.models import Agency

MAX_DAYS = 366


class RegisterForm(forms.Form):
    counter = forms.ModelChoiceField(
        label=_("Counter"), required=False, queryset=Counter.objects.all(), to_field_name="number", empty_label=_("All")
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.all(), to_field_name="code", empty_label=_("All")
    )

    def __init__(self, *args, scope: RegisterScope, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are Python keywords, so these two are added by name (as in the supervision pages).
        # Always filled from default_data (the month so far): no `initial` to show. Bounded like every date.
        self.fields["from"] = DateInRangeField(label=_("From"))
        self.fields["to"] = DateInRangeField(label=_("To"))
        self.order_fields(["from", "to", "counter", "agency"])
        if scope.counter_id is not None:
            self.fields["counter"].queryset = Counter.objects.filter(pk=scope.counter_id)
            self.fields["counter"].empty_label = None
        if scope.agency_id is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk=scope.agency_id)
            self.fields["agency"].empty_label = None

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last:
            if first > last:
                raise forms.ValidationError({"to": _("The last day must not be before the first day.")})
            if (last - first).days >= MAX_DAYS:
                raise forms.ValidationError({"to": _("Choose a period of at most one year.")})
        return data

    def filters(self, scope: RegisterScope) -> dict:
        """The register's query: the form's choices, never wider than the scope."""
        data = self.cleaned_data
        counter, agency = data.get("counter"), data.get("agency")
        return {
            "first": data["from"],
            "last": data["to"],
            "counter_id": scope.counter_id if scope.counter_id is not None else (counter.pk if counter else None),
            "agency_id": scope.agency_id if scope.agency_id is not None else (agency.pk if agency else None),
        }

    @staticmethod
    def default_data(scope: RegisterScope) -> dict:
        """This month so far, the one counter or agency the user is limited to."""
        today = timezone.localdate()
        data = {"from": today.replace(day=1).isoformat(), "to": today.isoformat()}
        if scope.counter_id is not None:
            data["counter"] = Counter.objects.filter(pk=scope.counter_id).values_list("number", flat=True).first()
        if scope.agency_id is not None:
            data["agency"] = Agency.objects.filter(pk=scope.agency_id).values_list("code", flat=True).first()
        return data
