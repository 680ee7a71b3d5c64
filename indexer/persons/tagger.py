"""The statistical step: a CRF labels the words of each capitalised stretch
(``stretches``) as the beginning (``B``), inside (``I``) or outside (``O``) of a
person's name, from their features (``features``); ``tagged`` makes names of the labels.

The model (``indexer/data/persons.crfsuite``) is trained by ``scripts/train_persons.py``
on the development half of ``bench/persons_labels.json``; it ships with the package and
is read from disk, never fetched.
"""
from __future__ import annotations

import threading
from pathlib import Path

from .features import StretchFeatures
from .words import DATA_DIR

MODEL_FILE = DATA_DIR / "persons.crfsuite"
MAX_SCORED_PARTS = 100_000  # parts whose scores the tagger remembers at most


Scores = tuple[float, float, float]  # for the labels B, I, O
LABELS = ("B", "I", "O")


class Tagger:
    """The trained CRF in ``path`` (labels ``B``, ``I``, ``O``), read on first use: the
    weight of each attribute for each label and of each transition.  A word's score for a label is the sum of its
    attributes' weights, part by part (``features.stretch_features``), each part's sum remembered;
    the best labels of a stretch are found by Viterbi, as crfsuite's own tagger does, without
    handing it every attribute string of every word."""

    def __init__(self, path: Path = MODEL_FILE):
        self.path = Path(path)
        self._loaded = False
        self._weights: dict[str, Scores] = {}  # each attribute's weight for each label
        self._trans: list[list[float]] = []  # [from][to]
        self._memo: dict[tuple[str, ...], Scores] = {}  # each part's summed weights
        self._lock = threading.Lock()

    def available(self) -> bool:
        """Whether the model can be used: loaded already, or its file is there."""
        return self._loaded or self.path.is_file()

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            import pycrfsuite

            crf = pycrfsuite.Tagger()
            crf.open(str(self.path))
            info = crf.info()
            if sorted(crf.labels()) != list(LABELS):
                raise ValueError(f"{self.path}: not a B/I/O model: {crf.labels()}")
            index = {y: k for k, y in enumerate(LABELS)}
            weights: dict[str, list[float]] = {}
            for (attr, y), w in info.state_features.items():
                weights.setdefault(attr, [0.0, 0.0, 0.0])[index[y]] = w
            self._weights = {attr: (w[0], w[1], w[2]) for attr, w in weights.items()}
            self._trans = [[info.transitions.get((a, b), 0.0) for b in LABELS] for a in LABELS]
            crf.close()
            self._loaded = True

    def _score(self, part: tuple[str, ...]) -> Scores:
        """The summed weights of a part's attributes for each label (remembered)."""
        memo = self._memo
        s = memo.get(part)
        if s is None:
            weights = self._weights
            b = i = o = 0.0
            for attr in part:
                w = weights.get(attr)
                if w is not None:
                    b += w[0]
                    i += w[1]
                    o += w[2]
            if len(memo) >= MAX_SCORED_PARTS:
                memo.clear()
            s = memo[part] = (b, i, o)
        return s

    def tag(self, features: StretchFeatures) -> list[str]:
        """The best labels of a stretch's words."""
        if not self._loaded:
            self._load()
        b0 = i0 = o0 = 0.0
        for part in features.shared:
            s = self._score(part)
            b0 += s[0]
            i0 += s[1]
            o0 += s[2]
        rows: list[Scores] = []
        for parts in features.words:
            b, i, o = b0, i0, o0
            for part in parts:
                s = self._score(part)
                b += s[0]
                i += s[1]
                o += s[2]
            rows.append((b, i, o))
        return [LABELS[k] for k in _viterbi(rows, self._trans)]


def _viterbi(rows: list[tuple[float, float, float]], trans: list[list[float]]) -> list[int]:
    """The best label path through a stretch of three labels: state scores ``rows``,
    transition scores ``trans[from][to]``; of equal scores, the first label (as ``max``).
    Written for three labels: the same sums in the same order as a loop over any number
    of them, in fewer steps."""
    if len(rows) == 1:
        return [_argmax(rows[0])]
    (t00, t01, t02), (t10, t11, t12), (t20, t21, t22) = trans
    s0, s1, s2 = rows[0]
    back = []
    for r0, r1, r2 in rows[1:]:
        a0, l0 = _best_into(s0, s1, s2, t00, t10, t20)
        a1, l1 = _best_into(s0, s1, s2, t01, t11, t21)
        a2, l2 = _best_into(s0, s1, s2, t02, t12, t22)
        s0, s1, s2 = a0 + r0, a1 + r1, a2 + r2
        back.append((l0, l1, l2))
    k = _argmax((s0, s1, s2))
    path = [k]
    for links in reversed(back):
        k = links[k]
        path.append(k)
    return path[::-1]


def _best_into(s0: float, s1: float, s2: float, t0: float, t1: float, t2: float) -> tuple[float, int]:
    """The best score into a label from the three before (scores ``s``, transitions
    ``t`` from each) and which label it comes from; of equal scores, the first."""
    top, link = s0 + t0, 0
    x = s1 + t1
    if x > top:
        top, link = x, 1
    x = s2 + t2
    if x > top:
        top, link = x, 2
    return top, link


def _argmax(scores) -> int:
    """The first place of the highest score."""
    k, top = 0, scores[0]
    for i in range(1, len(scores)):
        if scores[i] > top:
            k, top = i, scores[i]
    return k


DEFAULT_TAGGER = Tagger()
