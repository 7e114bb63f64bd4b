"""The printed slips of Appendix I, Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP on the one-stop
mechanism); a form whose number changed from Circular 01/2018/TT-VPCP names its former number in a note.

Letters the center gives (receipt, refusal to receive, control slip, the counter's slips) carry the center's
letterhead; letters an agency issues (its supplement request, apology and extension, stop notice) carry
that agency's letterhead: its superior body above its name.

Each form is a body template shared by the print-ready HTML page and the PDF copy, and a function that
gathers what the form must say from the dossier (prefetched by dossiers.selectors.dossier_get). Every slip
of a dossier carries its code and a QR code of its public status page; they can be reprinted any time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from center.people import full_name
from dossiers.documents.selectors import document_receipt_list
from dossiers.handover import handover_is_late
from dossiers.identity import document_label
from dossiers.models import Dossier, Outcome
from dossiers.presentation import public_status_url
from dossiers.slips.qr import qr_png_data_uri, qr_svg_data_uri
from dossiers.workflow import DossierStatus as S


@dataclass(frozen=True)
class SlipForm:
    slug: str
    number: str  # form number in Circular 03/2025/TT-VPCP
    old_number: str  # the Circular 01/2018/TT-VPCP number, "" when that circular had none
    title: str
    template: str
    # (dossier, n) -> the form's own content, or None when the dossier has no such slip (n: 1-based copy)
    build: Callable[[Dossier, int | None], dict | None]
    # how many copies the dossier has (e.g. one per supplement request)
    count: Callable[[Dossier], int]

    @property
    def former_number(self) -> str:
        """The Circular 01/2018 number when it differs from today's (Form 06 was Form 05), else ""."""
        return self.old_number if self.old_number != self.number else ""


def _pick(items: list, n: int | None):
    if not items:
        return None
    if n is None:
        return items[-1]
    return items[n - 1] if 1 <= n <= len(items) else None


def _supplement_requests(dossier: Dossier) -> list:
    return [e for e in dossier.events.all() if e.kind == "request_supplement"]


def _refusal(dossier: Dossier):
    """The refusal or rejection event; at the counter (Form 03) when it came before any hand-over."""
    events = [e for e in dossier.events.all() if e.kind in ("refuse", "reject")]
    return events[-1] if events else None


def _refused_at_counter(event) -> bool:
    return event.kind == "reject" or event.from_status in (S.RECEIVED, S.SUBMITTED)


def _receipt(dossier: Dossier, n):
    if not dossier.received_at:
        return None
    return {
        "documents": dossier.documents,
        "files": document_receipt_list(dossier=dossier),  # the scans made at the counter, with their hashes
        "received_at": dossier.received_at,
        "appointment_at": dossier.due_at,
        "staff": full_name(dossier.received_by),
        "counter": dossier.counter,
        "issued_at": dossier.received_at,
    }


def _control(dossier: Dossier, n):
    if not dossier.received_at:
        return None
    counter = _("One-stop counter")
    rows = [
        {
            "what": _("Dossier received"),
            "giver": dossier.applicant_name,
            "taker": f"{full_name(dossier.received_by)} ({counter})",
            "at": dossier.received_at,
            "due": None,
            "outcome": "",
        }
    ]
    # The counter's own duty: hand the dossier to the agency by handover_due_at (dossiers/handover.py).
    rows[0]["handover_due"] = dossier.handover_due_at
    previous = counter
    for step in dossier.steps.all():
        first = step.position == 1
        rows.append(
            {
                "what": _("Handed over (step %(n)s)") % {"n": step.position},
                "giver": f"{full_name(step.handed_over_by)} ({previous})" if step.handed_over_by else previous,
                "taker": step.agency.name,
                "at": step.started_at,
                "due": step.due_at,
                "outcome": Outcome(step.outcome).label if step.outcome else "",
                "completed_at": step.completed_at,
                "handover_late": first
                and handover_is_late(handed_over_at=dossier.handed_over_at, deadline=dossier.handover_due_at),
            }
        )
        previous = step.agency.name
    if dossier.result_ready_at:
        rows.append(
            {
                "what": _("Result back at the counter"),
                "giver": previous,
                "taker": counter,
                "at": dossier.result_ready_at,
                "due": dossier.due_at,
                "outcome": Outcome(dossier.outcome).label if dossier.outcome else "",
            }
        )
    if dossier.returned_at:
        rows.append(
            {
                "what": _("Result returned"),
                "giver": counter,
                "taker": f"{dossier.returned_to} ({dossier.get_return_method_display()})",
                "at": dossier.returned_at,
                "due": None,
                "outcome": "",
            }
        )
    return {"rows": rows, "due_at": dossier.due_at, "issued_at": dossier.received_at}


def _supplement(dossier: Dossier, n):
    event = _pick(_supplement_requests(dossier), n)
    if event is None:
        return None
    return {
        "items": event.data.get("missing", []),
        "note": event.note,
        "issued_at": event.at,
        "staff": full_name(event.actor),
        "issuer": event.agency,  # None when asked before the hand-over: the center asked
    }


def _refusal_slip(at_counter: bool):
    def build(dossier: Dossier, n):
        event = _refusal(dossier)
        if event is None or _refused_at_counter(event) != at_counter:
            return None
        issuer = None if at_counter else event.agency or dossier.agency
        return {"reason": event.note, "issued_at": event.at, "staff": full_name(event.actor), "issuer": issuer}

    return build


