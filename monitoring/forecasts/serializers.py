"""The forecast in the API: on the dossier (`forecast`) and in the at-risk list."""

from rest_framework import serializers


class ForecastBasisOutput(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=["procedure", "agency", "all"], help_text="The group of past dossiers the estimate rests on"
    )
    comparable = serializers.IntegerField(help_text="Dossiers of that group that had used as much of their time")
    elapsed_working_days = serializers.FloatField(help_text="Working days used so far, pauses not counted")
    paused = serializers.BooleanField(help_text="The clock is paused now; the dates move by the pause")
    computed_at = serializers.DateTimeField()
    text = serializers.CharField(help_text="The same in a sentence, in the caller's language")


class ForecastOutput(serializers.Serializer):
    finish_p50 = serializers.DateTimeField(help_text="Expected finish (median)")
    finish_p90 = serializers.DateTimeField(help_text="Finish by this with 90 % probability")
    overdue_risk = serializers.FloatField(help_text="Probability of missing the deadline (due_at), 0 to 1")
    basis = ForecastBasisOutput()


class AtRiskOutput(serializers.Serializer):
    code = serializers.CharField(source="dossier.code")
    procedure = serializers.CharField(source="dossier.procedure.code")
    procedure_name = serializers.CharField(source="dossier.procedure.name")
    agency = serializers.CharField(source="dossier.agency.code")
    current_agency = serializers.CharField(source="dossier.current_agency.code", default=None, allow_null=True)
    status = serializers.CharField(source="dossier.status")
    due_at = serializers.DateTimeField(source="dossier.due_at")
    finish_p50 = serializers.DateTimeField()
    finish_p90 = serializers.DateTimeField()
    overdue_risk = serializers.FloatField()
    level = serializers.CharField()
    comparable = serializers.IntegerField()
