"""The return desk: find a dossier by its code or the receipt's QR code (a USB scanner types the
address), then record who collected the result and how. Nothing is printed."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse

from center.models import AccessPurpose
from center.privacy import personal_data_access_record
from dossiers.forms import ReturnForm, code_from_scan
from dossiers.permissions import can_act
from dossiers.presentation import mask_tail
from dossiers.selectors import dossier_list
from dossiers.workflow import DossierStatus as S


@login_required
@permission_required("dossiers.return_dossier", raise_exception=True)
def return_desk(request):
    q = request.GET.get("q", "").strip()[:500]
    code = code_from_scan(q) if q else ""
    dossier = dossier_list(user=request.user).filter(code=code).first() if code else None
    form = None
    if dossier is not None:
        personal_data_access_record(
            user=request.user, dossier=dossier, purpose=AccessPurpose.DOSSIER_PROCESSING, request=request
        )
    if dossier is not None and dossier.status == S.RESULT_READY and can_act(request.user, dossier, "return"):
        form = ReturnForm(initial={"collected_by": dossier.applicant_name}, prefix="return")
    return render(
        request,
        "dossiers/return_desk.html",
        {
            "q": q,
            "code": code,
            "dossier": dossier,
            # Enough to compare with the collector's ID card; the whole number is on the dossier page.
            "id_number_tail": mask_tail(dossier.applicant_id_number, 4) if dossier else "",
            "form": form,
            "next": f"{reverse('return-desk')}?q={code}",
        },
    )
