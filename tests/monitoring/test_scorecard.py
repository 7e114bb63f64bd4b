"""The Decision 766 scorecard (monitoring/scorecard/): progress 2.1 rule by rule on small histories built
by hand, points and thresholds, feedback deadlines, the API's shape and who may read it, drill-downs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from center import workdays
from dossiers.models import DossierEvent, DossierPause, PauseKind
from dossiers.workflow import DossierStatus as S
from monitoring.periods import month_period
from monitoring.scorecard import build, load_facts, scorecard
from monitoring.scorecard.points import points_for
from tests.exports import csv_table, number
from tests.factories import DossierFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = month_period(dt.date(2026, 11, 1))
AFTER_NOVEMBER = dt.datetime(2026, 12, 10, 10, tzinfo=HCM)
TO_STATUS = {
    "transfer": S.IN_PROGRESS, "request_supplement": S.AWAITING_SUPPLEMENT, "supplement_received": S.IN_PROGRESS,
    "request_payment": S.AWAITING_PAYMENT, "payment_received": S.IN_PROGRESS, "resolve": S.RESULT_READY,
    "return": S.RETURNED, "refuse": S.STOPPED, "withdraw": S.WITHDRAWN,
}  # fmt: skip


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=HCM)


def history(procedure, received: dt.datetime, *steps: tuple[str, dt.datetime]):
    """A received dossier with its events written as dossiers/services.py writes them: the deadline is the
    receipt's appointment (procedure.processing_days working days), moved back by each closed pause."""
    calendar = workdays.load_calendar()
    due = workdays.add_working_days(received, procedure.processing_days, calendar)
    dossier = DossierFactory(procedure=procedure, received_at=received, due_at=due, status=S.RECEIVED)
    DossierEvent.objects.create(dossier=dossier, at=received, kind="receive", to_status=S.RECEIVED)
    status, pause = S.RECEIVED, None
    for kind, moment in steps:
        DossierEvent.objects.create(
            dossier=dossier, at=moment, kind=kind, from_status=status, to_status=TO_STATUS[kind]
        )
        status = TO_STATUS[kind]
        if kind in ("request_supplement", "request_payment"):
            pause_kind = PauseKind.SUPPLEMENT if kind == "request_supplement" else PauseKind.PAYMENT
            pause = DossierPause.objects.create(dossier=dossier, kind=pause_kind, started_at=moment)
        elif kind in ("supplement_received", "payment_received"):
            pause.ended_at = moment
            pause.working_seconds = workdays.working_seconds_between(pause.started_at, moment, calendar)
            pause.save()
            due = workdays.add_working_seconds(due, pause.working_seconds, calendar)
        elif kind in ("refuse", "withdraw") and pause and pause.ended_at is None:
            pause.ended_at = moment
            pause.save()
    dossier.status, dossier.due_at = status, due
    dossier.save()
    return dossier


def progress(period=NOVEMBER, agency=None):
    facts = load_facts(period)
    agency_id = agency.pk if agency else None
    return set(facts.ids("progress_ok", agency_id)), set(facts.ids("progress_base", agency_id))


# --- 2.1: received Monday 2/11 09:00, 3 working days: the appointment is Thursday 5/11 09:00 -----------


@freeze_time(AFTER_NOVEMBER)
def test_early_on_time_and_late_against_the_appointment(procedure):
    early = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("resolve", at(11, 4)))
    on_time = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("resolve", at(11, 5, 9)))
    late = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("resolve", at(11, 5, 9, 1)))
    ok, base = progress()
    assert base == {early.pk, on_time.pk, late.pk}
    assert ok == {early.pk, on_time.pk}


@freeze_time(AFTER_NOVEMBER)
def test_comparing_dates_instead_of_moments_is_a_setting(procedure, settings):
    late_by_a_minute = history(procedure, at(11, 2), ("resolve", at(11, 5, 9, 1)))
    next_day = history(procedure, at(11, 2), ("resolve", at(11, 6, 8)))
    settings.SCORECARD_ON_TIME_BY_DATE = True
    ok, base = progress()
    assert ok == {late_by_a_minute.pk} and base == {late_by_a_minute.pk, next_day.pk}


