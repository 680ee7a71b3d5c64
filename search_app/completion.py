"""Completions of what a reader is typing in the search box (``/api/suggest?q=``):
words of the archive's titles, persons and the abbreviation list, the most frequent
first.  The table is made once per index generation from the titles' words and the
persons' names (with their article counts) and looked up by its folded keys, so a
completion costs a binary search.

>>> table = Completions([("giá_vàng", 120), ("giá_xăng", 80), ("Giang", 3)], [("Nguyễn Xuân Phúc", 40)], [])
>>> table.complete("gia v")
['giá vàng']
>>> table.complete("gia")
['giá vàng', 'giá xăng', 'giang']
>>> table.complete("xuan ph")
['Nguyễn Xuân Phúc']
"""

from __future__ import annotations

import bisect

from indexer.analysis import fold

from .settings import MAX_COMPLETIONS, MAX_PAIRED, MIN_TYPED


def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").split())


class Completions:
    """Entries ``(folded key, completion, articles, whole)``, sorted by key; ``whole``:
    the entry completes only the whole of what was typed (a name from a later word:
    ``xuan phuc`` → ``Nguyễn Xuân Phúc``, but ``bong da vi`` is not ``Leonardo da Vinci``)."""

    def __init__(self, words, persons, aliases):
        best: dict[tuple[str, str, bool], int] = {}

        def add(key: str, shown: str, df: int, whole: bool = False) -> None:
            best[(key, shown, whole)] = max(df, best.get((key, shown, whole), 0))

        for word, df in words:  # pyvi words of the titles: "giá_vàng"
            shown = word.replace("_", " ").lower()
            add(_key(shown), shown, df)
        for name, df in persons:  # a name completes from the start of any of its words
            parts = name.split()
            for i in range(len(parts)):
                add(_key(" ".join(parts[i:])), name, df, whole=i > 0)
        for form, df in aliases:
            add(_key(form), form, df)
        self.entries = sorted((key, shown, df, whole) for (key, shown, whole), df in best.items() if key)
        self.keys = [e[0] for e in self.entries]

    def complete(self, typed: str, limit: int = MAX_COMPLETIONS, together=None) -> list[str]:
        """What ``typed`` may become: its longest ending that begins an entry, completed
        (the words before it kept as typed), most frequent first.  ``together(a, b)``,
        when given, counts the articles that write the folded syllables ``a`` and ``b``
        side by side: a completion that the word before it is written beside comes first
        (``gia va`` → ``gia vàng`` before ``gia và``)."""
        words = " ".join(typed.split()).split(" ")
        if len(" ".join(words)) < MIN_TYPED:
            return []
        for start in range(len(words)):
            prefix = _key(" ".join(words[start:]))
            if len(prefix) < MIN_TYPED:
                break
            lo = bisect.bisect_left(self.keys, prefix)
            hi = bisect.bisect_left(self.keys, prefix + "\uffff")
            found = [e for e in self.entries[lo:hi] if not (start and e[3])]
            if found:
                found.sort(key=lambda e: (-e[2], e[1]))  # the most frequent first
                if together is not None and start and len(found) > 1:
                    before = _key(words[start - 1]).split(" ")[-1]
                    beside = {e: together(before, e[0].split(" ")[0]) for e in found[:MAX_PAIRED]}
                    found.sort(key=lambda e: -beside.get(e, -1))  # stable: frequency breaks ties
                head = " ".join(words[:start])
                out: list[str] = []
                seen: set[str] = set()
                for _, shown, _, _ in found:
                    text = f"{head} {shown}".strip()
                    if text.lower() not in seen:  # "Hà Nội" (a name) and "hà nội" (a word): once
                        seen.add(text.lower())
                        out.append(text)
                    if len(out) == limit:
                        break
                return out
        return []


def from_reader(reader, aliases) -> Completions:
    """The table of a Whoosh index: its titles' words, its persons, the abbreviation list."""
    def terms(fieldname):
        if fieldname not in reader.schema:
            return
        for text, info in reader.iter_field(fieldname):
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            yield text, info.doc_frequency()

    return from_counts(terms("title"), terms("persons"), aliases)


def from_counts(words, persons, aliases) -> Completions:
    """The table of an index's titles' words and persons, each with the number of
    articles it is in (``("giá_vàng", 120)``, ``("Nguyễn Xuân Phúc", 40)``), and the
    abbreviation list."""
    words = [(w, df) for w, df in words if df >= 2 and any(c.isalpha() for c in w)]
    persons = list(persons)
    counts = dict(words)
    forms = []
    for group in aliases.groups:
        for form in group:
            text = " ".join(form)
            forms.append((text.upper() if len(form) == 1 and len(text) <= 6 else text,
                          counts.get("_".join(form), 1)))
    return Completions(words, persons, forms)
