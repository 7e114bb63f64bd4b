from rest_framework import serializers

from dossiers.documents.models import DossierDocument


class DocumentUploadInput(serializers.Serializer):
    component = serializers.CharField(
        max_length=8,
        help_text="The position of the procedure's required document this file is a copy of (1, 2, ...), or "
        "`result` for the agency's result (a PDF, with `result_number`).",
    )
    file = serializers.FileField(
        allow_empty_file=True,  # an empty file gets the portal's own message (dossiers/documents/checks.py)
        help_text="PDF, JPEG or PNG, judged by its content; the name's ending must agree with it. At most "
        "DOCUMENTS_MAX_FILE_BYTES (20 MB by default), DOCUMENTS_MAX_PDF_PAGES pages.",
    )
    result_number = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default="", help_text="The result's number (results only)."
    )


class DocumentOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = DossierDocument
        fields = ["id", "name", "size", "sha256", "scan_status"]


class DocumentListOutput(DocumentOutput):
    class Meta(DocumentOutput.Meta):
        fields = [
            *DocumentOutput.Meta.fields,
            "component",
            "component_name",
            "content_type",
            "pages",
            "uploader",
            "uploaded_at",
            "result_number",
        ]
