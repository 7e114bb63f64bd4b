import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from center import workdays
from center.schema import error_responses


class DueDateInput(serializers.Serializer):
    start = serializers.DateTimeField(
        help_text="ISO-8601, in the years 2000 to 2099; without an offset it is read as local time."
    )
    days = serializers.IntegerField(min_value=0, max_value=3650)

    def validate_start(self, value: dt.datetime):
        # Outside these years the answer would be meaningless (before 1906 Vietnam's local time was not
        # a whole-minute offset, which no ISO-8601 date-time can state).
        if not 2000 <= value.year <= 2099:
            raise serializers.ValidationError(_("Give a date in the years 2000 to 2099."))
        return value if timezone.is_aware(value) else timezone.make_aware(value)


class DueDateApi(APIView):
    """The deadline `days` working days after `start`, by the center's calendar."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "public"

    @extend_schema(
        summary="A deadline by the center's working-day calendar",
        description="Public: no sign-in. `days` working days after `start`, at the same time of day, "
        "skipping weekends, Vietnam's public holidays and the center's own days off; a start on a day off "
        "counts from opening time of the next working day. Answered in Asia/Ho_Chi_Minh time.",
        parameters=[DueDateInput],
        responses={
            200: inline_serializer("DueDate", {"due_at": serializers.DateTimeField()}),
            **error_responses(400, 429),
        },
    )
    def get(self, request):
        params = DueDateInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        due = workdays.add_working_days(
            params.validated_data["start"], params.validated_data["days"], workdays.load_calendar()
        )
        return Response({"due_at": timezone.localtime(due).isoformat()})
