"""Named errors of the indexer.  The command line turns them into exit codes."""


class IndexerError(Exception):
    """Base class: something the user can act on, with a one-line message."""


class UsageError(IndexerError):
    """Bad arguments (exit code 2)."""


class NotAnArticle(IndexerError):
    """A file that cannot be read as an article (binary, empty, no title...)."""


class InvalidDate(IndexerError):
    """A date that does not exist or lies outside the years the archive accepts."""


class DataFileError(IndexerError):
    """A data file shipped with the package (a word list, counts, clusters) has a line that
    cannot be read: made by hand or cut short.  Names the file and the line."""


class IndexMissing(IndexerError):
    """No index has been built in the index directory yet."""


class IndexCorrupt(IndexerError):
    """The index exists but cannot be opened or read."""


class IndexBusy(IndexerError):
    """Another indexer holds the index lock and did not let go in time."""


class BackendError(IndexerError):
    """The search backend (an OpenSearch cluster) refused or failed what was asked:
    rejected documents, a mapping conflict, a name already taken..."""


class BackendUnavailable(BackendError):
    """The search backend cannot be worked with: unreachable, unhealthy (red), or it
    refuses our credentials."""
