from rest_framework import serializers

from procedures.models import Procedure, RequiredDocument


class RequiredDocumentOutput(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["position", "name", "originals", "copies", "is_optional"]


class ProcedureOutput(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    field = serializers.CharField(source="field.code")
    field_name = serializers.CharField(source="field.name")

    class Meta:
        model = Procedure
        fields = [
            "code", "name", "agency", "agency_name", "field", "field_name", "processing_days",
            "fee_text", "fee_amount", "online_level", "result_type", "legal_basis", "handled_at_center",
        ]  # fmt: skip
