"""Bring a dossier to a given status through the real services (so events, pauses and steps exist)."""

from dossiers import services
from dossiers.models import ReturnMethod
from dossiers.workflow import DossierStatus as S

APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")
MISSING = ["Bản vẽ mặt bằng có chữ ký", "Bản sao hợp đồng thuê nhà"]

# status -> the steps after `received` that lead there
PATHS = {
    S.RECEIVED: [],
    S.IN_PROGRESS: ["transfer"],
    S.AWAITING_SUPPLEMENT: ["transfer", "request_supplement"],
    S.AWAITING_PAYMENT: ["transfer", "request_payment"],
    S.STOPPED: ["transfer", "refuse"],
    S.WITHDRAWN: ["withdraw"],
    S.RESULT_READY: ["transfer", "resolve"],
    S.RETURNED: ["transfer", "resolve", "return"],
}


def receive(procedure, clerk, counter=None):
    return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


def walk(dossier, *, to: str, clerk, specialist):
    for step in PATHS[to]:
        if step == "transfer":
            dossier = services.dossier_transfer(dossier=dossier, by=clerk)
        elif step == "request_supplement":
            dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=MISSING)
        elif step == "request_payment":
            dossier = services.dossier_request_payment(
                dossier=dossier, by=specialist, note="Nộp lệ phí trước bạ 500.000 đồng tại Kho bạc"
            )
        elif step == "refuse":
            dossier = services.dossier_refuse(dossier=dossier, by=specialist, reason="Không thuộc thẩm quyền")
        elif step == "withdraw":
            dossier = services.dossier_withdraw(dossier=dossier, by=clerk, reason="Công dân xin rút")
        elif step == "resolve":
            dossier = services.dossier_resolve(dossier=dossier, by=specialist)
        elif step == "return":
            dossier = services.dossier_return(
                dossier=dossier, by=clerk, collected_by="Nguyễn Văn An", method=ReturnMethod.COUNTER
            )
    return dossier


def dossier_in(status: str, *, procedure, clerk, specialist, counter=None):
    return walk(receive(procedure, clerk, counter), to=status, clerk=clerk, specialist=specialist)
