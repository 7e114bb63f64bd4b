"""No citizen ID number or phone number reaches a log line; LOG_FORMAT=json writes one JSON object a line."""

import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.http import HttpResponse

from center.logs import MaskPersonalData, mask_personal_data
from tests.center.processes import gunicorn, request

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("id 001203004567 received", "id [citizen-id] received"),
        ("Key (applicant_id_number)=(079088001234)", "Key (applicant_id_number)=([citizen-id])"),
        ("call 0912345678", "call [phone]"),
        ("call 0912 345 678 or 0912.345.678", "call [phone] or [phone]"),
        ("call +84 912 345 678 / 84912345678", "call [phone] / [phone]"),
        ("office 024 3825 1234", "office [phone]"),
        ("to=0381234567,", "to=[phone],"),
        (
            "http://x/tra-cuu/H56.01-261202-0001/?secret=K7M2Q9XW",
            "http://x/tra-cuu/H56.01-261202-0001/?secret=[secret]",
        ),
        (
            '"GET /tra-cuu/C/?secret=AB2C3D&lang=en HTTP/1.1" 200',
            '"GET /tra-cuu/C/?secret=[secret]&lang=en HTTP/1.1" 200',
        ),
        (  # a password-reset link, as the reset mail carries it
            "https://x/accounts/reset/MQ/cz1h3k-5f0e2b9c8d7a6f5e4d3c2b1a0f9e8d7c/",
            "https://x/accounts/reset/MQ/[token]/",
        ),
        ("Not Found: /accounts/reset/MTI/anything-else/", "Not Found: /accounts/reset/MTI/[token]/"),
        ("token cz1h3k-5f0e2b9c8d7a6f5e4d3c2b1a0f9e8d7c used", "token [token] used"),
    ],
)
def test_ids_and_phone_numbers_are_masked(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "dossier H56.01-261123-0042 transferred",
        "dossier T00.01-261123-0001",
        "Task monitoring.tasks.deadline_sweep_task succeeded in 0.003245899989269674s",
        "2026-11-23 09:30:00,123 at 2026-11-23T09:30:00.123456+07:00",
        "dossier_id=1234567 user_id=42 count=100",
        "1234567890123 is thirteen digits",
        "GET /accounts/reset/MQ/set-password/",  # the page the link leads to holds no token
        "GET /accounts/reset/done/",
    ],
)
def test_codes_times_and_counts_are_left_alone(text):
    assert mask_personal_data(text) == text


def record(msg, *args, exc_info=None, sinfo=None) -> logging.LogRecord:
    return logging.getLogger("test").makeRecord("test", logging.INFO, __file__, 1, msg, args, exc_info, sinfo=sinfo)


def test_the_filter_masks_the_formatted_message_and_extra_fields():
    entry = record("receipt for %s, phone %s", "001203004567", "0912345678")
    entry.applicant = {"id": "001203004567", "phones": ["0912345678"]}

    assert MaskPersonalData().filter(entry) is True
    assert entry.getMessage() == "receipt for [citizen-id], phone [phone]"
    assert entry.applicant == {"id": "[citizen-id]", "phones": ["[phone]"]}


def test_the_filter_masks_tracebacks_and_stacks():
    try:
        raise ValueError("duplicate key (applicant_id_number)=(001203004567)")
    except ValueError:
        entry = record("receipt failed", exc_info=sys.exc_info(), sinfo="Stack: phone 0912345678")

    MaskPersonalData().filter(entry)
    text = logging.Formatter().format(entry)

    assert "ValueError: duplicate key (applicant_id_number)=([citizen-id])" in text
    assert "phone [phone]" in text
    assert "001203004567" not in text and "0912345678" not in text


def test_the_console_handler_masks_every_logger(console):
    """The filter sits on the handler (settings.LOGGING), so it sees records of every library."""
    logging.getLogger("django.request").warning("Bad Request: /tra-cuu/?phone=0912345678")
    logging.getLogger("some.library").error("user 001203004567 failed")

    err = console.getvalue()
    assert "/tra-cuu/?phone=[phone]" in err and "user [citizen-id] failed" in err
    assert "0912345678" not in err and "001203004567" not in err