@freeze_time(AFTER_NOVEMBER)
def test_result_ready_is_preferred_to_returned(procedure):
    dossier = history(procedure, at(11, 2), ("resolve", at(11, 4)), ("return", at(11, 20)))
    assert progress() == ({dossier.pk}, {dossier.pk})


@freeze_time(AFTER_NOVEMBER)
def test_one_unanswered_supplement_request_is_judged_at_the_time_of_the_request(procedure):
    asked_in_time = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("request_supplement", at(11, 4)))
    asked_too_late = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("request_supplement", at(11, 9)))
    ok, base = progress()
    assert base == {asked_in_time.pk, asked_too_late.pk}
    assert ok == {asked_in_time.pk}


@freeze_time(AFTER_NOVEMBER)
def test_more_than_one_supplement_request_is_late_however_early_the_result(procedure):
    twice = history(
        procedure, at(11, 2),
        ("request_supplement", at(11, 2, 10)), ("supplement_received", at(11, 2, 11)),
        ("request_supplement", at(11, 2, 14)), ("supplement_received", at(11, 2, 15)),
        ("resolve", at(11, 3)),
    )  # fmt: skip
    assert progress() == (set(), {twice.pk})


@freeze_time(AFTER_NOVEMBER)
def test_the_citizens_supplement_time_is_taken_off(procedure):
    # Asked Tuesday 3/11, back a week later, result Wednesday 11/11: 11/11 − 7 days = 4/11, before 5/11.
    dossier = history(
        procedure, at(11, 2),
        ("request_supplement", at(11, 3)), ("supplement_received", at(11, 10)), ("resolve", at(11, 11)),
    )  # fmt: skip
    assert progress() == ({dossier.pk}, {dossier.pk})
    # The stored deadline was moved back by the pause: the scorecard does not count the pause twice.
    assert dossier.due_at > at(11, 11)
    slow = history(
        procedure, at(11, 2),
        ("request_supplement", at(11, 3)), ("supplement_received", at(11, 10)), ("resolve", at(11, 13)),
    )  # fmt: skip
    assert slow.pk not in progress()[0]


@freeze_time(AFTER_NOVEMBER)
def test_a_dossier_not_finished_by_the_period_end_is_judged_at_the_period_end(procedure):
    within = history(procedure, at(11, 27), ("transfer", at(11, 27, 10)))  # appointment in December
    overdue = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)))
    finished_in_december = history(procedure, at(11, 2), ("resolve", at(12, 2)))  # overdue at 30/11
    ok, base = progress()
    assert base == {within.pk, overdue.pk, finished_in_december.pk}
    assert ok == {within.pk}


@freeze_time(AFTER_NOVEMBER)
def test_stopped_and_withdrawn_dossiers_end_when_they_stop(procedure):
    refused = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("refuse", at(11, 4)))
    withdrawn = history(procedure, at(11, 2), ("withdraw", at(11, 9)))
    ok, base = progress()
    assert base == {refused.pk, withdrawn.pk} and ok == {refused.pk}


@freeze_time(AFTER_NOVEMBER)
def test_online_filings_never_received_and_dossiers_finished_before_the_period_are_left_out(procedure):
    DossierFactory(procedure=procedure, received_at=None, submitted_at=at(11, 3), status=S.NOT_RECEIVED, due_at=None)
    DossierFactory(procedure=procedure, received_at=None, submitted_at=at(11, 3), status=S.SUBMITTED, due_at=None)
    history(procedure, at(10, 26), ("resolve", at(10, 28)))
    carried_over = history(procedure, at(10, 28), ("resolve", at(11, 2)))
    assert progress() == ({carried_over.pk}, {carried_over.pk})


