"""The public API lookup shares the page's limits on failed lookups (per code, per address)."""

import pytest

from tests.dossiers.walk import receive


@pytest.fixture
def dossier(procedure, clerk):
    return receive(procedure, clerk)


def test_repeated_failures_on_the_api_are_refused_with_429(api, dossier, settings):
    settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER = 2
    url = f"/api/v1/public/dossiers/{dossier.code}/"
    assert api.get(url, {"secret": "WRONG1"}).status_code == 404
    assert api.get(url, {"secret": "WRONG2"}).status_code == 404
    slowed = api.get(url, {"secret": dossier.secret})
    assert slowed.status_code == 429
    assert "giây" in slowed.json()["detail"]
    assert int(slowed["Retry-After"]) > 0


def test_api_and_page_count_towards_the_same_limit(api, client, dossier, settings):
    settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER = 2
    client.get(f"/tra-cuu/{dossier.code}/?secret=WRONG1")
    api.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": "WRONG2"})
    assert client.get(f"/tra-cuu/{dossier.code}/?secret={dossier.secret}").status_code == 429


def test_successful_api_lookups_are_not_limited(api, dossier, settings):
    settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER = 1
    settings.PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER = 1
    for _ in range(5):
        assert api.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": dossier.secret}).status_code == 200


@pytest.mark.parametrize("status", ["received", "awaiting_supplement", "returned"])
def test_the_hand_built_answer_equals_the_documented_serializer(status, procedure, clerk, specialist):
    from dossiers.selectors import dossier_public_get
    from dossiers.serializers import PublicDossierOutput, public_dossier_payload
    from tests.dossiers.walk import dossier_in

    made = dossier_in(status, procedure=procedure, clerk=clerk, specialist=specialist)
    dossier = dossier_public_get(code=made.code, secret=made.secret)
    assert public_dossier_payload(dossier) == PublicDossierOutput(dossier).data


def test_a_change_to_the_dossier_shows_at_once_despite_the_cache(api, dossier, clerk):
    from dossiers import services

    url = f"/api/v1/public/dossiers/{dossier.code}/"
    assert api.get(url, {"secret": dossier.secret}).json()["status"] == "received"
    assert api.get(url, {"secret": dossier.secret}).json()["status"] == "received"  # now from the cache
    services.dossier_transfer(dossier=dossier, by=clerk)
    answer = api.get(url, {"secret": dossier.secret}).json()
    assert answer["status"] == "in_progress" and answer["timeline"][-1]["kind"] == "transfer"


def test_asked_for_the_first_time_the_dossier_is_read_in_two_queries(api, dossier, django_assert_num_queries):
    """The dossier with its procedure and agencies found by its code in one read, then its events (a rating
    is read only for a returned dossier, the one kind that can have one); a wrong secret stops after the
    first."""
    url = f"/api/v1/public/dossiers/{dossier.code}/"
    with django_assert_num_queries(2):
        assert api.get(url, {"secret": dossier.secret}).status_code == 200
    with django_assert_num_queries(1):
        assert api.get(url, {"secret": "WRONG234"}).status_code == 404


def test_asked_again_the_answer_comes_ready_without_a_database_query(api, dossier, django_assert_num_queries):
    url = f"/api/v1/public/dossiers/{dossier.code}/"
    first = api.get(url, {"secret": dossier.secret.lower()})  # typed as it comes: the receipt's form is kept
    with django_assert_num_queries(0):
        again = api.get(url, {"secret": dossier.secret})
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert again.content == first.content


def test_each_language_has_its_own_ready_answer(api, dossier):
    url = f"/api/v1/public/dossiers/{dossier.code}/"
    vietnamese = api.get(url, {"secret": dossier.secret}, HTTP_ACCEPT_LANGUAGE="vi").json()["status_label"]
    english = api.get(url, {"secret": dossier.secret}, HTTP_ACCEPT_LANGUAGE="en").json()["status_label"]
    assert (vietnamese, english) == ("Đã tiếp nhận", "Received")
    assert api.get(url, {"secret": dossier.secret}, HTTP_ACCEPT_LANGUAGE="vi").json()["status_label"] == vietnamese


def test_a_wrong_secret_is_not_answered_from_another_lookups_ready_answer(api, dossier):
    url = f"/api/v1/public/dossiers/{dossier.code}/"
    assert api.get(url, {"secret": dossier.secret}).status_code == 200
    assert api.get(url, {"secret": "WRONG1"}).status_code == 404


def test_an_answer_read_before_a_change_is_not_kept_after_it(dossier, clerk):
    """A lookup that read the dossier just before a change and keeps its answer just after it: the change's
    mark wins, and the next lookup reads the database."""
    from dossiers import services
    from dossiers.public_answers import api_answer_build, api_answer_key
    from dossiers.selectors import dossier_public_get

    read = dossier_public_get(code=dossier.code, secret=dossier.secret)  # read before the change
    services.dossier_transfer(dossier=dossier, by=clerk)
    key = api_answer_key(dossier.code, dossier.secret, "vi")
    assert b'"received"' in api_answer_build(read, key)  # what that lookup answers: it read before
    from django.test import RequestFactory

    from center import ratelimit

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.70")
    assert ratelimit.ready_answer(ratelimit.public_lookup(), request, key=key) is None


def test_the_cache_holds_no_lookup_secret(api, dossier):
    from django.core.cache import caches

    api.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": dossier.secret})
    keys = b" ".join(caches["default"]._cache.get_client().keys("*"))
    assert keys and dossier.secret.encode() not in keys


def test_the_public_path_never_reads_the_applicants_contact_or_id(dossier):
    from dossiers.selectors import dossier_public_get

    loaded = dossier_public_get(code=dossier.code, secret=dossier.secret)
    personal = {"applicant_id_number", "applicant_phone", "applicant_email", "applicant_address"}
    assert personal <= loaded.get_deferred_fields()


def test_without_redis_lookups_are_kept_ready_and_follow_changes(
    api, client, dossier, clerk, settings, django_assert_num_queries
):
    """`make run` has no Redis: ready answers live in Django's local-memory cache, with the same rules."""
    from dossiers import services

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "make-run"},
        "optional": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "make-run-optional"},
    }
    url = f"/api/v1/public/dossiers/{dossier.code}/"
    page = f"/tra-cuu/{dossier.code}/?secret={dossier.secret}"
    assert api.get(url, {"secret": dossier.secret}).json()["status"] == "received"
    assert "Trung tâm đã tiếp nhận" in client.get(page).content.decode()
    with django_assert_num_queries(0):  # both kept ready
        api.get(url, {"secret": dossier.secret})
        client.get(page)
    services.dossier_transfer(dossier=dossier, by=clerk)
    assert api.get(url, {"secret": dossier.secret}).json()["status"] == "in_progress"
    assert "Cơ quan có thẩm quyền đang giải quyết hồ sơ của bạn." in client.get(page).content.decode()
