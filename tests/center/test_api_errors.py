"""Every error the API answers, whoever produces it (a serializer, DRF, Django's request parsing, a URL that
matches nothing, a crash), is the JSON `Error` body that the OpenAPI description documents."""

import jsonschema
import pytest
from django.test import Client

from dossiers import services

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def error_schema(schema):
    """The `Error` component, closed: a key it does not describe is an error too."""
    return {**schema["components"]["schemas"]["Error"], "additionalProperties": False}


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )


@pytest.fixture
def small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10


def assert_error_body(response, status, error_schema):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    jsonschema.validate(body, error_schema)
    return body


def test_nested_field_errors_are_named_by_their_path(api_as, clerk, dossier, error_schema):
    answer = api_as(clerk).post(
        f"/api/v1/dossiers/{dossier.code}/request-supplement/",
        {"missing": ["", "ok"], "version": dossier.version},
        format="json",
    )

    body = assert_error_body(answer, 400, error_schema)
    assert body["errors"] == {"missing.0": ["Trường này không được bỏ trống."]}
    assert body["detail"] == "Trường này không được bỏ trống."
    dossier.refresh_from_db()
    assert dossier.status == "received"


def test_a_body_over_the_size_limit_is_a_413(api_as, clerk, small_limits, schema, error_schema):
    api = api_as(clerk)
    as_json = api.post("/api/v1/dossiers/", {"applicant_name": "x" * 5000}, format="json")
    as_form = api.post(
        "/api/v1/dossiers/", "applicant_name=" + "x" * 5000, content_type="application/x-www-form-urlencoded"
    )

    for answer in (as_json, as_form):
        body = assert_error_body(answer, 413, error_schema)
        assert "quá lớn" in body["detail"]
    for path, item in schema["paths"].items():  # documented wherever a body is taken
        for method, operation in item.items():
            if "requestBody" in operation:
                assert operation["responses"]["413"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, (path, method)


def test_too_many_fields_is_a_400(api_as, clerk, small_limits, error_schema):
    api = api_as(clerk)
    fields = "&".join(f"f{i}=1" for i in range(20))
    in_query = api.get(f"/api/v1/procedures/?{fields}")
    in_form = api.post("/api/v1/dossiers/", fields, content_type="application/x-www-form-urlencoded")

    for answer in (in_query, in_form):
        body = assert_error_body(answer, 400, error_schema)
        assert "quá nhiều trường" in body["detail"]


def test_drf_refusals_are_error_bodies(api_as, clerk, error_schema):
    api = api_as(clerk)
    assert_error_body(api.delete("/api/v1/dossiers/"), 405, error_schema)
    assert_error_body(api.post("/api/v1/dossiers/", "<a/>", content_type="text/xml"), 415, error_schema)
    assert_error_body(api.get("/api/v1/procedures/", HTTP_ACCEPT="application/xml"), 406, error_schema)
    assert_error_body(api.post("/api/v1/dossiers/", "{nope", content_type="application/json"), 400, error_schema)
    assert_error_body(api.get("/api/v1/dossiers/NOPE/"), 404, error_schema)
    assert_error_body(api.get("/api/v1/nothing-here/"), 404, error_schema)


@pytest.mark.urls("tests.center.faulty_urls")
def test_django_level_errors_under_api_are_error_bodies(error_schema):
    client = Client(raise_request_exception=False)

    assert_error_body(client.get("/api/v1/crash/"), 500, error_schema)
    forbidden = assert_error_body(client.get("/api/v1/forbidden/"), 403, error_schema)
    # A plain Django view under /api/ posted without its CSRF token: the same refusal, as JSON.
    no_token = Client(enforce_csrf_checks=True, raise_request_exception=False).post("/api/v1/forbidden/")
    assert assert_error_body(no_token, 403, error_schema) == forbidden
    assert client.get("/dossiers/no-such-page/")["Content-Type"].startswith("text/html")
