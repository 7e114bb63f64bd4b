"""The satisfaction rating: only after the result is returned, with the secret, once per dossier."""

import threading

import pytest
from django.db import connections

from center.errors import Conflict, InvalidInput, NotAllowed
from dossiers.models import SatisfactionRating
from dossiers.ratings import dossier_rate
from dossiers.workflow import DossierStatus as S
from tests.dossiers.walk import dossier_in

SCORES = {"reception": 3, "attitude": 3, "timeliness": 2, "clarity": 3, "result": 3}
FORM = {**{name: str(value) for name, value in SCORES.items()}, "comment": "Cán bộ hướng dẫn tận tình"}


@pytest.fixture
def returned(procedure, clerk, specialist):
    return dossier_in(S.RETURNED, procedure=procedure, clerk=clerk, specialist=specialist)


def rate_url(dossier) -> str:
    return f"/tra-cuu/{dossier.code}/danh-gia/"


def test_a_returned_dossier_is_rated(returned):
    rating = dossier_rate(dossier=returned, secret=returned.secret.lower(), comment=" Tốt ", **SCORES)
    assert rating.dossier == returned
    assert rating.overall == 2  # the lowest answer
    assert rating.comment == "Tốt"


def test_a_second_rating_is_refused_and_the_first_kept(returned):
    dossier_rate(dossier=returned, secret=returned.secret, **SCORES)
    with pytest.raises(Conflict, match="đã được đánh giá"):
        dossier_rate(dossier=returned, secret=returned.secret, **{**SCORES, "attitude": 1})
    assert SatisfactionRating.objects.get().attitude == 3


@pytest.mark.parametrize("status", [S.RECEIVED, S.IN_PROGRESS, S.RESULT_READY, S.STOPPED])
def test_only_a_returned_dossier_can_be_rated(procedure, clerk, specialist, status):
    dossier = dossier_in(status, procedure=procedure, clerk=clerk, specialist=specialist)
    with pytest.raises(Conflict):
        dossier_rate(dossier=dossier, secret=dossier.secret, **SCORES)
    assert not SatisfactionRating.objects.exists()


def test_the_secret_is_required(returned):
    with pytest.raises(NotAllowed):
        dossier_rate(dossier=returned, secret="WRONGONE", **SCORES)
    assert not SatisfactionRating.objects.exists()


@pytest.mark.parametrize("bad", [0, 4, None])
def test_answers_must_be_on_the_three_level_scale(returned, bad):
    with pytest.raises(InvalidInput) as error:
        dossier_rate(dossier=returned, secret=returned.secret, **{**SCORES, "clarity": bad})
    assert error.value.field == "clarity"
    assert not SatisfactionRating.objects.exists()


def test_a_comment_has_a_length_limit(returned):
    with pytest.raises(InvalidInput):
        dossier_rate(dossier=returned, secret=returned.secret, comment="x" * 2001, **SCORES)


@pytest.mark.django_db(transaction=True)
def test_two_ratings_at_the_same_moment_store_one(procedure, clerk, specialist):
    returned = dossier_in(S.RETURNED, procedure=procedure, clerk=clerk, specialist=specialist)
    outcomes = []
    start = threading.Barrier(2)

    def rate():
        start.wait()
        try:
            dossier_rate(dossier=returned, secret=returned.secret, **SCORES)
            outcomes.append("stored")
        except Conflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert SatisfactionRating.objects.count() == 1


# --- the page ------------------------------------------------------------------------------------


def test_the_rating_page_asks_five_questions_on_the_three_level_scale(client, returned):
    response = client.get(rate_url(returned), {"secret": returned.secret})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 5
    assert html.count('type="radio"') == 15
    for label in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        assert label in html
    assert '<label for="id_comment">' in html


def test_rating_through_the_page_then_a_second_try_is_refused(client, returned):
    response = client.post(rate_url(returned), {**FORM, "secret": returned.secret})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{returned.code}/?secret={returned.secret}"
    assert SatisfactionRating.objects.get(dossier=returned).comment == "Cán bộ hướng dẫn tận tình"
    page = client.get(response["Location"]).content.decode()
    assert "Cảm ơn" in page
    assert "Đánh giá dịch vụ</a>" not in page
    again = client.post(rate_url(returned), {**FORM, "attitude": "1", "secret": returned.secret})
    assert again.status_code == 409
    assert "đã được đánh giá" in again.content.decode()
    assert SatisfactionRating.objects.get().attitude == 3


def test_an_incomplete_rating_form_is_refused_with_a_message(client, returned):
    response = client.post(rate_url(returned), {"reception": "3", "secret": returned.secret})
    assert response.status_code == 400
    assert "Hãy chọn một câu trả lời cho câu hỏi này." in response.content.decode()
    assert not SatisfactionRating.objects.exists()


def test_the_page_says_when_rating_is_not_yet_possible(client, procedure, clerk, specialist):
    dossier = dossier_in(S.RESULT_READY, procedure=procedure, clerk=clerk, specialist=specialist)
    html = client.get(rate_url(dossier), {"secret": dossier.secret}).content.decode()
    assert "sau khi nhận kết quả" in html
    assert 'type="radio"' not in html
    response = client.post(rate_url(dossier), {**FORM, "secret": dossier.secret})
    assert response.status_code == 409
    assert not SatisfactionRating.objects.exists()


def test_a_wrong_secret_rates_nothing_and_counts_as_a_failure(client, returned, settings):
    settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER = 1
    response = client.post(rate_url(returned), {**FORM, "secret": "WRONGONE"})
    assert response.status_code == 404
    assert not SatisfactionRating.objects.exists()
    assert client.get(rate_url(returned), {"secret": returned.secret}).status_code == 429
