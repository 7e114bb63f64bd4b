import unicodedata


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics ("Đăng ký" -> "dang ky")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
