from django.conf import settings

from center.glossary import TERMS
from center.roles import user_roles


def center(request):
    return {
        "CENTER_NAME": settings.CENTER_NAME,
        "CENTER_PARENT": settings.CENTER_PARENT,
        "TERMS": TERMS,  # center/glossary.py: the one word for each deadline state
        "user_roles": user_roles(request.user) if hasattr(request, "user") else set(),
    }
