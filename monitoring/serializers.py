from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from center.dates import DateInRangeInput
from monitoring.forms import MAX_CUSTOM_DAYS
from monitoring.models import Alert


class ComplianceInput(serializers.Serializer):
    # "from" is a Python keyword: the field is declared under its public name below.
    to = DateInRangeInput(help_text="Last local day, inclusive (YYYY-MM-DD)")
    agency = serializers.CharField(required=False, allow_blank=True, default="", help_text="Agency code")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = DateInRangeInput(help_text="First local day, inclusive (YYYY-MM-DD)")
        return fields

    def validate(self, data):
        if data["from"] > data["to"]:
            raise serializers.ValidationError({"to": [_("The last day must not be before the first day.")]})
        if (data["to"] - data["from"]).days > MAX_CUSTOM_DAYS:
            raise serializers.ValidationError({"to": [_("Choose a period of at most ten years.")]})
        return data


class CountsOutput(serializers.Serializer):
    received = serializers.IntegerField(help_text="Received (clock started) between from and to")
    resolved = serializers.IntegerField(help_text="Result ready between from and to")
    early = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    open = serializers.IntegerField(help_text="Open now (at the time of the request), whenever received")
    overdue = serializers.IntegerField(help_text="Open now with the clock running and the deadline passed")


class AgencyCountsOutput(CountsOutput):
    agency = serializers.CharField(help_text="Agency code")


class ComplianceOutput(serializers.Serializer):
    totals = CountsOutput()
    by_agency = AgencyCountsOutput(many=True)


class AlertOutput(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.code")
    agency = serializers.CharField(source="agency.code")
    dossier_status = serializers.CharField(source="dossier.status")
    acknowledged_by = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id", "kind", "dossier", "agency", "dossier_status", "due_at", "raised_at", "acknowledged_by",
            "acknowledged_at",
        ]  # fmt: skip

    def get_acknowledged_by(self, alert) -> str | None:
        return alert.acknowledged_by.get_username() if alert.acknowledged_by else None


class ScorecardIndicatorOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    numerator = serializers.IntegerField(allow_null=True, help_text="null when the indicator is not measured")
    denominator = serializers.IntegerField(allow_null=True, help_text="null when the indicator is not measured")
    value = serializers.FloatField(
        allow_null=True, help_text="numerator ÷ denominator (0–1, 4 decimals); null when 0 or not measured"
    )
    points = serializers.FloatField(help_text="Rounded to 2 decimals; 0 when not measured")
    max_points = serializers.FloatField()
    threshold = serializers.FloatField(
        allow_null=True, help_text="Full points at value ≥ threshold, else value × max ÷ threshold; null: value × max"
    )
    measured = serializers.BooleanField()
    why_not = serializers.CharField(allow_null=True, help_text="Why the portal cannot measure it yet")


class ScorecardGroupOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    indicators = ScorecardIndicatorOutput(many=True)


class ScorecardOutput(serializers.Serializer):
    # "from" is a Python keyword: declared under its public name below.
    to = serializers.DateField()
    agency = serializers.CharField(allow_null=True, help_text="Agency code; null for the whole center")
    total_points = serializers.FloatField(help_text="Sum of the groups' points, rounded to 2 decimals")
    max_points = serializers.IntegerField(help_text="Always 100")
    groups = ScorecardGroupOutput(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class ScorecardRankOutput(serializers.Serializer):
    agency = serializers.CharField(help_text="Agency code")
    name = serializers.CharField()
    total_points = serializers.FloatField()


class ScorecardTrendOutput(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    total_points = serializers.FloatField()
