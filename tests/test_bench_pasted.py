"""Tests for bench/pasted.py: the paragraph a reader pastes."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from pasted import MAX_CHARS, MIN_CHARS, pasted_paragraph  # noqa: E402


def test_the_first_paragraph_long_enough_is_pasted():
    short = "Một câu ngắn."
    long = " ".join(["Hội nghị cán bộ chủ chốt tỉnh Sơn La"] * 12)
    assert len(long) >= MIN_CHARS
    assert pasted_paragraph(f"{short}\n{long}\n{long}") == long
    assert pasted_paragraph(short) is None


def test_a_longer_paragraph_is_cut_at_a_word_to_the_longest_query():
    words = " ".join(f"từ{i}" for i in range(1000))
    pasted = pasted_paragraph(words)
    assert len(pasted) <= MAX_CHARS and words.startswith(pasted)
    assert words[len(pasted)] == " "  # cut between two words
