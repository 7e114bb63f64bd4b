"""The dossier API: thin views that validate input, call one service and serialize the result."""

import datetime as dt
import re

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import parse_etags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from center import ratelimit, workdays
from center.dates import DateInRangeInput
from center.errors import InvalidInput, NotAllowed
from center.models import AccessPurpose
from center.privacy import personal_data_access_record, reading_purpose
from center.schema import ErrorOutput, error_responses, roles_with
from center.throttles import public_quota
from dossiers import services
from dossiers.filters import DossierFilter
from dossiers.permissions import ACTION_PERMISSION
from dossiers.public_answers import api_answer_build, api_answer_key
from dossiers.selectors import dossier_get, dossier_list, dossier_public_get, public_credentials
from dossiers.serializers import (
    ActionInput,
    DossierDetailOutput,
    DossierListOutput,
    DossierReceiptOutput,
    DossierReceiveInput,
    ExtendInput,
    PublicDossierOutput,
    ReasonInput,
    ReturnInput,
    SupplementInput,
)

_SEES = (
    f"Who: roles with `dossiers.view_dossier` ({roles_with('dossiers.view_dossier')}). An agency's staff see "
    "their agency's dossiers (its own, those now with it, those it handled in a chain); the center's staff "
    "see all."
)


@extend_schema_view(
    get=extend_schema(
        summary="Dossiers the caller may see",
        description=f"{_SEES} Filtered by the query parameters, 50 a page, newest receipt first; a page past "
        "the last is a 404.",
        responses={200: DossierListOutput(many=True), **error_responses(400, 403, 404)},
    )
)
class DossierListReceiveApi(generics.ListAPIView):
    """GET: dossiers the caller may see, filtered. POST: receive a dossier at the counter."""

    serializer_class = DossierListOutput
    filterset_class = DossierFilter

    def get_queryset(self):
        return dossier_list(user=self.request.user).order_by("-received_at", "-id")

    @extend_schema(
        operation_id="dossier_receive",
        summary="Receive a dossier at the counter",
        description=(
            f"Who: {roles_with('dossiers.receive_dossier')}, for any agency's procedure (Decree 118/2025: a "
            "dossier is accepted wherever it is filed in the province). Starts the legal clock and answers "
            "with the code and lookup secret printed on the receipt. Send the same `receipt_token` again to "
            "make a retried request safe: the same request (same values, same caller) answers with the dossier "
            "already created; the same token with any other request is a 409."
        ),
        request=DossierReceiveInput,
        responses={
            201: DossierReceiptOutput,
            **error_responses(400, 403),
            409: OpenApiResponse(
                ErrorOutput,
                description="This `receipt_token` was already used with another request (other values or "
                "another caller). Nothing was received.",
            ),
        },
    )
    def post(self, request):
        if not request.user.has_perm("dossiers.receive_dossier"):
            raise NotAllowed(_("Only counter staff can receive dossiers."))
        data = DossierReceiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        profile = getattr(request.user, "staff_profile", None)
        dossier = services.dossier_receive(
            procedure=values["procedure"],
            applicant=services.Applicant.from_fields(values),
            by=request.user,
            counter=profile.counter if profile else None,
            channel=values["channel"],
            receipt_token=values.get("receipt_token"),
        )
        return Response(DossierReceiptOutput(dossier).data, status=status.HTTP_201_CREATED)


_ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description='The dossier\'s `version` as an entity tag, e.g. `"3"`: send it back in `If-Match` to act.',
)


def _etag(dossier) -> str:
    return f'"{dossier.version}"'


def _detail_answer(dossier) -> Response:
    return Response(DossierDetailOutput(dossier).data, headers={"ETag": _etag(dossier)})