def test_a_past_period_does_not_change_when_its_dossiers_finish_later(procedure):
    """Received in March 2026, resolved in June: March's figures are the same before and after."""
    march = month_period(dt.date(2026, 3, 1))
    with freeze_time(at(4, 1)):
        open_overdue = history(procedure, at(3, 2), ("transfer", at(3, 2, 10)))
        pending = history(procedure, at(3, 2), ("transfer", at(3, 2, 10)), ("request_supplement", at(3, 3)))
        within = history(procedure, at(3, 30), ("transfer", at(3, 30, 10)))
        before = scorecard(march).as_dict()
        assert progress(march) == ({pending.pk, within.pk}, {open_overdue.pk, pending.pk, within.pk})
    with freeze_time(at(6, 20)):
        calendar = workdays.load_calendar()
        for dossier, events in (
            (open_overdue, [("resolve", at(6, 10))]),
            (pending, [("supplement_received", at(6, 1)), ("request_supplement", at(6, 2)), ("resolve", at(6, 15))]),
            (within, [("resolve", at(6, 5))]),
        ):
            for kind, moment in events:
                DossierEvent.objects.create(dossier=dossier, at=moment, kind=kind, to_status=TO_STATUS[kind])
            dossier.status = S.RESULT_READY
            dossier.result_ready_at = events[-1][1]
            dossier.save()
        # The supplements came back in June: the pause closes and the stored deadline moves (as the services do).
        paused = workdays.working_seconds_between(at(3, 3), at(6, 1), calendar)
        DossierPause.objects.filter(dossier=pending).update(ended_at=at(6, 1), working_seconds=paused)
        pending.due_at = workdays.add_working_seconds(pending.due_at, paused, calendar)
        pending.save()
        assert scorecard(march).as_dict() == before
        assert progress(march) == ({pending.pk, within.pk}, {open_overdue.pk, pending.pk, within.pk})


# --- points and the table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "max_points", "threshold", "expected"),
    [
        (0.9037, 20, None, 18.07),  # value × max
        (0.5, 2, 0.8, 1.25),  # below the threshold: value × max ÷ T
        (0.8, 2, 0.8, 2.0),  # at the threshold: full points
        (0.95, 6, 0.9, 6.0),
        (0.85, 6, 0.9, 5.67),
        (0.0, 12, None, 0.0),
        (None, 6, None, 0.0),  # nothing to count: N/A, no points
    ],
)
def test_points_from_values_and_thresholds(value, max_points, threshold, expected):
    assert points_for(value, max_points, threshold) == expected


def test_nothing_to_count_gives_full_points_only_if_set(settings):
    settings.SCORECARD_FULL_POINTS_WHEN_EMPTY = True
    assert points_for(None, 6, None) == 6.0


@freeze_time(AFTER_NOVEMBER)
def test_the_table_has_every_group_with_its_maximum_and_unmeasured_ones_score_zero(procedure):
    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    card = scorecard(NOVEMBER).as_dict()
    maxima = {g["key"]: g["max_points"] for g in card["groups"]}
    assert maxima == {"transparency": 18, "progress": 20, "online_service": 12, "online_payment": 10,
                      "satisfaction": 18, "digitisation": 22}  # fmt: skip
    assert card["max_points"] == 100
    indicators = {i["key"]: i for g in card["groups"] for i in g["indicators"]}
    assert indicators["on_time"] | {} == {**indicators["on_time"], "numerator": 1, "denominator": 1, "value": 1.0,
                                          "points": 20.0, "measured": True}  # fmt: skip
    for key in ("synchronised", "electronic_results", "digitised_dossiers", "published_on_time"):
        assert indicators[key]["measured"] is False and indicators[key]["points"] == 0.0
        assert indicators[key]["why_not"] and indicators[key]["value"] is None
    assert indicators["payable_online"]["threshold"] == 0.8
    assert card["total_points"] == round(sum(g["points"] for g in card["groups"]), 2)


@freeze_time(AFTER_NOVEMBER)
def test_certified_copies_are_a_declared_yes_or_no(settings, procedure):
    settings.SCORECARD_ELECTRONIC_CERTIFIED_COPIES = "yes"
    indicator = next(i for i in scorecard(NOVEMBER).indicators if i.key == "certified_copies")
    assert (indicator.measured, indicator.value, indicator.points) == (True, 1.0, 2.0)


# --- feedback: refuse within 2, ask for more within 5, answer within 15 working days ---------------------


def feedback(agency=None, received=None, **fields):
    from monitoring.models import Feedback

    made = Feedback.objects.create(
        tracking_code=f"PA-{Feedback.objects.count():010d}", topic="other", subject="s", content="c",
        sender_name="An", sender_phone="0912345678", agency=agency, due_at=received, **fields,
    )  # fmt: skip
    Feedback.objects.filter(pk=made.pk).update(created_at=received)
    return made


