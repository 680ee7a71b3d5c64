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

MAX_COMPLETIONS = 8
MIN_PREFIX = 2  # characters typed before completions are offered


def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").split())


class Completions:
    """Entries ``(folded key, completion, articles)``, sorted by key."""

    def __init__(self, words, persons, aliases):
        best: dict[tuple[str, str], int] = {}
        for word, df in words:  # pyvi words of the titles: "giá_vàng"
            shown = word.replace("_", " ").lower()
            best[(_key(shown), shown)] = max(df, best.get((_key(shown), shown), 0))
        for name, df in persons:  # a name completes from the start of any of its words
            parts = name.split()
            for i in range(len(parts)):
                key = _key(" ".join(parts[i:]))
                best[(key, name)] = max(df, best.get((key, name), 0))
        for form, df in aliases:
            best[(_key(form), form)] = max(df, best.get((_key(form), form), 0))
        self.entries = sorted((key, shown, df) for (key, shown), df in best.items() if key)
        self.keys = [e[0] for e in self.entries]

    def complete(self, typed: str, limit: int = MAX_COMPLETIONS) -> list[str]:
        """What ``typed`` may become: its longest ending that begins an entry, completed
        (the words before it kept as typed), most frequent first."""
        words = " ".join(typed.split()).split(" ")
        if len(" ".join(words)) < MIN_PREFIX:
            return []
        for start in range(len(words)):
            prefix = _key(" ".join(words[start:]))
            if len(prefix) < MIN_PREFIX:
                break
            lo = bisect.bisect_left(self.keys, prefix)
            hi = bisect.bisect_left(self.keys, prefix + "\uffff")
            if lo < hi:
                found = sorted(self.entries[lo:hi], key=lambda e: (-e[2], e[1]))
                head = " ".join(words[:start])
                out: list[str] = []
                for _, shown, _ in found:
                    text = f"{head} {shown}".strip()
                    if text not in out:
                        out.append(text)
                    if len(out) == limit:
                        break
                return out
        return []


def from_reader(reader, aliases) -> Completions:
    """The table of an index: its titles' words, its persons, the abbreviation list."""
    def terms(fieldname):
        if fieldname not in reader.schema:
            return
        for text, info in reader.iter_field(fieldname):
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            yield text, info.doc_frequency()

    words = [(w, df) for w, df in terms("title") if df >= 2 and any(c.isalpha() for c in w)]
    persons = list(terms("persons"))
    counts = dict(words)
    forms = []
    for group in aliases.groups:
        for form in group:
            text = " ".join(form)
            forms.append((text.upper() if len(form) == 1 and len(text) <= 6 else text,
                          counts.get("_".join(form), 1)))
    return Completions(words, persons, forms)
