"""The admin in Vietnamese has no English left (issue: "Tokens", "Access attempts", "Sweep states",
"Choose all", "Remove selected", "Show counts", "User:"), shows a dossier's received documents as a list
and refuses a procedure taking 0 working days."""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django.test import RequestFactory

from dossiers import services
from procedures.models import Procedure

ENGLISH = ["Tokens", "Access attempts", "Access failures", "Access logs", "Sweep states", "Show counts",
           "User:", "Axes", "Auth Token", "Skip to main content", "Model name"]  # fmt: skip


@pytest.fixture
def superuser(client, db):
    user = User.objects.create_superuser("quantri", "quantri@example.org", "x")
    client.force_login(user)
    return user


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/authtoken/tokenproxy/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
        "/admin/monitoring/sweepstate/",
        "/admin/counters/staffprofile/add/",
        "/admin/counters/counter/add/",
    ],
)
def test_admin_pages_in_vietnamese_have_no_english_left(client, superuser, url):
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)] == []


def test_the_two_box_selector_speaks_vietnamese(client, superuser):
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalog["Choose all %s"] == "Chọn tất cả %s"
    assert catalog["Remove selected %s"] == "Bỏ các %s đã đánh dấu"
    assert catalog["Today"] == "Hôm nay"  # Django's own entries kept


def test_the_jsi18n_catalogue_is_for_staff_only(client, db):
    assert client.get("/admin/jsi18n/").status_code == 302


def test_received_documents_are_a_readable_list(client, superuser, procedure, clerk, counter):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")
    dossier = services.dossier_receive(procedure=procedure, applicant=applicant, by=clerk, counter=counter)
    page = client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/").content.decode()
    assert "<ol><li>Đơn đề nghị <small>(1 bản chính)</small></li>" in page
    assert '"originals"' not in page and "[{" not in page


def test_a_procedure_taking_zero_working_days_is_refused(superuser, procedure):
    request = RequestFactory().get("/")
    request.user = superuser
    form_class = admin.site._registry[Procedure].get_form(request, procedure)
    data = {**model_to_dict(procedure), "processing_days": 0}
    form = form_class(data, instance=procedure)
    assert not form.is_valid()
    assert form.errors["processing_days"] == ["Thời hạn giải quyết phải từ 01 ngày làm việc trở lên."]
    assert Procedure.objects.get(pk=procedure.pk).processing_days == 3
