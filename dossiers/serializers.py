from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from center.dates import DateInRangeInput
from dossiers.identity import (
    ID_NUMBER_MAX_LENGTH,
    ID_TYPE_NAME_MAX_LENGTH,
    IdentityDocument,
    identity_cleaned,
    number_cleaned,
    organisation_cleaned,
    tax_code_cleaned,
)
from dossiers.models import Channel, Dossier, DossierEvent, ReturnMethod
from dossiers.presentation import mask_name
from dossiers.validators import CleanTextSerializerField, normalize_phone, validate_vn_phone
from dossiers.workflow import DossierStatus
from monitoring.forecasts.selectors import forecast_payload
from monitoring.forecasts.serializers import ForecastOutput
from procedures.models import Procedure


class DossierReceiveInput(serializers.Serializer):
    procedure = serializers.SlugRelatedField(
        slug_field="code", queryset=Procedure.objects.active(), help_text="Procedure national code"
    )
    applicant_name = CleanTextSerializerField(compatibility=True, max_length=255)
    applicant_id_type = serializers.ChoiceField(
        choices=IdentityDocument.choices,
        default=IdentityDocument.CITIZEN_ID,
        help_text="citizen_id (12 digits), passport (6-9 letters and digits), other (named in applicant_id_type_name)",
    )
    applicant_id_type_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=ID_TYPE_NAME_MAX_LENGTH
    )
    applicant_id_number = serializers.CharField(max_length=ID_NUMBER_MAX_LENGTH)
    applicant_phone = serializers.CharField(max_length=20, help_text="A mobile or a landline with its area code")
    applicant_email = serializers.EmailField(required=False, allow_blank=True, default="")
    applicant_address = CleanTextSerializerField(required=False, allow_blank=True, default="", max_length=500)
    applicant_organisation = CleanTextSerializerField(
        compatibility=True, required=False, allow_blank=True, default="", max_length=255
    )
    applicant_tax_code = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20, help_text="The organisation's tax code, if any"
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.COUNTER)
    receipt_token = serializers.UUIDField(required=False, help_text="Repeat it to make a retried request safe")

    # Each number is checked on its own field, so its problem is reported beside the others'; validate()
    # (which runs only when every field passed) then checks what involves two fields.
    def validate_applicant_id_number(self, value):
        kind = self.initial_data.get("applicant_id_type") or IdentityDocument.CITIZEN_ID
        return number_cleaned(kind, value) if kind in IdentityDocument.values else value

    def validate_applicant_tax_code(self, value):
        return tax_code_cleaned(value)

    def validate_applicant_phone(self, value):
        value = normalize_phone(value)
        validate_vn_phone(value)
        return value

    def validate(self, attrs):
        """An other document must be named, a tax code needs its organisation (dossiers/identity.py)."""
        kind, number, type_name = identity_cleaned(
            attrs["applicant_id_type"], attrs["applicant_id_number"], attrs["applicant_id_type_name"]
        )
        organisation, tax_code = organisation_cleaned(attrs["applicant_organisation"], attrs["applicant_tax_code"])
        return {
            **attrs,
            "applicant_id_type": kind,
            "applicant_id_number": number,
            "applicant_id_type_name": type_name,
            "applicant_organisation": organisation,
            "applicant_tax_code": tax_code,
        }


class DossierReceiptOutput(serializers.ModelSerializer):
    class Meta:
        model = Dossier
        fields = ["code", "secret", "status", "received_at", "due_at"]


class ActionInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The `version` of the dossier this action is made from (its detail answer; also sent as its "
        "ETag). May come instead in the `If-Match` header. A stale one is a 409 and changes nothing.",
        error_messages={
            "required": _(
                "Say which version of the dossier you act on: the “version” of its detail answer (or its ETag "
                "in If-Match)."
            )
        },
    )
    note = CleanTextSerializerField(multiline=True, required=False, allow_blank=True, default="", max_length=4000)


class ReasonInput(ActionInput):
    reason = CleanTextSerializerField(multiline=True, required=False, allow_blank=True, default="", max_length=4000)


