"""Person names in Vietnamese news articles.

Public API::

    extract_persons(title: str, paragraphs: list[str]) -> list[str]

returns the people an article names, in order of first mention, each once, as written
(NFC), without titles or roles.  ``reading`` runs the steps, one module each:

1. ``credits``: photo credits, bylines and source lines removed;
2. ``runs``: capitalised syllable runs, the candidates, stripped of leading common words,
   honorifics and places (word lists in ``words``, token shapes in ``shapes``);
3. ``cues`` and ``rules``: the context of each run and its class by precise rules;
   ``lineups``: players in team sheets;
4. ``stretches``: the runs joined over name particles and initials, the stretches a
   CRF labels; ``features``: each word's features, the rules' verdicts among them, with
   ``contexts``: what each name is elsewhere in the archive (after a title, after a place
   word, in lower case), and ``clusters``: the word clusters of each word (word2vec over
   the archive); ``tagger``: the CRF, trained on labelled articles (``training`` makes
   the model); ``tagged``: the names of its labels, their bounds mended by the rules;
   ``streets.titled_namesakes``: a street's name right after a person's title (``Đại
   tướng Võ Nguyên Giáp``, ``Chủ tịch Hồ Chí Minh``) is the person, where the tagger,
   misled by the street, left it out;
5. ``mentions``: a bare mention completed by the full name the article writes where the
   model missed it, then shorter mentions (``Phúc``), the name without its middle words
   (``Phạm Kim Huệ``) and in other capitals (``van de Beek``) merged into the full name,
   each person once; ``parenthesised``: a name and another in parentheses after it that
   reads it or shares a word with it (``Trương Nhất Minh (Zhang Yiming)``) given once;
6. ``roles``: a name the article gives as a role (``vào vai``, ``nhân vật``) dropped: a
   character, not a person; ``streets``: a name it writes as a street or a school
   (``đường Lê Duẩn``) and never after a person's title dropped too.

Without the model file the rules' own verdicts are used.

See docs/persons.md for the evaluation.
"""
from __future__ import annotations

from . import native

native.choose()  # the compiled modules, or their sources where those changed since (before any is imported)

from .mentions import complete, merge  # noqa: E402 (after native.choose)
from .parenthesised import one_each  # noqa: E402
from .reading import read  # noqa: E402
from .roles import characters  # noqa: E402
from .streets import street_names, titled_namesakes  # noqa: E402
from .shapes import vietnamese_shaped  # noqa: E402
from .tagged import tagged_mentions  # noqa: E402
from .tagger import DEFAULT_TAGGER, Tagger  # noqa: E402

__all__ = ["extract_persons", "vietnamese_shaped"]


def extract_persons(title: str, paragraphs: list[str], tagger: Tagger | None = DEFAULT_TAGGER) -> list[str]:
    """Return the persons named in an article, in order of first mention.

    *title* is the headline, *paragraphs* the body lines (lead first).  Names are
    returned as written (NFC), without titles/roles, each person once (shorter later
    mentions such as ``ông Đông`` are merged into the fuller ``Nguyễn Hữu Đông``).
    ``tagger=None`` gives the precise rules alone.

    >>> extract_persons("Thủ tướng Nguyễn Xuân Phúc thăm Sơn La", ["Ông Phúc gặp bà con."])
    ['Nguyễn Xuân Phúc']
    """
    reading = read(title, paragraphs)
    if not reading.runs:
        return []
    found = reading.rule_mentions
    if tagger is not None and tagger.available():
        spans, features = reading.stretches()
        labels = [tagger.tag(f) for f in features]
        found = tagged_mentions(spans, labels, reading.paras, reading.runs) + \
            titled_namesakes(reading.runs, spans, labels)
        found = complete(found, reading.runs, reading.paras)
    persons = one_each(merge(found, reading.runs), reading.paras, {pi for pi, _ in reading.lineup})
    if not persons:
        return persons
    dropped = characters(persons, "\n".join([title, *paragraphs])) | street_names(reading.runs, reading.paras)
    return [p for p in persons if p not in dropped] if dropped else persons
