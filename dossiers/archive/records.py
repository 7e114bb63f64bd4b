"""Which rows belong to a dossier, and how they are read, deleted and put back.

Every relation that points at a dossier (or at one of its rows) is listed here once, as moved with the
dossier (ROWS) or as a link kept (LINKS: rows that outlive the dossier). tests/dossiers/archive checks the
list against the models, so a new relation cannot be forgotten silently.

Deletion goes through querysets, children first: `QuerySet.delete()` never calls `Dossier.delete()` (which
would subtract the dossier from the rollups) nor `SatisfactionRating.delete()`, and it is also how rows of
the append-only audit trails (DossierEvent, DocumentAccess, center.models.AppendOnlyModel) leave: the
model refuses a deletion through the instance, so that no code path drops one entry of a trail; here the
whole trail moves, verbatim, into the archive record, and comes back with a restore.
Restoring uses the deserializer's `save()` (Model.save_base with raw=True), which skips the models' own
save() for the same reasons, and keeps every primary key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import F

# (model, path from the row to its dossier's id), parents before children: restored in this order, deleted
# in the reverse one.
ROWS: list[tuple[str, str]] = [
    ("dossiers.Dossier", "pk"),
    ("dossiers.DossierEvent", "dossier_id"),
    ("dossiers.DossierStep", "dossier_id"),
    ("dossiers.DossierPause", "dossier_id"),
    ("dossiers.DossierExtension", "dossier_id"),
    ("dossiers.SatisfactionRating", "dossier_id"),
    ("dossiers.DossierDocument", "dossier_id"),
    ("dossiers.DocumentAccess", "document__dossier_id"),
    ("dossiers.OnlineFiling", "dossier_id"),
    ("dossiers.FilingComponent", "filing__dossier_id"),
    ("payments.Charge", "dossier_id"),
    ("payments.Payment", "dossier_id"),
    ("payments.Receipt", "payment__dossier_id"),
    ("payments.GatewayNotification", "payment__dossier_id"),
    ("monitoring.Alert", "dossier_id"),
    ("monitoring.DossierForecast", "dossier_id"),
    ("monitoring.ExtensionDraft", "dossier_id"),
    ("monitoring.DeadlineRecheck", "dossier_id"),
    ("monitoring.OutboxMessage", "dossier_id"),
]

# Rows that are not the dossier's but point at it or at one of its files: they stay, the link is cut (the
# foreign key is SET_NULL) and kept in the record as [row id, id it pointed at], and a restore ties it again
# if the row is still there and still unlinked. (model, foreign key's column, path from the row to the dossier)
LINKS: list[tuple[str, str, str]] = [
    ("monitoring.Feedback", "dossier_id", "dossier_id"),  # a citizen's feedback about the dossier
    ("dossiers.SavedDocument", "source_id", "source__dossier_id"),  # a citizen's copy of one of its files
]
# The queue tickets it was received under (counters.Ticket.dossiers, many-to-many): the ticket stays, the
# row of the relation moves into the record.
TICKETS = "counters.Ticket.dossiers"

# A file of another dossier reused from one of ours (DossierDocument.reused_from, counted by scorecard 4.3)
# would lose its link: such a dossier stays live until the reusing one is archived.
BLOCKED_BY = ("dossiers.DossierDocument", "reused_from__dossier_id")


def model(label: str):
    return apps.get_model(label)


def _tickets():
    return model("counters.Ticket").dossiers.through


def _among(dossier_ids: list[int]):
    """The ids as a subquery: a foreign key's `__in` a list prepares every value through the relation, which
    costs more for a batch of thousands than the query itself."""
    return model("dossiers.Dossier")._base_manager.filter(pk__in=dossier_ids).values("pk")


def _rows(label: str, path: str, dossier_ids: list[int], among):
    """One model's rows of the dossiers (the dossiers themselves by their ids, the others through `among`)."""
    return model(label)._base_manager.filter(**{f"{path}__in": dossier_ids if path == "pk" else among})


def rows_of(dossier_ids: list[int]) -> dict[int, list]:
    """{dossier id: [its rows, in ROWS order]}."""
    grouped: dict[int, list] = defaultdict(list)
    among = _among(dossier_ids)
    for label, path in ROWS:
        for row in _rows(label, path, dossier_ids, among).annotate(archive_owner=F(path)).order_by("pk"):
            grouped[row.archive_owner].append(row)
    return grouped


def links_of(dossier_ids: list[int]) -> dict[int, dict[str, list]]:
    """{dossier id: {"<model>.<column>": [[row id, id it pointed at]], TICKETS: [ticket ids]}}."""
    links: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    among = _among(dossier_ids)
    for label, column, path in LINKS:
        rows = model(label)._base_manager.filter(**{f"{path}__in": among}).values_list(path, "pk", column)
        for owner, pk, target in rows:
            links[owner][f"{label}.{column}"].append([pk, target])
    for owner, ticket in _tickets().objects.filter(dossier_id__in=among).values_list("dossier_id", "ticket_id"):
        links[owner][TICKETS].append(ticket)
    return links


def blocked(dossier_ids: list[int]) -> set[int]:
    """The dossiers one of whose files a dossier outside `dossier_ids` reused."""
    label, path = BLOCKED_BY
    return set(
        model(label)
        ._base_manager.filter(**{f"{path}__in": dossier_ids})
        .exclude(dossier_id__in=dossier_ids)
        .values_list(path, flat=True)
    )


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder keeping a time's microseconds (it cuts them to milliseconds): a restored dossier's
    times are the ones it had."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def serialize(rows: list, links: dict[str, list]) -> dict:
    """The record an ArchivedDossier keeps: the rows in django.core.serializers' form (what `dumpdata`
    writes: model, pk, fields; the JSON column encodes them with ExactJSONEncoder), and the links."""
    return {"rows": serializers.serialize("python", rows), "links": dict(links)}


def cut_and_delete(dossier_ids: list[int]) -> None:
    """Cut the links, then delete the rows, children first (see the module's docstring: no model's
    delete() runs, so the rollups stay as they are)."""
    among = _among(dossier_ids)
    for label, column, path in LINKS:
        model(label)._base_manager.filter(**{f"{path}__in": among}).update(**{column: None})
    _delete(_tickets().objects.filter(dossier_id__in=among))
    for label, path in reversed(ROWS):
        _delete(_rows(label, path, dossier_ids, among))


def _delete(queryset) -> None:
    """DELETE … WHERE pk IN (the queryset): one statement, without the deletion collector, which would look
    for related rows of each relation again (there are none left: every relation is in ROWS or LINKS, and
    the foreign keys in the database refuse a deletion that forgets one)."""
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    meta = queryset.model._meta
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({sql})", params)


def put_back(dossier_id: int, record: dict) -> None:
    """Save the rows as they were (same primary keys), then tie again the links whose rows remain."""
    for restored in serializers.deserialize("python", record["rows"]):
        restored.save()
    links = record.get("links", {})
    for label, column, _path in LINKS:
        for pk, target in links.get(f"{label}.{column}", []):
            model(label)._base_manager.filter(pk=pk, **{f"{column}__isnull": True}).update(**{column: target})
    tickets = model("counters.Ticket")._base_manager.filter(pk__in=links.get(TICKETS, [])).values_list("pk", flat=True)
    _tickets().objects.bulk_create([_tickets()(ticket_id=pk, dossier_id=dossier_id) for pk in tickets])
