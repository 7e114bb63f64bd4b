"""What a file is, judged by its content (magic bytes, through the `filetype` library), and the limits it
must keep. The name a client gives is never trusted: it must agree with the content.

Decision on names: a file whose name says one type and whose content is another (a PDF renamed .png) is
refused, not silently renamed. The mismatch is how such files are usually made (to slip past a filter, or
by mistake), and the person uploading is the one who can fix it; the stored object's name takes the
detected type's extension in any case (dossiers/documents/services.py), never the client's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from center.errors import InvalidInput

log = logging.getLogger("dossiers.documents")

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# Accepted types and the name endings each may carry (the first is the one a stored object gets).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
}
# filetype reads the first 261 bytes; PDF allows its header anywhere in the first 1024 (ISO 32000-1, 7.5.2),
# but a file that does not start with it is refused as any other unknown type.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    pages: int | None


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def _allowed_list() -> str:
    return ", ".join(f".{ext}" for extensions in EXTENSIONS.values() for ext in extensions)


def content_type_detected(upload) -> str | None:
    """The type the bytes say (a MIME type), or None when filetype does not know them."""
    kind = filetype.guess(_head(upload))
    return kind.mime if kind is not None else None


# A PDF ends with %%EOF within its last 1024 bytes (the tolerance of Adobe's readers, ISO 32000-1 note to
# 7.5.5). Checked first: pypdf looks for the marker backwards line by line, and a file padded with megabytes
# without a line break after it would hold a worker for seconds (a cheap way to load the server).
EOF_WINDOW = 1024


def _ends_like_a_pdf(upload) -> bool:
    upload.seek(max(upload.size - EOF_WINDOW, 0))
    tail = upload.read(EOF_WINDOW)
    upload.seek(0)
    return b"%%EOF" in tail


def pdf_pages(upload) -> int:
    """Pages of a PDF, read through pypdf from the file object (its cross-reference table, not all of it);
    refused when pypdf cannot read it or it is encrypted (staff could not open it either)."""
    if not _ends_like_a_pdf(upload):
        raise InvalidInput(_("This PDF file is damaged and cannot be read. Scan or save it again."), field="file")
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise InvalidInput(
                _("This PDF is protected by a password. Upload a copy without a password."), field="file"
            )
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as error:
        log.info("document_pdf_unreadable", extra={"error": type(error).__name__})
        raise InvalidInput(
            _("This PDF file is damaged and cannot be read. Scan or save it again."), field="file"
        ) from None
    finally:
        upload.seek(0)


def size_checked(size: int) -> None:
    if size == 0:
        raise InvalidInput(_("The file is empty."), field="file")
    limit = settings.DOCUMENTS_MAX_FILE_BYTES
    if size > limit:
        raise InvalidInput(
            _("The file is %(size)s; a file may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            field="file",
        )


def file_checked(*, upload, name: str, allowed: tuple[str, ...] = tuple(EXTENSIONS)) -> Checked:
    """The file's real type, extension and pages, or InvalidInput saying what is wrong with it, in the
    user's language: too large, empty, a type not accepted, a name that disagrees with the content, a PDF
    that cannot be read or has too many pages."""
    size_checked(upload.size)
    content_type = content_type_detected(upload)
    if content_type not in allowed:
        raise InvalidInput(
            _("This kind of file is not accepted. Upload a PDF, JPEG or PNG file (%(allowed)s).")
            % {"allowed": _allowed_list()}
            if allowed == tuple(EXTENSIONS)
            else _("This document must be a PDF file."),
            field="file",
        )
    extension = _extension(name)
    if extension not in EXTENSIONS[content_type]:
        raise InvalidInput(
            _(
                "The file's name (“%(name)s”) does not match its content, which is a %(kind)s file. Give it "
                "the right ending (%(endings)s) or upload the intended file."
            )
            % {
                "name": name,
                "kind": EXTENSIONS[content_type][0].upper(),
                "endings": ", ".join(f".{ext}" for ext in EXTENSIONS[content_type]),
            },
            field="file",
        )
    pages = None
    if content_type == PDF:
        pages = pdf_pages(upload)
        limit = settings.DOCUMENTS_MAX_PDF_PAGES
        if pages > limit:
            raise InvalidInput(
                _("This PDF has %(pages)d pages; a file may have at most %(limit)d.")
                % {"pages": pages, "limit": limit},
                field="file",
            )
    return Checked(content_type=content_type, extension=EXTENSIONS[content_type][0], pages=pages)
