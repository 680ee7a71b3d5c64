"""Draw the articles of the persons labelled set, once, by fixed seeds.

Usage (from the repo root)::

    python bench/persons_sample.py [--shared ../shared] [--out bench/persons_sample.json]

26 articles from each Dân trí section (the file name names it) and 26 from Báo Mới, none
of them in the older sets (``tests/fixtures/persons_gold.json``, ``persons_heldout.json``),
drawn with ``random.Random(SAMPLE_SEED)``; then split in halves, within each section,
with ``random.Random(SPLIT_SEED)``: a development half (rules and model are made on it)
and a held-out half (scored once a change is done).  The older 77 articles join the
development half, and so do the supplements drawn afterwards to train on (``SUPPLEMENTS``:
thirteen so far, ten of 12 to 32 more articles per section, one of 200 from Báo Mới, one of 14
from each Dân trí section with that many left and one of 88 from Báo Mới, each with its own seed,
none of them drawn before): the held-out half stays as it was first drawn.  Writes the list; the labels
are in ``bench/persons_labels.json``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SEED = 20261202
SPLIT_SEED = 11
PER_SECTION = 26
# the supplements drawn afterwards for the development half only, in order: (seed, articles per
# section, the sections drawn from: every one when not given); the first is "supplement" in the
# written sample, the next "second_supplement", ...  The eleventh is of Báo Mới alone: the tenth
# left 0 to 20 Dân trí articles per section undrawn.  The twelfth takes 14 of each Dân trí section
# that had 14 left (business and travel had 1 and 0), the thirteenth 88 more from Báo Mới.
_DANTRI_LEFT = ("news_education", "news_entertainment", "news_health", "news_science", "news_society", "news_sport",
                "news_tech", "news_world")
SUPPLEMENTS = ((20261203, 26), (20261206, 12), (20261207, 20), (20261208, 20), (20261209, 20), (20261210, 20),
               (20261211, 20), (20261212, 20), (20261213, 32), (20261214, 28), (20261215, 200, ("baomoi",)),
               (20261216, 14, _DANTRI_LEFT), (20261217, 88, ("baomoi",)))
ORDINALS = ("", "second_", "third_", "fourth_", "fifth_", "sixth_", "seventh_", "eighth_", "ninth_", "tenth_",
            "eleventh_", "twelfth_", "thirteenth_")


def older_sets() -> set[str]:
    names = set()
    for name in ("persons_gold.json", "persons_heldout.json"):
        data = json.loads((ROOT / "tests" / "fixtures" / name).read_text(encoding="utf-8"))
        names.update("dantri/" + f for f in data["articles"])
    return names


def _more(sections: dict[str, list[str]], used: set[str], seed: int, per_section: int,
          only: tuple[str, ...] = ()) -> list[str]:
    """``per_section`` more articles of each section (or of those ``only``), none of
    ``used`` (which they join), drawn with ``random.Random(seed)``."""
    rnd = random.Random(seed)
    chosen = []
    for section in sorted(only or sections):
        pool = [f for f in sections[section] if f not in used]
        chosen += sorted(rnd.sample(pool, per_section))
    used.update(chosen)
    return chosen


def _described(ordinal: str, supplement: tuple) -> str:
    seed, n, *only = supplement
    where = f"from {', '.join(only[0])}" if only else "per section"
    return f"the {ordinal.rstrip('_') or 'first'} supplement of {n} {where} (random.Random({seed}))"


def draw(shared: Path) -> dict:
    older = older_sets()
    corpus = shared / "corpus"
    sections: dict[str, list[str]] = {}
    for path in sorted((corpus / "dantri").glob("*.txt")):
        section = re.sub(r"_\d+$", "", path.stem)
        sections.setdefault(section, []).append(f"dantri/{path.name}")
    sections["baomoi"] = [f"baomoi/{p.name}" for p in sorted((corpus / "baomoi").glob("*.txt"))]
    sample_rnd, split_rnd = random.Random(SAMPLE_SEED), random.Random(SPLIT_SEED)
    development, held_out = sorted(older), []
    for section in sorted(sections):
        pool = [f for f in sections[section] if f not in older]
        chosen = sorted(sample_rnd.sample(pool, PER_SECTION))
        split_rnd.shuffle(chosen)
        half = len(chosen) // 2
        development += sorted(chosen[:half])
        held_out += sorted(chosen[half:])
    used = set(development) | set(held_out)
    drawn = [_more(sections, used, *supplement) for supplement in SUPPLEMENTS]
    development = sorted(development + [f for more in drawn for f in more])
    about = ", ".join(_described(ordinal, supplement) for ordinal, supplement in zip(ORDINALS, SUPPLEMENTS))
    out = {
        "_about": f"persons labelled set: {PER_SECTION} articles per Dân trí section and from Báo Mới, "
                  f"random.Random({SAMPLE_SEED}); halves per section by random.Random({SPLIT_SEED}); "
                  f"the older 77 labelled articles and {about} are in the development half",
        "sample_seed": SAMPLE_SEED, "split_seed": SPLIT_SEED,
    }
    out.update({f"{ordinal}supplement_seed": seed for ordinal, (seed, *_) in zip(ORDINALS, SUPPLEMENTS)})
    out.update({f"{ordinal}supplement": more for ordinal, more in zip(ORDINALS, drawn)})
    out.update({"development": development, "held_out": held_out})
    return out


def merge_parts(parts_dir: Path, out: Path) -> int:
    """Gather the readers' labels (``persons_parts/part_*.json``; an article read twice
    keeps the first reader's) and the older sets into ``persons_labels.json``."""
    nfc = lambda x: unicodedata.normalize("NFC", x)  # noqa: E731
    articles: dict = {}
    parts = sorted(parts_dir.glob("part_*.json"), key=lambda p: int(p.stem.split("_")[1]))
    for part in parts:
        for doc_id, v in json.loads(part.read_text(encoding="utf-8"))["articles"].items():
            articles.setdefault(doc_id, {
                "persons": [{"name": nfc(p["name"]), "mentions": [nfc(m) for m in p.get("mentions", [])]}
                            for p in v["persons"]],
                "doubts": v.get("doubts", []), "reader": part.stem})
    for name in ("persons_gold.json", "persons_heldout.json"):
        data = json.loads((ROOT / "tests" / "fixtures" / name).read_text(encoding="utf-8"))
        for rel, names in data["articles"].items():
            articles["dantri/" + rel] = {"persons": [{"name": nfc(n), "mentions": []} for n in names],
                                         "doubts": [], "older_set": name}
    body = {"_about": "Persons named in each article of bench/persons_sample.json, labelled by reading under "
                      "the conventions of docs/persons.md (bench/persons_conventions.md), by readers in disjoint "
                      "shares (bench/persons_parts/), some articles read twice; the older 77 "
                      "(tests/fixtures/persons_gold.json, persons_heldout.json) carry names without mentions.",
            "articles": {k: articles[k] for k in sorted(articles)}}
    out.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(articles)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "persons_sample.json")
    ap.add_argument("--merge-parts", action="store_true",
                    help="also gather bench/persons_parts/ into bench/persons_labels.json")
    args = ap.parse_args()
    if args.merge_parts:
        n = merge_parts(ROOT / "bench" / "persons_parts", ROOT / "bench" / "persons_labels.json")
        print(f"{n} labelled articles -> bench/persons_labels.json")
    sample = draw(args.shared)
    args.out.write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(sample['development'])} development, {len(sample['held_out'])} held out -> {args.out}")


if __name__ == "__main__":
    main()
