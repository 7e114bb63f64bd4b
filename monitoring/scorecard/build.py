"""The scorecard of the center or of one agency, from the period's facts; its monthly trend and ranking."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from monitoring.periods import Period, month_period
from monitoring.scorecard.facts import SETS, Facts
from monitoring.scorecard.kept import monthly_facts, scorecard_facts
from monitoring.scorecard.points import points_for, ratio
from monitoring.scorecard.table import GROUPS, MAX_POINTS, IndicatorDef


@dataclass
class Part:
    """A number with the list behind it: which set (facts.SETS) and how many of it."""

    set_name: str
    label: str
    count: int

    @property
    def kind(self) -> str:
        return SETS[self.set_name]


@dataclass
class Indicator:
    key: str
    name: str
    numerator: int | None
    denominator: int | None
    value: float | None
    points: float
    max_points: float
    threshold: float | None
    measured: bool
    why_not: str
    definition: str = ""
    parts: list[Part] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "key": self.key, "name": str(self.name), "numerator": self.numerator, "denominator": self.denominator,
            "value": None if self.value is None else round(self.value, 4), "points": self.points,
            "max_points": self.max_points, "threshold": self.threshold, "measured": self.measured,
            "why_not": str(self.why_not) if self.why_not else None,
        }  # fmt: skip


@dataclass
class Group:
    key: str
    name: str
    max_points: float
    indicators: list[Indicator]

    @property
    def points(self) -> float:
        return round(sum(i.points for i in self.indicators), 2)

    def as_dict(self) -> dict:
        return {
            "key": self.key, "name": str(self.name), "points": self.points, "max_points": self.max_points,
            "indicators": [i.as_dict() for i in self.indicators],
        }  # fmt: skip


@dataclass
class Scorecard:
    period: Period
    agency_code: str | None
    groups: list[Group]

    @property
    def total_points(self) -> float:
        return round(sum(g.points for g in self.groups), 2)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for g in self.groups for i in g.indicators]

    def as_dict(self) -> dict:
        return {
            "from": self.period.first.isoformat(), "to": self.period.last.isoformat(), "agency": self.agency_code,
            "total_points": self.total_points, "max_points": MAX_POINTS, "groups": [g.as_dict() for g in self.groups],
        }  # fmt: skip


def _unmeasured(d: IndicatorDef, why_not=None) -> Indicator:
    return Indicator(d.key, d.name, None, None, None, 0.0, d.max_points, d.threshold, False, why_not or d.why_not)


def _measured(d: IndicatorDef, numerator: int, denominator: int, parts: list[Part]) -> Indicator:
    value = ratio(numerator, denominator)
    points = points_for(value, d.max_points, d.threshold)
    return Indicator(
        d.key, d.name, numerator, denominator, value, points, d.max_points, d.threshold, True, "", d.definition, parts
    )


def _certified_copies(d: IndicatorDef) -> Indicator:
    """A yes/no the portal cannot see: declared in settings, else not measured."""
    declared = settings.SCORECARD_ELECTRONIC_CERTIFIED_COPIES.strip().lower()
    if declared not in ("yes", "no"):
        return _unmeasured(d)
    offered = int(declared == "yes")
    return _measured(d, offered, 1, [])


def _dossier_satisfaction(d: IndicatorDef, facts: Facts, agency_id: int | None) -> Indicator:
    """100 % − (late share + unsatisfied-or-complained share): the two shares are added, as the portal adds
    them, so a dossier both late and rated unsatisfied counts twice (the value stops at 0)."""
    resolved = facts.count("resolved", agency_id)
    late = facts.count("resolved_late", agency_id)
    unhappy = facts.count("resolved_unsatisfied", agency_id)
    parts = [
        Part("resolved", _("Resolved in the period"), resolved),
        Part("resolved_late", _("Resolved late"), late),
        Part("resolved_unsatisfied", _("With a complaint or an unsatisfied rating"), unhappy),
    ]
    return _measured(d, max(0, resolved - late - unhappy), resolved, parts)


def build(facts: Facts, *, agency_id: int | None = None, agency_code: str | None = None) -> Scorecard:
    groups = []
    for g in GROUPS:
        indicators = []
        for d in g.indicators:
            if d.key == "certified_copies":
                indicators.append(_certified_copies(d))
            elif d.key == "dossier_satisfaction":
                indicators.append(_dossier_satisfaction(d, facts, agency_id))
            elif d.why_not:
                indicators.append(_unmeasured(d))
            else:
                numerator, denominator = facts.count(d.numerator, agency_id), facts.count(d.denominator, agency_id)
                parts = [
                    Part(d.numerator, _("Numerator"), numerator),
                    Part(d.denominator, _("Denominator"), denominator),
                ]
                indicators.append(_measured(d, numerator, denominator, parts))
        groups.append(Group(g.key, g.name, g.max_points, indicators))
    return Scorecard(facts.period, agency_code, groups)


def scorecard(period: Period, *, agency=None, site_id: int | None = None) -> Scorecard:
    """The scorecard of the center (agency None) or of one agency for the period (of the dossiers received
    at `site_id` when given)."""
    facts = scorecard_facts(period, site_id=site_id)
    return build(facts, agency_id=agency.pk if agency else None, agency_code=agency.code if agency else None)


def ranking(facts: Facts, agencies) -> list[tuple[object, Scorecard]]:
    """Every agency's scorecard from the same facts, the highest total first (then by code)."""
    cards = [(a, build(facts, agency_id=a.pk, agency_code=a.code)) for a in agencies]
    return sorted(cards, key=lambda item: (-item[1].total_points, item[0].code))


def monthly_trend(period: Period, *, agency=None) -> list[tuple[Period, float]]:
    """The total of each of the twelve months ending with the period's last month. Each month is judged as of
    its own end, and read from its kept counts (one query for the twelve)."""
    months = [month_period(first) for first in period.trend_months()]
    agency_id = agency.pk if agency else None
    return [(facts.period, build(facts, agency_id=agency_id).total_points) for facts in monthly_facts(months)]
