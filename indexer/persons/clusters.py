"""Which words the archive writes in the same places: word clusters made from unlabelled
text, read by the tagger as features.

A name the labelled articles seldom show (``Aubameyang``) is written in the archive where
names of its kind are (``tiền đạo … ghi bàn``), so its vector lands near ``Lacazette``
and its cluster says what kind of word it is (a word written fewer than ``MIN_COUNT``
times, ``Haaland``, has none).  The vectors
are word2vec's (skip-gram, a narrow window: what stands next to a word, not what the
article is about) over every paragraph of ``../shared/corpus``; the clusters are k-means
over them at two sizes, a fine one and a coarse one, as Brown-cluster prefixes are read.
``scripts/train_persons.py --name-lists`` makes ``indexer/data/persons_clusters.txt``
(``build_clusters``, with gensim and scipy, the ``train`` extra); the extractor only reads
the file.

>>> c = WordClusters({"Messi": (17, 3)})
>>> c.features("Messi")
('cluster=17', 'cluster_coarse=3')
>>> c.features("Haaland")
('cluster=none',)
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .shapes import words_of
from .words import DATA_DIR, read_rows

CLUSTERS_FILE = DATA_DIR / "persons_clusters.txt"
FINE_CLUSTERS = 512  # clusters of the fine level
COARSE_CLUSTERS = 64  # clusters of the coarse level
MIN_COUNT = 5  # a word written fewer times than this has no vector
VECTOR_SIZE = 100
WINDOW = 2  # words on each side a vector learns from
EPOCHS = 5
SEED = 1


class WordClusters:
    """Each word's fine and coarse cluster."""

    def __init__(self, clusters: dict[str, tuple[int, int]]):
        self.clusters = clusters

    def features(self, word: str) -> tuple[str, ...]:
        """The word's clusters as feature strings (the tagger remembers a word's
        features, these among them: ``features._word_part``)."""
        c = self.clusters.get(word)
        return _NONE if c is None else (f"cluster={c[0]}", f"cluster_coarse={c[1]}")

    @classmethod
    def load(cls, path: Path = CLUSTERS_FILE) -> "WordClusters":
        return cls(dict(read_rows(path, _cluster_row)))

    def write(self, path: Path = CLUSTERS_FILE) -> None:
        lines = [f"# Words of ../shared/corpus written at least {MIN_COUNT} times: a cluster of {FINE_CLUSTERS} and one",
                 f"# of {COARSE_CLUSTERS} (k-means over word2vec skip-gram vectors, window {WINDOW}).  Made",
                 "# from unlabelled text by: python scripts/train_persons.py --name-lists"]
        lines += [f"{w}\t{f}\t{c}" for w, (f, c) in sorted(self.clusters.items())]
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


_NONE = ("cluster=none",)


def _cluster_row(fields: list[str]) -> tuple[str, tuple[int, int]]:
    word, fine, coarse = fields  # exactly three: a ValueError otherwise
    return word, (int(fine), int(coarse))


def paragraphs_words(articles):
    """Each title and paragraph of ``articles`` ((title, paragraphs) pairs) as its words,
    case kept."""
    for title, paragraphs in articles:
        for p in (title, *paragraphs):
            words = words_of(p)
            if words:
                yield words


def build_clusters(articles, fine: int = FINE_CLUSTERS, coarse: int = COARSE_CLUSTERS,
                   min_count: int = MIN_COUNT) -> WordClusters:
    """Train the vectors on ``articles`` ((title, paragraphs) pairs) and cluster the
    words written at least ``min_count`` times in ``fine`` and in ``coarse`` clusters
    (deterministic: one worker thread, fixed seeds)."""
    import numpy as np
    from gensim.models import Word2Vec
    from scipy.cluster.vq import kmeans2

    model = Word2Vec(list(paragraphs_words(articles)), vector_size=VECTOR_SIZE, window=WINDOW,
                     min_count=min_count, sg=1, workers=1, seed=SEED, epochs=EPOCHS)
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    rng = np.random.default_rng(SEED)
    _, fine_of = kmeans2(vectors, fine, minit="++", seed=rng)
    _, coarse_of = kmeans2(vectors, coarse, minit="++", seed=rng)
    return WordClusters({w: (int(f), int(c)) for w, f, c in zip(words, fine_of, coarse_of)})


@lru_cache(maxsize=1)
def word_clusters() -> WordClusters:
    """The shipped clusters, read once."""
    return WordClusters.load()


def reload() -> None:
    """Read the clusters file again at the next use (after ``build_clusters`` wrote it)."""
    word_clusters.cache_clear()
