"""The figures of a periodic report, computed by the dashboard's and the scorecard's own selectors, so the
report of a period says what the dashboard says for it (tests/monitoring/test_reports.py checks that).

- received (by channel), resolved early / on time / late, stopped or withdrawn: the dashboard's grouped
  counts (monitoring/selectors/dashboard.py `aggregate_rows`, the rows its tables and tiles add up), for
  the whole center and once per channel;
- in progress at the period's end, within time or overdue: the dossiers the scorecard's progress (2.1)
  judges at the period's end (facts `open_at_end`, `open_at_end_overdue`), so a closed period's report does
  not change when those dossiers finish later (the dashboard's "open now" is about today);
- the Decision 766 scorecard of the center and of each agency (monitoring/scorecard), as of the period's end.

Everything is JSON (`figures` of PeriodicReport): the files are made from it, and a later version is
compared with it.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from dossiers.models import Channel, Dossier
from monitoring.metrics import Scope
from monitoring.periods import Period
from monitoring.scorecard import build, load_facts, ranking
from monitoring.selectors.dashboard import aggregate_rows
from procedures.models import Agency, Field, Procedure

# Columns of the report's tables, in the order of the provincial form (received, resolved, in progress).
COLUMNS = {
    "received": _("Received: total"),
    "received_online": _("Received online"),
    "received_counter": _("Received at the counter"),
    "received_post": _("Received by post"),
    "resolved": _("Resolved: total"),
    "early": _("Resolved early"),
    "on_time": _("Resolved on time"),
    "late": _("Resolved late"),
    "stopped": _("Stopped or withdrawn"),
    "in_progress": _("In progress at the period's end: total"),
    "in_progress_within": _("In progress, within time"),
    "in_progress_overdue": _("In progress, overdue"),
}
FROM_DASHBOARD = ["received", "resolved", "early", "on_time", "late", "stopped", "online"]
CHANNEL_COLUMNS = {Channel.COUNTER: "received_counter", Channel.POST: "received_post"}
CHUNK = 5000


def report_scope(period: Period, channel: str = "") -> Scope:
    """The dashboard's scope for the period, the whole center (its "now" figures are not used here)."""
    return Scope(period=period, now=period.end, near_due_until=period.end, channel=channel)


def _empty() -> dict[str, int]:
    return dict.fromkeys(COLUMNS, 0)


def _open_at_end_procedures(ids: list[int]) -> dict[int, int]:
    """dossier id -> procedure id for the dossiers open at the period's end (in chunks: there may be many)."""
    found = {}
    for start in range(0, len(ids), CHUNK):
        found.update(Dossier.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", "procedure_id"))
    return found


def report_figures(period: Period) -> dict:
    """The report's figures for a closed period: by agency, by field, totals, and the scorecard."""
    field_of = dict(Procedure.objects.values_list("pk", "field_id"))
    by_agency: dict[int, dict] = defaultdict(_empty)
    by_field: dict[int, dict] = defaultdict(_empty)
    totals = _empty()

    def tally(rows: list[dict], column_of: dict[str, str]) -> None:
        for data in rows:
            for line in (by_agency[data["agency_id"]], by_field[field_of[data["procedure_id"]]], totals):
                for name, column in column_of.items():
                    line[column] += data[name]

    same = {name: name for name in FROM_DASHBOARD if name != "online"}
    tally(aggregate_rows(report_scope(period)), {**same, "online": "received_online"})
    for channel, column in CHANNEL_COLUMNS.items():
        tally(aggregate_rows(report_scope(period, channel)), {"received": column})

    facts = load_facts(period)
    open_at_end, overdue = facts.sets["open_at_end"], facts.sets["open_at_end_overdue"]
    procedure_of = _open_at_end_procedures(list(open_at_end))
    for pk, agency_id in open_at_end.items():
        column = "in_progress_overdue" if pk in overdue else "in_progress_within"
        for line in (by_agency[agency_id], by_field[field_of[procedure_of[pk]]], totals):
            line["in_progress"] += 1
            line[column] += 1

    agencies = {a.pk: a for a in Agency.objects.all()}
    fields = {f.pk: f for f in Field.objects.all()}
    shown_agencies = {pk for pk, a in agencies.items() if a.is_active} | {
        pk for pk, line in by_agency.items() if any(line.values())
    }
    card = build(facts)
    ranked = ranking(facts, [a for a in agencies.values() if a.is_active])
    progress = next(i for i in card.indicators if i.key == "on_time")
    return {
        "period": {"kind": period.kind, "first": period.first.isoformat(), "last": period.last.isoformat()},
        "agencies": sorted(
            ({"code": agencies[pk].code, "name": agencies[pk].name, **by_agency[pk]} for pk in shown_agencies),
            key=lambda line: line["name"],
        ),
        "fields": sorted(
            # Fields with something to count (the dashboard's rows include dossiers open today, all zeros here).
            (
                {"code": fields[pk].code, "name": fields[pk].name, **line}
                for pk, line in by_field.items()
                if any(line.values())
            ),
            key=lambda line: line["name"],
        ),
        "totals": totals,
        "scorecard": {
            "total_points": card.total_points,
            "groups": [
                {"key": g.key, "name": str(g.name), "points": g.points, "max_points": g.max_points} for g in card.groups
            ],
            "progress": {"numerator": progress.numerator, "denominator": progress.denominator, "value": progress.value},
            "ranking": [{"code": a.code, "name": a.name, "points": c.total_points} for a, c in ranked],
        },
    }


def figure_changes(before: dict, after: dict) -> list[dict]:
    """What differs between two versions' figures, line by line: [{"where", "what", "before", "after"}]."""
    changes = []

    def compare(where: str, old: dict, new: dict, keys) -> None:
        for key in keys:
            if old.get(key) != new.get(key):
                changes.append({"where": where, "what": key, "before": old.get(key), "after": new.get(key)})

    for table in ("agencies", "fields"):
        old_lines = {line["code"]: line for line in before.get(table, [])}
        new_lines = {line["code"]: line for line in after.get(table, [])}
        for code in sorted(old_lines.keys() | new_lines.keys()):
            line = new_lines.get(code) or old_lines[code]
            compare(f"{line['name']} ({code})", old_lines.get(code, {}), new_lines.get(code, {}), COLUMNS)
    compare(str(_("Total")), before.get("totals", {}), after.get("totals", {}), COLUMNS)
    old_card, new_card = before.get("scorecard", {}), after.get("scorecard", {})
    scorecard = str(_("Decision 766 scorecard"))
    compare(scorecard, old_card, new_card, ["total_points"])
    old_groups = {g["key"]: g for g in old_card.get("groups", [])}
    for group in new_card.get("groups", []):
        compare(f"{scorecard}: {group['name']}", old_groups.get(group["key"], {}), group, ["points"])
    old_ranks = {r["code"]: r for r in old_card.get("ranking", [])}
    for rank in new_card.get("ranking", []):
        compare(f"{scorecard}: {rank['name']} ({rank['code']})", old_ranks.get(rank["code"], {}), rank, ["points"])
    return changes
