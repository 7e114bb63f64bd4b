#!/usr/bin/env python
"""The local OpenID Connect provider (a stand-in for the province's identity provider, e.g. VNeID through the
national portal): a separate small Django project on django-oauth-toolkit. Run from anywhere:

    .venv/bin/python scripts/idp/manage.py idp_setup        # database, signing key, demo citizens, the portal as client
    .venv/bin/python scripts/idp/manage.py runserver 127.0.0.1:8400 --noreload
"""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "idp.settings"  # never the portal's, whatever the shell exported
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