@pytest.mark.django_db
def test_receiving_a_dossier_logs_a_named_event_without_personal_data(caplog, api_as, clerk, procedure):
    body = {"procedure": procedure.code, "applicant_name": "Nguyễn Văn An", "applicant_id_number": "001203004567",
            "applicant_phone": "0912345678"}  # fmt: skip
    with caplog.at_level(logging.INFO):
        assert api_as(clerk).post("/api/v1/dossiers/", body, format="json").status_code == 201

    assert "dossier_receive" in caplog.messages
    assert "001203004567" not in caplog.text and "0912345678" not in caplog.text and "Nguyễn" not in caplog.text


def test_log_format_json_writes_one_json_object_per_line_masked():
    script = (
        "import logging; logging.getLogger('dossiers').info('dossier_receive', extra={'dossier_id': 7, "
        "'note': 'call 0912345678'}); logging.getLogger('x').warning('id %s', '001203004567')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "center.settings", "LOG_FORMAT": "json"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    event = next(line for line in lines if line["message"] == "dossier_receive")
    assert event["level"] == "INFO" and event["logger"] == "dossiers" and event["dossier_id"] == 7
    assert event["note"] == "call [phone]" and event["time"].endswith("+00:00")
    assert any(line["message"] == "id [citizen-id]" for line in lines)
    assert "0912345678" not in result.stderr and "001203004567" not in result.stderr


def test_the_filter_masks_objects_such_as_the_request_django_logs_on_errors():
    """django.request logs every 4xx/5xx with the request object as `extra`; a JSON formatter prints it
    (`<WSGIRequest: GET '/tra-cuu/...?secret=...'>`), so objects are masked like strings."""
    from django.test import RequestFactory
    from django.utils.log import log_response

    request = RequestFactory().get("/tra-cuu/001203004567/?secret=K7M2Q9XW&phone=0912345678")
    entries = []
    collect = logging.Handler()
    collect.emit = entries.append
    collect.addFilter(MaskPersonalData())
    logger = logging.getLogger("django.request")
    logger.addHandler(collect)
    try:
        log_response("Internal Server Error: %s", request.path, response=HttpResponse(status=500), request=request)
    finally:
        logger.removeHandler(collect)

    (entry,) = entries
    assert entry.request == "<WSGIRequest: GET '/tra-cuu/[citizen-id]/?secret=[secret]&phone=[phone]'>"
    assert entry.status_code == 500  # numbers stay numbers
    assert entry.getMessage() == "Internal Server Error: /tra-cuu/[citizen-id]/"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_servers_log_holds_no_secret_after_failed_lookups():
    """gunicorn with LOG_FORMAT=json, as `make serve` runs it: 404s, a CSRF 403 and the limiter's 429 on
    lookups that carry a secret, an ID number and a phone number; none of them reaches the log."""
    secret, id_number, phone = "Q7W3ZK9M", "001203004567", "0912345678"
    paths = [
        f"/tra-cuu/H56.01-261202-0001/?secret={secret}",
        f"/api/v1/public/dossiers/H56.01-261202-0001/?secret={secret}",
        f"/tra-cuu/{id_number}/?secret={secret}&phone={phone}",
    ]
    with tempfile.TemporaryFile() as log:
        with gunicorn(workers=1, threads=2, env={"LOG_FORMAT": "json"}, log=log) as base_url:
            statuses = [request("GET", base_url + path)[0] for path in paths * 3]
            statuses.append(request("POST", base_url + paths[0], body={})[0])  # no CSRF token: 403
        log.seek(0)
        output = log.read().decode()

    assert {404, 429, 403} <= set(statuses), statuses
    assert "Not Found" in output and "Too Many Requests" in output and "Forbidden" in output
    assert '"request": "<WSGIRequest: GET \'/tra-cuu/H56.01-261202-0001/?secret=[secret]\'>"' in output
    for personal in (secret, id_number, phone):
        assert personal not in output


def test_an_email_message_id_is_not_taken_for_a_citizen_id():
    from django.core.mail import make_msgid

    message_id = make_msgid(domain="portal.example")
    line = f"mail sent Message-ID: {message_id} to 0912345678, ID 001203004567"
    assert re.search(r"\d{12}", message_id)  # the digits that used to be masked
    assert mask_personal_data(line) == f"mail sent Message-ID: {message_id} to [phone], ID [citizen-id]"
