"""Loads the demo center's master data (agencies, fields, procedures, counters); safe to run again."""

import random

from counters.models import Counter, default_site
from procedures import demo_data
from procedures.models import Agency, Field, Procedure, ProcedureStep, RequiredDocument
from procedures.search import fold


def _documents_for(field_name: str) -> list[tuple]:
    for keyword, documents in demo_data.FIELD_DOCUMENTS.items():
        if keyword.lower() in field_name.lower():
            return [*demo_data.COMMON_DOCUMENTS, *documents]
    return [*demo_data.COMMON_DOCUMENTS, ("Tài liệu chứng minh đủ điều kiện theo quy định", 1, 1, False)]


def seed_master_data(rng: random.Random) -> None:
    agencies = {}
    for code, name, short_name, kind in demo_data.AGENCIES:
        agencies[code], _ = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "kind": kind}
        )
    field_codes: dict[str, Field] = {}
    number = 4000
    procedures_by_name = {}
    for agency_code, fields in demo_data.PROCEDURES.items():
        for field_name, procedures in fields:
            if field_name not in field_codes:
                field_code = "LV" + "".join(w[0] for w in fold(field_name).split() if w[0].isalpha()).upper()
                field_code = f"{field_code}{len(field_codes) + 1:02d}"
                field_codes[field_name], _ = Field.objects.get_or_create(name=field_name, defaults={"code": field_code})
            for name, days, fee_text, fee_amount, level in procedures:
                number += rng.randint(3, 40)
                procedure = Procedure.objects.filter(name=name, agency=agencies[agency_code]).first()
                if procedure is None:
                    procedure = Procedure(code=f"1.{number:06d}", name=name, agency=agencies[agency_code])
                procedure.field = field_codes[field_name]
                procedure.processing_days = days
                procedure.fee_text = fee_text
                procedure.fee_amount = fee_amount
                procedure.online_level = level
                procedure.result_type = _result_type(name)
                procedure.legal_basis = demo_data.LEGAL_BASIS[agency_code]
                procedure.save()
                procedures_by_name[name] = procedure
                if not procedure.documents.exists():
                    RequiredDocument.objects.bulk_create(
                        RequiredDocument(
                            procedure=procedure,
                            position=i,
                            name=doc,
                            originals=o,
                            copies=c,
                            is_optional=optional,
                        )
                        for i, (doc, o, c, optional) in enumerate(_documents_for(field_name), start=1)
                    )
    for name, chain in demo_data.CHAINS.items():
        procedure = procedures_by_name[name]
        if not procedure.steps.exists():
            ProcedureStep.objects.bulk_create(
                ProcedureStep(procedure=procedure, position=i, agency=agencies[code], working_days=days)
                for i, (code, days) in enumerate(chain, start=1)
            )
    _seed_counters(list(agencies.values()))


def _result_type(name: str) -> str:
    lowered = name.lower()
    if "giấy phép" in lowered:
        return "Giấy phép"
    if "chứng nhận" in lowered or "chứng chỉ" in lowered:
        return "Giấy chứng nhận / chứng chỉ"
    if "thẩm định" in lowered:
        return "Văn bản thẩm định"
    return "Văn bản trả lời / quyết định của cơ quan có thẩm quyền"


def _seed_counters(agencies: list[Agency]) -> None:
    """20 counters of the provincial center: busy agencies get two or three, the others one, plus two general
    counters (the branches' and communes' come with counters/demo.py)."""
    plan = {"H56.01": 3, "H56.06": 3, "H56.05": 2, "H56.08": 2, "H56.13": 2}
    center = default_site()
    number = 1
    for agency in agencies:
        for i in range(plan.get(agency.code, 1)):
            counter, _ = Counter.objects.get_or_create(
                site=center, number=number, defaults={"name": f"Quầy {agency.short_name}" + (f" {i + 1}" if i else "")}
            )
            counter.agencies.add(agency)
            number += 1
    while number <= 20:
        counter, _ = Counter.objects.get_or_create(
            site=center, number=number, defaults={"name": "Quầy tiếp nhận chung và trả kết quả"}
        )
        counter.agencies.add(*agencies)
        number += 1
