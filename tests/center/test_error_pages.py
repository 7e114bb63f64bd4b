"""Error pages (center/handlers.py, templates/4xx.html, 500.html): the portal's own, in the visitor's language,
with the site header, what happened in plain words and a way on; the favicon; the password-reset pages."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory

from center import handlers, roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# What each page says, in each language: its heading, and a line only that error's page has.
SAYS = {
    "vi": {
        400: ("Chúng tôi không hiểu được yêu cầu này", "Không có gì được lưu"),
        403: ("Bạn không thể mở trang này", "đề nghị quản trị viên của Trung tâm cấp quyền truy cập"),
        404: ("Chúng tôi không tìm thấy trang này", "Địa chỉ có thể bị gõ sai"),
        429: ("Có quá nhiều yêu cầu: vui lòng chờ một lát", "Bạn có thể thử lại sau 90 giây."),
        500: ("Đã có lỗi xảy ra từ phía chúng tôi", "không phải do bạn"),
    },
    "en": {
        400: ("We could not understand this request", "Nothing was saved"),
        403: ("You cannot open this page", "ask the center's administrator to give you access"),
        404: ("We cannot find this page", "The address may be mistyped"),
        429: ("Too many requests: please wait a moment", "You can try again in 90 seconds."),
        500: ("Something went wrong on our side", "it is not your fault"),
    },
}
WAYS = {"vi": ("Trang chủ: tất cả thủ tục", "Tra cứu hồ sơ"), "en": ("Home page: all procedures", "Track a dossier")}


def visitor(language: str, how: str) -> Client:
    """A browser that asks for `language` by its Accept-Language header, or by the portal's language cookie."""
    if how == "header":
        return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def cause(status: int, client: Client, settings):
    """A request that gets `status` from the portal as it is (and two failing views for 429 and 500)."""
    if status == 400:  # more form fields than Django parses: refused while the request is read
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
        return client.post("/tra-cuu/", {f"f{n}": "x" for n in range(20)})
    if status == 403:  # a staff page, to a role that may not see it
        return client.get("/can-bo/phan-anh/")
    if status == 404:
        return client.get("/khong-co-trang-nay/")
    if status == 429:
        return client.get("/trang-gioi-han/")
    return client.get("/trang-loi/")


@pytest.mark.urls("tests.center.faulty_urls")
@pytest.mark.parametrize("how", ["header", "cookie"])
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("status", [400, 403, 404, 429, 500])
def test_each_error_is_the_portals_page_in_the_visitors_language(status, language, how, settings):
    client = visitor(language, how)
    if status == 403:
        client.force_login(UserFactory(username="quantri1", role=roles.ADMINISTRATOR))
    response = cause(status, client, settings)

    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and settings.CENTER_NAME in html
    heading, line = SAYS[language][status]
    assert f'<h1 id="error-heading">{heading}</h1>' in html
    assert line in html
    for way in WAYS[language]:
        assert way in html
    assert 'role="search"' in html and 'action="/"' in html  # search the catalogue from the error page


def test_the_429_page_says_how_long_and_sets_retry_after(client, settings):
    settings.ROOT_URLCONF = "tests.center.faulty_urls"
    response = client.get("/trang-gioi-han/")
    assert response.status_code == 429 and response["Retry-After"] == "90"
    assert "Bạn có thể thử lại sau 90 giây." in response.content.decode()


def test_a_refused_user_is_told_who_they_are_and_offered_a_way_back():
    forbidden = Client(raise_request_exception=False)
    forbidden.force_login(UserFactory(username="quantri1", role=roles.ADMINISTRATOR))
    html = forbidden.get("/can-bo/phan-anh/", HTTP_REFERER="http://testserver/tra-cuu/").content.decode()
    assert 'href="http://testserver/tra-cuu/"' in html  # back to the page it came from
    assert "quantri1" in html
    stranger = forbidden.get("/can-bo/phan-anh/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in stranger  # never a way "back" to another site


def test_the_500_page_needs_no_database_no_session_and_no_user(django_db_blocker):
    """Rendered from settings alone: the database or the session may be what failed. With the database
    blocked, a query would raise (and the handler fall back to Django's bare page)."""
    request = RequestFactory().get("/tra-cuu/")  # no session, no user: middleware may not have run
    with django_db_blocker.block():
        response = handlers.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'class="site-header"' in html and settings.CENTER_NAME in html
    assert "Đã có lỗi xảy ra từ phía chúng tôi" in html
    assert "csrfmiddlewaretoken" not in html  # no language form: it would need a session's token


def test_a_form_sent_without_its_token_gets_the_portals_page_saying_what_to_do():
    """The CSRF refusal (an expired form, blocked cookies): a 403 of the portal's own, not Django's English."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tra-cuu/", {"code": "H56.01-261124-0001", "secret": "ABCDEFGH"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="site-header"' in html and "Biểu mẫu đã hết hạn" in html
    assert "Đăng nhập cán bộ" in html  # not signed in: the way to sign in is offered
    assert "CSRF" not in html


def test_an_unknown_api_address_is_still_json(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}


# --- favicon ---------------------------------------------------------------------------------------------


def test_the_browsers_own_favicon_request_gets_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_names_its_icons(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    (svg,) = re.findall(r'<link rel="icon" href="([^"]+\.svg)"', html)
    assert client.get(svg).status_code == 200


# --- password reset --------------------------------------------------------------------------------------


def test_the_reset_pages_are_the_portals_own_in_vietnamese(client):
    staff = UserFactory(username="tiepnhan1", email="tiepnhan1@dichvucong.example.gov.vn")
    form = client.get("/accounts/password_reset/").content.decode()
    assert 'class="site-header"' in form and "Đặt lại mật khẩu" in form and "Django" not in form

    done = client.post("/accounts/password_reset/", {"email": staff.email}, follow=True).content.decode()
    assert 'class="site-header"' in done and "Hãy kiểm tra thư điện tử" in done

    (message,) = mail.outbox
    assert "Đặt lại mật khẩu" in message.subject and settings.CENTER_NAME in message.subject
    assert "Xin chào tiepnhan1," in message.body
    (link,) = re.findall(r"http://testserver(/accounts/reset/\S+/)", message.body)

    confirm = client.get(link, follow=True)
    assert 'class="site-header"' in confirm.content.decode() and "Chọn mật khẩu mới" in confirm.content.decode()
    new = {"new_password1": "Hoa-sen-2026!", "new_password2": "Hoa-sen-2026!"}
    complete = client.post(confirm.redirect_chain[-1][0], new, follow=True).content.decode()
    assert 'class="site-header"' in complete and "Đã đổi mật khẩu" in complete

    spent = client.get(link, follow=True).content.decode()  # a link works once
    assert 'class="site-header"' in spent and "Liên kết này không còn dùng được" in spent


def test_the_login_page_offers_the_reset(client):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()
