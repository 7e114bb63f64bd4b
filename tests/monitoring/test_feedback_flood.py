"""Floods of the public feedback form (issue 10, item 7): repeats folded, senders and addresses limited."""

import pytest
from django.test import Client

from monitoring.feedback_intake import feedback_submit_public
from monitoring.models import Feedback
from tests.monitoring.conftest import run_together

FORM = {
    "topic": "conduct",
    "subject": "Thái độ phục vụ",
    "content": "Cán bộ quầy số 3 không hướng dẫn đầy đủ.",
    "sender_name": "Trần Thị Bình",
    "sender_phone": "0987654321",
    "sender_email": "",
    "dossier_code": "",
    "dossier_secret": "",
}


def send(client, **changes):
    return client.post("/phan-anh/", {**FORM, **changes})


def test_a_hundred_identical_feedbacks_make_one(client, db):
    answers = [send(client) for _ in range(100)]
    feedback = Feedback.objects.get()
    # Every copy is answered as the first was: sent to the first one's page, with its tracking code.
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {f"/phan-anh/{feedback.tracking_code}/"}
    # Folded copies count nothing: the sender may still send two other feedbacks this hour.
    assert send(client, content="Một việc khác.").status_code == 302
    assert send(client, content="Việc thứ ba.").status_code == 302
    assert Feedback.objects.count() == 3


def test_a_repeat_is_recognised_whatever_its_spacing_case_or_invisible_characters(client, db):
    send(client)
    again = send(client, content="  cán bộ QUẦY số 3\u200b không   hướng dẫn\nđầy đủ. ", subject="THÁI ĐỘ PHỤC VỤ")
    assert again.status_code == 302
    assert Feedback.objects.count() == 1


def test_twenty_different_feedbacks_from_one_phone_are_limited(client, db):
    answers = [send(client, content=f"Phản ánh số {n}.") for n in range(20)]
    assert [answer.status_code for answer in answers] == [302] * 3 + [429] * 17
    assert Feedback.objects.count() == 3
    refused = answers[-1]
    html = refused.content.decode()
    assert "Đã có nhiều phản ánh được gửi từ số điện thoại" in html and "60 phút" in html
    assert 0 < int(refused["Retry-After"]) <= 3600
    # What was typed stays in the form, to send later.
    assert "Phản ánh số 19." in html


def test_the_same_sender_by_email_is_limited_too(client, db):
    answers = [send(client, sender_phone="", sender_email="Binh@Example.vn", content=f"Số {n}.") for n in range(5)]
    assert [answer.status_code for answer in answers] == [302] * 3 + [429] * 2
    # A phone number added does not open a new quota for the same e-mail address.
    assert send(client, sender_phone="0912345678", sender_email="binh@example.vn", content="Khác").status_code == 429
    assert Feedback.objects.count() == 3


def test_many_honest_senders_behind_one_address_share_a_generous_ceiling(client, db):
    # One sender's flood uses up only their own quota, not the address's that neighbours share.
    for n in range(20):
        send(client, content=f"Phản ánh số {n}.")
    phones = [f"09870000{n:02d}" for n in range(20)]
    answers = [send(client, sender_phone=phone, content=f"Ý kiến của {phone}.") for phone in phones]
    # 3 from the flooder + 17 neighbours reach the address's 20 an hour; the 18th neighbour waits.
    assert [answer.status_code for answer in answers] == [302] * 17 + [429] * 3
    assert Feedback.objects.count() == 20


def test_a_limited_sender_can_send_again_when_the_hour_is_over(db, settings):
    settings.FEEDBACK_PER_SENDER_PER_HOUR = 1
    client = Client()
    assert send(client, content="Một").status_code == 302
    assert send(client, content="Hai").status_code == 429
    from django.core.cache import cache

    cache.clear()  # the hour's counts are forgotten (a Redis key expiring)
    assert send(client, content="Hai").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_identical_feedbacks_sent_at_the_same_moment_make_one():
    values = {key: FORM[key] for key in ("topic", "subject", "content", "sender_name", "sender_phone")}
    codes = run_together(lambda: feedback_submit_public(client="203.0.113.7", **values).tracking_code, 10)
    assert Feedback.objects.count() == 1
    assert set(codes) == {Feedback.objects.get().tracking_code}
