"""Kiosk and display board (public), counter desk (counter staff only)."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counters import services
from counters.models import Ticket, TicketStatus
from tests.factories import ServiceGroupFactory


def test_kiosk_lists_groups_with_their_counters(client, group, other_group):
    response = client.get(reverse("kiosk"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sở Tài chính" in text and "Sở Xây dựng" in text
    assert f'value="{group.pk}"' in text


def test_pressing_a_button_prints_a_ticket(client, group):
    response = client.post(reverse("kiosk"), {"group": group.pk})
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk-ticket", args=[ticket.pk]) + "?print=1"
    slip = client.get(response["Location"]).content.decode()
    assert "A001" in slip and "js/ticket.js" in slip
    assert "size: 80mm" in slip


def test_kiosk_refuses_an_unknown_group(client, group):
    response = client.post(reverse("kiosk"), {"group": "999"}, follow=True)
    assert not Ticket.objects.exists()
    assert "Hãy chọn một dịch vụ trong danh sách." in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "²", "٣", str(10**30), "-1"])
def test_kiosk_refuses_a_group_that_is_not_a_number(client, group, value):
    response = client.post(reverse("kiosk"), {"group": value}, follow=True)
    assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert "Hãy chọn một dịch vụ trong danh sách." in response.content.decode()


@pytest.mark.parametrize("action", ["recall", "skip", "serve", "finish"])
@pytest.mark.parametrize("value", ["", "²", "abc"])
def test_counter_actions_on_a_ticket_that_is_not_a_number_are_a_404(client, group, clerk, counter, action, value):
    services.ticket_issue(group=group)
    client.force_login(clerk)
    client.post(reverse("counter-desk-action", args=["call"]))
    response = client.post(reverse("counter-desk-action", args=[action]), {"ticket": value})
    assert response.status_code == 404
    assert Ticket.objects.get().status == TicketStatus.CALLED


@pytest.mark.parametrize("value", ["²", "٣", str(10**30)])
def test_staff_cannot_sit_at_a_counter_that_is_not_a_number(client, clerk, counter, value):
    client.force_login(clerk)
    response = client.post(reverse("counter-sit"), {"counter": value}, follow=True)
    assert "Hãy chọn một quầy trong danh sách." in response.content.decode()
    clerk.staff_profile.refresh_from_db()
    assert clerk.staff_profile.counter == counter


def test_board_data_shows_calls_and_the_queue(client, group, clerk, counter):
    for _ in range(3):
        services.ticket_issue(group=group)
    services.ticket_call_next(counter=counter, by=clerk)
    data = client.get(reverse("display-board-data")).json()
    tile = next(c for c in data["counters"] if c["number"] == 1)
    assert tile == {"number": 1, "name": "Quầy 1", "ticket": "A001", "status": "called"}
    # Counter 1 is the only one open, busy with A001; with no history a counter cycle counts 10 minutes:
    # a newcomer waits for three releases of it (A001, A002, A003), 30 minutes.
    assert data["waiting"] == [
        {"prefix": "A", "name": "Sở Tài chính", "count": 2, "next": ["A002", "A003"], "wait_minutes": 30}
    ]
    assert data["latest"]["ticket"] == "A001" and data["latest"]["counter"] == 1
    assert [(c["ticket"], c["counter"], c["clips"]) for c in data["calls"]] == [
        ("A001", 1, ["chime", "moi-so", "letter-a", "khong", "khong", "mot", "den-quay", "mot"])
    ]
    page = client.get(reverse("display-board")).content.decode()
    assert "js/board.js" in page and "A001" in page


def test_the_board_page_knows_where_its_clips_are_and_the_centers_time_zone(client, db):
    page = client.get(reverse("display-board")).content.decode()
    assert '"moi-so": "/static/board-audio/moi-so.ogg"' in page
    assert 'data-time-zone="Asia/Ho_Chi_Minh"' in page


def test_board_costs_the_same_queries_for_a_long_queue(client, group, other_group, clerk, counter):
    services.ticket_issue(group=group)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("display-board-data"))
    for _ in range(30):
        services.ticket_issue(group=group)
        services.ticket_issue(group=other_group)
    services.ticket_call_next(counter=counter, by=clerk)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("display-board-data"))
    # The site, counters, active tickets, the next waiting, and the estimate's groups, today's counts, open
    # counters and cycle times (the last cached a minute).
    assert len(small) <= 8 and len(large) <= 8


def test_board_reads_only_the_tickets_it_shows_however_long_the_queue(client, group, other_group, clerk, counter):
    """The TV polls every two seconds: each poll reads the next few tickets of each group, not the whole queue
    (the count of the rest comes from the database)."""
    for _ in range(30):
        services.ticket_issue(group=group)
        services.ticket_issue(group=other_group)
    services.ticket_call_next(counter=counter, by=clerk)
    tickets_read = []

    def count(sender, instance, **kwargs):
        tickets_read.append(instance.pk)

    post_init.connect(count, sender=Ticket)
    try:
        data = client.get(reverse("display-board-data")).json()
    finally:
        post_init.disconnect(count, sender=Ticket)
    assert [(g["prefix"], g["count"], g["next"]) for g in data["waiting"]] == [
        ("A", 29, ["A002", "A003", "A004", "A005", "A006"]),
        ("B", 30, ["B001", "B002", "B003", "B004", "B005"]),
    ]
    shown = ["A001", *data["waiting"][0]["next"], *data["waiting"][1]["next"]]
    expected = [ticket.pk for ticket in Ticket.objects.select_related("group") if ticket.label in shown]
    assert sorted(tickets_read) == sorted(expected)


def test_board_shows_no_personal_data(client, group, clerk, counter):
    services.ticket_issue(group=group)
    text = client.get(reverse("display-board-data")).content.decode()
    assert clerk.username not in text and clerk.last_name not in text


def test_counter_desk_needs_login(client):
    response = client.get(reverse("counter-desk"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["specialist", "director"])
def test_counter_desk_refuses_other_roles(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("counter-desk")).status_code == 403
    assert client.post(reverse("counter-desk-action", args=["call"])).status_code == 403


def test_counter_desk_calls_serves_and_finishes(client, group, clerk, counter):
    services.ticket_issue(group=group)
    client.force_login(clerk)
    page = client.post(reverse("counter-desk-action", args=["call"]), follow=True).content.decode()
    assert "Đang mời số A001." in page
    ticket = Ticket.objects.get()
    assert f"{reverse('dossier-receive')}?ticket={ticket.pk}" not in page  # not before serving starts
    page = client.post(reverse("counter-desk-action", args=["serve"]), {"ticket": ticket.pk}, follow=True)
    assert f"{reverse('dossier-receive')}?ticket={ticket.pk}" in page.content.decode()
    client.post(reverse("counter-desk-action", args=["finish"]), {"ticket": ticket.pk})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE and ticket.service_seconds is not None


def test_counter_desk_refuses_a_second_call_with_a_message(client, group, clerk, counter):
    services.ticket_issue(group=group)
    services.ticket_issue(group=group)
    client.force_login(clerk)
    client.post(reverse("counter-desk-action", args=["call"]))
    page = client.post(reverse("counter-desk-action", args=["call"]), follow=True).content.decode()
    assert "Hãy kết thúc hoặc bỏ qua số A001 trước khi mời số tiếp theo." in page
    assert Ticket.objects.filter(status=TicketStatus.WAITING).count() == 1


def test_staff_choose_their_counter(client, group, clerk, second_counter):
    client.force_login(clerk)
    client.post(reverse("counter-sit"), {"counter": second_counter.pk})
    clerk.staff_profile.refresh_from_db()
    assert clerk.staff_profile.counter == second_counter
    response = client.post(reverse("counter-sit"), {"counter": "abc"}, follow=True)
    assert "Hãy chọn một quầy trong danh sách." in response.content.decode()


def test_a_group_with_no_counter_still_prints(client, db):
    group = ServiceGroupFactory(prefix="Z", name="Nhóm mới")
    client.post(reverse("kiosk"), {"group": group.pk})
    assert Ticket.objects.get().label == "Z001"
