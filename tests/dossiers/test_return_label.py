"""The return desk's "How" (Hình thức trả) names its radio buttons with a legend: a label's empty `for`
named nothing, so a screen reader read the buttons without their question."""

import re

from django.urls import reverse

from dossiers import services
from dossiers.workflow import DossierStatus as S


def test_the_return_method_is_a_named_group(client, clerk, procedure, counter):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")
    dossier = services.dossier_receive(procedure=procedure, applicant=applicant, by=clerk, counter=counter)
    dossier.status = S.RESULT_READY
    dossier.save(update_fields=["status"])
    client.force_login(clerk)
    page = client.get(reverse("return-desk"), {"q": dossier.code}).content.decode()
    assert 'name="return-method"' in page
    assert 'for=""' not in page
    group = re.search(r'<fieldset class="field"[^>]*>\s*<legend>(.*?)</legend>(.*?)</fieldset>', page, re.S)
    assert group and group.group(1).startswith("Hình thức trả <span") and 'type="radio"' in group.group(2)
