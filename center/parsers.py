"""The API's JSON parser: a body nested too deeply is a 400 like any other unreadable JSON."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's parser turns a ValueError of `json` into a 400, but `[[[[...` nested thousands of levels deep
    makes `json` raise RecursionError, which reached the client as a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
