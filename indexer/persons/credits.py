"""Clean-up before extraction: photo credits, bylines and source lines are not persons."""
from __future__ import annotations

import re
import unicodedata

CREDIT_WORDS = ("Ảnh", "Video", "Clip", "Nguồn", "Đồ họa", "Infographic")  # what a credit begins with
_CREDIT_WORD_LONGEST = max(map(len, CREDIT_WORDS))
CREDIT_RE = re.compile(r"\((?:\s*(?:%s)\s*:[^)]*)\)" % "|".join(CREDIT_WORDS), re.IGNORECASE)
CREDIT_TAIL_RE = re.compile(
    r"(?:%s)[ \t]*:[ \t]*" % "|".join(CREDIT_WORDS)
    + r"[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,3}[ \t]*\.?[ \t]*$", re.MULTILINE)


def _drop_credit_tail(m: re.Match) -> str:
    """Remove an unbracketed photo credit ending a paragraph ("... sự kiện.
    Ảnh: Nguyễn Nguyễn.") when it starts the paragraph or follows a sentence end."""
    before = m.string[max(0, m.start() - 3):m.start()].rstrip(" \t")
    return "" if not before or before[-1] in ".!?…\n" else m.group()


def _drop_credit_tails(lines: list[str]) -> list[str]:
    """The lines without an unbracketed credit at their end (``CREDIT_TAIL_RE``).  What
    follows a credit's colon holds no colon, so the expression is tried only from just
    before a line's last colon, not from every place of every line."""
    out = []
    for line in lines:
        colon = line.rfind(":")
        if colon >= 0:
            k = colon
            while k > 0 and line[k - 1] in " \t":
                k -= 1
            m = CREDIT_TAIL_RE.search(line, max(0, k - _CREDIT_WORD_LONGEST))
            if m:
                line = line[:m.start()] + _drop_credit_tail(m) + line[m.end():]
        out.append(line)
    return out


# a "Theo" and a space, glued to the lower-case letter before it; found from the literal
# "Theo" (an expression starting with a literal is searched for quickly; one starting with
# a look-behind is tried at every place)
GLUED_THEO_RE = re.compile(r"Theo(?=\s)(?<=[a-zà-ỹđ]Theo)")


def unglue_theo(text: str) -> str:
    """A space before a ``Theo`` glued to the word before it ("…ngàyTheo ông" →
    "…ngày Theo ông")."""
    return GLUED_THEO_RE.sub(" Theo", text) if "Theo" in text else text


def clean_paragraphs(title: str, paragraphs: list[str]) -> list[str]:
    raw = [(title or "").replace("\n", " ")] + [(x or "").replace("\n", " ") for x in (paragraphs or [])]
    text = unicodedata.normalize("NFC", "\n".join(raw))
    text = CREDIT_RE.sub(" ", text.replace("Tìm kiếm theo ngày", ""))
    paras = [x.strip() for x in _drop_credit_tails(text.split("\n"))]
    # drop trailing bylines / source lines (only body lines, never the title)
    body = paras[1:]
    removed = 0
    while body and removed < MAX_BYLINE_LINES:
        last = body[-1]
        if not last:
            body.pop()
            continue
        if is_byline(last):
            body.pop()
            removed += 1
            continue
        break
    if body:
        body[-1] = drop_glued_byline(body[-1])
    return [paras[0]] + [x for x in body if x]


MAX_BYLINE_LINES = 3  # trailing byline / source lines dropped at most
# the end of a paragraph's last sentence (a lower-case word, a number or a quote before the
# stop: not an initial or an abbreviation, "Donald J. Trump", "TP. Hồ Chí Minh") and what follows
SENTENCE_TAIL_RE = re.compile(r"(?:[^\W_A-ZĐ”\"][.!?…]+|[.!?…]*[”\"][.!?…]*)\s+([^\W\d_][^.!?…”\"]*)$")
SENTENCE_STOPS = '.!?…”"'  # the characters of SENTENCE_TAIL_RE's sentence end


def drop_glued_byline(last: str) -> str:
    """The last paragraph without a byline written after its last sentence ("… Thượng
    tướng Chiêm cho biết. Nguyễn Cường", "… hiếm có”. Đức Lộc - Hữu Tuyên", "… trước
    ngày 4/7/2017. Lã Tiến")."""
    m = SENTENCE_TAIL_RE.search(last, _last_stops_start(last))
    if m and is_byline(m.group(1)):
        return last[:m.start(1)].rstrip()
    return last


def _last_stops_start(text: str) -> int:
    """Where ``SENTENCE_TAIL_RE`` can first match in ``text``: a letter before the last
    run of ``SENTENCE_STOPS`` (what follows the sentence end holds none of them), so the
    search need not try every earlier place."""
    i = max(text.rfind(c) for c in SENTENCE_STOPS)
    if i < 0:
        return len(text)
    while i > 0 and text[i - 1] in SENTENCE_STOPS:
        i -= 1
    return max(0, i - 1)


BYLINE_TOKEN_RE = re.compile(r"^[^\W\d_][\w'’.-]*$")
# a note in brackets after a byline: "Anh Tuấn (lược dịch)", "Hoàng Minh (Phú Thọ)",
# "Gia Hân (Ảnh Duy Thành)", "Đức Lộc - Hữu Tuyên (P/V TTXVN đưa tin từ Hàn Quốc)"
BYLINE_NOTE_RE = re.compile(r"\s*\([^()]{1,60}\)\s*$")
# a source line ending a byline: "(Theo Reuters)", "Theo Ifeng", "Tham khảo: CNET"; not a
# sentence that begins "Theo Reuters, cuối tuần qua, Tổng thống Rodrigo Duterte …"
SOURCE_TAIL_RE = re.compile(r"\(?\s*(?:Theo\b|Tham khảo\s*:|Nguồn\s*:)[^),;!?]{0,60}\)?\s*$")
SOURCE_TAIL_MAX = 61  # characters after SOURCE_TAIL_RE's "Theo" or ":" at most, in a stripped line


def is_byline(line: str) -> bool:
    line = unglue_theo(line).strip()
    line = _drop_source_tail(line)
    if not line:
        return True
    if line.endswith(")"):
        line = BYLINE_NOTE_RE.sub("", line)
    if not line:
        return False
    if len(line) > 60:  # longer than any byline (and than the staff names below)
        return False
    if line.upper() in {"PV", "NHÓM PV", "PV DÂN TRÍ", "NHÓM PHÓNG VIÊN", "CTV"}:
        return True
    if re.search(r"[.!?:;\"“”]$", line):
        return False
    parts = [x for x in re.split(r"\s*(?:-|–|,|/|&|\bvà\b)\s*", line) if x]
    for part in parts:
        toks = part.split()
        if not 1 <= len(toks) <= 4:
            return False
        if not all(BYLINE_TOKEN_RE.match(t) and t[0].isupper() for t in toks):
            return False
    return True


def _drop_source_tail(line: str) -> str:
    """A stripped ``line`` without its source tail (``SOURCE_TAIL_RE``), stripped again;
    the expression is tried only where a "Theo" or a ":" is near enough to the end."""
    tail = line[-(SOURCE_TAIL_MAX + 4):]
    if "Theo" in tail or ":" in tail[-(SOURCE_TAIL_MAX + 1):]:
        return SOURCE_TAIL_RE.sub("", line).strip()
    return line
