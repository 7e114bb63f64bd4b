"""Every date box, typed as a clerk types: day first, with the format in sight beside the box.

A day above 12 (cannot be read month first) and one of 12 or below (would silently become another
day read month first) on each field: the worklist filter, the dashboard's own range, the dossier
register, the extension letter (Form 04) and the admin's calendar override and national day change.
Screenshots: tests/artifacts/date-entry-*.png."""

import datetime as dt

import pytest
from django.utils import timezone

from center import roles
from center.models import CalendarOverride, NationalDayChange
from center.workdays import load_calendar
from dossiers import services
from dossiers.models import DossierExtension
from dossiers.workflow import DossierStatus as S
from tests.browser.conftest import login
from tests.factories import DossierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOW, HIGH = dt.date(2026, 11, 4), dt.date(2026, 11, 13)  # 04/11: read month first it is 11 April


def typed(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def type_date(page, selector: str, day: dt.date) -> None:
    """Types the digits as a person does, and checks the format hint is shown beside that box."""
    box = page.locator(selector)
    box.click()
    box.press("Control+a")
    box.press_sequentially(typed(day))
    assert box.get_attribute("placeholder") == "nn/tt/nnnn"
    hint = page.locator(f"{selector} ~ .date-hint")
    assert hint.is_visible() and hint.inner_text() == "nn/tt/nnnn"


def local(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_worklist_filter_lists_exactly_the_typed_day(page, clerk, procedure, screenshot):
    codes = {
        day: DossierFactory(procedure=procedure, status=S.RECEIVED, received_at=local(day)).code
        for day in (LOW, HIGH, dt.date(2026, 4, 11), dt.date(2026, 11, 12))
    }
    login(page, "clerk")
    for day in (LOW, HIGH):
        page.goto("/can-bo/?list=tat-ca")
        type_date(page, "#id_received_from", day)
        type_date(page, "#id_received_to", day)
        page.click("form.filters button[type=submit]")
        page.wait_for_load_state()
        listed = page.locator("main table").inner_text()
        assert codes[day] in listed
        assert not [code for other, code in codes.items() if other != day and code in listed]
        assert page.locator("#id_received_from").input_value() == typed(day)
    screenshot(page, "date-entry-worklist")


def test_the_dashboard_range_is_the_typed_days(page, director, screenshot):
    login(page, "director")
    page.goto("/giam-sat/")
    page.select_option("#id_period", "custom")
    type_date(page, "#id_from", LOW)
    type_date(page, "#id_to", HIGH)
    screenshot(page, "date-entry-dashboard-form")
    page.locator("#id_to").press("Enter")
    page.wait_for_load_state()
    assert f"{typed(LOW)} – {typed(HIGH)}" in page.locator("h1").inner_text()


def test_the_register_period_is_the_typed_days(page, clerk):
    login(page, "clerk")
    page.goto("/can-bo/so-theo-doi/")
    type_date(page, "#id_from", LOW)
    type_date(page, "#id_to", HIGH)
    page.click("#register-filters button[type=submit]")
    page.wait_for_load_state()
    sheet = page.locator("#register").inner_text()
    assert typed(LOW) in sheet and typed(HIGH) in sheet


def working_days_after(day: dt.date):
    """A working day of 12 or below and one above 12, in the month two months after `day`."""
    calendar = load_calendar()
    month = (day.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    days = [month + dt.timedelta(days=n) for n in range(28) if calendar.is_working_day(month + dt.timedelta(days=n))]
    return [d for d in days if d.day <= 12][0], [d for d in days if d.day > 12][0]


def test_the_extension_letter_keeps_the_typed_day(page, clerk, specialist, procedure, counter, screenshot):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")
    dossier = services.dossier_receive(procedure=procedure, applicant=applicant, by=clerk, counter=counter)
    services.dossier_transfer(dossier=dossier, by=clerk)
    low, high = working_days_after(timezone.localdate(dossier.due_at))
    login(page, "specialist")
    for day in (low, high):  # the second letter moves the appointment again, later
        page.goto(f"/can-bo/ho-so/{dossier.code}/")
        page.click('details[data-action="extend"] summary')
        type_date(page, "#id_extend-new_due_date", day)
        page.fill("#id_extend-reason", "Chờ ý kiến của sở khác")
        if day == low:
            screenshot(page, "date-entry-extension")
        page.click('details[data-action="extend"] button[type=submit]')
        page.wait_for_load_state()
    stored = [timezone.localdate(x.new_due_at) for x in DossierExtension.objects.order_by("created_at")]
    assert stored == [low, high]


@pytest.fixture
def administrator(db):
    return UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True)


def test_the_admin_calendar_override_stores_the_typed_day(page, administrator, screenshot):
    login(page, "quantri")
    for day in (LOW, HIGH):
        page.goto("/admin/center/calendaroverride/add/")
        box = page.locator("#id_date")
        box.press_sequentially(typed(day))
        hint = page.locator("#id_date ~ .date-format")
        assert hint.is_visible() and hint.inner_text() == "nn/tt/nnnn"
        page.fill("#id_reason", "UBND tỉnh cho nghỉ")
        if day == LOW:
            screenshot(page, "date-entry-admin-override")
        page.click("input[name=_save]")
        page.wait_for_load_state()
    assert sorted(CalendarOverride.objects.values_list("date", flat=True)) == [LOW, HIGH]


def test_the_admin_calendar_picker_writes_the_day_first(page, administrator):
    login(page, "quantri")
    page.goto("/admin/center/nationaldaychange/add/")
    page.locator("#id_date ~ .datetimeshortcuts a", has_text="Hôm nay").click()
    today = timezone.localdate()
    assert page.locator("#id_date").input_value() == typed(today)
    page.locator("#id_document_date").press_sequentially(typed(HIGH))
    assert page.locator("#id_document_date ~ .date-format").inner_text() == "nn/tt/nnnn"
    page.fill("#id_document_number", "12729/VPCP-KGVX")
    page.fill("#id_issuer", "VPCP")
    page.select_option("#id_kind", "extra_day_off")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    change = NationalDayChange.objects.get()
    assert (change.date, change.document_date) == (today, HIGH)


def test_the_calendar_button_writes_the_chosen_day_first(page, director):
    login(page, "director")
    page.goto("/giam-sat/?period=custom")
    assert page.locator("#id_from ~ .date-pick").is_visible()
    picker = page.locator("#id_from ~ .date-pick-native")
    picker.evaluate("(el) => { el.value = '2026-11-04'; el.dispatchEvent(new Event('change')); }")
    assert page.locator("#id_from").input_value() == "04/11/2026"
