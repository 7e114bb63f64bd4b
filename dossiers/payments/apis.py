"""The payment API: the gateways' server-to-server notifications, and a dossier's account for staff."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from center.ratelimit import client_address
from center.schema import error_responses
from dossiers.payments.selectors import dossier_account
from dossiers.payments.services import REFUSALS, payment_answer_process
from dossiers.selectors import dossier_get


class NotifyOutput(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["ok", "duplicate"], help_text="ok: recorded now; duplicate: already recorded, nothing changed"
    )


class PaymentNotifyApi(APIView):
    """A gateway's notification that a payment was made or failed (its server calls ours)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # the gateway signs its message; no session, no CSRF
    throttle_classes: list = []
    parser_classes = [FormParser, JSONParser]

    @extend_schema(
        summary="A payment gateway's notification",
        description=(
            'Called by the gateway, not by people: its signed answer about one payment (README, "Payments" '
            "describes the parameters). 200 when recorded or already recorded (a repeated notification changes "
            "nothing); 400 when refused (bad signature, unknown payment, other amount or currency), and logged."
        ),
        request={"application/x-www-form-urlencoded": {"type": "object", "additionalProperties": {"type": "string"}}},
        responses={200: NotifyOutput, **error_responses(400)},
    )
    def post(self, request, provider: str):
        params = {str(k): str(v) for k, v in request.data.items()}
        verdict = payment_answer_process(
            provider=provider, params=params, source="notify", remote_addr=client_address(request)
        )
        if verdict.refused:
            # The portal's one error body (center/schema.py ErrorOutput): why, in the user's language.
            return Response({"detail": str(REFUSALS[verdict.reason])}, status=400)
        return Response({"status": "duplicate" if verdict.verdict == "duplicate" else "ok"})


class ChargeOutput(serializers.Serializer):
    kind = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()
    amount = serializers.IntegerField()


class PaymentOutput(serializers.Serializer):
    reference = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    amount = serializers.IntegerField()
    paid_at = serializers.DateTimeField()
    refund_due = serializers.BooleanField()
    receipt = serializers.SerializerMethodField()

    def get_receipt(self, payment) -> str | None:
        receipt = getattr(payment, "receipt", None)
        return f"{receipt.symbol} {receipt.display_number}" if receipt else None


class AccountOutput(serializers.Serializer):
    total = serializers.IntegerField()
    paid = serializers.IntegerField()
    due = serializers.IntegerField()
    refund_due = serializers.IntegerField()
    charges = ChargeOutput(many=True)
    payments = PaymentOutput(many=True)


class DossierAccountApi(APIView):
    @extend_schema(
        summary="A dossier's fees: owed, paid, due",
        description="Who: roles with `dossiers.view_dossier`, for dossiers they may see. Amounts in đồng.",
        responses={200: AccountOutput, **error_responses(403, 404)},
    )
    def get(self, request, code: str):
        if not request.user.has_perm("dossiers.view_dossier"):
            raise Http404
        dossier = dossier_get(user=request.user, code=code)
        if dossier is None:
            raise Http404
        return Response(AccountOutput(dossier_account(dossier)).data)
