"""Bad input on every page: garbage query strings and forms get a 4xx or the page again, never a 500,
and nothing is written."""

import pytest

from center import roles
from dossiers import services
from dossiers.models import Dossier, DossierEvent
from monitoring.models import Feedback
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GARBAGE = {
    "page": "-1'",
    "q": "<script>alert(1)</script>" + "đ" * 600,
    "status": "nonsense",
    "procedure": "' OR 1=1 --",
    "agency": "../../etc",
    "period": "decade",
    "from": "2026-13-45",
    "to": "yesterday",
    "received_from": "x",
    "due_to": "31/02/2026",
    "ordering": "password",
    "sort": "-applicant_id_number__gt",
    "kind": "??",
    "open": "maybe",
    "channel": "pigeon",
    "field": "%%",
    "format": "exe",
    "secret": "x" * 5000,
    "n": "99999999999999999999",
}


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )


def pages(dossier):
    code = dossier.code
    return [
        "/", f"/thu-tuc/{dossier.procedure.code}/", "/thu-tuc/khong-co/", "/tra-cuu/", f"/tra-cuu/{code}/",
        f"/tra-cuu/{code}/danh-gia/", "/lay-so/", "/bang-hien-thi/", "/bang-hien-thi/du-lieu/", "/phan-anh/",
        "/phan-anh/tra-cuu/", "/phan-anh/PA-KHONG-CO/", "/cong-khai/dung-han/", "/can-bo/", "/can-bo/tiep-nhan/",
        "/can-bo/tra-ket-qua/", f"/can-bo/ho-so/{code}/", f"/can-bo/ho-so/{code}/phieu/tiep-nhan/",
        "/can-bo/quay/", "/giam-sat/", "/giam-sat/ho-so/", "/giam-sat/qua-han/", "/giam-sat/canh-bao/",
        f"/giam-sat/co-quan/{dossier.agency.code}/", "/can-bo/phan-anh/", "/api/v1/procedures/",
        "/api/v1/dossiers/", f"/api/v1/dossiers/{code}/", f"/api/v1/public/dossiers/{code}/",
        "/api/v1/calendar/due-date/", "/api/v1/monitoring/compliance/", "/api/v1/monitoring/alerts/",
    ]  # fmt: skip


@pytest.mark.parametrize("role", [None, roles.COUNTER_STAFF, roles.CENTER_DIRECTOR, roles.AGENCY_LEAD])
def test_garbage_query_strings_never_cause_a_500(client, dossier, agency, role):
    if role:
        client.force_login(UserFactory(username=f"u_{role}", role=role, agency=agency if "agency" in role else None))
    for url in pages(dossier):
        response = client.get(url, GARBAGE)
        assert response.status_code < 500, (url, response.status_code)


POSTS = [
    ("/can-bo/tiep-nhan/", {"procedure": "' OR 1=1", "applicant_id_number": "abc", "documents": ["x", "y"]}),
    ("/can-bo/ho-so/{code}/transfer/", {"transfer-note": "x" * 100000}),
    ("/can-bo/ho-so/{code}/extend/", {"extend-new_due_date": "2026-02-31", "extend-reason": ""}),
    ("/can-bo/ho-so/{code}/nonsense/", {"a": "b"}),
    ("/can-bo/ho-so/{code}/return/", {"return-method": "carrier pigeon", "return-collected_by": ""}),
    ("/can-bo/quay/call-next/", {"counter": "-5"}),
    ("/can-bo/quay/ngoi/", {"counter": "' OR 1=1"}),
    ("/lay-so/", {"group": "999999999999999999999"}),
    ("/phan-anh/", {"topic": "??", "content": "", "sender_email": "not-an-email", "dossier_code": "'; DROP TABLE x"}),
    ("/tra-cuu/", {"code": "../../", "secret": "x" * 10000}),
    ("/tra-cuu/{code}/danh-gia/", {"secret": "wrong", "reception": "7", "attitude": "-1"}),
]


def test_garbage_forms_never_cause_a_500_and_write_nothing(client, dossier, clerk):
    client.force_login(clerk)
    before = (Dossier.objects.count(), DossierEvent.objects.count(), Feedback.objects.count())
    for url, data in POSTS:
        response = client.post(url.format(code=dossier.code), data)
        assert response.status_code < 500, (url, response.status_code)
    assert (Dossier.objects.count(), DossierEvent.objects.count(), Feedback.objects.count()) == before
    assert Dossier.objects.get().status == "received"


@pytest.mark.parametrize("url", ["/", "/can-bo/", "/api/v1/procedures/", "/phan-anh/tra-cuu/"])
def test_a_nul_character_is_refused_with_a_400(client, clerk, url):
    client.force_login(clerk)
    response = client.get(url, {"q": "dang\x00ky", "code": "\x00"})
    assert response.status_code == 400
    assert "không được phép" in response.content.decode()


def test_a_nul_character_in_a_form_writes_nothing(client, clerk, procedure):
    client.force_login(clerk)
    response = client.post("/phan-anh/", {"subject": "a\x00b", "content": "x", "sender_name": "An"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()
