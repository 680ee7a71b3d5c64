"""Reading the reader's text: minus words, words cut by the vocabulary, accentless
readings chosen alone, beside their neighbours and together (the parts not seen through
the API)."""

from __future__ import annotations

from search_app.query_reading import parse


def test_a_minus_glued_to_a_word_is_an_exclusion_or_on_request_a_hyphen():
    parsed = parse("nối TP.HCM -Cần Thơ")
    assert [u.words for u in parsed.excluded] == [[["cần"]]] and parsed.minus_words == ["Cần"]
    hyphenated = parse("nối TP.HCM -Cần Thơ", exclusions=False)
    assert not hyphenated.excluded
    assert [["cần", "thơ"]] in [u.words for u in hyphenated.positive_units()]
    # Quoted, person: and prefix exclusions are never read as hyphens.
    for q in ('nối -"Cần Thơ"', "nối -person:Đông", "nối -cần*"):
        assert parse(q, exclusions=False).excluded
        assert not parse(q).minus_words

class _Lexicon:
    """A vocabulary where "tết đua" is written together more than "tết đưa", though
    "đưa" alone is far commoner than "đua"."""

    total = 1000
    _spellings = {"tet": [(300, "tết")], "dua": [(500, "đưa"), (60, "đua"), (20, "dừa")],
                  "son_la": [(200, "sơn_la"), (3, "sơn_là")], "son": [(50, "sơn")], "la": [(900, "là")]}

    def spellings(self, key):
        return self._spellings.get(key, [])

    def folded_word_df(self, key):
        forms = self.spellings(key)
        return forms[0][0] if forms else 0

    def word_df(self, word):
        return {"sơn_la": 200}.get(word, 0)

    def pair_df(self, pair):
        return {"tết_đua": 40, "tết_đưa": 2}.get(pair, 0)

    def syllable_df(self, syllable):
        return 0

    def folded_syllable_df(self, syllable):
        return 0


def test_an_accentless_word_is_read_as_its_neighbours_make_likely():
    words = parse("tet dua", _Lexicon()).plain_words()
    assert [w.readings for w in words] == [[["tết"]], [["đua"]]]
    # Alone, "dua" reads as its commonest spelling.
    assert parse("dua", _Lexicon()).plain_words()[0].readings == [["đưa"]]


def test_a_run_is_cut_into_the_words_the_vocabulary_knows_whatever_the_case():
    for q in ("son la", "Son La", "SON LA"):
        words = parse(q, _Lexicon()).plain_words()
        assert [w.typed for w in words] == [["son", "la"]]
        assert words[0].readings == [["sơn", "la"]]
    for q in ("sơn la", "Sơn La", "SƠN LA"):
        assert [w.typed for w in parse(q, _Lexicon()).plain_words()] == [["sơn", "la"]]


def test_a_comma_keeps_two_words_apart():
    words = parse("son, la", _Lexicon()).plain_words()
    assert [w.typed for w in words] == [["son"], ["la"]]


class _HeadlinesLexicon(_Lexicon):
    """``đưa`` is far commoner than ``đứa``; the articles holding ``khóc`` and ``đưa``
    outnumber those holding ``khóc`` and ``đứa``, but titles write ``khóc`` with ``đứa``."""

    _spellings = {"khoc": [(100, "khóc")], "dua": [(500, "đưa"), (80, "đứa")]}
    _docs = {("text_syl", "khóc"): range(0, 100), ("text_syl", "đưa"): range(50, 550),
             ("text_syl", "đứa"): range(60, 140), ("title_syl", "khóc"): range(0, 20),
             ("title_syl", "đưa"): [1, 2, *range(300, 400)], ("title_syl", "đứa"): range(5, 15)}

    can_count = True
    doc_numbers = 550

    def _held(self, fieldname, reading):
        import numpy as np

        return np.array(sorted(set.intersection(*[set(self._docs.get((fieldname, s), ())) for s in reading])),
                        dtype=np.int64)

    def holding(self, reading):
        return self._held("text_syl", reading)

    def titles_holding(self, reading):
        return self._held("title_syl", reading)


def test_accentless_words_are_read_together_as_headlines_write_them():
    words = parse("khoc dua", _HeadlinesLexicon()).plain_words()
    assert [w.together for w in words] == [["khóc"], ["đứa"]]
    assert words[1].readings[0] == ["đứa"]
    # Without a way to count articles, each word is read by itself.
    words = parse("khoc dua", type("L", (_HeadlinesLexicon,), {"can_count": False})()).plain_words()
    assert words[1].together is None and words[1].readings[0] == ["đưa"]


def test_a_single_accentless_word_is_not_read_together():
    words = parse("dua", _HeadlinesLexicon()).plain_words()
    assert words[0].together is None
