"""Train the person extractor's CRF (``indexer/data/persons.crfsuite``).

Usage (from the repo root)::

    python scripts/train_persons.py [--shared ../shared] [--folds K [--compare PARAMS]] [--name-lists]

Trains on the development half of ``bench/persons_sample.json`` (labels in
``bench/persons_labels.json``), never on the held-out half.  ``--folds K`` reports a
K-fold cross-validation on the development half instead of writing the model (how the
features and ``training.CRF_PARAMS`` were chosen); with ``--compare PARAMS`` it
cross-validates those crfsuite parameters too, on the same folds, and prints the
difference of F1 with a 95 % interval over resamples of the articles (whether the change
is more than the articles' noise).  ``--name-lists`` first rebuilds
``indexer/data/persons_given_vn.txt`` and ``persons_family_foreign.txt``: the given names
(``Công Phượng``) and foreign family names (``Salah``) that the rules find in full names
(``Nguyễn Công Phượng``, ``Mohamed Salah``) across both corpora, and
``persons_contexts.txt``: how often the corpora write each capitalised name after a
person's title, after a place word, before a speech verb, and in lower case, and
``persons_clusters.txt``: word clusters of word2vec vectors over the corpora (it needs
the ``train`` extra: ``pip install -e .[train]``); no label is read for them.

The same inputs give the same model: crfsuite's L-BFGS is deterministic and the articles
are read in a fixed order.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.documents import person_input  # noqa: E402
from indexer.formats import read_articles  # noqa: E402
from indexer.persons import extract_persons, features, tagger, words  # noqa: E402
from indexer.persons import clusters, contexts, training  # noqa: E402

FOLD_SEED = 3


def corpus_articles(corpus: Path, sources=("dantri", "baomoi")):
    """(title, paragraphs) of every article of ``sources`` under ``corpus``."""
    for source in sources:
        for path in sorted((corpus / source).glob("*.txt")):
            for article in read_articles(path, source, path.name):
                yield person_input(article)


def write_name_lists(corpus: Path) -> tuple[int, int]:
    given, family = training.corpus_names(corpus_articles(corpus))
    for path, counts, what in ((words.GIVEN_NAMES_FILE, given, "Given names (the last two syllables of full "
                                "Vietnamese names)"),
                               (words.FAMILY_NAMES_FILE, family, "Family names of foreign full names")):
        lines = [f"# {what} that the rules find in at least two articles of",
                 "# ../shared/corpus, with that number of articles.",
                 "# Made by: python scripts/train_persons.py --name-lists"]
        lines += [f"{p}\t{n}" for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    contexts.count_contexts(corpus_articles(corpus)).write(contexts.CONTEXTS_FILE)
    contexts.reload()
    clusters.build_clusters(corpus_articles(corpus)).write(clusters.CLUSTERS_FILE)
    clusters.reload()
    features.reload_name_lists()
    return len(given), len(family)


def cross_validate(dev: list, folds: int, params: dict) -> training.Score:
    order = list(range(len(dev)))
    random.Random(FOLD_SEED).shuffle(order)
    total = training.Score()
    for k in range(folds):
        held = set(order[k::folds])
        path = Path(tempfile.mkdtemp()) / "fold.crfsuite"
        training.train([dev[i] for i in order if i not in held], path, params)
        fold_tagger = tagger.Tagger(path)
        s = training.score([dev[i] for i in sorted(held)], lambda t, p: extract_persons(t, p, tagger=fold_tagger))
        total.add(s)
    return total


def crf_params(text: str) -> dict:
    """``--params`` and ``--compare``: a JSON object of crfsuite parameters, or a clear error."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise argparse.ArgumentTypeError(f"not JSON ({e.msg}): {text!r}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"not a JSON object of crfsuite parameters: {text!r}")
    return value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--labels", type=Path, default=ROOT / "bench" / "persons_labels.json")
    ap.add_argument("--sample", type=Path, default=ROOT / "bench" / "persons_sample.json")
    ap.add_argument("--out", type=Path, default=tagger.MODEL_FILE)
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--params", default="{}", type=crf_params,
                    help="crfsuite parameters over training.CRF_PARAMS, as a JSON object")
    ap.add_argument("--compare", metavar="PARAMS", type=crf_params,
                    help="with --folds: also cross-validate these parameters (JSON) on the same folds and print "
                         "the difference of F1 with its 95 %% interval")
    ap.add_argument("--name-lists", action="store_true",
                    help="first rebuild the name lists, name contexts and word clusters from the corpus "
                         "(no labels read; the clusters need the train extra)")
    args = ap.parse_args(argv)
    if args.compare is not None and not args.folds:
        ap.error("--compare needs --folds")
    corpus = args.shared / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: the labelled articles are read from it", file=sys.stderr)
        return 1
    if args.name_lists:
        given, family = write_name_lists(corpus)
        print(f"{given} given names, {family} family names -> {words.GIVEN_NAMES_FILE.parent}")
    sample = json.loads(args.sample.read_text(encoding="utf-8"))
    dev = training.load(args.labels, corpus, sample["development"])
    params = args.params
    if args.folds:
        rules = training.score(dev, lambda t, p: extract_persons(t, p, tagger=None))
        s = cross_validate(dev, args.folds, params)
        print(f"development half, {len(dev)} articles: rules alone P {rules.precision:.3f} R {rules.recall:.3f} "
              f"F1 {rules.f1:.3f}; CRF {args.folds}-fold P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.4f}")
        if args.compare:
            other = cross_validate(dev, args.folds, args.compare)
            diff, low, high = training.f1_difference(s, other)
            print(f"with {json.dumps(args.compare)}: F1 {other.f1:.4f}, {diff:+.4f} (95 % interval {low:+.4f} to {high:+.4f})")
        return 0
    t0 = time.perf_counter()
    n = training.train(dev, args.out, params)
    print(f"trained on {len(dev)} articles ({n} stretches) in {time.perf_counter() - t0:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
