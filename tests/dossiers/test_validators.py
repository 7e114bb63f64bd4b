"""Text from people is normalised once (dossiers/validators.py) and then checked, whichever way it comes in
(the API, a page, a service): numbers in any script's digits are stored as ASCII digits, invisible-only text
is refused and changes nothing, and direction overrides never reach a stored name."""

import uuid

import pytest
from django.urls import reverse

from center.errors import InvalidInput
from counters import services as counter_services
from counters.models import CounterSlip, SlipKind
from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.validators import clean_name, clean_text, normalize_digits, normalize_phone
from monitoring import feedback as fb
from monitoring.models import Feedback

pytestmark = pytest.mark.django_db

FULLWIDTH_ID, FULLWIDTH_PHONE = "００１２０３００４５６７", "０９１２３４５６７８"
ARABIC_INDIC_ID, ARABIC_INDIC_PHONE = "٠٠١٢٠٣٠٠٤٥٦٧", "٠٩١٢٣٤٥٦٧٨"
INVISIBLE = "\u200b\u200d\u2060\ufeff\u202e\u2066"
RLO_NAME = "\u202eNguyễn Văn An\u202c"  # U+202E makes the name read right to left on a slip


def test_clean_text_keeps_what_is_seen_and_drops_what_is_not():
    assert clean_text(INVISIBLE) == ""
    assert clean_text("  Trần\u200b  Thị\u00a0Bình \u2069") == "Trần Thị Bình"
    assert clean_text("Nguye\u0302\u0303n") == "Nguyễn"  # combining marks composed: one spelling to search
    assert clean_text("Thửa đất 120 m², ½ diện tích") == "Thửa đất 120 m², ½ diện tích"  # prose keeps its meaning
    assert clean_text(" a \r\n\u200b\n b\t c ", multiline=True) == "a\n\nb c"
    assert clean_name("Ｎguyễn\u202e Văn An") == "Nguyễn Văn An"
    assert clean_text("\ud800x") == "x"  # a lone surrogate (from a JSON escape) PostgreSQL would refuse


def test_numbers_in_any_script_become_ascii_digits():
    assert normalize_digits(FULLWIDTH_ID) == normalize_digits(ARABIC_INDIC_ID) == "001203004567"
    assert normalize_digits("००१२\u200b") == "0012"  # Devanagari, with a zero-width space
    assert normalize_phone("＋８４ ９１２.３４５.６７８") == "0912345678"  # the country code as the leading 0


# --- the API ---------------------------------------------------------------------------------------------


def receive_payload(procedure, **changes):
    return {
        "procedure": procedure.code,
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001203004567",
        "applicant_phone": "0912345678",
        **changes,
    }


@pytest.mark.parametrize(
    ("id_number", "phone"), [(FULLWIDTH_ID, FULLWIDTH_PHONE), (ARABIC_INDIC_ID, ARABIC_INDIC_PHONE)]
)
def test_the_api_stores_numbers_as_ascii_digits(api_as, clerk, procedure, id_number, phone):
    answer = api_as(clerk).post(
        "/api/v1/dossiers/",
        receive_payload(procedure, applicant_id_number=id_number, applicant_phone=phone),
        format="json",
    )

    assert answer.status_code == 201, answer.json()
    dossier = Dossier.objects.get()
    assert (dossier.applicant_id_number, dossier.applicant_phone) == ("001203004567", "0912345678")


def test_the_api_refuses_an_invisible_name_and_strips_overrides(api_as, clerk, procedure):
    api = api_as(clerk)
    refused = api.post("/api/v1/dossiers/", receive_payload(procedure, applicant_name=INVISIBLE), format="json")
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"applicant_name"}
    assert not Dossier.objects.exists()

    taken = api.post(
        "/api/v1/dossiers/",
        receive_payload(procedure, applicant_name=RLO_NAME, applicant_address="\u202e12 Lê Lợi"),
        format="json",
    )
    assert taken.status_code == 201
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_address) == ("Nguyễn Văn An", "12 Lê Lợi")


@pytest.fixture
def dossier(procedure, clerk):
    """With the agency (received, then transferred): its specialist may refuse it or ask for supplements."""
    received = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )
    return services.dossier_transfer(dossier=received, by=clerk)


