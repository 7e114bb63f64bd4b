"""Vietnamese for the admin's words that Django and the packages we use leave in English.

Django's own Vietnamese catalogue lacks its newer admin strings ("Show counts", the "Choose all"
buttons of the two-box selector...), and django-axes and DRF's token app ship none. Naming them here
puts them in the portal's catalogue (locale/vi), which Django reads before the packages' own; the
admin's JavaScript strings are served from it by AdminJavaScriptCatalog (center/urls.py).
"""

from django.utils.translation import gettext, gettext_noop
from django.views.i18n import JavaScriptCatalog

TEMPLATE_STRINGS = [
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Skip to main content"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Model name"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    # django-axes: who tried to log in (center/lockout.py)
    gettext_noop("Login attempts"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # DRF's API tokens (README: API)
    gettext_noop("Auth Token"),
    gettext_noop("Token"),
    gettext_noop("Tokens"),
]

JS_STRINGS = [
    gettext_noop('Choose %s by selecting them and then select the "Choose" arrow button.'),
    gettext_noop("Choose all %s"),
    gettext_noop("Choose selected %s"),
    gettext_noop('Remove %s by selecting them and then select the "Remove" arrow button.'),
    gettext_noop("Remove all %s"),
    gettext_noop("Remove selected %s"),
    gettext_noop("(click to clear)"),
]


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """The admin's JavaScript catalogue, completed from the portal's own where Django has no translation."""

    def get_catalog(self):
        catalog = super().get_catalog()
        for msgid in JS_STRINGS:
            if msgid not in catalog and gettext(msgid) != msgid:
                catalog[msgid] = gettext(msgid)
        return catalog
