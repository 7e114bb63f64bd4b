"""Demo online filings: the local identity provider's citizens (scripts/idp/demo_citizens.json) as citizen
accounts, each with filings at every stage, made through the services with real files (small generated
PDFs, checked and scanned like any upload): a draft, one waiting at the counter, one received, one waiting
for a supplement, one resolved with an electronic result kept in their saved documents, and one filed
later reusing that result. Signing in at the local provider as a demo citizen shows them.

Without a running clamd the files wait as "being checked" until the scan sweep finds it (fail closed).
"""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from center.citizens.demo import demo_citizens
from center.citizens.services import VerifiedIdentity, citizen_account_sign_in
from dossiers.documents.samples import sample_pdf
from dossiers.documents.services import document_upload
from dossiers.models import Dossier
from dossiers.online.models import OnlineFiling
from dossiers.online.services import (
    ONLINE_LEVELS,
    filing_component_choose,
    filing_component_upload,
    filing_details_update,
    filing_start,
    filing_submit,
    saved_document_keep,
)
from dossiers.services import (
    dossier_accept,
    dossier_request_supplement,
    dossier_resolve,
    dossier_transfer,
)
from procedures.models import Procedure

# Agencies with a demo specialist (center/demo_users.py), who can take the filings to a result.
AGENCIES = ("H56.01", "H56.06")


def _pdf(title: str, person: str) -> SimpleUploadedFile:
    content = sample_pdf(title=title, lines=(person, timezone.localdate().strftime("%d/%m/%Y")))
    return SimpleUploadedFile(f"{title[:40]}.pdf".replace("/", "-"), content, content_type="application/pdf")


def _filled(citizen, procedure):
    filing = filing_start(citizen=citizen, procedure=procedure)
    for document in procedure.documents.filter(is_optional=False):
        filing_component_upload(
            filing=filing, position=document.position, upload=_pdf(document.name, citizen.full_name)
        )
    filing_details_update(
        filing=filing,
        phone=citizen.phone,
        email=citizen.email,
        address="Đông Hà, Quảng Trị",
        delivery="electronic",
        delivery_address="",
    )
    filing.refresh_from_db()
    return filing


def seed_online_filings(*, rng: random.Random) -> int:
    """The demo citizens' filings, once (nothing is added when they have some already). Returns the number
    of dossiers made."""
    issuer = f"{settings.LOCAL_IDP_URL.rstrip('/')}/o"
    clerk = User.objects.get(username="tiepnhan1")
    specialists = {
        code: User.objects.get(username=f"chuyenvien.{name}")
        for code, name in zip(AGENCIES, ("stc", "snnmt"), strict=True)
    }
    procedures = {
        code: list(
            Procedure.objects.active()
            .filter(agency__code=code, online_level__in=ONLINE_LEVELS, documents__isnull=False)
            .distinct()
            .order_by("code")[:6]
        )
        for code in AGENCIES
    }
    if not all(procedures.values()) or OnlineFiling.objects.exists():
        return 0
    made = 0
    for index, person in enumerate(demo_citizens()):
        citizen = citizen_account_sign_in(
            identity=VerifiedIdentity(
                issuer=issuer,
                subject=person["id_number"],  # the local provider's subject is the number (scripts/idp/idp/claims.py)
                full_name=person["name"],
                id_number=person["id_number"],
                phone=person["phone"],
                email=person["email"],
            )
        )
        agency = AGENCIES[index % len(AGENCIES)]
        specialist = specialists[agency]
        offered = rng.sample(procedures[agency], k=len(procedures[agency]))
        choices = [offered[i % len(offered)] for i in range(5)]  # a procedure may be filed twice
        # Resolved with an electronic result, kept in the citizen's saved documents.
        resolved = _take_to_work(filing_submit(filing=_filled(citizen, choices[0])), clerk)
        result = document_upload(
            dossier=resolved,
            component="result",
            upload=_pdf(f"Kết quả {resolved.procedure.result_type}", citizen.full_name),
            by=specialist,
            result_number=f"{rng.randint(100, 999)}/{timezone.localdate():%Y}/GCN",
        )
        dossier_resolve(dossier=resolved, by=specialist, note="Kết quả điện tử")
        if result.is_clean:
            kept = saved_document_keep(citizen=citizen, document=result)
            later = _filled(citizen, choices[1])
            filing_component_choose(filing=later, position=later.components.first().position, document=kept)
            dossier_accept(dossier=filing_submit(filing=later), by=clerk)  # received: counted as reuse (4.3)
        else:
            filing_submit(filing=_filled(citizen, choices[1]))
        # Waiting for a supplement asked online.
        waiting = _take_to_work(filing_submit(filing=_filled(citizen, choices[2])), clerk)
        dossier_request_supplement(
            dossier=waiting, by=specialist, missing=["Bản sao có chứng thực giấy tờ tùy thân"], note=""
        )
        # Received, in progress; and one waiting at the counter to be checked.
        _take_to_work(filing_submit(filing=_filled(citizen, choices[3])), clerk)
        filing_submit(filing=_filled(citizen, choices[4]))
        # A draft to resume.
        filing_start(citizen=citizen, procedure=choices[0])
        made += Dossier.objects.filter(online_filing__citizen=citizen).count()
    return made


def _take_to_work(dossier: Dossier, clerk) -> Dossier:
    dossier = dossier_accept(dossier=dossier, by=clerk)
    return dossier_transfer(dossier=dossier, by=clerk)
