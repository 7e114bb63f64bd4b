from django.conf import settings

from center.citizens.backends import is_citizen
from center.glossary import TERMS
from center.roles import user_roles


def center(request):
    return {
        "CENTER_NAME": settings.CENTER_NAME,
        "CENTER_PARENT": settings.CENTER_PARENT,
        "TERMS": TERMS,  # center/glossary.py: the one word for each deadline state
        "user_roles": user_roles(request.user) if hasattr(request, "user") else set(),
        # The signed-in citizen's account (center.models.CitizenAccount), or None: the menu is theirs.
        "citizen": request.user.citizen_account if hasattr(request, "user") and is_citizen(request.user) else None,
    }
