"""Record the clips the hall's board plays for a call (counters/announce.py) into static/board-audio/.

Run by hand when CLIP_TEXTS changes, and commit the files it writes; neither `make run` nor the tests run it.
Needs Debian's espeak-ng (its Vietnamese voice "vi"), sox and opus-tools:
    apt-get install espeak-ng sox opus-tools
    .venv/bin/python scripts/make_board_audio.py

Each clip: espeak-ng speaks it, sox trims the silence around it (clips are played back to back) and
normalises its loudness, opusenc makes a small Ogg Opus file (mono, low bitrate: speech from a TV's
speakers needs no more). The chime is two soft tones made by sox.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from counters.announce import CLIP_TEXTS  # noqa: E402

OUT = ROOT / "static" / "board-audio"
VOICE = "vi"  # Northern Vietnamese; `espeak-ng --voices=vi` lists the others
WORDS_PER_MINUTE = "145"  # a little slower than espeak's 175: a hall is noisy
BITRATE_KBPS = "20"


def run(*command: str) -> None:
    subprocess.run(command, check=True)


def record_speech(text: str, wav: Path, work: Path) -> None:
    raw = work / "raw.wav"
    run("espeak-ng", "-v", VOICE, "-s", WORDS_PER_MINUTE, "-w", str(raw), text)
    # Trim leading and trailing silence, leave 60 ms after the word, level the peaks at -1 dBFS.
    run(
        "sox", str(raw), "-b", "16", str(wav),
        "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse",
        "pad", "0", "0.06", "norm", "-1",
    )  # fmt: skip


def record_chime(wav: Path) -> None:
    # "Ding-dong": E6 then C6, each fading out, then a short rest before the words.
    run(
        "sox", "-n", "-r", "24000", "-c", "1", "-b", "16", str(wav),
        "synth", "0.45", "sine", "1318.5", "fade", "q", "0.01", "0.45", "0.4", ":",
        "synth", "0.7", "sine", "1046.5", "fade", "q", "0.01", "0.7", "0.65", ":",
        "synth", "0.25", "sine", "0", "vol", "0",
        "norm", "-3",
    )  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, text in CLIP_TEXTS.items():
            wav = work / f"{name}.wav"
            record_chime(wav) if name == "chime" else record_speech(text, wav, work)
            run("opusenc", "--quiet", "--bitrate", BITRATE_KBPS, "--downmix-mono", str(wav), str(OUT / f"{name}.ogg"))
    stale = {path.stem for path in OUT.glob("*.ogg")} - set(CLIP_TEXTS)
    for name in stale:
        (OUT / f"{name}.ogg").unlink()
    total = sum(path.stat().st_size for path in OUT.glob("*.ogg"))
    print(f"{len(CLIP_TEXTS)} clips in {OUT.relative_to(ROOT)}, {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
