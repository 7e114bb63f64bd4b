"""How many originals and copies, in words: proper plurals in English, one form in Vietnamese."""

import pytest
from django.urls import reverse
from django.utils import translation

from dossiers import services
from procedures.templatetags.documents import document_counts


@pytest.mark.parametrize(
    ("originals", "copies", "english", "vietnamese"),
    [
        (1, 0, "1 original", "1 bản chính"),
        (1, 1, "1 original, 1 copy", "1 bản chính, 1 bản sao"),
        (2, 3, "2 originals, 3 copies", "2 bản chính, 3 bản sao"),
        (0, 2, "2 copies", "2 bản sao"),
        (0, 0, "", ""),
    ],
)
def test_counts_in_words(originals, copies, english, vietnamese):
    with translation.override("en"):
        assert document_counts(originals, copies) == english
    with translation.override("vi"):
        assert document_counts(originals, copies) == vietnamese


def test_the_dossier_page_in_english_has_no_parenthesised_plurals(client, procedure, clerk, counter):
    dossier = services.dossier_receive(
        procedure=procedure,
        applicant=services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678"),
        by=clerk,
        counter=counter,
        documents=[
            {"name": "Đơn đề nghị", "originals": 1, "copies": 0},
            {"name": "Bản vẽ", "originals": 2, "copies": 1},
        ],
    )
    client.force_login(clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    assert "(1 original)" in html and "(2 originals, 1 copy)" in html
    assert "original(s)" not in html and "copy(ies)" not in html
    html = client.get(reverse("dossier-receive"), {"procedure": procedure.code}).content.decode()
    assert "Đơn đề nghị" in html and "1 original</small>" in html and "original(s)" not in html
