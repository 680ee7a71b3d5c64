"""Reading the text a reader types into a :class:`~search_app.analysed_query.ParsedQuery`.

The query language is small and forgiving: words, ``"quoted phrases"`` (``"a b"~N``
for words near each other), ``-word`` to exclude, ``OR`` between two words,
``title:``/``tieude:`` and ``person:``/``nguoi:`` prefixes, a trailing ``*`` for a
prefix and a trailing ``~`` for a near spelling.  Anything else (brackets, stray
operators) is read as plain text, never as an error.

A run of plain words is cut into words by the index's vocabulary (``lexicon.Lexicon``),
not by pyvi's reading of the query (which depends on case); a query typed without
accents gets each word's likely accented readings, chosen together where there are
several words; abbreviations get their other forms.  Typing with the input method off
(Telex ``hooij nghij``, VNI ``ho6i5 nghi5``) is decoded when the decoded words are the
archive's and the typed ones are not; ``rewritten`` says so.  Knobs are in
``tuning.py``.
"""

from __future__ import annotations

import math
import re

import numpy as np

from indexer.aliases import default_aliases
from indexer.analysis import (MAX_TOKEN_CHARS, canonical, canonical_syllable, fold, glued, has_accents,
                              query_terms, syllable_spans)
from indexer.input_methods import decode_telex, decode_vni

from . import docsets
from . import tuning as T
from .analysed_query import ParsedQuery, Unit, Word
from .errors import SearchError

