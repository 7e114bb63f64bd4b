"""Return desk: find by code or by the address a scanner types from the receipt's QR code."""

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import Dossier
from dossiers.presentation import public_status_url
from dossiers.workflow import DossierStatus as S

APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")


@pytest.fixture
def ready(procedure, clerk, specialist):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    return services.dossier_resolve(dossier=dossier, by=specialist)


def test_a_scanned_receipt_finds_the_dossier_and_the_return_is_recorded(client, clerk, ready):
    client.force_login(clerk)
    page = client.get(reverse("return-desk"), {"q": public_status_url(ready)}).content.decode()
    assert ready.code in page and 'id="confirm-return"' in page
    assert f'<input type="hidden" name="version" value="{ready.version}">' in page  # what the return is made from
    response = client.post(
        reverse("dossier-action", args=[ready.code, "return"]),
        {"return-collected_by": "Trần Thị Bình (ủy quyền)", "return-method": "post",
         "next": reverse("return-desk") + f"?q={ready.code}", "version": ready.version},
    )  # fmt: skip
    assert response["Location"] == reverse("return-desk") + f"?q={ready.code}"
    dossier = Dossier.objects.get()
    assert dossier.status == S.RETURNED
    assert (dossier.returned_to, dossier.return_method) == ("Trần Thị Bình (ủy quyền)", "post")
    page = client.get(response["Location"]).content.decode()
    assert "Đã trả kết quả" in page and 'id="confirm-return"' not in page


def test_a_typed_code_in_lower_case_is_found(client, clerk, ready):
    client.force_login(clerk)
    assert (
        'id="confirm-return"' in client.get(reverse("return-desk"), {"q": f"  {ready.code.lower()} "}).content.decode()
    )


def test_a_dossier_not_ready_is_not_offered(client, clerk, procedure):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    client.force_login(clerk)
    page = client.get(reverse("return-desk"), {"q": dossier.code}).content.decode()
    assert "Hồ sơ này chưa có kết quả để trả." in page and 'id="confirm-return"' not in page


def test_unknown_code_says_so(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("return-desk"), {"q": "H56.01-000000-0000"}).content.decode()
    assert "Không tìm thấy hồ sơ có mã H56.01-000000-0000" in page


def test_return_without_a_name_changes_nothing(client, clerk, ready):
    client.force_login(clerk)
    response = client.post(
        reverse("dossier-action", args=[ready.code, "return"]),
        {"return-collected_by": " ", "return-method": "counter", "version": ready.version},
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()  # the form says what is missing
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.returned_to) == (S.RESULT_READY, "")
    assert not dossier.events.filter(kind="return").exists()


@pytest.mark.parametrize("who", ["specialist", "director"])
def test_other_roles_have_no_return_desk(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("return-desk")).status_code == 403


def test_return_desk_shows_only_the_end_of_the_id_number(client, clerk, procedure):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    client.force_login(clerk)
    page = client.get("/can-bo/tra-ket-qua/", {"q": dossier.code}).content.decode()
    assert "••••••••4567" in page
    assert "001203004567" not in page
