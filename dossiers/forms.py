"""Forms of the staff pages: receiving a dossier at the counter, the actions on a dossier, the return desk.

Error messages come from dossiers/validators.py and Django's own catalogue, so they show in Vietnamese.
"""

from __future__ import annotations

import uuid
from urllib.parse import unquote, urlparse

import django_filters
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from center.dates import DateInRangeField
from center.errors import InvalidInput
from dossiers.documents.checks import file_checked
from dossiers.filters import DossierFilter
from dossiers.identity import (
    ID_NUMBER_MAX_LENGTH,
    ID_TYPE_NAME_MAX_LENGTH,
    IdentityDocument,
    identity_cleaned,
    identity_search_term,
    organisation_cleaned,
)
from dossiers.models import ReturnMethod
from dossiers.validators import CleanTextField, normalize_phone, validate_vn_phone
from dossiers.workflow import DossierStatus
from procedures.models import Procedure, RequiredDocument

# --- receiving at the counter ------------------------------------------------------------------------------


class Decision:
    RECEIVE = "receive"
    GUIDE = "guide"
    REFUSE = "refuse"
    ALL = (RECEIVE, GUIDE, REFUSE)


class DossierReceiveForm(forms.Form):
    """One form for the three outcomes at the counter: receive, guidance slip, or refusal slip."""

    receipt_token = forms.UUIDField(widget=forms.HiddenInput)
    ticket = forms.IntegerField(widget=forms.HiddenInput, required=False)
    documents = forms.MultipleChoiceField(
        label=_("Documents received"), widget=forms.CheckboxSelectMultiple, required=False
    )
    applicant_name = CleanTextField(compatibility=True, label=_("Full name"), max_length=255, required=False)
    applicant_id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=IdentityDocument.choices,
        initial=IdentityDocument.CITIZEN_ID,
        required=False,  # none posted: a citizen ID card, as before there was a choice
    )
    applicant_id_number = forms.CharField(
        label=_("Document number"),
        max_length=ID_NUMBER_MAX_LENGTH,
        required=False,
        help_text=_("Citizen ID: 12 digits. Passport: 6 to 9 letters and digits."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    applicant_id_type_name = CleanTextField(
        compatibility=True,
        label=_("Kind of document (if other)"),
        max_length=ID_TYPE_NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. residence card")}),
    )
    applicant_phone = forms.CharField(
        label=_("Phone (mobile or landline)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    applicant_email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        error_messages={"invalid": _("Enter a valid email address, e.g. ten@example.vn.")},
    )
    applicant_address = CleanTextField(label=_("Address"), max_length=500, required=False)
    applicant_organisation = CleanTextField(
        compatibility=True, label=_("Organisation (if any)"), max_length=255, required=False
    )
    applicant_tax_code = forms.CharField(
        label=_("Organisation's tax code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "0100109106"}),
    )
    missing_other = CleanTextField(
        multiline=True,
        label=_("Other things to add or correct (one per line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    refusal_reason = CleanTextField(
        multiline=True,
        label=_("Reason for refusing"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(choices=[(d, d) for d in Decision.ALL], widget=forms.HiddenInput, required=False)

    def __init__(self, *args, procedure: Procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.required_documents = list(procedure.documents.all())
        self.fields["documents"].choices = [(str(doc.pk), doc.name) for doc in self.required_documents]

    def clean_applicant_phone(self):
        value = normalize_phone(self.cleaned_data["applicant_phone"])
        if value:
            validate_vn_phone(value)
        return value

    def clean(self):
        data = super().clean()
        self._clean_identity(data)
        decision = data.get("decision") or Decision.RECEIVE
        data["decision"] = decision
        required = ["applicant_name"]
        if decision == Decision.RECEIVE:
            required += ["applicant_id_number", "applicant_phone"]
        for name in required:
            if name not in self.errors and not data.get(name):
                self.add_error(name, forms.Field.default_error_messages["required"])
        if decision == Decision.RECEIVE and self.missing_documents():
            self.add_error(
                "documents",
                _("The dossier is incomplete (%(missing)s): give a guidance slip or refuse it.")
                % {"missing": "; ".join(doc.name for doc in self.missing_documents())},
            )
        if decision == Decision.RECEIVE:
            self._clean_scans()
        if decision == Decision.GUIDE and not self.missing_items():
            self.add_error("missing_other", _("List everything the applicant must add."))
        if decision == Decision.REFUSE and not data.get("refusal_reason", "").strip():
            self.add_error("refusal_reason", _("Give the reason for refusing the dossier."))
        return data

    def _clean_identity(self, data: dict) -> None:
        """The document's number as its kind requires, the organisation's tax code by its check digit
        (dossiers/identity.py, shared with the API and the services)."""
        if "applicant_id_type" in data and "applicant_id_number" in data:
            try:
                kind, number, type_name = identity_cleaned(
                    data["applicant_id_type"], data["applicant_id_number"], data.get("applicant_id_type_name", "")
                )
                data.update(applicant_id_type=kind, applicant_id_number=number, applicant_id_type_name=type_name)
            except forms.ValidationError as error:
                self.add_error(None, error)
        if "applicant_organisation" in data and "applicant_tax_code" in data:
            try:
                organisation, tax_code = organisation_cleaned(
                    data["applicant_organisation"], data["applicant_tax_code"]
                )
                data.update(applicant_organisation=organisation, applicant_tax_code=tax_code)
            except forms.ValidationError as error:
                self.add_error(None, error)

    def scans(self) -> list[tuple[RequiredDocument, UploadedFile]]:
        """The scans attached to the documents (a file input `scan-<position>` beside each one)."""
        return [
            (doc, self.files[f"scan-{doc.position}"])
            for doc in self.required_documents
            if f"scan-{doc.position}" in self.files
        ]

    def _clean_scans(self) -> None:
        """Each scan checked by its content before anything is received (dossiers/documents/checks.py), and
        only for a document ticked as received."""
        checked = self.checked_ids()
        for doc, upload in self.scans():
            try:
                if str(doc.pk) not in checked:
                    raise InvalidInput(_("A scan is attached but the document is not ticked as received."))
                file_checked(upload=upload, name=upload.name or "")
            except InvalidInput as error:
                self.add_error("documents", f"{doc.name}: {error.message}")

    def checked_ids(self) -> set[str]:
        return set(self.cleaned_data.get("documents") or []) if hasattr(self, "cleaned_data") else set()

    def missing_documents(self):
        checked = self.checked_ids()
        return [doc for doc in self.required_documents if not doc.is_optional and str(doc.pk) not in checked]

    def missing_items(self) -> list[str]:
        other = self.cleaned_data.get("missing_other", "") or ""
        return [doc.name for doc in self.missing_documents()] + [
            line.strip() for line in other.splitlines() if line.strip()
        ]

    def received_documents(self) -> list[dict]:
        """What goes on the receipt (Form 01): each document ticked, with its originals and copies."""
        checked = self.checked_ids()
        return [
            {"name": doc.name, "originals": doc.originals, "copies": doc.copies}
            for doc in self.required_documents
            if str(doc.pk) in checked
        ]

    @staticmethod
    def new_token() -> uuid.UUID:
        return uuid.uuid4()


# --- actions on a dossier --------------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = CleanTextField(
        multiline=True, label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredNoteForm(forms.Form):
    note = CleanTextField(
        multiline=True,
        label=_("What the applicant must pay"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = CleanTextField(
        multiline=True, label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OptionalReasonForm(forms.Form):
    reason = CleanTextField(
        multiline=True, label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupplementForm(forms.Form):
    missing = CleanTextField(
        multiline=True,
        label=_("Everything to add or correct, one per line"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = CleanTextField(
        multiline=True, label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_missing(self):
        items = [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]
        if not items:
            raise forms.ValidationError(_("List what the applicant must supplement."))
        return items


class ExtendForm(forms.Form):
    new_due_date = DateInRangeField(label=_("New appointment date"))
    reason = CleanTextField(
        multiline=True, label=_("Reason for the delay"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    collected_by = CleanTextField(compatibility=True, label=_("Collected by"), max_length=255)
    method = forms.ChoiceField(
        label=_("How"), choices=ReturnMethod.choices, initial=ReturnMethod.COUNTER, widget=forms.RadioSelect
    )
    note = CleanTextField(
        multiline=True, label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- finding dossiers ------------------------------------------------------------------------------------------


def code_from_scan(text: str) -> str:
    """A dossier code typed, or the address a USB scanner types from the receipt's QR code."""
    text = (text or "").strip()
    if "/tra-cuu/" in text:
        path = urlparse(text).path if "://" in text else text.split("?", 1)[0]
        text = unquote(path.split("/tra-cuu/", 1)[1].strip("/").split("/", 1)[0])
    return text.strip().upper()


class RiskOrdering(django_filters.OrderingFilter):
    """The API's orderings, and "-risk": the forecast's risk of missing the deadline (monitoring/forecasts),
    riskiest first, dossiers without a forecast (closed, not yet predicted) last."""

    def filter(self, qs, value):
        if value and value[0] == "-risk":
            return qs.order_by(F("forecast__overdue_risk").desc(nulls_last=True), "due_at", "id")
        return super().filter(qs, value)


class WorklistFilter(DossierFilter):
    """The dossier filters of the API, plus a free search on code or applicant for the worklists."""

    q = django_filters.CharFilter(method="search", label=_("Code, applicant or ID number"))
    ordering = RiskOrdering(
        fields=(
            *((field, param) for param, field in DossierFilter.base_filters["ordering"].param_map.items()),
            ("forecast__overdue_risk", "risk"),
        )
    )
    status = django_filters.MultipleChoiceFilter(
        choices=DossierStatus.choices, label=_("Status"), widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # An identity number as stored (upper case, separators dropped for cards and passports), or as typed.
        numbers = {identity_search_term(value), value.upper()}
        return queryset.filter(
            Q(code__icontains=code_from_scan(value))
            | Q(applicant_name__icontains=value)
            | Q(applicant_id_number__in=numbers)
        )