MAX_WORD_SYLLABLES = 4

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<field>title|tieude|person|nguoi):)?
    (?:
        "(?P<phrase>[^"]*)"?(?:~(?P<near>\d{1,3})(?!\S))?
      | (?P<word>[^\s"]+)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_FIELD_ALIASES = {"title": "title", "tieude": "title", "person": "person", "nguoi": "person"}
_NOISE = re.compile(r"[()\[\]{}^+!|\\<>=;]")
_WILD = re.compile(r"\*")  # only *: a ? ends many headlines


def decode_typing(text: str, lexicon) -> str | None:
    """``text`` with its Telex or VNI keystrokes decoded (``hooij nghij`` → ``hội
    nghị``), or None when it does not read so: each decoded syllable must be one the
    archive uses, and the typed form one it (nearly) does not."""
    if lexicon is None or has_accents(text):
        return None
    tokens = text.split(" ")
    decoded: dict[int, str] = {}
    strong = False
    for i, token in enumerate(tokens):
        core = token.strip(".,;:!?\"'()")
        syllable = (decode_telex(core) or decode_vni(core)) if core else None
        if not syllable or syllable == core.lower():
            continue
        known = lexicon.syllable_df(syllable)
        typed = 0 if any(c.isdigit() for c in core) else lexicon.folded_syllable_df(fold(core))
        if known and typed < known:
            decoded[i] = syllable
            # Keystrokes the archive (nearly) never has as a word: this is typing.
            strong = strong or typed <= max(2, known // 50)
    if not strong:
        return None
    out = []
    for i, token in enumerate(tokens):
        if i in decoded:
            core = token.strip(".,;:!?\"'()")
            syllable = decoded[i]
            if core[:1].isupper():
                syllable = syllable[:1].upper() + syllable[1:]
            token = token.replace(core, syllable, 1)
        out.append(token)
    return " ".join(out)


def parse(text: str, lexicon=None, exclusions: bool = True, aliases=None) -> ParsedQuery:
    """Read the reader's query.  Raises SearchError only for what cannot be searched.

    ``lexicon`` (``lexicon.Lexicon``) lets the index's vocabulary cut runs into words,
    restore accents and decode Telex/VNI; without it pyvi cuts the words.  With
    ``exclusions=False`` a minus glued to a plain word is read as a hyphen (a pasted
    headline's ``TP.HCM -Cần Thơ``); quoted and ``person:`` exclusions stay."""
    text = canonical(text or "")
    rewritten = decode_typing(text, lexicon)
    if rewritten:
        text = canonical(rewritten)
    parsed = ParsedQuery(accented=has_accents(text), rewritten=rewritten)
    aliases = default_aliases() if aliases is None else aliases
    pending: list[str] = []  # plain words waiting to be read together
    or_next = False

    def add(unit: Unit, join_or: bool) -> None:
        if unit.negate:
            parsed.excluded.append(unit)
        elif join_or and parsed.groups:
            parsed.groups[-1].append(unit)
        else:
            parsed.groups.append([unit])

    def flush() -> None:
        nonlocal or_next
        if not pending:
            return
        words, glue = read_run(" ".join(pending), parsed.accented, lexicon, aliases)
        pending.clear()
        if words:
            parsed.runs.append([w.typed for w in words])
        for i, word in enumerate(words):
            if i and glue[i - 1]:
                parsed.neighbours.append((words[i - 1], word))
            add(Unit([word.typed], exact=[word.exact], word=word), join_or=(i == 0 and or_next))
            if i == 0:
                or_next = False

    cleaned = _NOISE.sub(" ", text)
    for m in _TOKEN.finditer(cleaned):
        word, phrase = m.group("word"), m.group("phrase")
        fieldname = _FIELD_ALIASES.get((m.group("field") or "").lower())
        negate = bool(m.group("neg"))
        # A plain word: no field, no quotes, no * or ~ operator.
        plain = word is not None and not fieldname and not _WILD.search(word) and not word.endswith("~")
        if negate and plain and word != "OR":
            parsed.minus_words.append(word)
            negate = exclusions
        if word == "OR" and not negate and not fieldname:
            flush()
            or_next = bool(parsed.groups)
            continue
        if plain and not negate:
            word = word.strip("-")
            if word:
                pending.append(word)
            continue
        if phrase is not None and not fieldname and len(phrase.split()) > T.MAX_PHRASE_WORDS:
            # A quotation inside a pasted paragraph, not a phrase to match word for word.
            pending.extend(phrase.split())
            continue
        flush()
        unit = _special_unit(word, phrase, fieldname, negate, m.group("near"))
        if unit is not None:
            add(unit, join_or=or_next)
        or_next = False
    flush()
    if len(parsed.groups) + len(parsed.excluded) > T.MAX_UNITS:
        raise SearchError(f"Quá nhiều từ: tối đa {T.MAX_UNITS} từ trong một lần tìm.")
    return parsed


def read_run(text: str, accented: bool, lexicon=None, aliases=None) -> tuple[list[Word], list[bool]]:
    """The words of a run of plain query words, and for each two neighbours whether the
    reader typed them glued (no comma or full stop between)."""
    spans = [(s, e, syl) for s, e, syl in syllable_spans(text) if len(syl) <= MAX_TOKEN_CHARS]
    if not spans:
        return [], []
    sylls = [canonical_syllable(syl).lower() for _, _, syl in spans]
    glue = [glued(text[spans[i][1]:spans[i + 1][0]], spans[i][2], spans[i + 1][2])
            for i in range(len(spans) - 1)]
    aliases = default_aliases() if aliases is None else aliases
    keys = sylls if accented else [fold(s) for s in sylls]
    # Where each stretch of glued syllables ends: no alias form runs past it.
    ends = [len(sylls)] * len(sylls)
    for i in range(len(sylls) - 2, -1, -1):
        ends[i] = ends[i + 1] if glue[i] else i + 1
    cuts: list[tuple[int, int, tuple | None]] = []  # (start, end, alias group)
    i = 0
    plain_from = 0
    while i < len(sylls):
        stop = ends[i]
        found = aliases.longest(keys, i, folded=not accented, stop=stop) if aliases else None
        if found:
            n, group = found
            if plain_from < i:
                cuts.append((plain_from, i, None))
            cuts.append((i, i + n, group))
            i += n
            plain_from = i
            continue
        i += 1
    if plain_from < len(sylls):
        cuts.append((plain_from, len(sylls), None))
    words: list[Word] = []
    word_glue: list[bool] = []
    for start, end, group in cuts:
        if group is not None:
            pieces = [(start, end)]
        elif lexicon is not None:
            pieces = _segment(sylls, glue, start, end, accented, lexicon)
        else:
            pieces = _segment_by_pyvi(text, spans, glue, start, end)
        for a, b in pieces:
            typed = sylls[a:b]
            word = Word(typed)
            if group is not None:
                own = tuple(typed) if accented else next(
                    (f for f in group if [fold(s) for s in f] == [fold(s) for s in typed]), tuple(typed))
                word.aliases = [list(f) for f in group if f != own and f != tuple(typed)]
                if not accented and has_accents(" ".join(own)):
                    word.readings = [list(own)]
            if words:
                word_glue.append(glue[a - 1])
            words.append(word)
    if not accented and lexicon is not None:
        _restore_accents([w for w in words if not w.readings and not w.aliases], word_glue, words, lexicon)
    return words, word_glue


def likeliest_reading(text: str, lexicon) -> str | None:
    """The accented reading of accentless ``text`` that the archive makes likeliest
    (``hoi nghi can bo`` → ``hội nghị cán bộ``: "did you mean"), or None when the
    archive knows none of its words."""
    words, _ = read_run(fold(text), False, lexicon)
    return reading_of(words)


def reading_of(words: list[Word]) -> str | None:
    """The first reading of each of ``words`` (read without accents), or None when none
    has one."""
    if not any(w.readings for w in words):
        return None
    return " ".join(" ".join(w.readings[0] if w.readings else w.typed) for w in words)


def _segment(sylls, glue, start, end, accented, lexicon) -> list[tuple[int, int]]:
    """Cut ``sylls[start:end]`` into words, preferring long words the archive uses
    often (a small dynamic programme over log document frequencies)."""
    folded = [fold(s) for s in sylls]
    n = end - start
    total = lexicon.total
    score = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for i in range(n):
        if score[i] == -math.inf:
            continue
        for k in range(1, min(MAX_WORD_SYLLABLES, n - i) + 1):
            a, b = start + i, start + i + k
            if k > 1 and not glue[b - 2]:
                break
            # An accented run the archive knows only without accents is a word typed
            # with an accent wrong (``hội nghi``): it counts a share.
            share = 1.0
            if accented:
                df = lexicon.word_df("_".join(sylls[a:b]))
                if not df and k > 1:
                    share = T.MISTYPED_WORD_SHARE
                    df = lexicon.folded_word_df("_".join(folded[a:b])) * share
            else:
                df = lexicon.folded_word_df("_".join(folded[a:b]))
            if k == 1:
                cand = score[i] + (math.log(df / total) if df >= 1 else T.UNKNOWN_SYLLABLE)
            elif df >= T.MIN_WORD_DF * share:
                cand = score[i] + math.log(df / total) + T.LONG_WORD_BONUS * (k - 1)
            else:
                continue
            if cand > score[i + k]:
                score[i + k], back[i + k] = cand, i
    pieces = []
    i = n
    while i > 0:
        j = back[i]
        pieces.append((start + j, start + i))
        i = j
    return pieces[::-1]


def _segment_by_pyvi(text, spans, glue, start, end) -> list[tuple[int, int]]:
    """Without a vocabulary: pyvi's words, cut where the reader did not glue them."""
    piece = text[spans[start][0]:spans[end - 1][1]]
    sizes = [len(sylls) for _, sylls in query_terms(piece)]
    pieces = []
    at = start
    for size in sizes:
        stop = min(end, at + size)
        a = at
        for i in range(at, stop - 1):
            if not glue[i]:
                pieces.append((a, i + 1))
                a = i + 1
        pieces.append((a, stop))
        at = stop
    if at < end:
        pieces.extend((i, i + 1) for i in range(at, end))
    return [p for p in pieces if p[0] < p[1]]


def _restore_accents(todo: list[Word], glue: list[bool], words: list[Word], lexicon) -> None:
    """Each accentless word's likely readings: the archive's spellings of it as common
    as the commonest by ``READING_SHARE``; where neighbouring words were typed side by
    side, the one reading of the run that the archive writes together most (its pairs
    of syllables across words, ``tết_đua`` against ``tết_đưa``), when it writes it."""
    todo_ids = {id(w) for w in todo}
    spellings = {}
    for word in todo:
        forms = lexicon.spellings("_".join(word.folded))
        spellings[id(word)] = [(df, w.split("_")) for df, w in forms if df >= T.CANDIDATE_SHARE * forms[0][0]] \
            if forms else []
        top = forms[0][0] if forms else 0
        word.readings = [r for df, r in spellings[id(word)][:T.MAX_READINGS] if df >= T.READING_SHARE * top]
    # Runs of glued neighbours, all with candidates: pick the jointly likeliest reading.
    run: list[Word] = []
    for i, word in enumerate(words + [None]):
        joined = word is not None and id(word) in todo_ids and spellings.get(id(word)) and (
            not run or glue[i - 1])
        if joined:
            run.append(word)
            continue
        if len(run) > 1:
            _joint_reading(run, spellings, lexicon)
        run = [word] if word is not None and id(word) in todo_ids and spellings.get(id(word)) else []
    _read_together([w for w in todo if spellings.get(id(w))], spellings, lexicon)


def _read_together(words: list[Word], spellings: dict, lexicon) -> None:
    """The readings of several accentless words that the archive's headlines write
    together most (``khoc dua``: more titles hold ``khóc`` with ``đứa`` than with the far
    commoner ``đưa``): a beam over each word's candidate spellings that scores the log of
    the titles holding every reading so far (with a little of the log of the articles),
    plus ``TOGETHER_RARITY`` × the rarity of each reading, since readers type telling
    words.  Each word's reading in the winning combination becomes its ``together``
    reading and its first reading.

    The lexicon counts the articles and titles holding each combination
    (``count_together``: a whole step of the beam at once, as OpenSearch does in one
    request), or gives the articles holding each reading (``holding``,
    ``titles_holding``), intersected here."""
    if len(words) < 2 or len(words) > T.TOGETHER_MAX_WORDS or not getattr(lexicon, "can_count", False):
        return
    count = getattr(lexicon, "count_together", None) or _Intersections(lexicon).count
    beam: list[tuple[tuple, float]] = [((), 0.0)]
    for word in words:
        readings = [tuple(r) for _, r in spellings[id(word)][:T.TOGETHER_CANDIDATES]]
        # Readers type telling words: a reading that most articles hold counts less.
        rarity = [-T.TOGETHER_RARITY * math.log(max(1, texts) / lexicon.total)
                  for texts, _ in count([(r,) for r in readings])]
        options = [(path + (r,), prior + rare) for r, rare in zip(readings, rarity) for path, prior in beam]
        step = [(path, texts, titles, prior)
                for (path, prior), (texts, titles) in zip(options, count([p for p, _ in options])) if texts]
        if not step:
            return
        step.sort(key=lambda s: -(math.log1p(s[2]) + T.TOGETHER_TEXT * math.log1p(s[1]) + s[3]))
        beam = [(path, prior) for path, _, _, prior in step[:T.TOGETHER_BEAM]]
    for word, reading in zip(words, beam[0][0]):
        word.together = list(reading)
        word.readings = [word.together] + [r for r in word.readings if r != word.together]


class _Intersections:
    """Counts of the articles (and titles) holding every reading of a combination, from
    a lexicon's sorted arrays of the articles holding each reading.  The articles are
    kept as a table with a bit per article (a reading common enough to matter is in
    hundreds of thousands of a large archive's articles: a table is intersected with
    another in one pass over a few kilobytes), the titles (far fewer) as sorted arrays; a combination's are
    kept for the next step of the beam, which extends it by one reading."""

    def __init__(self, lexicon):
        self.lexicon = lexicon
        self.size = lexicon.doc_numbers
        self.held: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def _of(self, path: tuple) -> tuple[np.ndarray, np.ndarray]:
        held = self.held.get(path)
        if held is None:
            if len(path) == 1:
                reading = list(path[0])
                texts = np.zeros(self.size, dtype=bool)
                texts[self.lexicon.holding(reading)] = True
                held = (np.packbits(texts), self.lexicon.titles_holding(reading))  # a bit each
            else:
                (texts, titles), (in_text, in_title) = self._of(path[:-1]), self._of(path[-1:])
                held = (texts & in_text, docsets.intersect(titles, in_title))
            self.held[path] = held
        return held

    def count(self, paths: list[tuple]) -> list[tuple[int, int]]:
        out = []
        for path in paths:
            texts, titles = self._of(path)
            out.append((int(np.bitwise_count(texts).sum()), len(titles)))
        return out


def _joint_reading(run: list[Word], spellings: dict, lexicon) -> None:
    """Viterbi over the run's candidate readings: each scores the log of its document
    frequency, each two neighbours ``CONTEXT_WEIGHT`` times the log of how many
    articles write their joining pair of syllables."""
    best = [(math.log(df), [r], False) for df, r in spellings[id(run[0])]]
    for word in run[1:]:
        step = []
        for df, r in spellings[id(word)]:
            options = []
            for score, path, seen in best:
                together = lexicon.pair_df(path[-1][-1] + "_" + r[0])
                options.append((score + T.CONTEXT_WEIGHT * math.log1p(together), path, seen or together > 0))
            score, path, seen = max(options, key=lambda o: o[0])
            step.append((score + math.log(df), path + [r], seen))
        best = step
    score, path, seen = max(best, key=lambda o: o[0])
    if seen:  # the archive writes (part of) the run together: trust the context
        for word, reading in zip(run, path):
            word.readings = [reading]


def _special_unit(word, phrase, fieldname, negate, near=None) -> Unit | None:
    if fieldname == "person":
        name = " ".join((phrase if phrase is not None else word or "").replace("_", " ").split())
        return Unit([], kind="person", negate=negate, person=name) if name else None
    fields = ("title",) if fieldname == "title" else ("text",)
    if phrase is not None:
        terms = query_terms(phrase)
        if not terms:
            return None
        kind = "phrase" if len(terms) > 1 or len(terms[0][1]) > 1 else "word"
        slop = min(int(near), T.MAX_NEAR) + 1 if near and kind == "phrase" else 1
        return Unit([t[1] for t in terms], kind=kind, fields=fields, negate=negate,
                    exact=[t[0] for t in terms], slop=slop)
    word = word or ""
    if word.endswith("~") and not _WILD.search(word):
        base = fold(word.rstrip("~"))
        if not base or not base.isalnum():
            return None
        return Unit([[base]], kind="fuzzy", fields=fields, negate=negate)
    if _WILD.search(word):
        if _WILD.match(word):
            raise SearchError("Không được bắt đầu một từ bằng dấu *.")
        stem = fold(_WILD.split(word, 1)[0])
        if len(stem) < T.MIN_PREFIX or not stem.isalnum():
            raise SearchError(f"Hãy gõ ít nhất {T.MIN_PREFIX} chữ cái trước dấu *.")
        return Unit([[stem]], kind="prefix", fields=fields, negate=negate)
    terms = query_terms(word)
    if not terms:
        return None
    kind = "phrase" if len(terms) > 1 else "word"
    return Unit([t[1] for t in terms], kind=kind, fields=fields, negate=negate,
                exact=[t[0] for t in terms])
