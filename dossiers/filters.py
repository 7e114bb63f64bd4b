import django_filters
from django.utils import timezone

from center.dates import DateInRangeField
from dossiers.models import Channel, Dossier, Outcome
from dossiers.workflow import DossierStatus


class LocalDateFromFilter(django_filters.DateFilter):
    """A local date, inclusive, compared with a UTC timestamp column (from 00:00 local time)."""

    field_class = DateInRangeField  # the day after 9999-12-31 does not exist (center/dates.py)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        start = timezone.make_aware(timezone.datetime.combine(value, timezone.datetime.min.time()))
        return qs.filter(**{f"{self.field_name}__gte": start})


class LocalDateToFilter(django_filters.DateFilter):
    """A local date, inclusive (up to the start of the next local day)."""

    field_class = DateInRangeField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        end = timezone.make_aware(
            timezone.datetime.combine(value + timezone.timedelta(days=1), timezone.datetime.min.time())
        )
        return qs.filter(**{f"{self.field_name}__lt": end})


class DossierFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=DossierStatus.choices)
    agency = django_filters.CharFilter(field_name="agency__code", help_text="Agency code")
    procedure = django_filters.CharFilter(field_name="procedure__code", help_text="Procedure national code")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    received_from = LocalDateFromFilter(field_name="received_at")
    received_to = LocalDateToFilter(field_name="received_at")
    resolved_from = LocalDateFromFilter(field_name="result_ready_at")
    resolved_to = LocalDateToFilter(field_name="result_ready_at")
    due_from = LocalDateFromFilter(field_name="due_at")
    due_to = LocalDateToFilter(field_name="due_at")
    ordering = django_filters.OrderingFilter(
        fields=(("due_at", "due_at"), ("received_at", "received_at"), ("code", "code"), ("status", "status"))
    )

    class Meta:
        model = Dossier
        fields = ["status", "agency", "procedure", "outcome", "channel"]
