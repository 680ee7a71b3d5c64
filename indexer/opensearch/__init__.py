"""The OpenSearch backend of the indexer, beside the embedded Whoosh one.

The same seam as a Whoosh build: source folders -> articles -> analysed documents
(``indexer.documents.fields``, then ``indexer.opensearch_documents.source_of``, in the
indexer's worker processes) -> a writer, here the cluster's bulk API.

- ``build``: ``rebuild`` (a new concrete index, then an atomic alias switch) and ``update``
  (by content hash), returning ``indexer.build.Report`` as the Whoosh indexer does;
- ``stats``: ``index_stats``, the Whoosh ``stats`` output read from the cluster;
- ``indices``: the alias, its concrete indices and their template; ``lock``: one indexer
  per alias; ``writing``: documents through the bulk API; ``cluster``: the client and
  its errors as ``BackendUnavailable`` / ``BackendError``.
"""

from .build import rebuild, update
from .stats import index_stats

__all__ = ["index_stats", "rebuild", "update"]
