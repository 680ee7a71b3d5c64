"""The query plan: what ``query_plan.build`` makes of a parsed query, and the person and
mention queries (the parts not seen through the API)."""

from __future__ import annotations

import math

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


def _pasted_words(n: int) -> str:
    syllables = ["mưa", "lũ", "sạt", "lở", "đất", "miền", "núi", "phía", "bắc", "khiến", "nhiều", "tuyến",
                 "đường", "giao", "thông", "bị", "chia", "cắt", "người", "dân", "phải", "di", "dời",
                 "khẩn", "cấp", "chính", "quyền", "huy", "động", "lực", "lượng", "cứu", "hộ", "khắc",
                 "phục", "hậu", "quả", "thiệt", "hại", "tài", "sản", "hoa", "màu", "gia", "súc", "chuồng",
                 "trại", "cầu", "cống", "trường", "học", "trạm", "y", "tế", "ban", "chỉ", "đạo", "phòng",
                 "chống", "thiên", "tai", "tỉnh", "yêu", "cầu", "các", "địa", "phương", "chủ", "động", "sơ",
                 "tán", "hộ", "dân", "vùng", "nguy", "hiểm", "bố", "trí", "lương", "thực", "nước", "uống",
                 "sạch", "thuốc", "men", "kịp", "thời", "hỗ", "trợ", "bà", "con", "ổn", "định", "cuộc",
                 "sống", "sau", "bão"]
    return " ".join(syllables[:n])


def test_a_pasted_text_ranks_the_articles_holding_its_pairs_side_by_side_first():
    """A text longer than a headline (more than MAX_LONG_WORDS words) gets a tier: the
    articles holding nearly all of its telling words' neighbour pairs (COPIED_SHARE)."""
    from search_app import tuning as T

    def tiers(text):
        plan = query_plan.build(_Reader(), parse(text))
        return [q for q in _boosts(plan) if isinstance(q, Q.ConstantScoreQuery)
                and all(isinstance(t, Q.Term) and t.fieldname == "text_fold_pairs" for t in q.child.subqueries)]

    pasted = tiers(_pasted_words(105))
    assert len(pasted) == 1
    pairs = pasted[0].child.subqueries
    # neighbouring words' meeting syllables, folded ("mưa lũ" is one word, "sạt lở" the next)
    assert len(pairs) == T.MAX_LONG_WORDS and pairs[0].text == "lu_sat"
    assert pasted[0].child.minimum == math.ceil(T.COPIED_SHARE * len(pairs))
    assert not tiers(_pasted_words(12))  # a remembered headline: no such tier


@pytest.fixture(scope="module")
def copied_engine(tmp_path_factory):
    """The article a paragraph was copied from; one on the same story that holds the
    same words (each word whole), the first of them in its title too, but in the
    opposite order; and ten on other things."""
    from indexer.build import rebuild
    from search_app.engine import Engine

    pasted = _pasted_words(105)
    words = [" ".join(group[0].word.typed) for group in parse(pasted).groups]
    source = tmp_path_factory.mktemp("copied") / "src"
    source.mkdir()
    articles = {
        "copied.txt": "Tin trong ngày\n\n" + pasted + ".",
        "story.txt": " ".join(words[:12]) + "\n\n" + ", ".join(reversed(words)) + ".",
    }
    for i, topic in enumerate(["Thời tiết hôm nay", "Giá vàng tăng mạnh", "Đội tuyển thắng trận",
                               "Học sinh tựu trường", "Thị trường chứng khoán", "Lễ hội mùa xuân", "Xuất khẩu gạo",
                               "Du lịch biển đảo", "Công nghệ mới", "Sức khỏe người cao tuổi"]):
        articles[f"other{i}.txt"] = f"{topic}\n\n{topic} là tin được nhiều người quan tâm trong tuần qua."
    for name, text in articles.items():
        (source / name).write_text(text + "\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("copied-index")
    assert rebuild([source], index, jobs=1).indexed == len(articles)
    return Engine(index, result_cache_size=0)


@pytest.mark.parametrize("tier, first", [(True, "copied.txt"), (False, "story.txt")])
def test_a_pasted_paragraph_finds_the_article_it_was_copied_from(copied_engine, monkeypatch, tier, first):
    """With the tier the copied article is first; without it, the other article of the
    same story, which holds the same words and the first of them in its title, outranks
    it: the tier is what puts the copy first."""
    from search_app.params import SearchParams

    if not tier:
        monkeypatch.setattr(query_plan, "_copied_from", lambda parsed, telling: Q.NullQuery)
    found = copied_engine.search(SearchParams.from_args({"q": _pasted_words(105)}))
    ids = [h.id for h in found.hits]
    assert len(ids) == 2 and ids[0].endswith(first)
