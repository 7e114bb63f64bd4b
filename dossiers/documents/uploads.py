"""The upload handler for files larger than FILE_UPLOAD_MAX_MEMORY_SIZE (settings.FILE_UPLOAD_HANDLERS).

Django's own writes the whole file to a temporary file before any view sees it, so a 2 GB body would fill
the disk before the size check refuses it. This one writes no more than DOCUMENTS_MAX_FILE_BYTES + 1
bytes of a file and drops the rest as it arrives; the file still reports the size that was sent, so the
check (dossiers/documents/checks.py size_checked) refuses it with the true size.
"""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        """Write what fits under the limit; hand nothing on (this handler is the last)."""
        room = settings.DOCUMENTS_MAX_FILE_BYTES + 1 - start
        if room > 0:
            self.file.write(raw_data[:room])
