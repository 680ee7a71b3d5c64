"""From the reader's words to the Whoosh query: the parts not seen through the API."""

from __future__ import annotations

from whoosh import query as Q

from search_app import querying
from search_app.ranking import StartsWith


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


def _boosts(plan):
    return [q for q in plan.scored.b.subqueries] if isinstance(plan.scored, Q.AndMaybe) else []


def test_the_title_start_boost_takes_the_first_run_folded():
    plan = querying.build(_Reader(), querying.parse("Hội nghị cán bộ tỉnh"))
    starts = [q for q in _boosts(plan) if isinstance(q, StartsWith)]
    assert len(starts) == 1
    assert starts[0].fieldname == "title_fold"
    assert starts[0].words == ["hoi", "nghi", "can", "bo", "tinh"]


def test_one_word_has_no_title_start_boost():
    plan = querying.build(_Reader(), querying.parse("bàn"))
    assert not [q for q in _boosts(plan) if isinstance(q, StartsWith)]


class _Reader:
    """Just what ``querying.build`` asks of a reader."""

    def doc_count(self):
        return 100

    def doc_frequency(self, fieldname, text):
        return 1
