"""The scorecard's table: groups, indicators, maxima and thresholds (DOMAIN.md, Decision 766/QĐ-TTg).

An indicator the portal cannot measure yet names why (`why_not`); it scores 0, as it would nationally.
A measured one names the sets (monitoring/scorecard/facts.py) whose sizes are its numerator and
denominator. Ratios the portal shows beside an indicator without points have max_points 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class IndicatorDef:
    key: str
    name: str
    max_points: float
    threshold: float | None = None
    numerator: str = ""  # a set of facts.SETS
    denominator: str = ""
    why_not: str = ""  # not measured, and why
    definition: str = ""


@dataclass(frozen=True)
class GroupDef:
    key: str
    name: str
    max_points: float
    indicators: tuple[IndicatorDef, ...]


NO_FILES = _("The portal does not store files for dossier components or results yet.")

GROUPS: tuple[GroupDef, ...] = (
    GroupDef("transparency", _("Transparency"), 18, (
        IndicatorDef("published_on_time", _("Procedures published on time"), 6, why_not=_(
            "The catalogue does not record publication decisions or when their legal texts take effect.")),
        IndicatorDef("national_database_on_time", _("Procedures updated in the national database on time"), 4,
                     why_not=_("The portal is not connected to the national procedures database and records no "
                               "publication dates.")),
        IndicatorDef("complete_content", _("Procedures with complete content"), 2, why_not=_(
            "The catalogue has the name, the documents and their counts, the time limit, the way of filing and the "
            "competent agency, but not the sequence of steps (trình tự thực hiện) nor who may file (đối tượng "
            "thực hiện): two of the seven required parts cannot be checked.")),
        IndicatorDef("synchronised", _("Dossiers synchronised to the national portal"), 6, why_not=_(
            "The portal does not synchronise dossiers with the national public service portal yet.")),
    )),
    GroupDef("progress", _("Progress of resolution"), 20, (
        IndicatorDef("on_time", _("Dossiers processed early or on time"), 20, None, "progress_ok", "progress_base",
                     definition=_(
                         "Dossiers received or processed in the period (received ones only) whose end of processing "
                         "(result ready, else returned, else stopped or withdrawn; an unanswered supplement request; "
                         "else the period's end), less the citizen's supplement time, is no later than the "
                         "appointment on the receipt. More than one supplement request is late.")),
    )),
    GroupDef("online_service", _("Online service"), 12, (
        IndicatorDef("full_online", _("Full-online dossiers"), 12, None, "full_online", "full_online_base",
                     definition=_("Dossiers received online in the period for procedures that allow full-online "
                                  "processing, over all dossiers of those procedures received in the period.")),
        IndicatorDef("procedures_online", _("Procedures offering online service (no points)"), 0, 0.8,
                     "procedures_online", "procedures",
                     definition=_("Procedures in force with a full or partial online service, over all procedures "
                                  "in force (the catalogue as it is now).")),
        IndicatorDef("channel_share", _("Dossiers filed online with an electronic result (no points)"), 0, 0.5,
                     why_not=_("An online dossier counts only with an electronic result where the result is a "
                               "paper document, and the portal records no electronic results yet.")),
    )),
    GroupDef("online_payment", _("Online payment"), 10, (
        IndicatorDef("payable_online", _("Fee-bearing procedures payable online"), 2, 0.8,
                     "fee_procedures_payable_online", "fee_procedures", definition=_(
                         "Procedures in force with a fee whose fee can be paid online through the payment "
                         "platform, over all procedures in force with a fee (the catalogue as it is now).")),
        IndicatorDef("procedures_paid_online", _("Procedures with an online payment made"), 2, None,
                     "fee_procedures_paid_online", "fee_procedures", definition=_(
                         "Procedures in force with a fee for which at least one online payment was made in the "
                         "period, over all procedures in force with a fee.")),
        IndicatorDef("dossiers_paid_online", _("Dossiers paid online"), 6, None, "fee_dossiers_paid_online",
                     "fee_dossiers", definition=_(
                         "Dossiers received in the period of procedures with a non-zero fee that were paid online "
                         "by the period's end, over all dossiers received in the period of those procedures.")),
    )),
    GroupDef("satisfaction", _("Satisfaction"), 18, (
        IndicatorDef("feedback_on_time", _("Feedback handled on time"), 6, None, "feedback_on_time",
                     "feedback_base", definition=_(
                         "Feedback refused within 2 working days, the sender asked for more within 5, or answered "
                         "within 15 (from receipt or the last forwarding), or still within its time at the period's "
                         "end, over feedback received or handled in the period.")),
        IndicatorDef("feedback_satisfaction", _("Satisfaction with feedback handling"), 6, None,
                     "feedback_satisfied", "feedback_received", definition=_(
                         "Feedback first received in the period, less those whose sender was not satisfied with the "
                         "answer or that were handled late, over feedback first received in the period. (A new "
                         "complaint about the same answer is not recorded apart.)")),
        IndicatorDef("dossier_satisfaction", _("Satisfaction with dossier handling"), 6, 0.9, "", "resolved",
                     definition=_(
                         "100 % − (share of the dossiers resolved in the period that were late + share with a "
                         "complaint or an unsatisfied rating given by the period's end).")),
    )),
    GroupDef("digitisation", _("Digitisation"), 22, (
        IndicatorDef("electronic_results", _("Electronic results"), 6, why_not=NO_FILES),
        IndicatorDef("digitised_dossiers", _("Digitised dossiers"), 4, 0.8, why_not=NO_FILES),
        IndicatorDef("certified_copies", _("Electronic certified copies"), 2, why_not=_(
            "Nobody has declared whether electronic certified copies are offered "
            "(setting SCORECARD_ELECTRONIC_CERTIFIED_COPIES).")),
        IndicatorDef("reused_data", _("Reuse of digitised data"), 2, 0.8, why_not=_(
            "The portal does not record dossier components taken from already digitised data.")),
        IndicatorDef("citizen_data_store", _("Digitised dossiers shared with the citizen's national data store"), 4,
                     why_not=_("The portal is not connected to the citizens' national data stores.")),
        IndicatorDef("population_database_dossiers", _("Dossiers using the population database"), 2, why_not=_(
            "The portal does not verify applicants through VNeID or take data from the population database.")),
        IndicatorDef("population_database_procedures", _("Procedures connected to the population database"), 2,
                     why_not=_("The catalogue does not record which procedures are connected to the population "
                               "database.")),
    )),
)  # fmt: skip

MAX_POINTS = 100
INDICATORS = {i.key: i for g in GROUPS for i in g.indicators}
assert sum(g.max_points for g in GROUPS) == MAX_POINTS
assert all(sum(i.max_points for i in g.indicators) == g.max_points for g in GROUPS)
