"""Every action states the version of the dossier it was made from (dossiers.services._lock): each change
gives the dossier its next version, and an action from an older one is refused and changes nothing."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import translation

from center.errors import NotAllowed
from dossiers import services
from dossiers.models import Dossier, DossierEvent, DossierStep
from dossiers.workflow import DossierStatus as S
from tests.factories import AgencyFactory, ProcedureStepFactory

APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")


@pytest.fixture
def chain(procedure, agency):
    """The procedure as a chain of three agencies."""
    for position, step_agency in enumerate([agency, AgencyFactory(code="H56.02"), AgencyFactory(code="H56.03")], 1):
        ProcedureStepFactory(procedure=procedure, position=position, agency=step_agency, working_days=2)
    return procedure


def state(dossier) -> tuple:
    """What an action could change: the row, its events and its steps."""
    d = Dossier.objects.get(pk=dossier.pk)
    return (
        d.status, d.version, d.current_step, d.current_agency_id, d.extended_due_at, d.updated_at,
        DossierEvent.objects.filter(dossier=d).count(),
        DossierStep.objects.filter(dossier=d, completed_at=None).count(),
    )  # fmt: skip


def test_a_new_dossier_is_version_1_and_every_change_gives_the_next(procedure, clerk, specialist):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    assert dossier.version == 1
    dossier = services.dossier_transfer(dossier=dossier, by=clerk, version=1)
    assert dossier.version == 2
    dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản vẽ"], version=2)
    dossier = services.dossier_supplement_received(dossier=dossier, by=clerk, version=3)
    new_due_at = dossier.appointment_at + dt.timedelta(days=7)
    dossier = services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due_at, reason="Lý do", version=4)
    assert dossier.version == 5  # an extension is no status change, but a change: a new version
    dossier = services.dossier_resolve(dossier=dossier, by=specialist, version=5)
    dossier = services.dossier_return(dossier=dossier, by=clerk, collected_by="An", version=6)
    assert Dossier.objects.get(pk=dossier.pk).version == 7


def test_an_action_from_an_older_version_is_refused_and_changes_nothing(chain, clerk):
    dossier = services.dossier_receive(procedure=chain, applicant=APPLICANT, by=clerk)
    services.dossier_transfer(dossier=dossier, by=clerk, version=1)  # someone else, a moment ago
    before = state(dossier)

    with pytest.raises(services.DossierChanged) as refused:
        services.dossier_transfer(dossier=dossier, by=clerk, version=1)  # the page still showed version 1

    assert refused.value.http_status == 409
    assert str(refused.value.message) == (
        "Hồ sơ đã thay đổi kể từ khi bạn mở nó (hiện ở trạng thái “Đang xử lý”). Chưa có thao tác nào được "
        "thực hiện: hãy xem lại hồ sơ trước khi thao tác."
    )
    assert state(dossier) == before


def test_the_message_is_in_the_users_language(chain, clerk):
    dossier = services.dossier_receive(procedure=chain, applicant=APPLICANT, by=clerk)
    services.dossier_transfer(dossier=dossier, by=clerk)
    with translation.override("en"), pytest.raises(services.DossierChanged) as refused:
        services.dossier_withdraw(dossier=dossier, by=clerk, version=1)
    assert str(refused.value.message).startswith("This dossier changed since you opened it")


def test_a_stale_extension_is_refused_too(procedure, clerk, specialist):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    new_due_at = dossier.appointment_at + dt.timedelta(days=7)
    services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due_at, reason="Xác minh", version=2)
    before = state(dossier)

    with pytest.raises(services.DossierChanged):
        services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due_at, reason="Xác minh", version=2)

    assert state(dossier) == before


def test_who_may_act_is_checked_before_the_version(procedure, clerk, director):
    """A user who may not act learns nothing about the dossier's changes: a 403, not a 409."""
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    with pytest.raises(NotAllowed):
        services.dossier_transfer(dossier=dossier, by=director, version=99)


@pytest.mark.django_db(transaction=True)
def test_parallel_copies_of_one_hand_over_move_the_chain_one_step(chain, clerk):
    """The check is made under the row lock: copies that all read version 2 before any of them wrote still
    queue on the lock, and each after the first finds version 3."""
    assert connection.vendor == "postgresql"
    dossier = services.dossier_receive(procedure=chain, applicant=APPLICANT, by=clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    results, barrier = [], threading.Barrier(6)

    def transfer():
        try:
            barrier.wait()
            services.dossier_transfer(dossier=dossier, by=clerk, version=dossier.version)
            results.append("ok")
        except services.DossierChanged:
            results.append("changed")
        finally:
            connection.close()

    threads = [threading.Thread(target=transfer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["changed"] * 5 + ["ok"]
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.status, after.current_step, after.version) == (S.IN_PROGRESS, 2, 3)
    assert after.steps.get(position=2).completed_at is None
    assert DossierEvent.objects.filter(dossier=dossier, kind="transfer").count() == 2