@freeze_time(AFTER_NOVEMBER)
def test_feedback_handled_on_time_follows_each_kind_of_handling(agency):
    # Received Monday 2/11 09:00: refuse by Wed 4/11, ask by Mon 9/11, answer by Mon 23/11.
    ok = {
        feedback(agency, at(11, 2), refused_at=at(11, 4, 9), status="refused"),
        feedback(agency, at(11, 2), info_requested_at=at(11, 9, 9), status="awaiting_info"),
        feedback(agency, at(11, 2), answered_at=at(11, 23, 9), status="answered"),
        # forwarded on 10/11: the fifteen days count again from then
        feedback(agency, at(11, 2), forwarded_at=at(11, 10), answered_at=at(11, 27), status="answered"),
        feedback(agency, at(11, 25), status="new"),  # within its time at the period's end
    }
    late = {
        feedback(agency, at(11, 2), refused_at=at(11, 4, 10), status="refused"),
        feedback(agency, at(11, 2), info_requested_at=at(11, 9, 10), status="awaiting_info"),
        feedback(agency, at(11, 2), answered_at=at(11, 23, 10), status="answered"),
        feedback(agency, at(11, 2), status="new"),  # still unanswered, overdue at the period's end
    }
    feedback(agency, at(10, 1), answered_at=at(10, 5), status="answered")  # handled before November
    facts = load_facts(NOVEMBER)
    assert set(facts.ids("feedback_base")) == {f.pk for f in ok | late}
    assert set(facts.ids("feedback_on_time")) == {f.pk for f in ok}
    card = {i.key: i for i in build(facts).indicators}
    assert (card["feedback_on_time"].numerator, card["feedback_on_time"].denominator) == (5, 9)
    assert card["feedback_on_time"].points == round(5 / 9 * 6, 2)


@freeze_time(AFTER_NOVEMBER)
def test_satisfaction_with_feedback_handling_leaves_out_unsatisfied_and_late(agency):
    good = feedback(agency, at(11, 2), answered_at=at(11, 5), status="answered", sender_satisfied=True)
    feedback(agency, at(11, 2), answered_at=at(11, 5), status="answered", sender_satisfied=False)
    feedback(agency, at(11, 2), answered_at=at(11, 30), status="answered")  # late
    still_open = feedback(agency, at(11, 26), status="new")
    feedback(agency, at(10, 20), answered_at=at(11, 3), status="answered")  # first received in October
    facts = load_facts(NOVEMBER)
    assert len(facts.ids("feedback_received")) == 4
    assert set(facts.ids("feedback_satisfied")) == {good.pk, still_open.pk}


@freeze_time(at(11, 2))
def test_forwarding_and_information_received_restart_the_answer_clock(agency, director):
    from monitoring import feedback as fb

    item = fb.feedback_submit(topic="other", subject="s", content="c", sender_name="An", sender_phone="0912345678")
    assert item.due_at == at(11, 23)  # fifteen working days
    with freeze_time(at(11, 4)):
        item = fb.feedback_forward(feedback=item, agency=agency, by=director)
    assert item.forwarded_at == at(11, 4) and item.due_at == at(11, 25)  # 24/11 is worked (no law)
    with freeze_time(at(11, 5)):
        item = fb.feedback_request_info(feedback=item, by=director, question="Số hồ sơ là gì?")
    assert item.status == "awaiting_info"
    with freeze_time(at(11, 12)):
        item = fb.feedback_info_received(feedback=item, by=director)
    assert item.status == "forwarded" and item.due_at == at(12, 3)


# --- the API --------------------------------------------------------------------------------------------


URL = "/api/v1/monitoring/scorecard/"
INDICATOR_KEYS = {"key", "name", "numerator", "denominator", "value", "points", "max_points", "threshold",
                  "measured", "why_not"}  # fmt: skip


