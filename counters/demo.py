"""Demo service groups for the kiosk: one per agency that has a counter of its own; safe to run again."""

import string

from counters.models import Counter, ServiceGroup
from procedures.models import Agency


def seed_service_groups() -> int:
    """Give each agency served by a dedicated counter a kiosk button with its own letter (A, B, …)."""
    if ServiceGroup.objects.exists():
        return 0
    dedicated = Counter.objects.filter(is_active=True).prefetch_related("agencies").order_by("number")
    agencies: list[Agency] = []
    for counter in dedicated:
        served = list(counter.agencies.all())
        if len(served) == 1 and served[0] not in agencies:
            agencies.append(served[0])
    for position, (letter, agency) in enumerate(zip(string.ascii_uppercase, agencies, strict=False), start=1):
        group = ServiceGroup.objects.create(prefix=letter, name=agency.name, position=position)
        group.agencies.add(agency)
    return len(agencies)