def _version_from_if_match(request) -> int | None:
    """The version an `If-Match` header names (None without one). Only one strong tag of ours is a version:
    `*` or a list would let a stale client through, so they are refused."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = parse_etags(header)
    ours = re.fullmatch(r'"([0-9]{1,10})"', tags[0]) if len(tags) == 1 else None
    if ours is not None:
        return int(ours[1])
    raise InvalidInput(_('If-Match must be the one ETag of the dossier\'s detail answer, e.g. "3".'), field="version")


def _action_input(request) -> dict:
    """The body with the version from `If-Match` put in, if the header is sent (the body may say it too, but
    not differently)."""
    version = _version_from_if_match(request)
    if version is None or not hasattr(request.data, "copy") or not hasattr(request.data, "get"):
        return request.data
    if request.data.get("version") not in (None, version, str(version)):
        raise InvalidInput(_("The version in the body and in If-Match differ: send only one."), field="version")
    data = request.data.copy()
    data["version"] = version
    return data


class DossierDetailApi(APIView):
    @extend_schema(
        summary="A dossier with its applicant and audit trail",
        description=(
            f"{_SEES} A dossier the caller may not see is a 404. The answer holds the applicant's personal "
            "data, so each call is written to the personal data access log (Law 91/2025/QH15)."
        ),
        parameters=[_ETAG_HEADER],
        responses={200: DossierDetailOutput, **error_responses(403, 404)},
    )
    def get(self, request, code: str):
        dossier = dossier_get(user=request.user, code=code)
        if dossier is None:
            raise Http404
        purpose = reading_purpose(request.user, AccessPurpose.DOSSIER_PROCESSING)
        personal_data_access_record(user=request.user, dossier=dossier, purpose=purpose, request=request)
        return _detail_answer(dossier)


def extension_due_at(dossier, day: dt.date) -> dt.datetime:
    """The new appointment of an extension dated `day`: a working day, at the appointment's time of day."""
    if not workdays.load_calendar().is_working_day(day):
        raise InvalidInput(_("The new appointment must fall on a working day."), field="new_due_date")
    appointment = timezone.localtime(dossier.appointment_at)
    return timezone.make_aware(dt.datetime.combine(day, appointment.time()))


def _extend(dossier, user, values):
    return services.dossier_extend(
        dossier=dossier,
        by=user,
        new_due_at=extension_due_at(dossier, values["new_due_date"]),
        reason=values["reason"] or values["note"],
        version=values["version"],
    )


def _missing(values) -> list[str]:
    return values["missing"] or [line for line in values["note"].splitlines() if line.strip()]


# action in the URL -> (input serializer, call of the service)
ACTIONS = {
    "accept": (
        ActionInput,
        lambda d, u, v: services.dossier_accept(dossier=d, by=u, note=v["note"], version=v["version"]),
    ),
    "reject": (
        ReasonInput,
        lambda d, u, v: services.dossier_reject(dossier=d, by=u, reason=v["reason"] or v["note"], version=v["version"]),
    ),
    "transfer": (
        ActionInput,
        lambda d, u, v: services.dossier_transfer(dossier=d, by=u, note=v["note"], version=v["version"]),
    ),
    "request-supplement": (
        SupplementInput,
        lambda d, u, v: services.dossier_request_supplement(
            dossier=d, by=u, missing=_missing(v), note=v["note"], version=v["version"]
        ),
    ),
    "supplement-received": (
        ActionInput,
        lambda d, u, v: services.dossier_supplement_received(dossier=d, by=u, note=v["note"], version=v["version"]),
    ),
    "request-payment": (
        ActionInput,
        lambda d, u, v: services.dossier_request_payment(dossier=d, by=u, note=v["note"], version=v["version"]),
    ),
    "payment-received": (
        ActionInput,
        lambda d, u, v: services.dossier_payment_received(dossier=d, by=u, note=v["note"], version=v["version"]),
    ),
    "refuse": (
        ReasonInput,
        lambda d, u, v: services.dossier_refuse(dossier=d, by=u, reason=v["reason"] or v["note"], version=v["version"]),
    ),
    "extend": (ExtendInput, _extend),
    "resolve": (
        ActionInput,
        lambda d, u, v: services.dossier_resolve(dossier=d, by=u, note=v["note"], version=v["version"]),
    ),
    "return": (
        ReturnInput,
        lambda d, u, v: services.dossier_return(
            dossier=d,
            by=u,
            collected_by=v["collected_by"] or d.applicant_name,
            method=v["method"],
            note=v["note"],
            version=v["version"],
        ),
    ),
    "withdraw": (
        ReasonInput,
        lambda d, u, v: services.dossier_withdraw(
            dossier=d, by=u, reason=v["reason"] or v["note"], version=v["version"]
        ),
    ),
}


class ActionAnyInput(ExtendInput, SupplementInput, ReturnInput):
    """For the API description only: the fields every action may take; each reads those it needs."""

    new_due_date = DateInRangeInput(required=False, help_text="`extend` (required): the new appointment")


