"""How dossiers are shown to people: masked personal data, plain labels."""


def mask_name(full_name: str) -> str:
    """Initials only ("Nguyễn Văn An" -> "N. V. A."): enough to recognise, not to identify."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split() if word)


def mask_tail(value: str, visible: int = 3) -> str:
    """Hide all but the last characters of an ID or phone number in lists."""
    if not value:
        return ""
    return "•" * max(len(value) - visible, 0) + value[-visible:]


def public_status_url(dossier) -> str:
    """The address printed as a QR code on every slip: opens the dossier's public status page."""
    from urllib.parse import quote, urlencode

    from django.conf import settings

    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/tra-cuu/{quote(dossier.code)}/?{urlencode({'secret': dossier.secret})}"