@freeze_time(AFTER_NOVEMBER)
def test_the_api_has_exactly_the_shape_of_the_issue(api_as, director, procedure):
    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    history(procedure, at(11, 2), ("resolve", at(11, 6)))
    response = api_as(director).get(URL, {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"from", "to", "agency", "total_points", "max_points", "groups"}
    assert (body["from"], body["to"], body["agency"], body["max_points"]) == ("2026-11-01", "2026-11-30", None, 100)
    for group in body["groups"]:
        assert set(group) == {"key", "name", "points", "max_points", "indicators"}
        for indicator in group["indicators"]:
            assert set(indicator) == INDICATOR_KEYS
    on_time = next(i for g in body["groups"] for i in g["indicators"] if i["key"] == "on_time")
    assert (on_time["numerator"], on_time["denominator"], on_time["value"], on_time["points"]) == (1, 2, 0.5, 10.0)


@freeze_time(AFTER_NOVEMBER)
def test_a_lead_sees_only_their_own_agency(api_as, lead, agency, other_agency, procedure):
    from tests.factories import ProcedureFactory

    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    history(ProcedureFactory(agency=other_agency, processing_days=3), at(11, 2), ("resolve", at(11, 9)))
    client = api_as(lead)
    own = client.get(URL, {"from": "2026-11-01", "to": "2026-11-30"})
    assert own.status_code == 200 and own.json()["agency"] == agency.code
    on_time = next(i for g in own.json()["groups"] for i in g["indicators"] if i["key"] == "on_time")
    assert (on_time["numerator"], on_time["denominator"]) == (1, 1)
    for path in (URL, URL + "trend/"):
        other = client.get(path, {"from": "2026-11-01", "to": "2026-11-30", "agency": other_agency.code})
        assert other.status_code == 403, path
    assert client.get(URL + "ranking/", {"from": "2026-11-01", "to": "2026-11-30"}).status_code == 403


@pytest.mark.django_db
def test_others_are_refused_and_bad_dates_are_a_400(api_as, specialist, clerk, director):
    for user in (specialist, clerk):
        assert api_as(user).get(URL, {"from": "2026-11-01", "to": "2026-11-30"}).status_code == 403
    for query in (
        {"from": "2026-13-01", "to": "2026-11-30"},
        {"to": "2026-11-30"},
        {"from": "2026-11-30", "to": "2026-11-01"},
    ):
        response = api_as(director).get(URL, query)
        assert response.status_code == 400 and response["Content-Type"].startswith("application/json")


@freeze_time(AFTER_NOVEMBER)
def test_ranking_and_trend(api_as, director, agency, other_agency, procedure):
    from tests.factories import ProcedureFactory

    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    history(ProcedureFactory(agency=other_agency, processing_days=3), at(11, 2), ("resolve", at(11, 9)))
    ranked = api_as(director).get(URL + "ranking/", {"from": "2026-11-01", "to": "2026-11-30"}).json()
    assert [row["agency"] for row in ranked[:2]] == [agency.code, other_agency.code]
    assert ranked[0]["total_points"] > ranked[1]["total_points"]
    trend = api_as(director).get(URL + "trend/", {"from": "2026-11-01", "to": "2026-11-30"}).json()
    assert [row["month"] for row in trend][-2:] == ["2026-10", "2026-11"] and len(trend) == 12
    assert trend[-1]["total_points"] == scorecard(NOVEMBER).total_points
    # October had no dossier: only the catalogue's indicator with points (fee procedures payable online) earns.
    october = scorecard(month_period(dt.date(2026, 10, 1)))
    payable = next(i for i in october.indicators if i.key == "payable_online")
    assert trend[-2]["total_points"] == october.total_points == payable.points > 0


@freeze_time(AFTER_NOVEMBER)
def test_the_trend_reads_the_calendar_and_the_catalogue_once(procedure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring.scorecard import monthly_trend

    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    with CaptureQueriesContext(connection) as queries:
        trend = monthly_trend(NOVEMBER)
    assert len(trend) == 12 and trend[-1][1] == scorecard(NOVEMBER).total_points
    statements = [query["sql"] for query in queries.captured_queries]
    assert sum("calendaroverride" in sql for sql in statements) == 1
    assert sum('"procedures_procedure"."is_active"' in sql for sql in statements) == 1


# --- the dashboard: the scorecard's table, the lists behind it, the exports -------------------------------


@freeze_time(AFTER_NOVEMBER)
def test_every_number_of_the_scorecard_lists_exactly_what_it_counts(client, lead, agency, other_agency, procedure):
    from tests.factories import ProcedureFactory

    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    history(procedure, at(11, 2), ("resolve", at(11, 9)))
    history(ProcedureFactory(agency=other_agency, processing_days=3), at(11, 2), ("resolve", at(11, 4)))
    feedback(agency, at(11, 2), answered_at=at(11, 5), status="answered")
    feedback(other_agency, at(11, 2), status="new")
    client.force_login(lead)
    page = client.get("/giam-sat/", {"period": "month", "month": "2026-11"})
    assert page.status_code == 200
    indicators = {i.key: i for i in page.context["scorecard"].indicators}
    assert (indicators["on_time"].numerator, indicators["on_time"].denominator) == (1, 2)  # own agency only
    links = [link for row in page.context["scorecard_rows"] for link in row["links"]]
    kinds = set()
    for _label, count, href in links:
        listing = client.get(href)
        assert listing.context["page"].paginator.count == count, href
        kinds.add(listing.context["kind"])
    assert kinds == {"dossier", "feedback", "procedure"}
    assert client.get("/giam-sat/chi-so-766/", {"set": "nonsense"}).status_code == 404


@freeze_time(AFTER_NOVEMBER)
def test_the_scorecard_exports_add_up_to_100_points_at_most(client, director, procedure):

    history(procedure, at(11, 2), ("resolve", at(11, 4)))
    client.force_login(director)
    page = client.get("/giam-sat/", {"period": "month", "month": "2026-11"})
    _heading, rows = csv_table(client.get(page.context["exports"]["scorecard"]["csv"]))
    maxima = [number(row[7]) for row in rows[1:-1]]
    assert sum(maxima) == 100  # the old "service index" export added up to 136
    assert number(rows[-1][6]) == page.context["scorecard"].total_points
    assert client.get(page.context["exports"]["scorecard"]["xlsx"]).status_code == 200
    trend = client.get("/giam-sat/chi-so-766/xu-huong/", {"period": "month", "month": "2026-11"})
    assert trend.status_code == 200 and trend.context["trend"][-1][1] == page.context["scorecard"].total_points


@freeze_time(AFTER_NOVEMBER)
def test_the_list_behind_a_number_shows_those_dossiers_and_the_trend_page_the_months(client, director, procedure):
    """The drill-down test above compares counts; this reads the rows (which dossiers) and the trend's table."""
    import re

    on_time = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("resolve", at(11, 4)))
    late = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)), ("resolve", at(11, 9)))
    client.force_login(director)

    def codes(set_name: str) -> set[str]:
        page = client.get("/giam-sat/chi-so-766/", {"period": "month", "month": "2026-11", "set": set_name})
        assert page.status_code == 200
        return set(re.findall(r'<td><a href="/can-bo/ho-so/[^"]+/">([^<]+)</a></td>', page.content.decode()))

    assert codes("progress_ok") == {on_time.code}
    assert codes("progress_base") == {on_time.code, late.code}
    assert codes("resolved_late") == {late.code}

    html = client.get("/giam-sat/chi-so-766/xu-huong/", {"period": "month", "month": "2026-11"}).content.decode()
    months = re.findall(r"<tr><td>(\d\d/\d{4})</td><td class=\"num\">([^<]+)</td></tr>", html)
    assert [month for month, _points in months][-2:] == ["10/2026", "11/2026"] and len(months) == 12

    def shown(period) -> str:
        return f"{scorecard(period).total_points:.2f}".replace(".", ",")  # Vietnamese decimal comma

    assert months[-1][1] == shown(NOVEMBER) and months[-2][1] == shown(month_period(dt.date(2026, 10, 1)))


@freeze_time(AFTER_NOVEMBER)
def test_the_lists_behind_the_scorecard_and_its_trend_export_what_they_show(client, director, procedure):

    def rows(response) -> list[list[str]]:
        assert response.status_code == 200
        return csv_table(response)[1]

    on_time = history(procedure, at(11, 2), ("resolve", at(11, 4)))
    late = history(procedure, at(11, 2), ("resolve", at(11, 9)))
    client.force_login(director)
    month = {"period": "month", "month": "2026-11"}
    listing = client.get("/giam-sat/chi-so-766/", {**month, "set": "progress_base"})
    assert listing.context["page"].paginator.count == 2
    exported = rows(client.get(listing.context["exports"]["csv"]))
    assert sorted(row[0] for row in exported[1:]) == sorted([on_time.code, late.code])
    trend = client.get("/giam-sat/chi-so-766/xu-huong/", month)
    exported = rows(client.get(trend.context["exports"]["csv"]))
    assert [row[0] for row in exported[1:]][-1] == "11/2026" and len(exported) == 13
    assert number(exported[-1][1]) == trend.context["trend"][-1][1]
