"""Staff pages of fees: the dossier page's fees panel (record a payment, set a charge), the receipts (print,
PDF, cancel), the takings report and its export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from center.errors import DomainError
from center.models import AccessPurpose
from center.privacy import personal_data_access_record, reading_purpose
from center.roles import user_agency_id
from dossiers.payments.forms import ChargeSetForm, PaymentRecordForm, ReceiptCancelForm, TakingsForm
from dossiers.payments.models import PaymentChannel
from dossiers.payments.receipts import receipt_context, receipt_pdf_response
from dossiers.payments.selectors import dossier_account, receipt_get, takings
from dossiers.payments.services import charge_set, payment_record, receipt_cancel
from dossiers.permissions import can_act, can_see
from dossiers.selectors import dossier_list
from monitoring.exports import About, Table, export_response
from procedures.models import Agency


def fees_panel(user, dossier) -> dict:
    """The dossier page's fees part: the account and the forms this user may use now."""
    account = dossier_account(dossier)
    may_record = user.has_perm("payments.record_payment") and account.due > 0
    may_charge = can_act(user, dossier, "request_payment") and dossier.status in (
        "received",
        "in_progress",
        "awaiting_payment",
    )
    return {
        "account": account,
        "record_form": PaymentRecordForm(initial={"amount": account.due}, prefix="pay") if may_record else None,
        "charge_form": ChargeSetForm(prefix="charge") if may_charge else None,
        "may_cancel": user.has_perm("payments.cancel_receipt"),
    }


def _dossier(request, code: str):
    dossier = dossier_list(user=request.user).filter(code=code).first()
    if dossier is None:
        raise Http404
    return dossier


def _submitted(request, code: str, form, service, success: str):
    """A fees form posted from the dossier page: checked, handed to `service`, answered back on the page."""
    dossier = _dossier(request, code)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors: %(errors)s") % {"errors": form.errors.as_text()})
    else:
        try:
            service(dossier=dossier, by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
    return redirect(reverse("dossier-detail", args=[dossier.code]) + "#fees")


@require_POST
@login_required
@permission_required("payments.record_payment", raise_exception=True)
def payment_record_view(request, code: str):
    form = PaymentRecordForm(request.POST, prefix="pay")
    return _submitted(request, code, form, payment_record, _("Payment recorded; its electronic receipt is issued."))


@require_POST
@login_required
@permission_required("dossiers.process_dossier", raise_exception=True)
def charge_set_view(request, code: str):
    form = ChargeSetForm(request.POST, prefix="charge")
    return _submitted(request, code, form, charge_set, _("Charge set; the applicant is told what to pay."))


def _receipt(request, pk: int):
    """The receipt, if the user may see its dossier; showing it (the payer's name and address) is recorded."""
    receipt = receipt_get(pk=pk)
    if receipt is None or not can_see(request.user, receipt.payment.dossier):
        raise Http404
    purpose = reading_purpose(request.user, AccessPurpose.SLIP_PRINTING)
    personal_data_access_record(user=request.user, dossier=receipt.payment.dossier, purpose=purpose, request=request)
    return receipt


@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def receipt_page(request, pk: int):
    receipt = _receipt(request, pk)
    context = receipt_context(receipt)
    context.update(
        pdf_url=reverse("payment-receipt-pdf", args=[pk]),
        back_url=reverse("dossier-detail", args=[receipt.payment.dossier.code]),
        back_label=_("Back to the dossier"),
        cancel_form=ReceiptCancelForm() if request.user.has_perm("payments.cancel_receipt") else None,
    )
    return render(request, "payments/receipt_page.html", context)


@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def receipt_pdf(request, pk: int):
    return receipt_pdf_response(_receipt(request, pk))


@require_POST
@login_required
@permission_required("payments.cancel_receipt", raise_exception=True)
def receipt_cancel_view(request, pk: int):
    receipt = receipt_get(pk=pk)
    if receipt is None or not can_see(request.user, receipt.payment.dossier):
        raise Http404
    form = ReceiptCancelForm(request.POST)
    page = reverse("payment-receipt", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling the receipt."))
        return redirect(page)
    try:
        receipt_cancel(receipt=receipt, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The receipt is cancelled. It is kept, marked cancelled."))
    return redirect(page)


def _takings_about(start, end, agency_id) -> About:
    """The download's heading and file name: its days and, when one is chosen, the agency."""
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    return About(
        period=f"{start:%d/%m/%Y} – {end:%d/%m/%Y}",
        filters=((str(_("Agency")), agency.name),) if agency else (),
        slug="_".join([f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}", *([agency.code] if agency else [])]),
    )


def _takings_table(rows, start, end) -> Table:
    return Table(
        name="thu-phi-le-phi",
        title=str(_("Takings")),
        columns=[
            _("Day"),
            _("Agency"),
            _("Procedure code"),
            _("Procedure"),
            _("Channel"),
            _("Payments"),
            _("Amount (VND)"),
            _("Of which to be refunded (VND)"),
        ],  # fmt: skip
        rows=[
            [
                r.day,
                r.agency,
                r.procedure_code,
                r.procedure,
                r.channel_label,
                r.count,
                r.amount,
                r.refund_due,
            ]  # fmt: skip
            for r in rows
        ],
    )


@login_required
@permission_required("payments.view_takings", raise_exception=True)
def takings_page(request):
    """Money received per day, agency, procedure and channel; ?format=xlsx|csv downloads the same table. An
    agency's staff see their own agency's."""
    form = TakingsForm(request.GET or None)
    start, end = form.period()
    agency_id = user_agency_id(request.user)
    if agency_id is None and form.is_valid() and form.cleaned_data.get("agency"):
        agency_id = form.cleaned_data["agency"].pk
    rows = takings(start=start, end=end, agency_id=agency_id)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "csv"):
        return export_response(_takings_table(rows, start, end), fmt, _takings_about(start, end, agency_id))
    by_channel = {}
    for row in rows:
        by_channel[row.channel] = by_channel.get(row.channel, 0) + row.amount
    context = {
        "form": form,
        "rows": rows,
        "start": start,
        "end": end,
        "channels": [(label, by_channel.get(value, 0)) for value, label in PaymentChannel.choices],
        "total": sum(r.amount for r in rows),
        "count": sum(r.count for r in rows),
        "query": request.GET.urlencode(),
    }
    return render(request, "payments/takings.html", context)
