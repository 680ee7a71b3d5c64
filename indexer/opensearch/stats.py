"""``stats`` of the index behind an alias: the Whoosh ``stats`` output (documents, date
range, undated, top persons, sections, size, last build and update), read from the
cluster with one search of aggregations, plus the cluster's and the index's health and
the concrete index behind the alias.

Persons and sections are counted by ``terms`` aggregations: exact on one shard; on
several, each shard sends its SHARD_TERMS most frequent, which is exact unless an
archive names more persons than that.
"""

from __future__ import annotations

from ..stats import summary
from . import indices
from .cluster import REQUEST_SECONDS, connect
from .indices import DEFAULT_ALIAS

SHARD_TERMS = 10_000
MAX_SECTIONS = 10_000


def index_stats(url: str, alias: str = DEFAULT_ALIAS, top: int = 10) -> dict:
    indices.check_alias(alias)
    cluster = connect(url)
    index = indices.live_index(cluster, alias)
    index_health = cluster.require_not_red(index)
    meta = indices.read_meta(cluster, index)
    by_count = [{"_count": "desc"}, {"_key": "asc"}]
    body = {
        "size": 0,
        "track_total_hits": True,
        "aggs": {
            "dated": {"filter": {"exists": {"field": "date"}}},
            "first": {"min": {"field": "date", "format": "yyyy-MM-dd"}},
            "last": {"max": {"field": "date", "format": "yyyy-MM-dd"}},
            "persons": {"terms": {"field": "persons", "size": top, "shard_size": SHARD_TERMS, "order": by_count}},
            "sections": {"terms": {"field": "section", "size": MAX_SECTIONS, "order": by_count}},
        },
    }
    with cluster.asking(f"read the statistics of {index}"):
        found = cluster.client.search(index=index, body=body, params={"request_timeout": REQUEST_SECONDS})
        sizes = cluster.client.indices.stats(index=index, metric="store")
    aggs = found["aggregations"]
    dated = aggs["dated"]["doc_count"]
    stats = summary(
        index, found["hits"]["total"]["value"],
        aggs["first"].get("value_as_string") if dated else None,
        aggs["last"].get("value_as_string") if dated else None,
        dated,
        [[b["key"], b["doc_count"]] for b in aggs["persons"]["buckets"]],
        [(b["key"], b["doc_count"]) for b in aggs["sections"]["buckets"]],
        sizes["indices"][index]["primaries"]["store"]["size_in_bytes"],
        meta,
    )
    stats.update(backend="opensearch", url=cluster.url, alias=alias,
                 health={"cluster": cluster.health(), "index": index_health})
    return stats
