"""The API's JSON parser (center/parsers.py): a body nested too deeply is a 400 with the JSON error."""

import pytest

from dossiers.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_json_nested_thousands_of_levels_is_a_400_with_the_json_error(api_as, clerk, procedure, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 5000 + "1" + closing * 5000
    response = api_as(clerk).post("/api/v1/dossiers/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung JSON có quá nhiều cấp lồng nhau."}
    assert not Dossier.objects.exists()


def test_json_nested_a_few_levels_still_reads(api_as, clerk, procedure):
    response = api_as(clerk).post("/api/v1/dossiers/", '{"procedure": [[[1]]]}', content_type="application/json")
    assert response.status_code == 400
    assert "procedure" in response.json()["errors"]
