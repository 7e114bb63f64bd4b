"""Forms of the staff's fee pages; the rules are in dossiers/payments/services.py."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center.dates import DateInRangeField
from dossiers.payments.models import PaymentChannel
from dossiers.validators import CleanTextField
from procedures.models import Agency, FeeKind


class PaymentRecordForm(forms.Form):
    request_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    channel = forms.ChoiceField(
        label=_("Paid"),
        choices=[(PaymentChannel.CASH, PaymentChannel.CASH.label), (PaymentChannel.CARD, PaymentChannel.CARD.label)],
    )
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1)
    payer_name = CleanTextField(label=_("Payer"), max_length=255, required=False, help_text=_("Empty: the applicant."))
    note = CleanTextField(label=_("Note"), required=False, max_length=500)


class ChargeSetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FeeKind.choices)
    description = CleanTextField(label=_("What for"), max_length=500)
    legal_basis = CleanTextField(label=_("Legal basis"), max_length=500, required=False)
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1)
    note = CleanTextField(label=_("Note to the applicant"), required=False, max_length=1000)


class ReceiptCancelForm(forms.Form):
    reason = CleanTextField(label=_("Reason for cancelling"), max_length=1000, multiline=True)


class TakingsForm(forms.Form):
    start = DateInRangeField(label=_("From"), required=False)
    end = DateInRangeField(label=_("To"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.filter(is_active=True), required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        """The days asked for; by default the current month up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end.replace(day=1)
        return (start, end) if start <= end else (end, start)
