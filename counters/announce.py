"""What the hall's board says aloud for a call: "Mời số A001 đến quầy 1", as a list of short recorded clips.

The board plays the clips one after the other in the browser (static/js/board.js), so it needs no speech
service and works offline: the display PC's browser has no Vietnamese voice of its own. The clips are
recorded once with espeak-ng (scripts/make_board_audio.py, which reads CLIP_TEXTS below) and shipped in
static/board-audio/.

The ticket is read as printed, one character at a time ("A không không một"): a citizen compares it with
the slip in hand, leading zeros included. The counter is read as a Vietnamese number ("quầy hai mươi mốt").
Pure Python, no Django: the recording script imports it too.
"""

from __future__ import annotations

DIGITS = ["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin"]

# The Vietnamese names of the letters, as a queue caller says them ("A" a, "B" bê, "C" xê, ...).
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát", "I": "i",
    "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê", "Q": "quy",
    "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài",
    "Z": "dét",
}  # fmt: skip

# Clip name -> the words recorded in it ("" for the chime, which is a tone, not speech).
CLIP_TEXTS: dict[str, str] = {
    "chime": "",
    "moi-so": "Mời số",
    "den-quay": "đến quầy",
    **dict(zip(DIGITS, ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"], strict=True)),
    "muoi": "mười",  # ten, and 10-19: "mười", "mười hai"
    "muoi-tens": "mươi",  # the tens from twenty: "hai mươi"
    "mot-tens": "mốt",  # one after twenty and up: "hai mươi mốt"
    "lam": "lăm",  # five after ten and up: "mười lăm", "hai mươi lăm"
    "tram": "trăm",
    "linh": "linh",  # an empty tens place: "một trăm linh một"
    **{f"letter-{letter.lower()}": name for letter, name in LETTERS.items()},
}


def number_clips(number: int) -> list[str]:
    """A number from 0 to 999 as Vietnamese says it, in clip names (105: một trăm linh năm; 21: hai mươi
    mốt; 15: mười lăm)."""
    if not 0 <= number <= 999:
        raise ValueError(f"{number} is not between 0 and 999")
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    clips: list[str] = [DIGITS[hundreds], "tram"] if hundreds else []
    if tens == 0:
        if units and hundreds:
            clips.append("linh")
    elif tens == 1:
        clips.append("muoi")
    else:
        clips += [DIGITS[tens], "muoi-tens"]
    if units == 1 and tens >= 2:
        clips.append("mot-tens")
    elif units == 5 and tens >= 1:
        clips.append("lam")
    elif units or not clips:
        clips.append(DIGITS[units])
    return clips


def label_clips(label: str) -> list[str]:
    """A ticket as printed, one character at a time: letters by their names, digits one by one."""
    return [DIGITS[int(char)] if char.isdigit() else f"letter-{char.lower()}" for char in label if char.isalnum()]


def call_clips(*, ticket: str, counter: int) -> list[str]:
    """The whole announcement: chime, "Mời số", the ticket, "đến quầy", the counter."""
    return ["chime", "moi-so", *label_clips(ticket), "den-quay", *number_clips(counter)]
