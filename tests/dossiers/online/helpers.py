"""An online filing made the way a citizen makes it (through the services), for the staff-side tests."""

from dossiers.online.services import filing_component_upload, filing_start, filing_submit
from tests.dossiers.online.conftest import pdf


def submitted_online(citizen, procedure):
    filing = filing_start(citizen=citizen, procedure=procedure)
    for document in procedure.documents.filter(is_optional=False):
        filing_component_upload(filing=filing, position=document.position, upload=pdf(f"{document.position}.pdf"))
    return filing_submit(filing=filing)