def _extension(dossier: Dossier, n):
    extension = _pick(list(dossier.extensions.all()), n)
    if extension is None:
        return None
    # The letter is the agency's that held the dossier when it was issued (its "extend" event).
    event = _pick([e for e in dossier.events.all() if e.kind == "extend"], n)
    return {
        "issuer": (event.agency if event else None) or dossier.agency,
        "reason": extension.reason,
        "previous_due_at": extension.previous_due_at,
        "new_due_at": extension.new_due_at,
        "issued_at": extension.created_at,
        "staff": full_name(extension.created_by),
    }


def _one_if(build):
    return lambda dossier: 1 if build(dossier, None) is not None else 0


FORMS: dict[str, SlipForm] = {
    form.slug: form
    for form in [
        SlipForm(
            "tiep-nhan",
            "01",
            "01",
            gettext_lazy("RECEIPT OF DOSSIER AND APPOINTMENT TO RETURN THE RESULT"),
            "dossiers/slips/form_01.html",
            _receipt,
            _one_if(_receipt),
        ),
        SlipForm(
            "bo-sung",
            "02",
            "02",
            gettext_lazy("REQUEST TO SUPPLEMENT AND COMPLETE THE DOSSIER"),
            "dossiers/slips/form_02.html",
            _supplement,
            lambda d: len(_supplement_requests(d)),
        ),
        SlipForm(
            "tu-choi",
            "03",
            "03",
            gettext_lazy("REFUSAL TO RECEIVE AND RESOLVE THE DOSSIER"),
            "dossiers/slips/form_03.html",
            _refusal_slip(at_counter=True),
            _one_if(_refusal_slip(at_counter=True)),
        ),
        SlipForm(
            "xin-loi",
            "04",
            "04",
            gettext_lazy("APOLOGY AND REQUEST TO EXTEND THE TIME TO RESOLVE THE DOSSIER"),
            "dossiers/slips/form_04.html",
            _extension,
            lambda d: len(d.extensions.all()),
        ),
        SlipForm(
            "dung-xu-ly",
            "05",
            "",
            gettext_lazy("NOTICE OF STOPPED PROCESSING OF THE DOSSIER"),
            "dossiers/slips/form_05.html",
            _refusal_slip(at_counter=False),
            _one_if(_refusal_slip(at_counter=False)),
        ),
        SlipForm(
            "kiem-soat",
            "06",
            "05",
            gettext_lazy("CONTROL SLIP OF THE DOSSIER RESOLUTION PROCESS"),
            "dossiers/slips/form_06.html",
            _control,
            _one_if(_control),
        ),
    ]
}


def available_slips(dossier: Dossier) -> list[tuple[SlipForm, int]]:
    """The slips this dossier has, each with how many copies (one per request, letter…)."""
    return [(form, count) for form in FORMS.values() if (count := form.count(dossier))]


def letterhead(agency=None) -> dict:
    """Who issues the slip: the agency (its superior body above its name) or, when None, the center."""
    if agency is None:
        return {"parent": settings.CENTER_PARENT, "name": settings.CENTER_NAME}
    return {"parent": agency.letterhead_parent or settings.CENTER_PARENT, "name": agency.name}


def dossier_slip_context(dossier: Dossier, form: SlipForm, n: int | None = None, *, pdf: bool = False) -> dict | None:
    content = form.build(dossier, n)
    if content is None:
        return None
    url = public_status_url(dossier)
    return {
        "form": form,
        "center": letterhead(),
        "letterhead": letterhead(content.get("issuer")),
        "code": dossier.code,
        "code_label": _("Dossier code"),
        "secret": dossier.secret,
        "lookup_url": url,
        "qr": qr_png_data_uri(url) if pdf else qr_svg_data_uri(url),
        "applicant": {
            "name": dossier.applicant_name,
            "id_label": document_label(dossier.applicant_id_type, dossier.applicant_id_type_name),
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
            "organisation": dossier.applicant_organisation,
            "tax_code": dossier.applicant_tax_code,
        },
        "procedure": dossier.procedure,
        "agency": dossier.agency,
        "dossier": dossier,
        **content,
    }


def counter_slip_context(slip, *, pdf: bool = False) -> dict:
    """A guidance slip (Form 02 layout) or a refusal slip (Form 03) given when no dossier was received."""
    from counters.models import SlipKind

    form = FORMS["bo-sung"] if slip.kind == SlipKind.GUIDANCE else FORMS["tu-choi"]
    return {
        "form": form,
        "center": letterhead(),
        "letterhead": letterhead(),
        "code": slip.number,
        "code_label": _("Slip number"),
        "secret": "",
        "lookup_url": "",
        "qr": "",
        "applicant": {
            "name": slip.applicant_name,
            "id_label": document_label(slip.applicant_id_type, slip.applicant_id_type_name),
            "id_number": slip.applicant_id_number,
            "phone": slip.applicant_phone,
            "address": slip.applicant_address,
        },
        "procedure": slip.procedure,
        "agency": slip.procedure.agency,
        "slip": slip,
        "items": slip.missing,
        "reason": slip.reason,
        "issued_at": slip.issued_at,
        "staff": full_name(slip.issued_by),
        "counter": slip.counter,
    }
