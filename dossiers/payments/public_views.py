"""The citizen's payment pages: pay a dossier's fees online, come back from the gateway, download a receipt.

The payment page is opened with the dossier's code and lookup secret, like the tracking page (and through
the same limits). The gateway sends the browser back to `payment_return` with its signed answer, which is
checked and recorded exactly as its server-to-server notification is (whichever arrives first).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from center.errors import DomainError
from center.ratelimit import client_address
from dossiers.payments.gateways import get_gateway
from dossiers.payments.models import PaymentStatus
from dossiers.payments.public import (
    can_pay_online,
    payment_page_url,
    public_fees,
    receipt_from_token,
    receipt_public_url,
)
from dossiers.payments.receipts import receipt_pdf_response
from dossiers.payments.selectors import dossier_account, receipt_get
from dossiers.payments.services import payment_answer_process, payment_start
from dossiers.public_status import public_status
from dossiers.public_views import dossier_from_request, tracking_url

# Session key: payment reference -> the tracking page to go back to (the gateway never sees the secret).
_BACK = "payments_back"


@never_cache
@require_http_methods(["GET", "POST"])
def payment_page(request, code: str):
    """The fees owed and "Pay online" (POST: start the payment and go to the gateway's page)."""
    dossier, secret, answer = dossier_from_request(request, code)
    if answer is not None:
        return answer
    status = 200
    if request.method == "POST":
        try:
            payment, url = payment_start(dossier=dossier)
        except DomainError as error:
            messages.error(request, error.message)
            status = error.http_status
        else:
            back = request.session.get(_BACK, {})
            back[payment.reference] = {
                "track": tracking_url(dossier.code, secret),
                "pay": payment_page_url(dossier, secret),
            }
            request.session[_BACK] = dict(list(back.items())[-10:])
            return redirect(url)
    account = dossier_account(dossier)
    context = {
        "s": public_status(dossier),
        "fees": public_fees(dossier, secret, account),
        "can_pay": can_pay_online(dossier, account),
        "secret": secret,
        "back_url": tracking_url(dossier.code, secret),
    }
    response = render(request, "payments/public/pay.html", context, status=status)
    # The form's answer is a redirect to the gateway's page: the policy's form-action must allow it.
    response._csp_update = {"form-action": get_gateway().browser_origins()}  # django-csp's per-response update
    return response


@never_cache
@require_GET
def payment_return(request, provider: str):
    """Where the gateway sends the browser back, with its signed answer: the outcome in plain words."""
    verdict = payment_answer_process(
        provider=provider, params=request.GET.dict(), source="return", remote_addr=client_address(request)
    )
    payment = verdict.payment
    back = request.session.get(_BACK, {}).get(payment.reference, {}) if payment else {}
    context = {"verdict": verdict, "payment": payment, "back": back}
    if verdict.refused or payment is None:
        return render(request, "payments/public/return.html", context, status=400)
    payment.refresh_from_db()
    receipt = getattr(payment, "receipt", None) if payment.status == PaymentStatus.PAID else None
    context.update(
        paid=payment.status == PaymentStatus.PAID,
        receipt=receipt,
        receipt_url=receipt_public_url(receipt) if receipt else "",
        status_label=payment.dossier.get_status_display(),
    )
    return render(request, "payments/public/return.html", context)


@never_cache
@require_GET
def receipt_public_pdf(request, token: str) -> HttpResponse:
    """A receipt's PDF for the citizen, by the signed link on their pages."""
    pk = receipt_from_token(token)
    receipt = receipt_get(pk=pk) if pk is not None else None
    if receipt is None:
        raise Http404(_("No such receipt."))
    return receipt_pdf_response(receipt)