_ACTION_ROLES = "\n".join(
    f"- `{action}`: {roles_with(ACTION_PERMISSION[action.replace('-', '_')])}" for action in ACTIONS
)


class DossierActionApi(APIView):
    """POST one action on a dossier: 200 with the dossier, 400 bad input, 403 not allowed, 409 wrong state."""

    @extend_schema(
        operation_id="dossier_action",
        summary="One action of the dossier's workflow",
        description=(
            "Moves the dossier as the workflow table allows (dossiers/workflow.py) and writes one event. "
            "An agency's staff act only on dossiers now with their agency. Fields: `note` (any action); "
            "`reason` (`reject`, `refuse`, `withdraw`, `extend`; `note` is used when empty); `missing` "
            "(`request-supplement`: everything missing, once); `new_due_date` (`extend`); `collected_by` "
            "and `method` (`return`).\n\n"
            "Every action states the state it is made from: `version` (required) is the dossier's `version` "
            'as its detail answer gave it (or that answer\'s ETag in `If-Match`, e.g. `If-Match: "3"`). If '
            "the dossier changed since (someone acted, or this same request already went through: a double "
            "click, a retry), the answer is a 409 and nothing changes; read the dossier again. The answer "
            "carries the new `version` and ETag. Who may do each action:\n\n" + _ACTION_ROLES
        ),
        parameters=[
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS)),
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description='Instead of `version` in the body: the ETag of the detail answer, e.g. `"3"` '
                "(one strong tag; `*` is refused).",
            ),
            _ETAG_HEADER,
        ],
        request=ActionAnyInput,
        responses={
            200: DossierDetailOutput,
            **error_responses(400, 403, 404),
            409: OpenApiResponse(
                ErrorOutput,
                description="The dossier changed since the `version` the action was made from, or its current "
                "status does not allow this action. Nothing was changed: read the dossier again.",
            ),
        },
    )
    def post(self, request, code: str, action: str):
        if action not in ACTIONS:
            raise Http404
        dossier = dossier_list(user=request.user).filter(code=code).first()
        if dossier is None:
            raise Http404
        serializer_class, call = ACTIONS[action]
        data = serializer_class(data=_action_input(request))
        data.is_valid(raise_exception=True)
        call(dossier, request.user, data.validated_data)
        changed = dossier_get(user=request.user, code=code)
        personal_data_access_record(
            user=request.user, dossier=changed, purpose=AccessPurpose.DOSSIER_PROCESSING, request=request
        )
        return _detail_answer(changed)


@method_decorator(never_cache, name="dispatch")  # the applicant's dossier: never stored (center/no_store.py)
class PublicDossierApi(APIView):
    """A dossier's progress for the applicant: code and secret from the receipt; both wrong look alike."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []  # the "public" quota is counted in the limiter's round trip (get)

    @extend_schema(
        summary="A dossier's progress, for the applicant",
        description=(
            "Public: no sign-in; the code and the secret printed on the receipt. The applicant's name is "
            "masked. A wrong code and a wrong secret give the same 404; after repeated wrong secrets for one "
            "code, that code must wait (429, longer with each wrong secret); an address with very many "
            "failures is refused for a while (429)."
        ),
        parameters=[OpenApiParameter("secret", str, required=True)],
        responses={200: PublicDossierOutput, **error_responses(404, 429)},
    )
    def get(self, request, code: str):
        code, secret = public_credentials(code, request.query_params.get("secret", ""))
        limit, key = ratelimit.public_lookup(), api_answer_key(code, secret, get_language())
        try:  # the load throttle and the limits on failures first, whatever the lookup finds
            ready = ratelimit.ready_answer(limit, request, key=key, code=code, quota=public_quota(request))
            if ready is not None:  # asked before with this code and secret: no database query
                return HttpResponse(ready, content_type="application/json")
            dossier = dossier_public_get(code=code, secret=secret)
            ratelimit.settle(limit, request, found=dossier is not None, code=code)
        except ratelimit.QuotaExceeded as over:
            raise Throttled(wait=over.retry_after) from None
        except ratelimit.RateLimited as limited:
            return Response({"detail": limited.message}, status=429, headers={"Retry-After": str(limited.retry_after)})
        if dossier is None:
            return Response({"detail": _("No dossier matches this code and secret.")}, status=404)
        # The JSON as PublicDossierOutput documents it, rendered once and kept ready.
        return HttpResponse(api_answer_build(dossier, key), content_type="application/json")
