"""Every kind of page works under the Content-Security-Policy: no script or style is refused."""

import pytest

from center import roles
from dossiers import services
from tests.browser.conftest import login
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def refused(page):
    """Console messages in which the browser says it refused something because of the policy."""
    messages = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


def test_public_pages_and_api_docs_run_under_the_policy(page, refused, procedure):
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"/thu-tuc/{procedure.code}/")
    page.goto("/bang-hien-thi/")
    page.wait_for_timeout(2500)  # one poll of the board's data
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert refused == []


def test_staff_slip_and_dashboard_run_under_the_policy(page, refused, procedure, clerk):
    dossier = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )
    login(page, "clerk")
    page.goto(f"/can-bo/ho-so/{dossier.code}/phieu/tiep-nhan/")
    page.evaluate("window.print = () => { document.body.dataset.printed = '1'; }")
    page.click("#print-slip")
    assert page.evaluate("document.body.dataset.printed") == "1"
    page.context.clear_cookies()
    UserFactory(username="giamdoc", role=roles.CENTER_DIRECTOR)
    login(page, "giamdoc")
    page.goto("/giam-sat/")
    assert page.locator("svg").count() > 0
    assert refused == []
