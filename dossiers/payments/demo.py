"""Demo fees and payments on the demo dossiers (called by seed_demo after dossiers/demo.py): the procedures'
fees fixed at receipt, most paid at once (at the counter in cash or by card, online at filing), some
unpaid, the land-use payments of dossiers awaiting payment still due, a few online payments declined or
waiting, a few paid twice (flagged for refund) and a few receipts cancelled and issued again.

Rows are written as dossiers/payments/services.py writes them (receipt numbers per agency and year in the
order of payment, an audited event per payment), loaded in bulk (center/bulk.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from center import workdays
from center.bulk import bulk_insert, next_id, reset_sequences
from dossiers.models import Dossier, DossierEvent
from dossiers.payments.models import Charge, Payment, Receipt, ReceiptSequence
from dossiers.workflow import DossierStatus as S
from procedures.models import Agency, Procedure

CHARGE_FIELDS = ["dossier", "kind", "description", "legal_basis", "amount", "source", "created_at", "created_by"]
PAYMENT_FIELDS = [
    "id", "dossier", "channel", "status", "amount", "currency", "payer_name", "reference", "provider",
    "gateway_transaction", "request_token", "created_at", "paid_at", "recorded_by", "failure", "refund_due", "note",
]  # fmt: skip
RECEIPT_FIELDS = [
    "payment", "agency", "year", "number", "symbol", "issued_at", "issued_by", "payer_name", "amount", "lines",
    "cancelled_at", "cancelled_by", "cancel_reason",
]  # fmt: skip
EVENT_FIELDS = ["dossier", "at", "actor", "kind", "from_status", "to_status", "agency", "note", "data"]
CHANNEL_TEXT = {"cash": "Tiền mặt tại quầy", "card": "Thẻ tại quầy", "online": "Trực tuyến"}
LAND_LEGAL_BASIS = "Nghị định 103/2024/NĐ-CP về tiền sử dụng đất, tiền thuê đất"


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def demo_fee_catalogue(rng: random.Random) -> None:
    """The catalogue's fee details the demo procedures lack: kind and legal basis from the fee's text; one fee
    procedure in ten not payable online (so the scorecard's first payment indicator is below 100 %)."""
    for procedure in Procedure.objects.filter(fee_amount__gt=0):
        text = procedure.fee_text.lower()
        procedure.fee_kind = "fee" if text.startswith("phí") else "charge"
        if "doanh nghiệp" in procedure.name.lower() or "hộ kinh doanh" in procedure.name.lower():
            procedure.fee_legal_basis = "Thông tư 47/2019/TT-BTC"
        else:
            procedure.fee_legal_basis = "Nghị quyết của HĐND tỉnh quy định mức thu, chế độ thu, nộp phí, lệ phí"
        procedure.fee_payable_online = rng.random() >= 0.1
        procedure.save(update_fields=["fee_kind", "fee_legal_basis", "fee_payable_online"])


class _Rows:
    def __init__(self):
        self.charges, self.payments, self.receipts, self.events = [], [], [], []
        self.payment_id = next_id(Payment)
        self.channel: dict[int, str] = {}
        self.payer: dict[int, str] = {}

    def payment(self, d, *, channel, status, amount, at, paid_at=None, by=None, refund=False, failure=""):
        pk = self.payment_id
        self.payment_id += 1
        online = channel == "online"
        self.channel[pk], self.payer[pk] = channel, d["applicant_name"]
        self.payments.append((
            pk, d["id"], channel, status, amount, "VND", d["applicant_name"], f"{d['code']}-D{pk:05d}",
            "sandbox" if online else "", f"SBX{pk:08d}" if online and status != "pending" else "", None, at,
            paid_at, by, failure, refund, "",
        ))  # fmt: skip
        return pk


def generate_payments(*, rng: random.Random, staff: dict, log=print) -> int:
    """Charges and payments for the demo dossiers that have none yet; returns how many payments were made."""
    demo_fee_catalogue(rng)
    now = timezone.now()
    calendar = workdays.load_calendar()
    procedures = {p.pk: p for p in Procedure.objects.all()}
    agencies = {a.pk: a for a in Agency.objects.all()}
    dossiers = (
        Dossier.objects.filter(charges__isnull=True)
        .exclude(status=S.NOT_RECEIVED)
        .values(
            "id",
            "code",
            "procedure_id",
            "agency_id",
            "channel",
            "status",
            "submitted_at",
            "received_at",
            "applicant_name",
            "updated_at",
        )  # fmt: skip
        .order_by("id")
    )
    land = dict(
        DossierEvent.objects.filter(kind="request_payment", dossier__status=S.AWAITING_PAYMENT).values_list(
            "dossier_id", "at"
        )
    )
    rows = _Rows()
    paid_by_dossier: dict[int, list] = defaultdict(list)
    for d in dossiers:
        procedure = procedures[d["procedure_id"]]
        lines = []
        if procedure.fee_amount:
            fixed_at = d["submitted_at"] or d["received_at"]
            rows.charges.append((d["id"], procedure.fee_kind, procedure.fee_text, procedure.fee_legal_basis,
                                 procedure.fee_amount, "procedure", fixed_at, None))  # fmt: skip
            lines.append({"kind": procedure.fee_kind, "description": procedure.fee_text,
                          "legal_basis": procedure.fee_legal_basis, "amount": procedure.fee_amount})  # fmt: skip
        if d["id"] in land:
            amount = rng.randint(5, 80) * 1_000_000
            rows.charges.append((d["id"], "charge", "Tiền sử dụng đất", LAND_LEGAL_BASIS, amount, "agency",
                                 land[d["id"]], staff["specialists"].get(d["agency_id"])))  # fmt: skip
        if not procedure.fee_amount:
            continue
        _pay_fee(rows, d, procedure, lines, rng, staff, now, calendar, paid_by_dossier)
    _receipts(rows, paid_by_dossier, agencies)
    bulk_insert(Charge, CHARGE_FIELDS, rows.charges)
    bulk_insert(Payment, PAYMENT_FIELDS, rows.payments)
    bulk_insert(Receipt, RECEIPT_FIELDS, rows.receipts)
    bulk_insert(DossierEvent, EVENT_FIELDS, rows.events)
    reset_sequences(Charge, Payment, Receipt, DossierEvent)
    log(f"  {len(rows.payments):,} payments, {len(rows.receipts):,} electronic receipts")
    return len(rows.payments)


def _pay_fee(rows, d, procedure, lines, rng, staff, now, calendar, paid_by_dossier) -> None:
    """How the procedure's fee was paid: online at filing, at the counter at receipt, or not yet."""
    amount = procedure.fee_amount
    online_filing = d["channel"] == "online" and d["submitted_at"] is not None
    if online_filing and procedure.fee_payable_online and rng.random() < 0.75:
        started = d["submitted_at"] + dt.timedelta(minutes=1)
        if rng.random() < 0.06:  # declined first, paid on the second try
            rows.payment(d, channel="online", status="failed", amount=amount, at=started,
                         failure="Người nộp từ chối thanh toán")  # fmt: skip
            started += dt.timedelta(minutes=2)
        paid_at = started + dt.timedelta(minutes=rng.randint(1, 4))
        if paid_at + dt.timedelta(minutes=2) > now:  # still on the gateway's page
            rows.payment(d, channel="online", status="pending", amount=amount, at=started)
            return
        pk = rows.payment(d, channel="online", status="paid", amount=amount, at=started, paid_at=paid_at)
        paid_by_dossier[d["id"]].append((pk, paid_at, None, lines, S.SUBMITTED, False, None))
        if rng.random() < 0.01:  # a second tab paid too: kept, to be refunded
            again = paid_at + dt.timedelta(minutes=2)
            pk = rows.payment(d, channel="online", status="paid", amount=amount, at=again, paid_at=again, refund=True)
            paid_by_dossier[d["id"]].append((pk, again, None, lines, S.SUBMITTED, True, None))
        return
    if d["received_at"] is None:
        if d["status"] == S.SUBMITTED and (now - d["submitted_at"]).days < 1 and rng.random() < 0.3:
            rows.payment(d, channel="online", status="pending", amount=amount, at=d["submitted_at"])
        return
    if d["channel"] == "counter" and rng.random() < 0.88:
        clerk = rng.choice(staff["counter"])
        paid_at = d["received_at"] + dt.timedelta(minutes=rng.randint(1, 3))
        if paid_at + dt.timedelta(minutes=5) > now:  # still at the counter
            return
        if not workdays.is_office_time(paid_at + dt.timedelta(minutes=5), calendar):
            paid_at = d["received_at"]  # received just before closing: paid at once
        channel = "cash" if rng.random() < 0.7 else "card"
        if paid_at != d["received_at"] and rng.random() < 0.005:  # receipt made out wrongly: cancelled, issued again
            pk = rows.payment(d, channel=channel, status="cancelled", amount=amount, at=paid_at, paid_at=paid_at,
                              by=clerk)  # fmt: skip
            cancel = (paid_at + dt.timedelta(minutes=4), clerk, "Ghi sai tên người nộp tiền")
            paid_by_dossier[d["id"]].append((pk, paid_at, clerk, lines, S.RECEIVED, False, cancel))
            paid_at += dt.timedelta(minutes=5)
        pk = rows.payment(d, channel=channel, status="paid", amount=amount, at=paid_at, paid_at=paid_at, by=clerk)
        paid_by_dossier[d["id"]].append((pk, paid_at, clerk, lines, S.RECEIVED, False, None))


def _receipts(rows, paid_by_dossier, agencies) -> None:
    """Receipts numbered per agency and year in the order of payment (continuing the series already given),
    and the events the services would have written."""
    last = defaultdict(int)
    last.update({(a, y): n for a, y, n in ReceiptSequence.objects.values_list("agency_id", "year", "last_number")})
    agency_of = {}
    for d in Dossier.objects.filter(pk__in=list(paid_by_dossier)).values("id", "agency_id"):
        agency_of[d["id"]] = d["agency_id"]
    issued = sorted(
        ((paid_at, dossier_id, pk, clerk, lines, status, refund, cancel)
         for dossier_id, items in paid_by_dossier.items()
         for pk, paid_at, clerk, lines, status, refund, cancel in items),
        key=lambda item: (item[0], item[2]),
    )  # fmt: skip
    for paid_at, dossier_id, pk, clerk, lines, status, refund, cancel in issued:
        agency = agencies[agency_of[dossier_id]]
        year = timezone.localdate(paid_at).year
        last[(agency.pk, year)] += 1
        number = last[(agency.pk, year)]
        amount = sum(line["amount"] for line in lines)
        rows.receipts.append((
            pk, agency.pk, year, number, f"{agency.code}/{year % 100:02d}E", paid_at, clerk, rows.payer[pk],
            amount, lines, cancel[0] if cancel else None, cancel[1] if cancel else None, cancel[2] if cancel else "",
        ))  # fmt: skip
        channel = rows.channel[pk]
        data = {"payment": pk, "channel": channel, "amount": amount, "receipt": f"{number:07d}"}
        if refund:
            note = f"Đã nhận {_vnd(amount)} khi hồ sơ đã nộp đủ: chờ hoàn trả."
            rows.events.append((dossier_id, paid_at, clerk, "payment_refund_due", status, status, None, note, data))
        else:
            note = f"Đã nộp {_vnd(amount)} ({CHANNEL_TEXT[channel]}), biên lai số {number:07d}."
            rows.events.append((dossier_id, paid_at, clerk, "payment", status, status, None, note, data))
        if cancel:
            rows.events.append((dossier_id, cancel[0], cancel[1], "receipt_cancelled", status, status, None,
                                cancel[2], data))  # fmt: skip
    ReceiptSequence.objects.bulk_create(
        [ReceiptSequence(agency_id=a, year=y, last_number=n) for (a, y), n in last.items()],
        update_conflicts=True,
        unique_fields=["agency", "year"],
        update_fields=["last_number"],
    )
