"""The API of dossiers' files: attach one, list them, open one."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from center.errors import InvalidInput
from center.schema import error_responses, roles_with
from dossiers.documents import services
from dossiers.documents.models import ScanStatus
from dossiers.documents.selectors import document_list, document_openable
from dossiers.documents.serializers import DocumentListOutput, DocumentOutput, DocumentUploadInput
from dossiers.documents.serving import document_response
from dossiers.selectors import dossier_list


def _dossier(request, code: str):
    dossier = dossier_list(user=request.user).select_related("procedure").filter(code=code).first()
    if dossier is None:
        raise Http404
    return dossier


def infected_refusal(document) -> InvalidInput:
    return InvalidInput(
        _("The file “%(name)s” contains malware (%(found)s) and was refused: its content was deleted.")
        % {"name": document.original_name, "found": document.scan_signature},
        field="file",
    )


class DossierDocumentsApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="dossier_documents_list",
        summary="A dossier's files",
        description="Who: roles with `dossiers.view_dossier` "
        f"({roles_with('dossiers.view_dossier')}), for dossiers they may see (else 404). Each file with its "
        "SHA-256 and malware check: `pending` (being checked: not yet open to others than its uploader), "
        "`clean`, `infected` (refused; its content deleted), `failed` (could not be checked; not opened).",
        responses={200: DocumentListOutput(many=True), **error_responses(403, 404)},
    )
    def get(self, request, code: str):
        dossier = _dossier(request, code)
        return Response(DocumentListOutput(document_list(user=request.user, dossier=dossier), many=True).data)

    @extend_schema(
        operation_id="dossier_documents_upload",
        summary="Attach a file to a dossier",
        description=(
            "A scan or file of one of the procedure's required documents (`component`: its position), by "
            f"counter staff or staff recording supplements ({roles_with('dossiers.receive_dossier')}; "
            f"{roles_with('dossiers.record_supplement')}) while the dossier is open; or the result "
            "(`component=result`, a PDF with `result_number`), by the agency holding the dossier "
            f"({roles_with('dossiers.process_dossier')}) while it is in progress or ready. The type is judged "
            "by the content (PDF, JPEG, PNG) and must agree with the name; size, dossier total and PDF pages "
            "are limited. The file is scanned for malware: `scan_status` is `clean`, or `pending` while the "
            "scanner cannot be reached (it is checked again later; until then only the uploader may open it). "
            "A file with malware is refused (400) and never served."
        ),
        request={"multipart/form-data": DocumentUploadInput},
        responses={
            201: DocumentOutput,
            400: OpenApiResponse(
                error_responses(400)[400].response,
                description="Invalid input, a type, size or page count not accepted, a name that disagrees with "
                "the content, or malware found. Nothing is stored (a file with malware is kept only as a "
                "record: name, size, hash).",
            ),
            **error_responses(403, 404),
        },
    )
    def post(self, request, code: str):
        dossier = _dossier(request, code)
        data = DocumentUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        document = services.document_upload(
            dossier=dossier,
            component=values["component"],
            upload=values["file"],
            by=request.user,
            result_number=values["result_number"],
        )
        if document.scan_status == ScanStatus.INFECTED:
            raise infected_refusal(document)
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


class DossierDocumentFileApi(APIView):
    @extend_schema(
        operation_id="dossier_document_file",
        summary="A file's content",
        description="The file as it was attached, streamed, when it was scanned clean (or it waits for the scan "
        "and the caller uploaded it) and the caller may see the dossier; 404 otherwise, the same for a dossier "
        "or file that does not exist. Each opening is recorded (personal-data access log). The "
        "`X-Content-SHA256` header repeats the stored hash.",
        responses={
            (200, "application/pdf"): OpenApiResponse(description="The file (PDF, JPEG or PNG)."),
            **error_responses(403, 404),
        },
    )
    def get(self, request, code: str, document_id: int):
        dossier = _dossier(request, code)
        document = document_openable(user=request.user, dossier=dossier, document_id=document_id)
        if document is None:
            raise Http404
        return document_response(request, document, staff=True)
