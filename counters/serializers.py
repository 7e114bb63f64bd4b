"""Input and output of the public sites and appointments API (counters/apis.py)."""

from rest_framework import serializers

from center.dates import DateInRangeInput


class GroupWaitOutput(serializers.Serializer):
    code = serializers.CharField(help_text="The group's ticket prefix at this site, e.g. A.")
    name = serializers.CharField()
    waiting = serializers.IntegerField(help_text="Tickets waiting now.")
    counters_open = serializers.IntegerField(help_text="Counters serving the group now (staff seated).")
    estimated_wait_minutes = serializers.IntegerField(
        allow_null=True, help_text="For a ticket taken now; null only when no counter is open."
    )


class SiteOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="center (provincial center), branch or commune.")
    address = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    open_now = serializers.BooleanField()
    groups = GroupWaitOutput(many=True)


class SlotQueryInput(serializers.Serializer):
    group = serializers.CharField(required=False, help_text="The group's code (ticket prefix) at this site.")
    procedure = serializers.CharField(required=False, help_text="Or a procedure's national code, e.g. 1.004227.")
    date = DateInRangeInput(help_text="The day (YYYY-MM-DD).")


class SlotOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    remaining = serializers.IntegerField()


class AppointmentInput(serializers.Serializer):
    site = serializers.CharField(help_text="The site's code.")
    group = serializers.CharField(required=False, help_text="The group's code (ticket prefix) at that site.")
    procedure = serializers.CharField(required=False, help_text="Or a procedure's national code (instead of group).")
    start = serializers.DateTimeField(help_text="A free slot's start, as the slots endpoint gives it.")
    applicant_name = serializers.CharField(max_length=255)
    applicant_phone = serializers.CharField(max_length=32)
    applicant_id_number = serializers.CharField(max_length=32)
    applicant_email = serializers.EmailField(required=False, allow_blank=True, default="")


class AppointmentOutput(serializers.Serializer):
    code = serializers.CharField(help_text="The confirmation code: typed or scanned (QR) at the kiosk.")
    site = serializers.CharField(source="site.code")
    group = serializers.CharField(source="group.prefix")
    start = serializers.DateTimeField()


class AppointmentCancelInput(serializers.Serializer):
    phone = serializers.CharField(max_length=32, help_text="The phone number the appointment was booked with.")
