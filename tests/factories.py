"""factory_boy factories for every model the tests need, with traits for common states."""

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.utils import timezone

from center import roles
from counters.models import Counter, StaffProfile
from dossiers.models import Dossier
from dossiers.workflow import DossierStatus
from procedures.models import Agency, Field, Procedure, ProcedureStep, RequiredDocument

TEST_PASSWORD = "Test@12345"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"T{n:02d}.01")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = "department"


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"LV{n:03d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Đăng ký kinh doanh thử nghiệm {n}")
    agency = factory.SubFactory(AgencyFactory)
    field = factory.SubFactory(FieldFactory)
    processing_days = 3
    fee_text = "50.000 đồng"
    fee_amount = 50000
    online_level = "full"
    result_type = "Giấy chứng nhận"

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create:
            names = extracted if extracted is not None else ["Đơn đề nghị", "Bản sao Căn cước"]
            for position, name in enumerate(names, start=1):
                RequiredDocument.objects.create(procedure=self, position=position, name=name, originals=1)


class ProcedureStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureStep

    procedure = factory.SubFactory(ProcedureFactory)
    position = factory.Sequence(lambda n: n + 1)
    agency = factory.SubFactory(AgencyFactory)
    working_days = 2


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Quầy {n + 1}")


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member: `role` picks the group, `agency` their agency (None: the center's staff)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    # Stored as Django splits it: family and middle names in last_name, the given name in first_name; shown
    # "Lê Hoàng Phúc" (center.people.full_name). Unlike any applicant's name in the tests.
    first_name = "Phúc"
    last_name = "Lê Hoàng"
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))

    @classmethod
    def _create(cls, model_class, *args, role=None, agency=None, counter=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            roles.ensure_roles()
            user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=user, agency=agency, counter=counter)
        return user


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier row as the services would leave it; for transitions, create through the services."""

    class Meta:
        model = Dossier

    code = factory.Sequence(lambda n: f"T00.01-261123-{n:04d}")
    secret = "ABCDEFGH"
    procedure = factory.SubFactory(ProcedureFactory)
    agency = factory.LazyAttribute(lambda o: o.procedure.agency)
    applicant_name = "Nguyễn Văn An"
    applicant_id_number = "001203004567"
    applicant_phone = "0912345678"
    received_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=5))
    status = DossierStatus.RECEIVED

    class Params:
        in_progress = factory.Trait(
            status=DossierStatus.IN_PROGRESS, current_agency=factory.SelfAttribute("agency"), current_step=1
        )
        overdue = factory.Trait(
            status=DossierStatus.IN_PROGRESS,
            current_agency=factory.SelfAttribute("agency"),
            current_step=1,
            received_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=20)),
            due_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2)),
        )


class ServiceGroupFactory(factory.django.DjangoModelFactory):
    """A kiosk button; pass `agencies=[...]` to say which agencies (and so which counters) serve it."""

    class Meta:
        model = "counters.ServiceGroup"
        django_get_or_create = ["prefix"]
        skip_postgeneration_save = True

    prefix = factory.Sequence(lambda n: "ABCDEFGHJKLMNPQRSTUVWXYZ"[n % 24])
    name = factory.Sequence(lambda n: f"Nhóm dịch vụ {n}")

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.agencies.add(*extracted)


class AlertFactory(factory.django.DjangoModelFactory):
    """A deadline alert as the sweep raises it (monitoring); `kind` near_due, overdue or escalated."""

    class Meta:
        model = "monitoring.Alert"

    dossier = factory.SubFactory(DossierFactory, overdue=True)
    kind = "overdue"
    agency = factory.LazyAttribute(lambda o: o.dossier.agency)
    due_at = factory.LazyAttribute(lambda o: o.dossier.due_at)
    raised_at = factory.LazyFunction(timezone.now)


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment row as dossiers/payments/services.py leaves it (no receipt); `online=True` for one made
    through the gateway. For the rules themselves, pay through the services."""

    class Meta:
        model = "payments.Payment"

    dossier = factory.SubFactory(DossierFactory)
    channel = "cash"
    status = "paid"
    amount = 50000
    payer_name = factory.LazyAttribute(lambda o: o.dossier.applicant_name)
    reference = factory.Sequence(lambda n: f"REF-{n:06d}")
    paid_at = factory.LazyFunction(timezone.now)

    class Params:
        online = factory.Trait(channel="online", provider="sandbox", gateway_transaction=factory.Sequence(str))
