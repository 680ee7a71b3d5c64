"""Training and scoring the person extractor on labelled articles.

The labelled set (``bench/persons_labels.json``) names, for each article of
``bench/persons_sample.json``, its persons and the other forms the text uses for each
(``mentions``).  To train the CRF, every form is found again in the article's capitalised
stretches (``project``) and its words labelled ``B``/``I``; a form is not found inside
a longer known place or organisation (``Lâm`` in ``Lâm Đồng``).

>>> project([["Ông", "Nguyễn", "Xuân", "Phúc"], ["Lâm", "Đồng"]], [["Nguyễn", "Xuân", "Phúc"], ["Lâm"]])
[['O', 'B', 'I', 'I'], ['O', 'O']]
"""
from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..documents import person_input
from ..formats import read_articles
from .reading import read
from .shapes import words_of
from .features import flat
from .stretches import cued_as_person, gazetteer_spans
from .words import NONPERSON

# crfsuite's L-BFGS with elastic-net regularisation; chosen by cross-validation on the
# development half (scripts/train_persons.py --folds).  ``possible_states``: a weight for
# every attribute with every label, not only the labels it was seen with, so an attribute
# can also speak against a label (F1 +0.0015 on seeds 3 to 5, mostly precision); with it,
# c2 0.4 rather than 0.2 (+0.0007 on seeds 3 to 5, +0.0013 on seeds 6 and 7).
CRF_PARAMS = {"c1": 0.01, "c2": 0.4, "max_iterations": 300, "feature.possible_transitions": True,
              "feature.possible_states": True}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@dataclass
class Labelled:
    """One labelled article: its id, what the extractor reads, and its persons (each
    the fullest name and the other forms the text uses)."""
    id: str
    title: str
    paragraphs: list[str]
    persons: list[dict] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [nfc(p["name"]) for p in self.persons]

    def forms(self) -> list[list[str]]:
        """Every written form of every person, as words; an entry without mentions (the
        older sets) gets its name's endings (``Xuân Phúc``, ``Phúc``, ``Messi``)."""
        out = []
        for p in self.persons:
            words = words_of(nfc(p["name"]))
            out.append(words)
            if p.get("mentions"):
                out += [words_of(nfc(m)) for m in p["mentions"]]
            else:
                out += [words[i:] for i in range(1, len(words))]
        return [f for f in out if f]


def load(labels_path: Path, corpus: Path, ids: list[str]) -> list[Labelled]:
    """The labelled articles ``ids`` (``dantri/…``, ``baomoi/…``), read from ``corpus``
    the way the indexer reads them."""
    labels = json.loads(Path(labels_path).read_text(encoding="utf-8"))["articles"]
    out = []
    for doc_id in ids:
        source, rel = doc_id.split("/", 1)
        (article,) = read_articles(Path(corpus) / doc_id, source, rel)
        title, paragraphs = person_input(article)
        out.append(Labelled(doc_id, title, paragraphs, labels[doc_id]["persons"]))
    return out


def older_ids(labels_path: Path) -> list[str]:
    """The articles of the older labelled sets (names without mentions)."""
    labels = json.loads(Path(labels_path).read_text(encoding="utf-8"))["articles"]
    return [k for k, v in labels.items() if v.get("older_set")]


def project(stretch_words: list[list[str]], forms: list[list[str]],
            given: list[bool] | None = None) -> list[list[str]]:
    """BIO labels of each stretch: the longest labelled form at each place, unless a
    known place or organisation longer than the form covers it, or the form is one word
    that names a place or organisation, except in the stretches ``given`` marks
    (``stretches.cued_as_person``: ``bầu Đức``)."""
    by_length = sorted({tuple(f) for f in forms}, key=len, reverse=True)
    out = []
    for s, words in enumerate(stretch_words):
        as_name = bool(given and given[s])
        tags = ["O"] * len(words)
        gazetteer = gazetteer_spans(tuple(words))
        i = 0
        while i < len(words):
            for form in by_length:
                k = len(form)
                if tuple(words[i:i + k]) != form:
                    continue
                inside = any(a <= i and i + k <= b and b - a > k for a, b in gazetteer)
                if inside or (k == 1 and words[i] in NONPERSON and not as_name):
                    continue
                tags[i] = "B"
                for j in range(i + 1, i + k):
                    tags[j] = "I"
                i += k - 1
                break
            i += 1
        out.append(tags)
    return out


