"""A citizen pays online through the sandbox gateway (a real separate process) in a real browser: from the
tracking page to the gateway's page and back; the gateway's server-to-server notification reaches the live
portal, the dossier awaiting payment resumes, and the electronic receipt downloads as a PDF."""

import pytest

from dossiers import services
from dossiers.models import DossierEvent
from dossiers.payments.models import Payment, PaymentStatus
from dossiers.payments.services import charge_set
from dossiers.public_views import tracking_url
from dossiers.workflow import DossierStatus as S

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
APPLICANT = services.Applicant(name="Trần Thị Bình", id_number="079190001234", phone="0912345678")


def test_citizen_pays_online_the_dossier_resumes_and_the_receipt_downloads(
    page, live_server, settings, sandbox_gateway, procedure, clerk, counter, specialist, screenshot
):
    settings.PUBLIC_BASE_URL = live_server.url  # where the gateway notifies and sends the browser back
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    charge_set(dossier=dossier, by=specialist, kind="charge", description="Lệ phí cấp giấy", amount=100_000)

    page.goto(tracking_url(dossier.code, dossier.secret))
    assert page.locator("#fees-due").inner_text() == "150.000 đ"
    page.click("#pay-online")
    page.click("#pay-start")
    page.wait_for_url(f"{sandbox_gateway['url']}/pay/*")
    assert page.locator("#amount").inner_text() == "150.000 VND"
    screenshot(page, "payment-gateway-page")
    page.click("#approve")
    page.wait_for_selector("#payment-paid")
    screenshot(page, "payment-returned")

    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == PaymentStatus.PAID
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROGRESS
    # The server-to-server notification came first (the gateway sends it before redirecting the browser).
    assert list(payment.notifications.order_by("id").values_list("source", "verdict")) == [
        ("notify", "accepted"),
        ("return", "duplicate"),
    ]
    assert DossierEvent.objects.filter(dossier=dossier, kind="payment_received", actor=None).count() == 1

    with page.expect_download() as download:
        page.click("#receipt-download")
    path = download.value.path()
    assert download.value.suggested_filename.endswith(f"-{payment.receipt.display_number}.pdf")
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.click("#back-to-dossier")
    assert page.locator("#fees-due").inner_text() == "0 đ"
    assert page.locator(".receipt-link").count() == 1
    assert not page.locator("#pay-online").count()
