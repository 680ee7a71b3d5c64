"""Every limit and size of serving, in one place (the ranking's knobs are in
``tuning.py``, the security headers in ``__init__.py``).

Each is read by one module, named beside it; change one here and rerun the tests, and
``bench/latency.py`` / ``bench/load.py`` for the ones that cost time or memory.
"""

# -- one search (engine.py, params.py) ------------------------------------------------
TIME_BUDGET = 0.8  # seconds of searching per query; past it, the best found so far
REFRESH_EVERY = 1.0  # seconds between checks for a new build or commit of the index
REWARM_TERMS = 1000  # after an update, the recent terms whose points the warm-up thread computes again (whoosh_backend.py)
MAX_QUERY_CHARS = 2000  # a pasted paragraph; longer queries get 400
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_RESULT_WINDOW = 10_000  # results past this many are not paged (as any engine caps paging)
MAX_SECTIONS = 20  # section= filters in one search
PERSON_FACET_DOCS = 200  # the person facet counts names over the best this-many results
PERSON_FACET_SIZE = 10
TOP_PERSONS_DAYS = 30  # the home page's "most named" covers the archive's last days

# -- what a search is turned into (export.py, feeds.py, highlight.py, timeline.py,
# completion.py) -----------------------------------------------------------------------
EXPORT_LIMIT = 10_000  # articles in one export (CSV or JSON Lines)
EXPORT_CHUNK = 500  # stored records read at a time while an export streams
FEED_ENTRIES = 50  # articles in an Atom feed, newest first
SNIPPET_CHARS = 240
SNIPPET_SCAN_CHARS = 20_000  # characters of an article looked at for the best window
SNIPPET_MAX_SPANS = 2_000  # matches looked at for the best window
MAX_MONTH_BARS = 36  # a timeline of a longer span is drawn a bar per year
MAX_COMPLETIONS = 8
MIN_TYPED = 2  # characters typed before completions are offered
MAX_PAIRED = 200  # completions of a word whose pairing with the word before is counted

# -- ranking a large archive (ranking.py) -----------------------------------------------
PRUNE_FROM = 4096  # more matches than this: drop those that cannot reach the top as the boosts are added
SPARSE_PART = 3  # a boost that can match at most 1/this of the candidates is weighed on those only
LOOKED_BYTES = 48 * 1024 * 1024  # a ranking keeps the terms it looked up, for its other parts, up to this

# -- memory and caching (arrays.py, caching.py) -----------------------------------------
POSTING_ARRAYS = True  # read the indexer's posting arrays (False: decode Whoosh's blocks, for comparison)
IMPACTS = True  # read the indexer's BM25F impacts (False: compute each term's points on first sight, for comparison)
# A term with fewer postings than this over the whole index has its points computed once
# per index view and kept, as before the impacts: looking them up again is faster than
# reading the impacts segment by segment (at 38k articles every term; at 10x the 38k
# corpus, those of a query of common syllables are read from the impacts).
IMPACTS_FROM = 1 << 16
# Per process, at most (--array-cache): BM25F points of short posting lists, long lists'
# joined documents, position blocks, columns.  Used by 100 different queries: ~190 MiB at
# 38k articles; at 380k (bench/scale.py's 10x copies) 1.24 GiB before the impacts, which a
# 1 GiB budget could not keep between two passes, and 824 MiB with them.
CACHE_BYTES = 2048 * 1024 * 1024
RESULT_CACHE_SIZE = 2048  # search results kept per process and index generation
MAX_AGE = 60  # seconds a proxy or browser may reuse an answer without asking again

# -- an OpenSearch cluster (opensearch_backend.py, opensearch_lexicon.py) ----------------
OPENSEARCH_TIMEOUT = 10.0  # seconds the app waits for the cluster before answering 503
OPENSEARCH_RETRIES = 1  # a search that failed as a node's failure explains is asked again this often
OPENSEARCH_RETRY_PAUSE = 0.3  # seconds between the two (the cluster notices the node has left)
OPENSEARCH_SCAN_BATCH = 500  # articles read at a time by the scan that makes the vocabulary
OPENSEARCH_COUNTS_PER_REQUEST = 1000  # document frequencies counted in one request
OPENSEARCH_COUNTS_KEPT = 200_000  # counts kept per index version (then forgotten at once)
FACET_VALUES = 10_000  # values a facet counts (every year, month and section of an archive)

# -- processes (__main__.py, serving.py, memory.py, whoosh_backend.py, vocabulary_cache.py, __init__.py)
DEFAULT_THREADS = 8  # threads per worker process
MALLOC_ARENAS = 1  # glibc memory pools shared by a process's threads (memory.limit_malloc_arenas says why)
# Memory each process touches once at start, in the background, and keeps (memory.py says
# why): this share of the live index's posting arrays, at most the array cache's budget.
# The cache holds points of 16 bytes a posting: at 10x, 100 new queries filled 1.24 GiB of
# it and 400 the whole 2 GiB; a quarter (1.4 GiB) left the last of 400 new queries on fresh
# memory (first pass p95 56 ms, against 38 with 2 GiB touched).  Measured before the
# impacts (IMPACTS_FROM), which keep less: the share was not measured again since.
PRETOUCH_SHARE = 1 / 3
PRETOUCH_AVAILABLE_SHARE = 0.25  # a process touches at most this share of the memory the system has available
PRETOUCH_CHUNK = 2 * 1024 * 1024  # bytes touched at a time (some 5 ms here): a request arriving waits for one at most
WORKER_TIMEOUT = 60  # seconds a worker may be silent before the master replaces it
GRACEFUL_TIMEOUT = 30  # seconds a worker may finish its requests when asked to stop
WAIT_FOR_INDEXER = 60.0  # seconds an update may take to write the vocabulary it committed
MAX_CONTENT_LENGTH = 16 * 1024  # only GET requests exist: any body is unexpected
