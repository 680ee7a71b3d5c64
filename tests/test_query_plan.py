"""The query plan: what ``query_plan.build`` makes of a parsed query, and the person and
mention queries (the parts not seen through the API)."""

from __future__ import annotations

import pytest
from whoosh import query as Q

from search_app import query_plan
from search_app.query_reading import parse
from search_app.query_types import StartsWith


def test_a_multi_syllable_name_is_looked_for_as_a_phrase():
    q = query_plan.mention_query("Nguyễn Hữu Đông")
    assert isinstance(q, Q.Phrase) and q.words == ["nguyen", "huu", "dong"]


def test_a_foreign_one_word_name_is_looked_for_in_the_text():
    for name, folded in [("Salah", "salah"), ("Kubi", "kubi"), ("Bielsa", "bielsa")]:
        assert query_plan.mention_query(name) == Q.Term("text_fold", folded)


def test_a_vietnamese_one_syllable_name_is_not_looked_for_in_the_text():
    # Đông, Hà, Kim are also common words: only the extracted persons are searched.
    for name in ("Đông", "Hà", "Kim", "dong"):
        assert query_plan.mention_query(name) is Q.NullQuery



def _boosts(plan):
    """Every query below the optional part of the plan."""
    def walk(q):
        yield q
        for child in q.children():
            yield from walk(child)

    return list(walk(plan.scored.b)) if isinstance(plan.scored, Q.AndMaybe) else []


def test_the_title_start_boost_takes_the_first_run_folded():
    plan = query_plan.build(_Reader(), parse("Hội nghị cán bộ tỉnh"))
    starts = {q for q in _boosts(plan) if isinstance(q, StartsWith)}
    assert {q.fieldname for q in starts} == {"title_fold", "headline_fold"}
    assert all(q.words == ["hoi", "nghi", "can", "bo", "tinh"] for q in starts)


def test_one_word_has_no_title_start_boost():
    plan = query_plan.build(_Reader(), parse("bàn"))
    assert not [q for q in _boosts(plan) if isinstance(q, StartsWith)]


class _Reader:
    """Just what ``query_plan.build`` asks of a reader."""

    def doc_count(self):
        return 100

    def doc_frequency(self, fieldname, text):
        return 1


def test_title_boosts_match_the_typed_syllables_across_word_boundaries():
    def walk(q):
        yield q
        for child in q.children():
            yield from walk(child)

    plan = query_plan.build(_Reader(), parse("đại hội"))
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