def train(articles: list[Labelled], model_path: Path, params: dict | None = None) -> int:
    """Train the CRF on ``articles`` into ``model_path``; the number of stretches."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(dict(CRF_PARAMS, **(params or {})))
    n = 0
    for a in articles:
        reading = read(a.title, a.paragraphs)
        spans, feats = reading.stretches()
        given = [cued_as_person(s, reading.paras) for s in spans]
        tags = project([[t.text for t in s] for s in spans], a.forms(), given)
        for x, y in zip(feats, tags):
            trainer.append(flat(x), y)
            n += 1
    Path(model_path).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return n


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list = field(default_factory=list)  # (id, missed, spurious)
    counts: list = field(default_factory=list)  # (tp, fp, fn) of each article, in order

    def add(self, other: "Score") -> None:
        """Pool ``other`` (another fold's articles) into this score."""
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.errors += other.errors
        self.counts += other.counts

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


BOOTSTRAP_SEED = 20261207  # the articles are drawn again with random.Random(BOOTSTRAP_SEED)
BOOTSTRAP_ROUNDS = 2000


def _resampled_f1s(scores: list[Score], rounds: int) -> list[list[float]]:
    """Each score's F1 over ``rounds`` resamples of its articles, drawn with replacement,
    the same draws for every score (their ``counts`` in the same article order)."""
    rnd = random.Random(BOOTSTRAP_SEED)
    n = len(scores[0].counts)
    out: list[list[float]] = [[] for _ in scores]
    for _ in range(rounds):
        draw = [rnd.randrange(n) for _ in range(n)]
        for s, f1s in zip(scores, out):
            tp = fp = fn = 0
            for i in draw:
                a, b, c = s.counts[i]
                tp, fp, fn = tp + a, fp + b, fn + c
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return out


def _middle_95(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def f1_interval(s: Score, rounds: int = BOOTSTRAP_ROUNDS) -> tuple[float, float]:
    """A 95 % interval of ``s``'s F1 had other articles of the same kind been labelled: the
    2.5th and 97.5th percentiles of its F1 over ``rounds`` resamples of its articles."""
    return _middle_95(_resampled_f1s([s], rounds)[0])


def f1_difference(a: Score, b: Score, rounds: int = BOOTSTRAP_ROUNDS) -> tuple[float, float, float]:
    """``b``'s F1 minus ``a``'s, scored on the same articles in the same order (two
    settings cross-validated on the same folds), and a 95 % interval of that difference
    over resamples of the articles: whether a change is more than the articles' noise."""
    if len(a.counts) != len(b.counts):
        raise ValueError("the two scores are not of the same articles")
    fa, fb = _resampled_f1s([a, b], rounds)
    return (b.f1 - a.f1, *_middle_95([y - x for x, y in zip(fa, fb)]))


def score(articles: list[Labelled], extract) -> Score:
    """Micro precision and recall of ``extract(title, paragraphs)`` over ``articles``:
    names compared exactly, after NFC."""
    s = Score()
    for a in articles:
        gold = set(a.names)
        found = [nfc(x) for x in extract(a.title, a.paragraphs)]
        pred = set(found)
        tp, fp, fn = len(gold & pred), len(pred - gold), len(gold - pred)
        s.counts.append((tp, fp, fn))
        s.tp, s.fp, s.fn = s.tp + tp, s.fp + fp, s.fn + fn
        if gold != pred:
            s.errors.append((a.id, [x for x in a.names if x not in pred], [x for x in found if x not in gold]))
    return s


def corpus_names(articles, min_articles: int = 2) -> tuple[dict[str, int], dict[str, int]]:
    """What the rules find in full names across ``articles`` ((title, paragraphs) pairs),
    with the number of articles naming each, kept when at least ``min_articles`` do:

    * given names, the two last syllables of full Vietnamese names (``Nguyễn Công Phượng``
      → ``Công Phượng``): what a footballer or an artist is called by;
    * family names of foreign full names (``Mohamed Salah`` → ``Salah``): what a foreign
      person is called by after the first mention, or in another article.

    No label is read: this is the rules' reading of unlabelled text."""
    from collections import Counter

    from . import extract_persons
    from .shapes import foreign_shaped, vietnamese_shaped
    from .words import SURNAMES

    given: Counter = Counter()
    family: Counter = Counter()
    for title, paragraphs in articles:
        pairs, families = set(), set()
        for name in extract_persons(title, paragraphs, tagger=None):
            words = name.split()
            if len(words) >= 3 and words[0] in SURNAMES and all(vietnamese_shaped(w) for w in words):
                pairs.add(" ".join(words[-2:]))
            elif len(words) >= 2 and foreign_shaped(words[-1]) and words[-1][:1].isupper():
                families.add(words[-1])
        given.update(pairs)
        family.update(families)
    keep = lambda c: {k: n for k, n in c.items() if n >= min_articles}  # noqa: E731
    return keep(given), keep(family)
