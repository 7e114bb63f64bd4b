"""How payment events read in the dossier's timelines (staff page and tracking page)."""

from django.utils.translation import gettext_lazy as _

PAYMENT_EVENT_LABELS = {
    "charge_set": _("Charge set by the agency"),
    "payment": _("Fee paid; electronic receipt issued"),
    "payment_refund_due": _("Payment received for a dossier already paid: to be refunded"),
    "receipt_cancelled": _("Electronic receipt cancelled"),
}
