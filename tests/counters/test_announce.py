"""What the hall's board says for a call, and the recorded clips it needs, shipped with the portal."""

from pathlib import Path

import pytest

from counters.announce import CLIP_TEXTS, call_clips, label_clips, number_clips

CLIPS = Path(__file__).resolve().parents[2] / "static" / "board-audio"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (40, "bốn mươi"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (999, "chín trăm chín mươi chín"),
    ],
)
def test_counter_numbers_are_read_as_vietnamese_numbers(number, words):
    assert " ".join(CLIP_TEXTS[clip] for clip in number_clips(number)) == words


def test_numbers_out_of_range_are_refused():
    with pytest.raises(ValueError):
        number_clips(1000)


def test_a_ticket_is_read_as_printed_one_character_at_a_time():
    assert " ".join(CLIP_TEXTS[clip] for clip in label_clips("AB007")) == "a bê không không bảy"
    assert call_clips(ticket="A001", counter=12) == [
        "chime", "moi-so", "letter-a", "khong", "khong", "mot", "den-quay", "muoi", "hai"
    ]  # fmt: skip


def test_every_clip_is_shipped_small_and_nothing_else():
    shipped = {path.stem: path.stat().st_size for path in CLIPS.glob("*.ogg")}
    assert set(shipped) == set(CLIP_TEXTS)
    assert all(path.read_bytes()[:4] == b"OggS" for path in CLIPS.glob("*.ogg"))
    assert sum(shipped.values()) < 200_000  # bytes: the board loads them once, and the repository stays small
