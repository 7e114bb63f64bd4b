"""The public API of sites, their live wait and appointments (under /api/v1/public/, no sign-in).

Thin views: validate, call a selector or a service of counters/booking.py or counters/waits.py, answer.
Throttled per client (`throttle_scope = "public"`, PUBLIC_API_RATE); bookings are also limited per identity
number and phone per day (APPOINTMENTS_PER_PERSON_PER_DAY).
"""

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from center.errors import InvalidInput, NotFound
from center.schema import error_responses
from counters import booking
from counters.models import ServiceGroup, Site
from counters.serializers import (
    AppointmentCancelInput,
    AppointmentInput,
    AppointmentOutput,
    SiteOutput,
    SlotOutput,
    SlotQueryInput,
)
from counters.sites import sites_open
from counters.waits import live_waits

_PUBLIC = "Public: no sign-in needed; throttled per client."


class PublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous: no session, so no CSRF token to send
    throttle_scope = "public"


def _site(code: str) -> Site:
    site = Site.objects.filter(code=code, is_active=True).first()
    if site is None:
        raise NotFound(_("No site has this code."))
    return site


def _group(site: Site, code: str) -> ServiceGroup:
    group = ServiceGroup.objects.filter(site=site, prefix=(code or "").strip().upper(), is_active=True).first()
    if group is None:
        raise InvalidInput(_("This service is not offered at this site."), field="group")
    return group


def _group_or_procedure(site: Site, values: dict):
    """The group asked for, or the one serving the procedure asked for: (group, procedure or None)."""
    if values.get("procedure") and not values.get("group"):
        return booking.group_for_procedure(site=site, code=values["procedure"])
    return _group(site, values.get("group", "")), None


def site_rows(sites: list[Site]) -> list[dict]:
    """Each site with its live queue per group (a fixed number of queries for all sites)."""
    waits = live_waits([s.pk for s in sites])
    open_now = sites_open(sites)
    return [
        {
            "code": site.code,
            "name": site.name,
            "kind": site.kind,
            "address": site.address,
            "lat": float(site.latitude) if site.latitude is not None else None,
            "lon": float(site.longitude) if site.longitude is not None else None,
            "open_now": open_now[site.pk],
            "groups": [w.as_dict() for w in waits.get(site.pk, [])],
        }
        for site in sites
    ]


@method_decorator(never_cache, name="dispatch")
class PublicSiteListApi(PublicApi):
    @extend_schema(
        summary="The province's reception sites with their live queues",
        description=f"{_PUBLIC} Each site with, per service group, the people waiting, the counters open and "
        "the estimated wait for a ticket taken now (null only when no counter of the group is open).",
        responses={200: SiteOutput(many=True), **error_responses(429)},
    )
    def get(self, request):
        return Response(site_rows(list(Site.objects.filter(is_active=True))))


class PublicSlotListApi(PublicApi):
    @extend_schema(
        summary="Free appointment slots of a site for a service group on a day",
        description=f"{_PUBLIC} Only slots with places left; none on the site's days off or in the past.",
        parameters=[
            OpenApiParameter("group", str, description="The group's code; or `procedure`"),
            OpenApiParameter("procedure", str, description="A procedure's national code, instead of `group`"),
            OpenApiParameter("date", str, required=True),
        ],
        responses={200: SlotOutput(many=True), **error_responses(400, 404, 429)},
    )
    def get(self, request, code: str):
        site = _site(code)
        query = SlotQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        group, _procedure = _group_or_procedure(site, query.validated_data)
        slots = booking.free_slots(site=site, group=group, day=query.validated_data["date"])
        return Response(SlotOutput(slots, many=True).data)


class PublicAppointmentBookApi(PublicApi):
    @extend_schema(
        summary="Book an appointment",
        description=f"{_PUBLIC} The confirmation code (and a QR of it on the confirmation page) is sent by SMS "
        "(and e-mail when given). 409 when the slot has just filled; 400 for a slot that is not free or too "
        "many appointments for the identity number or phone on that day.",
        request=AppointmentInput,
        responses={201: AppointmentOutput, **error_responses(400, 404, 409, 429)},
    )
    def post(self, request):
        data = AppointmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        site = _site(values["site"])
        group, procedure = _group_or_procedure(site, values)
        appointment = booking.appointment_book(
            site=site,
            group=group,
            procedure=procedure,
            start=values["start"],
            applicant_name=values["applicant_name"],
            applicant_phone=values["applicant_phone"],
            applicant_id_number=values["applicant_id_number"],
            applicant_email=values.get("applicant_email", ""),
        )
        return Response(AppointmentOutput(appointment).data, status=status.HTTP_201_CREATED)


class PublicAppointmentCancelApi(PublicApi):
    @extend_schema(
        summary="Cancel an appointment",
        description=f"{_PUBLIC} With the phone number it was booked with (body `phone`, or `?phone=`); a wrong "
        "code and a wrong phone give the same 404.",
        request=AppointmentCancelInput,
        parameters=[OpenApiParameter("phone", str, required=False)],
        responses={204: None, **error_responses(400, 404, 409, 429)},
    )
    def delete(self, request, code: str):
        phone = request.data.get("phone") if hasattr(request.data, "get") else None
        data = AppointmentCancelInput(data={"phone": phone or request.query_params.get("phone", "")})
        data.is_valid(raise_exception=True)
        booking.appointment_cancel(code=code, phone=data.validated_data["phone"])
        return Response(status=status.HTTP_204_NO_CONTENT)
