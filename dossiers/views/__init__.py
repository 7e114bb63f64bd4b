"""Staff pages of dossiers: worklists, receiving at the counter, the dossier page and its actions,
the printed slips, the return desk. One module per page group; the services do the work."""

from dossiers.views.detail import dossier_action, dossier_detail
from dossiers.views.receive import counter_slip, counter_slip_pdf, dossier_receive
from dossiers.views.register import dossier_register
from dossiers.views.returns import return_desk
from dossiers.views.slips import dossier_slip, dossier_slip_pdf
from dossiers.views.worklists import staff_home

__all__ = [
    "counter_slip",
    "counter_slip_pdf",
    "dossier_action",
    "dossier_detail",
    "dossier_receive",
    "dossier_register",
    "dossier_slip",
    "dossier_slip_pdf",
    "return_desk",
    "staff_home",
]