class SupplementInput(ActionInput):
    missing = serializers.ListField(
        child=CleanTextSerializerField(max_length=500), required=False, default=list, max_length=50
    )


class ExtendInput(ReasonInput):
    new_due_date = DateInRangeInput(help_text="The new appointment date (local)")


class ReturnInput(ActionInput):
    collected_by = CleanTextSerializerField(
        compatibility=True, required=False, allow_blank=True, default="", max_length=255
    )
    method = serializers.ChoiceField(choices=ReturnMethod.choices, default=ReturnMethod.COUNTER)


class DossierListOutput(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    agency = serializers.CharField(source="agency.code")

    class Meta:
        model = Dossier
        fields = [
            "code", "procedure", "agency", "status", "channel", "received_at", "due_at", "extended_due_at",
            "result_ready_at", "returned_at", "outcome", "version",
        ]  # fmt: skip


class EventOutput(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    agency = serializers.CharField(source="agency.code", default=None, allow_null=True)

    class Meta:
        model = DossierEvent
        fields = ["at", "kind", "from_status", "to_status", "agency", "actor", "note", "data"]

    def get_actor(self, event) -> str | None:
        return event.actor.get_username() if event.actor else None


class DossierDetailOutput(DossierListOutput):
    procedure_name = serializers.CharField(source="procedure.name")
    current_agency = serializers.CharField(source="current_agency.code", default=None, allow_null=True)
    events = EventOutput(many=True)
    forecast = serializers.SerializerMethodField()

    class Meta(DossierListOutput.Meta):
        fields = [
            *DossierListOutput.Meta.fields,
            "procedure_name", "current_agency", "current_step", "applicant_name", "applicant_id_type",
            "applicant_id_type_name", "applicant_id_number", "applicant_phone", "applicant_email",
            "applicant_address", "applicant_organisation", "applicant_tax_code",
            "returned_to", "return_method", "documents", "events", "forecast",
        ]  # fmt: skip

    @extend_schema_field(ForecastOutput(allow_null=True))
    def get_forecast(self, dossier) -> dict | None:
        """The stored prediction (monitoring/forecasts), null once closed or before the first refresh."""
        return forecast_payload(dossier)


class PublicEventOutput(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name", default=None, allow_null=True)
    status_label = serializers.CharField(source="get_to_status_display")

    class Meta:
        model = DossierEvent
        fields = ["at", "kind", "to_status", "status_label", "agency"]


class PublicDossierOutput(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.name")
    agency = serializers.CharField(source="agency.name")
    applicant = serializers.SerializerMethodField(help_text="Initials only")
    status_label = serializers.CharField(source="get_status_display")
    timeline = PublicEventOutput(source="events", many=True)

    class Meta:
        model = Dossier
        fields = [
            "code", "procedure", "agency", "applicant", "status", "status_label", "received_at", "due_at",
            "extended_due_at", "result_ready_at", "returned_at", "outcome", "timeline",
        ]  # fmt: skip

    def get_applicant(self, dossier) -> str:
        return mask_name(dossier.applicant_name)


_moment = serializers.DateTimeField()


def _at(value):
    return None if value is None else _moment.to_representation(value)


def public_dossier_payload(dossier: Dossier) -> dict:
    """PublicDossierOutput(dossier).data, built by hand: the public lookup is the portal's busiest answer, and
    DRF's per-field machinery cost more than the rest of it put together. PublicDossierOutput still
    documents the answer; a test holds the two equal."""
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": dossier.agency.name,
        "applicant": mask_name(dossier.applicant_name),
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "received_at": _at(dossier.received_at),
        "due_at": _at(dossier.due_at),
        "extended_due_at": _at(dossier.extended_due_at),
        "result_ready_at": _at(dossier.result_ready_at),
        "returned_at": _at(dossier.returned_at),
        "outcome": dossier.outcome,
        "timeline": [
            {
                "at": _at(event.at),
                "kind": event.kind,
                "to_status": event.to_status,
                # The enum's label, not get_to_status_display(), which hashes every choice on each call.
                "status_label": str(DossierStatus(event.to_status).label),
                "agency": event.agency.name if event.agency_id else None,
            }
            for event in dossier.events.all()
        ],
    }
