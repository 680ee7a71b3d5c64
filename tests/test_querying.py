"""From the reader's words to the Whoosh query: the parts not seen through the API."""

from __future__ import annotations

import pytest
from whoosh import query as Q

from search_app import querying
from search_app.query_types import StartsWith


def test_a_multi_syllable_name_is_looked_for_as_a_phrase():
    q = querying.mention_query("Nguyễn Hữu Đông")
    assert isinstance(q, Q.Phrase) and q.words == ["nguyen", "huu", "dong"]


def test_a_foreign_one_word_name_is_looked_for_in_the_text():
    for name, folded in [("Salah", "salah"), ("Kubi", "kubi"), ("Bielsa", "bielsa")]:
        assert querying.mention_query(name) == Q.Term("text_fold", folded)


def test_a_vietnamese_one_syllable_name_is_not_looked_for_in_the_text():
    # Đông, Hà, Kim are also common words: only the extracted persons are searched.
    for name in ("Đông", "Hà", "Kim", "dong"):
        assert querying.mention_query(name) is Q.NullQuery


def test_a_minus_glued_to_a_word_is_an_exclusion_or_on_request_a_hyphen():
    parsed = querying.parse("nối TP.HCM -Cần Thơ")
    assert [u.words for u in parsed.excluded] == [[["cần"]]] and parsed.minus_words == ["Cần"]
    hyphenated = querying.parse("nối TP.HCM -Cần Thơ", exclusions=False)
    assert not hyphenated.excluded
    assert [["cần", "thơ"]] in [u.words for u in hyphenated.positive_units()]
    # Quoted, person: and prefix exclusions are never read as hyphens.
    for q in ('nối -"Cần Thơ"', "nối -person:Đông", "nối -cần*"):
        assert querying.parse(q, exclusions=False).excluded
        assert not querying.parse(q).minus_words


def _boosts(plan):
    """Every query below the optional part of the plan."""
    def walk(q):
        yield q
        for child in q.children():
            yield from walk(child)

    return list(walk(plan.scored.b)) if isinstance(plan.scored, Q.AndMaybe) else []


def test_the_title_start_boost_takes_the_first_run_folded():
    plan = querying.build(_Reader(), querying.parse("Hội nghị cán bộ tỉnh"))
    starts = {q for q in _boosts(plan) if isinstance(q, StartsWith)}
    assert {q.fieldname for q in starts} == {"title_fold", "headline_fold"}
    assert all(q.words == ["hoi", "nghi", "can", "bo", "tinh"] for q in starts)


def test_one_word_has_no_title_start_boost():
    plan = querying.build(_Reader(), querying.parse("bàn"))
    assert not [q for q in _boosts(plan) if isinstance(q, StartsWith)]


class _Reader:
    """Just what ``querying.build`` asks of a reader."""

    def doc_count(self):
        return 100

    def doc_frequency(self, fieldname, text):
        return 1


def test_title_boosts_match_the_typed_syllables_across_word_boundaries():
    def walk(q):
        yield q
        for child in q.children():
            yield from walk(child)

    plan = querying.build(_Reader(), querying.parse("đại hội"))
    typed = [q for q in walk(plan.scored) if isinstance(q, Q.Phrase) and q.fieldname == "title_syl"]
    assert [q.words for q in typed] == [["đại", "hội"]]


@pytest.fixture(scope="module")
def compound_engine(tmp_path_factory):
    """Three articles: pyvi cuts "Đại hội đồng" as one word, so the query's "đại hội"
    is not a word of the first title; "dài hơi" folds to the same syllables."""
    from indexer.build import rebuild
    from search_app.engine import Engine

    source = tmp_path_factory.mktemp("compound") / "src"
    source.mkdir()
    articles = {
        "a.txt": "Vinamilk tổ chức đại hội đồng cổ đông thường niên\n\n"
                 "Cổ đông đã biểu quyết thông qua kế hoạch kinh doanh.",
        "b.txt": "Cuộc đua dài hơi của cổ đông nhỏ\n\n"
                 "Mùa đại hội năm nay, nhiều cổ đông nhỏ đến dự đại hội để chất vấn. "
                 "Sau đại hội, họ tiếp tục theo dõi.",
        "c.txt": "Thời tiết hôm nay\n\nTrời nắng ráo khắp miền Bắc.",
    }
    for name, text in articles.items():
        (source / name).write_text(text + "\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("compound-index")
    assert rebuild([source], index, jobs=1).indexed == 3
    return Engine(index)


def test_a_title_with_the_syllables_inside_a_longer_word_ranks_first(compound_engine):
    from search_app.params import SearchParams

    ids = [h.id for h in compound_engine.search(SearchParams.from_args({"q": "đại hội"})).hits]
    assert ids[0].endswith("a.txt") and ids[1].endswith("b.txt")


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
    words = querying.parse("tet dua", _Lexicon()).plain_words()
    assert [w.readings for w in words] == [[["tết"]], [["đua"]]]
    # Alone, "dua" reads as its commonest spelling.
    assert querying.parse("dua", _Lexicon()).plain_words()[0].readings == [["đưa"]]


def test_a_run_is_cut_into_the_words_the_vocabulary_knows_whatever_the_case():
    for q in ("son la", "Son La", "SON LA"):
        words = querying.parse(q, _Lexicon()).plain_words()
        assert [w.typed for w in words] == [["son", "la"]]
        assert words[0].readings == [["sơn", "la"]]
    for q in ("sơn la", "Sơn La", "SƠN LA"):
        assert [w.typed for w in querying.parse(q, _Lexicon()).plain_words()] == [["sơn", "la"]]


def test_a_comma_keeps_two_words_apart():
    words = querying.parse("son, la", _Lexicon()).plain_words()
    assert [w.typed for w in words] == [["son"], ["la"]]


class _HeadlinesLexicon(_Lexicon):
    """``đưa`` is far commoner than ``đứa``; the articles holding ``khóc`` and ``đưa``
    outnumber those holding ``khóc`` and ``đứa``, but titles write ``khóc`` with ``đứa``."""

    _spellings = {"khoc": [(100, "khóc")], "dua": [(500, "đưa"), (80, "đứa")]}
    _docs = {("text_syl", "khóc"): range(0, 100), ("text_syl", "đưa"): range(50, 550),
             ("text_syl", "đứa"): range(60, 140), ("title_syl", "khóc"): range(0, 20),
             ("title_syl", "đưa"): [1, 2, *range(300, 400)], ("title_syl", "đứa"): range(5, 15)}

    def articles(self, query):
        import numpy as np

        terms = query.subqueries if hasattr(query, "subqueries") else [query]
        sets = [set(self._docs.get((t.fieldname, t.text), ())) for t in terms]
        return np.array(sorted(set.intersection(*sets)), dtype=np.int64)


def test_accentless_words_are_read_together_as_headlines_write_them():
    words = querying.parse("khoc dua", _HeadlinesLexicon()).plain_words()
    assert [w.together for w in words] == [["khóc"], ["đứa"]]
    assert words[1].readings[0] == ["đứa"]
    # Without a way to count articles (no ``articles``), each word is read by itself.
    words = querying.parse("khoc dua", type("L", (_HeadlinesLexicon,), {"articles": None})()).plain_words()
    assert words[1].together is None and words[1].readings[0] == ["đưa"]


def test_a_single_accentless_word_is_not_read_together():
    words = querying.parse("dua", _HeadlinesLexicon()).plain_words()
    assert words[0].together is None
