from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from counters.models import Counter
from procedures.models import Agency, Field, Procedure, ProcedureStep, RequiredDocument
from procedures.search import fold


def procedure_list(*, q: str = "") -> QuerySet[Procedure]:
    """Active procedures; `q` matches code or name, with or without Vietnamese accents."""
    queryset = Procedure.objects.active().select_related("agency", "field")
    for word in fold(q).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def procedure_close_matches(*, q: str) -> QuerySet[Procedure]:
    """For when no procedure has every word of `q`: those with at least half of them, most first (each
    with `matched`), so "dang ky kinh doanh" still offers "Đăng ký thành lập doanh nghiệp" (3 of 4 words)."""
    words = list(dict.fromkeys(fold(q).split()))
    if len(words) < 2:
        return Procedure.objects.none()
    matched = sum(
        (Case(When(search_text__contains=word, then=Value(1)), default=Value(0)) for word in words),
        start=Value(0),
    )
    return (
        Procedure.objects.active()
        .select_related("agency", "field")
        .annotate(matched=matched)
        .filter(matched__gte=(len(words) + 1) // 2)
        .order_by("-matched", "name", "code")
    )


def procedure_detail(*, code: str) -> Procedure | None:
    return (
        Procedure.objects.active()
        .select_related("agency", "field")
        .prefetch_related(
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position", "id")),
            Prefetch("steps", queryset=ProcedureStep.objects.select_related("agency").order_by("position")),
            Prefetch(
                "agency__counters",
                queryset=Counter.objects.filter(is_active=True).order_by("number"),
                to_attr="active_counters",
            ),
        )
        .filter(code=code)
        .first()
    )


_ACTIVE = Q(procedures__is_active=True)


def agency_catalogue() -> QuerySet[Agency]:
    """Agencies with at least one active procedure, each with `procedure_count`, for browsing."""
    return (
        Agency.objects.filter(is_active=True)
        .annotate(procedure_count=Count("procedures", filter=_ACTIVE))
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def field_catalogue(*, agency: Agency | None = None) -> QuerySet[Field]:
    """Fields with active procedures (of one agency, if given), each with `procedure_count`."""
    condition = _ACTIVE & Q(procedures__agency=agency) if agency is not None else _ACTIVE
    return (
        Field.objects.annotate(procedure_count=Count("procedures", filter=condition))
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def catalogue_totals() -> dict[str, int]:
    """How many procedures are published, and how many of them are received at the center."""
    return Procedure.objects.active().aggregate(
        total=Count("id"), at_center=Count("id", filter=Q(handled_at_center=True))
    )