def assert_unchanged(dossier):
    dossier.refresh_from_db()
    assert dossier.status == "in_progress"
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_an_invisible_refusal_reason_stops_nothing(api_as, specialist, dossier):
    api = api_as(specialist)
    answer = api.post(
        f"/api/v1/dossiers/{dossier.code}/refuse/", {"reason": "\u200b", "version": dossier.version}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["detail"] == "Hãy nêu lý do từ chối hồ sơ."
    assert_unchanged(dossier)


# --- the pages -------------------------------------------------------------------------------------------


def test_the_refusal_page_refuses_an_invisible_reason(client, specialist, dossier):
    client.force_login(specialist)
    page = client.post(
        reverse("dossier-action", args=[dossier.code, "refuse"]),
        {"refuse-reason": "\u200b", "version": dossier.version},
    )

    assert page.status_code == 400
    assert "Trường này là bắt buộc." in page.content.decode()
    assert_unchanged(dossier)


def test_the_receive_page_stores_ascii_digits_and_a_clean_name(client, clerk, procedure):
    client.force_login(clerk)
    form = {
        "procedure": procedure.code,
        "receipt_token": str(uuid.uuid4()),
        "documents": [str(doc.pk) for doc in procedure.documents.all()],
        "applicant_name": RLO_NAME,
        "applicant_id_number": ARABIC_INDIC_ID,
        "applicant_phone": FULLWIDTH_PHONE,
        "decision": "receive",
    }
    refused = client.post("/can-bo/tiep-nhan/", {**form, "applicant_name": INVISIBLE})
    assert refused.status_code == 400 and not Dossier.objects.exists()

    assert client.post("/can-bo/tiep-nhan/", form).status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone) == (
        "Nguyễn Văn An",
        "001203004567",
        "0912345678",
    )


# --- the services, whoever calls them ----------------------------------------------------------------------


def test_services_normalise_and_refuse_invisible_text(procedure, clerk, specialist, dossier):
    received = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant(RLO_NAME, FULLWIDTH_ID, ARABIC_INDIC_PHONE), by=clerk
    )
    assert (received.applicant_name, received.applicant_id_number, received.applicant_phone) == (
        "Nguyễn Văn An",
        "001203004567",
        "0912345678",
    )
    with pytest.raises(InvalidInput) as refused:
        services.dossier_receive(
            procedure=procedure, applicant=services.Applicant(INVISIBLE, "001203004567", "0912345678"), by=clerk
        )
    assert refused.value.field == "applicant_name"
    with pytest.raises(InvalidInput):
        services.dossier_refuse(dossier=dossier, by=specialist, reason="\u200b\u202e")
    with pytest.raises(InvalidInput):
        services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["\u200b", "\u2066"])
    assert_unchanged(dossier)

    services.dossier_request_supplement(
        dossier=dossier, by=specialist, missing=["\u202eBản sao\u200b sổ đỏ"], note="\u200b"
    )
    assert dossier.pauses.get().items == ["Bản sao sổ đỏ"]
    assert DossierEvent.objects.filter(dossier=dossier).latest("at").note == ""


def test_a_counter_slip_stores_clean_text(procedure, clerk):
    common = {"kind": SlipKind.REFUSAL, "procedure": procedure, "by": clerk}
    with pytest.raises(InvalidInput):
        counter_services.counter_slip_issue(**common, applicant_name="Trần Bình", reason="\u200b")
    with pytest.raises(InvalidInput):
        counter_services.counter_slip_issue(**common, applicant_name=INVISIBLE, reason="Ngoài thẩm quyền")
    assert not CounterSlip.objects.exists()

    slip = counter_services.counter_slip_issue(
        **common, applicant_name=RLO_NAME, applicant_phone=ARABIC_INDIC_PHONE, reason="Ngoài thẩm quyền"
    )
    assert (slip.applicant_name, slip.applicant_phone) == ("Nguyễn Văn An", "0912345678")


def test_feedback_stores_ascii_phones_and_refuses_invisible_text(client):
    sender = {"topic": "delay", "subject": "Hồ sơ chậm", "content": "Quá hẹn ba ngày.", "sender_name": "Trần Bình"}
    for blank in ("subject", "content", "sender_name"):
        with pytest.raises(InvalidInput) as refused:
            fb.feedback_submit(**{**sender, blank: INVISIBLE}, sender_phone="0912345678")
        assert refused.value.field == blank
    page = client.post("/phan-anh/", {**sender, "content": "\u200b", "sender_phone": "0912345678"})
    assert page.status_code == 400
    assert not Feedback.objects.exists()

    feedback = fb.feedback_submit(**{**sender, "sender_name": RLO_NAME}, sender_phone=FULLWIDTH_PHONE)
    assert (feedback.sender_name, feedback.sender_phone) == ("Nguyễn Văn An", "0912345678")
