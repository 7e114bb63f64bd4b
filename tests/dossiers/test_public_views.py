"""The public tracking pages: lookup form, the QR address, identical failures, and the rate limit."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.utils import timezone
from freezegun import freeze_time

from center.people import full_name
from dossiers import services
from dossiers.models import Dossier, DossierExtension
from dossiers.presentation import public_status_url
from dossiers.workflow import DossierStatus as S
from tests.dossiers.walk import MISSING, dossier_in, receive, walk
from tests.factories import DossierFactory


@pytest.fixture
def dossier(procedure, clerk, counter):
    return receive(procedure, clerk, counter)


def qr_path(dossier) -> str:
    """The address printed on slips, without the host (the test client talks to the app directly)."""
    parts = urlsplit(public_status_url(dossier))
    return f"{parts.path}?{parts.query}"


def scrub(html: str, *values: str) -> str:
    """Remove what legitimately differs between two responses: the CSRF token and the typed code."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    for value in values:
        html = html.replace(value, "CODE")
    return html


def test_the_lookup_form_has_labelled_fields(client):
    response = client.get("/tra-cuu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_code">Mã hồ sơ' in html
    assert '<label for="id_secret">Mã tra cứu' in html
    assert 'aria-describedby="id_code_helptext"' in html


def test_the_form_opens_the_qr_address(client, dossier):
    response = client.post("/tra-cuu/", {"code": dossier.code.lower(), "secret": f" {dossier.secret.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == qr_path(dossier)


def test_the_qr_address_shows_the_status_in_plain_words(client, dossier):
    response = client.get(qr_path(dossier))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã tiếp nhận" in html
    assert "Trung tâm đã tiếp nhận hồ sơ đầy đủ của bạn" in html
    assert "Ngày hẹn trả kết quả" in html
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") in html
    assert "N. V. A." in html
    assert "noindex" in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_personal_data_is_never_on_the_page(client, dossier):
    html = client.get(qr_path(dossier)).content.decode()
    for secret_bit in ("Nguyễn Văn An", "001203004567", "0912345678", "0912 345 678"):
        assert secret_bit not in html


def test_without_a_secret_the_address_asks_for_it(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200
    assert f'value="{dossier.code}"' in response.content.decode()
    assert "Đã tiếp nhận" not in response.content.decode()


def test_wrong_code_and_wrong_secret_look_the_same(client, dossier):
    unknown = "H56.01-000101-9999"
    wrong_secret = client.get(f"/tra-cuu/{dossier.code}/?secret=ZZZZZZZZ")
    wrong_code = client.get(f"/tra-cuu/{unknown}/?secret={dossier.secret}")
    assert wrong_secret.status_code == wrong_code.status_code == 404
    # Only what was typed comes back (the code in the form, the address in the language switch).
    assert scrub(wrong_secret.content.decode(), dossier.code, "ZZZZZZZZ") == scrub(
        wrong_code.content.decode(), unknown, dossier.secret
    )
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này." in wrong_code.content.decode()
    posted_secret = client.post("/tra-cuu/", {"code": dossier.code, "secret": "ZZZZZZZZ"})
    posted_code = client.post("/tra-cuu/", {"code": unknown, "secret": dossier.secret})
    assert posted_secret.status_code == posted_code.status_code == 404
    assert scrub(posted_secret.content.decode(), dossier.code) == scrub(posted_code.content.decode(), unknown)


def test_an_empty_form_says_what_is_missing(client):
    response = client.post("/tra-cuu/", {"code": "", "secret": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()


def test_wrong_secrets_for_one_code_make_that_code_wait_longer_each_time(client, dossier, settings):
    settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER = 3
    with freeze_time(timezone.now()) as clock:
        for n in range(3):  # from three addresses: the code is counted, wherever the guesses come from
            assert (
                client.get(f"/tra-cuu/{dossier.code}/?secret=WRONG", REMOTE_ADDR=f"198.51.100.{n}").status_code == 404
            )
        slowed = client.get(qr_path(dossier))  # even the right secret must wait now
        assert slowed.status_code == 429
        assert "30 giây" in slowed.content.decode()
        assert "liên hệ Trung tâm" in slowed.content.decode()
        assert slowed["Retry-After"] == "30"
        clock.tick(31)
        assert client.get(qr_path(dossier)).status_code == 200
        client.post("/tra-cuu/", {"code": dossier.code.lower(), "secret": "WRONG"})  # as typed, the same code
        refused = client.get(qr_path(dossier))
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        clock.tick(61)
        assert client.get(qr_path(dossier)).status_code == 200


def test_typos_on_one_code_do_not_refuse_another_code_from_the_same_address(client, dossier, procedure, clerk):
    other = receive(procedure, clerk)
    for _ in range(8):
        client.get(f"/tra-cuu/{other.code}/?secret=WRONG", REMOTE_ADDR="198.51.100.1")
    assert client.get(qr_path(other), REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get(qr_path(dossier), REMOTE_ADDR="198.51.100.1").status_code == 200


def test_fifty_people_behind_the_halls_address_each_mistype_twice_and_all_get_their_page(client, procedure):
    """Issue 11: after ~6 wrong lookups from one address, a citizen with the right code and secret got 429.
    A hall's Wi-Fi puts everyone behind one address: 50 citizens, each typing a wrong secret twice (100
    failures from the address before anyone types it right), then the right one: every one gets the page."""
    dossiers = DossierFactory.create_batch(50, procedure=procedure)
    for wrong in ("ABCDEFGX", "ABCDEFGY"):
        for each in dossiers:
            response = client.post("/tra-cuu/", {"code": each.code, "secret": wrong}, REMOTE_ADDR="203.0.113.9")
            assert response.status_code == 404
    for each in dossiers:
        response = client.post("/tra-cuu/", {"code": each.code, "secret": each.secret}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302
        assert client.get(response["Location"], REMOTE_ADDR="203.0.113.9").status_code == 200


def test_an_address_past_the_ceiling_is_refused_whatever_it_asks(client, dossier, settings):
    settings.PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER = 10
    for n in range(10):  # one guess at each of many codes: no code's own count sees it
        client.get(f"/tra-cuu/H56.01-261124-{n:04d}/?secret=WRONG", REMOTE_ADDR="198.51.100.1")
    refused = client.get(qr_path(dossier), REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429
    assert "60 phút" in refused.content.decode()
    assert client.get(qr_path(dossier), REMOTE_ADDR="198.51.100.2").status_code == 200


def test_awaiting_supplement_lists_what_to_bring(client, procedure, clerk, specialist):
    dossier = dossier_in(S.AWAITING_SUPPLEMENT, procedure=procedure, clerk=clerk, specialist=specialist)
    html = client.get(qr_path(dossier)).content.decode()
    assert "Yêu cầu bổ sung" in html
    for item in MISSING:
        assert item in html
    assert "tạm dừng" in html


def test_an_extended_dossier_shows_the_apology_and_the_new_date(client, dossier, clerk, specialist):
    dossier = walk(dossier, to=S.IN_PROGRESS, clerk=clerk, specialist=specialist)
    new_due = dossier.due_at + dt.timedelta(days=7)
    services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due, reason="Cần xác minh thực địa")
    html = client.get(qr_path(dossier)).content.decode()
    assert "Chúng tôi xin lỗi vì sự chậm trễ" in html
    assert "Cần xác minh thực địa" in html
    assert timezone.localtime(new_due).strftime("%d/%m/%Y %H:%M") in html


@pytest.mark.parametrize("far", [dt.date(9999, 12, 31), dt.date(9999, 12, 30), dt.date(2101, 1, 2)])
def test_a_far_appointment_stored_before_extensions_were_bounded_still_shows(client, dossier, clerk, specialist, far):
    """Extensions to 9999-12-31 were accepted once; rows holding one must not break the page (a 500 for
    the last day Python knows, seconds of counting working days for the day before)."""
    dossier = walk(dossier, to=S.IN_PROGRESS, clerk=clerk, specialist=specialist)
    services.dossier_extend(
        dossier=dossier, by=specialist, new_due_at=dossier.due_at + dt.timedelta(days=7), reason="x"
    )
    stored = timezone.make_aware(dt.datetime.combine(far, timezone.localtime(dossier.due_at).time()))
    Dossier.objects.filter(pk=dossier.pk).update(extended_due_at=stored)
    DossierExtension.objects.filter(dossier=dossier).update(new_due_at=stored)
    response = client.get(qr_path(dossier))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{far:%d/%m/%Y}" in html
    assert "ngày làm việc" not in html.split("deadline-heading", 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(
    ("ready", "apology"),
    [
        ((2026, 11, 18, 10), False),  # early against the legal deadline (Thursday 19/11 09:00)
        ((2026, 11, 19, 8), False),  # on time
        ((2026, 11, 20, 10), True),  # late: within the extension, but after the legal deadline
    ],
)
def test_the_apology_shows_only_while_the_dossier_is_late_or_open(client, procedure, clerk, specialist, ready, apology):
    with freeze_time("2026-11-16 02:00:00"):  # Monday 09:00 local; due Thursday 09:00
        dossier = dossier_in(S.IN_PROGRESS, procedure=procedure, clerk=clerk, specialist=specialist)
        new_due = dossier.due_at + dt.timedelta(days=7)
        services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due, reason="Cần xác minh thực địa")
        open_page = client.get(qr_path(dossier)).content.decode()
    assert "Chúng tôi xin lỗi vì sự chậm trễ" in open_page
    with freeze_time(dt.datetime(*ready, tzinfo=dt.UTC) - dt.timedelta(hours=7)):
        services.dossier_resolve(dossier=dossier, by=specialist)
        html = client.get(qr_path(dossier)).content.decode()
    assert ("Chúng tôi xin lỗi vì sự chậm trễ" in html) is apology
    assert ("Cần xác minh thực địa" in html) is apology


def test_an_overdue_dossier_says_how_late(client, procedure, clerk, specialist):
    with freeze_time("2026-11-16 02:00:00"):  # Monday 09:00 local; due Thursday
        dossier = dossier_in(S.IN_PROGRESS, procedure=procedure, clerk=clerk, specialist=specialist)
    with freeze_time("2026-11-23 03:00:00"):  # the next Monday 10:00
        html = client.get(qr_path(dossier)).content.decode()
    assert "Quá hạn 2 ngày làm việc." in html


def test_a_returned_dossier_invites_a_rating(client, procedure, clerk, specialist):
    dossier = dossier_in(S.RETURNED, procedure=procedure, clerk=clerk, specialist=specialist)
    html = client.get(qr_path(dossier)).content.decode()
    assert "Đã trả kết quả" in html
    assert f"/tra-cuu/{dossier.code}/danh-gia/?secret={dossier.secret}" in html


def test_the_page_costs_a_constant_number_of_queries(
    client, procedure, clerk, specialist, django_assert_max_num_queries
):
    dossier = dossier_in(S.RETURNED, procedure=procedure, clerk=clerk, specialist=specialist)
    with django_assert_max_num_queries(12):
        assert client.get(qr_path(dossier)).status_code == 200


def test_the_page_switches_to_english(client, dossier):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(qr_path(dossier)).content.decode()
    assert "The center has received your complete dossier" in html
    assert 'lang="en"' in html


def _settled():
    """Some seconds after a change its marks are gone and pages are kept again (the limits go too)."""
    caches["default"].clear()


def test_the_cached_page_follows_the_clock_the_dossier_the_rating_and_the_language(
    client, procedure, clerk, specialist, django_assert_num_queries
):
    """The page's main part is kept ready (dossiers/public_answers.py); nothing it shows may lag behind."""
    from dossiers.ratings import dossier_rate

    def days_left(html: str) -> int:
        return int(re.search(r"Còn (\d+) ngày làm việc\.", html).group(1))

    def ready_page() -> str:
        with django_assert_num_queries(0):  # neither the dossier nor the session is read
            return client.get(qr_path(dossier)).content.decode()

    with freeze_time("2026-11-16 02:00:00"):  # Monday 09:00 local
        dossier = dossier_in(S.IN_PROGRESS, procedure=procedure, clerk=clerk, specialist=specialist)
        _settled()
        monday = days_left(client.get(qr_path(dossier)).content.decode())
        assert days_left(ready_page()) == monday
    with freeze_time("2026-11-17 03:00:00"):  # Tuesday: one working day less, though still kept in Redis
        assert days_left(client.get(qr_path(dossier)).content.decode()) == monday - 1
        dossier = services.dossier_resolve(dossier=dossier, by=specialist)
        dossier = services.dossier_return(dossier=dossier, by=clerk, collected_by="Nguyễn Văn An", method="counter")
        _settled()
        html = client.get(qr_path(dossier)).content.decode()
        assert "Đã trả kết quả" in html and "Đánh giá dịch vụ</a>" in html
        assert ready_page().partition("<main")[2] == html.partition("<main")[2]  # the header has a fresh CSRF token
        dossier_rate(dossier=dossier, secret=dossier.secret, reception=3, attitude=3, timeliness=3, clarity=3, result=3)
        html = client.get(qr_path(dossier)).content.decode()
        assert "Cảm ơn" in html and "Đánh giá dịch vụ</a>" not in html
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert "Your result has been handed over." in client.get(qr_path(dossier)).content.decode()


def test_a_signed_in_visitor_neither_gets_nor_leaves_the_ready_page(client, procedure, clerk, specialist):
    from django.test import Client

    dossier = dossier_in(S.IN_PROGRESS, procedure=procedure, clerk=clerk, specialist=specialist)
    _settled()
    staff = Client()
    staff.force_login(clerk)
    assert full_name(clerk) in staff.get(qr_path(dossier)).content.decode()  # built for them, not kept
    citizen = client.get(qr_path(dossier)).content.decode()  # built and kept
    assert full_name(clerk) not in citizen and "Đăng nhập cán bộ" in citizen
    assert full_name(clerk) in staff.get(qr_path(dossier)).content.decode()  # still their own header


def test_a_message_waiting_for_the_visitor_is_shown(client, procedure, clerk, specialist):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    dossier = dossier_in(S.RETURNED, procedure=procedure, clerk=clerk, specialist=specialist)
    _settled()
    client.get(qr_path(dossier))  # kept ready
    waiting = CookieStorage(RequestFactory().get("/"))._encode([Message(constants.INFO, "Một lời nhắn đang chờ")])
    client.cookies[CookieStorage.cookie_name] = waiting
    assert "Một lời nhắn đang chờ" in client.get(qr_path(dossier)).content.decode()  # built afresh for it

    form = {"reception": "3", "attitude": "3", "timeliness": "3", "clarity": "3", "result": "3"}
    page = client.post(f"/tra-cuu/{dossier.code}/danh-gia/", {**form, "secret": dossier.secret}, follow=True)
    html = page.content.decode()
    assert "Cảm ơn bạn. Đánh giá của bạn đã được ghi nhận." in html and "Đánh giá dịch vụ</a>" not in html


def test_the_ready_page_carries_each_visitors_own_working_csrf_token(procedure, clerk, specialist):
    from django.test import Client

    dossier = dossier_in(S.IN_PROGRESS, procedure=procedure, clerk=clerk, specialist=specialist)
    _settled()
    Client().get(qr_path(dossier))  # someone else's visit keeps the page
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(qr_path(dossier)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "csrf-token-to-fill-in" not in html and "csrftoken" in visitor.cookies
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": qr_path(dossier), "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    english = visitor.get(qr_path(dossier)).content.decode()
    assert 'lang="en"' in english and "The competent agency is processing your dossier." in english


def test_only_the_receipts_own_address_is_kept(client, dossier, django_assert_max_num_queries):
    """An address with more in it than the QR code's is answered, but not kept: the kept page's language
    switch returns to the QR code's address."""
    _settled()
    client.get(qr_path(dossier) + "&from=sms")
    # The page: the dossier, its events, pauses, fees, files and forecast (the bound keeps it from growing).
    with django_assert_max_num_queries(11) as first:
        client.get(qr_path(dossier))
    assert len(first.captured_queries) > 0  # not kept by the visit above
    with django_assert_max_num_queries(0):
        html = client.get(qr_path(dossier) + "&from=sms").content.decode()  # kept now: any plain visitor reads it
    assert f'name="next" type="hidden" value="{qr_path(dossier)}"' in html
