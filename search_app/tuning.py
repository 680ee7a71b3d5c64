"""Every knob of matching and ranking, in one place.

The weights were chosen on a development sample and reported on another (see
``docs/benchmarks.md``, "Relevance"); change one here and rerun ``bench/relevance.py``
and ``bench/quality.py`` before trusting it.
"""

# -- fields (BM25F-style: a word in the title counts more than one in the body) -------
FIELD_WEIGHTS = {"title": 4.0, "lead": 2.0, "text": 1.0,
                 "headline": 4.0}  # the headline a URL spells (Dân trí's only real one)

# -- how a word of the query is found in the whole text -------------------------------
EXACT_WEIGHT = 3.0  # the accented word as pyvi segmented it (``hội_nghị``)
SYLLABLE_WEIGHT = 2.0  # a syllable spelled as typed (one-syllable words)
PAIR_WEIGHT = 2.0  # two syllables of a word side by side, spelled as typed (``sơn_la``)
FOLDED_WEIGHT = 0.5  # accentless syllables or pairs, when the query has accents
FOLDED_ONLY_WEIGHT = 1.0  # accentless syllables or pairs, when the query has none
READING_WEIGHT = 2.0  # an accented reading restored for an accentless query
LITERAL_WEIGHT = 1.0  # a syllable of an accentless query found spelled exactly so
ALIAS_WEIGHT = 0.8  # another form of an abbreviation (``UBND`` for ``Ủy ban nhân dân``)

# -- what comes first ---------------------------------------------------------------
# Added to the score of every article that matches the query as the reader meant it
# (each word spelled as typed; for an accentless query, the likely accented reading of
# every word), so that such articles rank above the rest of a fallback's matches.
TIER = 10_000.0
FEW_RESULTS = 5  # an accented query that finds fewer also finds its accentless matches
READING_SHARE = 0.25  # a spelling this common (vs the commonest) is a likely reading
MAX_READINGS = 3
CANDIDATE_SHARE = 0.02  # a spelling this common is a candidate for the reading in context
CONTEXT_WEIGHT = 1.0  # how much two readings written side by side count (log of articles)
# Several accentless words: the combination of readings that the archive's headlines
# write together most ranks first (a second tier), chosen by a beam over each word's
# candidate spellings.  Chosen on the development sample (pairs typed without accents).
TOGETHER_MAX_WORDS = 5  # longer queries are read word by word
TOGETHER_CANDIDATES = 4  # spellings tried per word (commonest first, each ≥ CANDIDATE_SHARE)
TOGETHER_BEAM = 8  # partial combinations kept
TOGETHER_TEXT = 0.01  # log of the articles holding them, beside the log of the titles
TOGETHER_RARITY = 0.25  # × -log(share of articles holding a reading): telling words first
MIN_WORD_DF = 1  # a run of syllables can be one word if an article uses it so (the DP weighs it)
UNKNOWN_SYLLABLE = -12.0  # the segmenter's log-score of a syllable the index lacks
LONG_WORD_BONUS = 4.0  # the segmenter's reward per extra syllable of a known word
MISTYPED_WORD_SHARE = 0.1  # an accented run known only folded counts this share

# -- nearness --------------------------------------------------------------------------
PROXIMITY_WEIGHT = 1.5  # two query words side by side in the title
NEIGHBOUR_WEIGHT = 1.0  # two query words side by side in the text (a pair)
PROXIMITY_SLOP = 2
MAX_PROXIMITY_PAIRS = 12
TITLE_START_WEIGHT = 5.0  # × the title's weight: the title begins with the query's words
MAX_START_SYLLABLES = 12

# -- long queries (a remembered headline, a pasted paragraph) -------------------------
LONG_QUERY_WORDS = 6  # from this many words on, matching is soft
MIN_SHOULD_MATCH = 0.6  # share of the telling words an article must hold
MAX_LONG_WORDS = 40  # the most telling words of a longer text are the ones searched
MAX_PHRASE_WORDS = 8  # a longer "quotation" (a pasted paragraph's) is read as plain words
MAX_NEAR = 50  # "a b"~N: the largest N (syllables between the words)
COMMON_SHARE = 0.4  # a word in more than this share of articles is not telling
# A pasted text (more words than MAX_LONG_WORDS): the articles holding this share of its
# telling words' neighbour pairs side by side come first (a tier).  Chosen on pasted
# paragraphs (bench/pasted.py, seed 4): its article first for 40 of 50 without the tier,
# 44 with 0.5, 47 with 0.75, 48 with 0.9; scored once on seed 5, drawn after: 46 -> 50 of 50.
COPIED_SHARE = 0.9

# -- limits ---------------------------------------------------------------------------
MAX_UNITS = 512  # terms in one query (2,000 characters hold about 450 syllables)
MAX_EXPANSION = 50  # terms a prefix (a*) or a near spelling (a~) may expand to
MIN_PREFIX = 2  # characters before a *
RELATED_TERMS = 15  # words of an article that find its related articles
