"""The counter desk's details: a warning when a second clerk sits at an occupied counter; waiting and
service times in one worded format that cannot be mistaken for the clock times beside them."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from center import roles
from counters.models import Ticket, TicketStatus
from tests.factories import UserFactory


def test_a_second_clerk_at_an_occupied_counter_is_warned(client, clerk, counter, second_counter):
    colleague = UserFactory(username="clerk2", first_name="Bình", last_name="Trần Thị", role=roles.COUNTER_STAFF,
                            counter=second_counter)  # fmt: skip
    client.force_login(colleague)
    page = client.post(reverse("counter-sit"), {"counter": counter.pk}, follow=True).content.decode()
    assert "Lê Hoàng Phúc cũng đang ngồi tại Quầy 1. Hãy trao đổi với đồng nghiệp hoặc chọn quầy khác." in page
    colleague.staff_profile.refresh_from_db()
    assert colleague.staff_profile.counter == counter  # allowed, only warned
    page = client.post(reverse("counter-sit"), {"counter": second_counter.pk}, follow=True).content.decode()
    assert "cũng đang ngồi tại" not in page


def test_served_today_shows_times_in_one_worded_format(client, group, clerk, counter):
    now = timezone.now()
    for number, wait, service in [(1, 125, 3725), (2, 59, 600)]:
        Ticket.objects.create(
            group=group, day=timezone.localdate(), number=number, status=TicketStatus.DONE, counter=counter,
            issued_at=now - dt.timedelta(hours=2), finished_at=now, wait_seconds=wait, service_seconds=service,
            served_by=clerk,
        )  # fmt: skip
    client.force_login(clerk)
    page = client.get(reverse("counter-desk")).content.decode()
    served = page[page.index("<h2>Đã phục vụ hôm nay</h2>") :].split("</table>", 1)[0]
    for text in ["2 phút 05 giây", "1 giờ 02 phút", "0 phút 59 giây", "10 phút 00 giây"]:
        assert f"<td>{text}</td>" in served
