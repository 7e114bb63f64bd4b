"""The OpenAPI description validates without warnings, declares the one error body that the API really
sends, says who may call each endpoint, and its docs page works offline."""

import re

import jsonschema
import pytest
from django.core.management import call_command

from dossiers import services

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operation(schema, path, method):
    return schema["paths"][path][method]


def test_the_schema_validates_with_no_warning(tmp_path):
    """Also run by `check --deploy` (drf-spectacular's check): a warning fails deployment."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/v1/dossiers/", "get", {"400", "403"}),
        ("/api/v1/dossiers/", "post", {"400", "403"}),
        ("/api/v1/dossiers/{code}/", "get", {"403", "404"}),
        ("/api/v1/dossiers/{code}/{action}/", "post", {"400", "403", "404", "409"}),
        ("/api/v1/public/dossiers/{code}/", "get", {"404", "429"}),
        ("/api/v1/procedures/", "get", {"400", "429"}),
        ("/api/v1/procedures/{code}/", "get", {"404", "429"}),
        ("/api/v1/calendar/due-date/", "get", {"400", "429"}),
    ],
)
def test_errors_are_declared_with_the_error_body(schema, path, method, codes):
    responses = operation(schema, path, method)["responses"]
    for code in codes:
        assert responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_every_operation_declares_the_400_for_refused_characters(schema, api):
    operations = [(path, method) for path, item in schema["paths"].items() for method in item]
    assert len(operations) > 10
    for path, method in operations:
        answer = operation(schema, path, method)["responses"]["400"]
        assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, path
    refused = api.get("/api/v1/procedures/", {"q": "a\x00b"})
    assert refused.status_code == 400 and set(refused.json()) == {"detail"}


def test_each_endpoint_says_who_may_call_it(schema):
    assert "`counter_staff`" in operation(schema, "/api/v1/dossiers/", "post")["description"]
    assert "`agency_specialist`" in operation(schema, "/api/v1/dossiers/", "get")["description"]
    action = operation(schema, "/api/v1/dossiers/{code}/{action}/", "post")
    assert "- `resolve`: `agency_specialist`, `agency_lead`" in action["description"]
    assert "- `return`: `counter_staff`" in action["description"]
    (parameter,) = [p for p in action["parameters"] if p["name"] == "action"]
    assert "request-supplement" in parameter["schema"]["enum"]
    for path, method in [("/api/v1/procedures/", "get"), ("/api/v1/public/dossiers/{code}/", "get")]:
        assert operation(schema, path, method)["description"].startswith("Public")


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )


def test_the_errors_the_api_sends_match_the_declared_body(schema, api, api_as, clerk, specialist, dossier):
    error = schema["components"]["schemas"]["Error"]
    answers = {
        400: api_as(clerk).post("/api/v1/dossiers/", {"applicant_id_number": "12"}, format="json"),
        403: api_as(specialist).post("/api/v1/dossiers/", {}, format="json"),
        404: api_as(clerk).get("/api/v1/dossiers/NOPE/"),
        409: api_as(clerk).post(
            f"/api/v1/dossiers/{dossier.code}/return/",
            {"collected_by": "An", "version": dossier.version},
            format="json",
        ),
    }
    for status, response in answers.items():
        assert response.status_code == status
        jsonschema.validate(response.json(), {**error, "additionalProperties": False})
    assert set(answers[400].json()["errors"]) >= {"procedure", "applicant_id_number"}


def test_the_docs_page_uses_the_portals_own_copy_of_swagger_ui(client):
    page = client.get("/api/docs/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]*swagger-ui[^"]*)"', page)
    assert assets and all(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets)
    assert "cdn" not in page.lower()
    for asset in assets:
        assert client.get(asset).status_code == 200
