"""A peer person extractor for the persons benchmark: ``underthesea``'s stock NER.

``underthesea`` (PyPI, pin ``underthesea==9.5.0``, which pulls ``underthesea_core==3.3.2``)
ships its default NER model inside the wheel: ``underthesea.ner(text)`` (``deep=False``)
chains CRF models that are package files — word segmentation
(``pipeline/word_tokenize/models/ws_crf_vlsp2013_20230727``), POS
(``pipeline/pos_tag/pos_crf_2017_10_11.bin``), chunking
(``pipeline/chunking/chunk_crf_2017_10_12.bin``) and NER
(``pipeline/ner/ner_crf_2017_10_12.bin``) — run by ``underthesea_core.CRFTagger``, so it
works with no network.  Only ``ner(..., deep=True)`` downloads a model (the Hugging Face
repo ``undertheseanlp/vietnamese-ner-v1.4.0a2``, through ``transformers``); it is never
used here.

underthesea is a benchmark dependency only (``pip install -e '.[bench]'``);
``available()`` says whether it is importable.

``underthesea_persons(title, paragraphs)`` runs the NER over the title and over each
sentence of each paragraph (``underthesea.sent_tokenize``) and returns the ``PER`` entities:
a span is a ``B-PER`` word and the ``I-PER`` words after it (an ``I-PER`` with no open span
starts one).  Each span is given as written in the text (underthesea's tokenizer
rewrites some syllables, e.g. ``Hoà`` → ``Hòa``; the span is mapped back to the original
characters), NFC, each name once, in order of first mention.
"""

from __future__ import annotations

import unicodedata


def available() -> bool:
    """True if ``underthesea`` can be imported."""
    import importlib

    try:
        importlib.import_module("underthesea")
    except Exception:
        return False
    return True


def _raw_offsets(sentence: str):
    """(start, end) in ``sentence`` of each token of underthesea's regex tokenizer, with no
    normalisation; and the normalised tokens (what the NER's words are made of).  None when
    the two token lists cannot be paired one to one."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    raw = tokenize(sentence, use_character_normalize=False, use_token_normalize=False)
    norm = tokenize(sentence)
    if len(raw) != len(norm):
        return None, norm
    offsets, pos = [], 0
    for tok in raw:
        i = sentence.find(tok, pos)
        if i < 0:
            return None, norm
        offsets.append((i, i + len(tok)))
        pos = i + len(tok)
    return offsets, norm


def _persons_in_sentence(sentence: str) -> list[str]:
    from underthesea import ner

    tagged = ner(sentence)
    offsets, norm = _raw_offsets(sentence)

    # Token range [i, j) of the normalised tokens behind each NER word (the NER's words are
    # those tokens joined by spaces).
    ranges, i = [], 0
    for word, *_ in tagged:
        if offsets is None:
            break
        j, acc = i, ""
        while j < len(norm) and len(acc) < len(word):
            acc = norm[j] if j == i else acc + " " + norm[j]
            j += 1
        if acc != word:
            offsets = None  # lost track: fall back to the NER's own words
            break
        ranges.append((i, j))
        i = j

    spans: list[list[int]] = []  # indices into ``tagged``
    prev_per = False
    for k, (_, _, _, tag) in enumerate(tagged):
        if tag == "B-PER" or (tag == "I-PER" and not prev_per):
            spans.append([k])
            prev_per = True
        elif tag == "I-PER":
            spans[-1].append(k)
        else:
            prev_per = False

    out = []
    for span in spans:
        if offsets is not None:
            start = offsets[ranges[span[0]][0]][0]
            end = offsets[ranges[span[-1]][1] - 1][1]
            text = sentence[start:end]
        else:
            text = " ".join(tagged[k][0] for k in span)
        text = unicodedata.normalize("NFC", " ".join(text.split()))
        if text:
            out.append(text)
    return out


def underthesea_persons(title: str, paragraphs: list[str]) -> list[str]:
    """The persons (``PER`` entities) that underthesea's NER finds in an article."""
    from underthesea import sent_tokenize

    seen: dict[str, None] = {}
    for block in [title, *paragraphs]:
        block = unicodedata.normalize("NFC", block or "").strip()
        if not block:
            continue
        for sentence in sent_tokenize(block) or [block]:
            if sentence.strip():
                for name in _persons_in_sentence(sentence):
                    seen.setdefault(name, None)
    return list(seen)


if __name__ == "__main__":  # pragma: no cover - a quick look by hand
    import sys

    if not available():
        print("underthesea is not installed")
        sys.exit(0)
    for path in sys.argv[1:]:
        lines = [ln for ln in open(path, encoding="utf-8").read().splitlines() if ln.strip() and not ln.startswith("# ")]
        if lines:
            print(path, underthesea_persons(lines[0], lines[1:]))
