"""The indices behind an alias: their names, the template they are made from, the atomic
switch of the alias and the removal of old and orphaned ones.

An alias (``vnnews`` by default) is what searches name.  Each rebuild writes a new
concrete index ``<alias>-<UTC time to the millisecond>`` (``vnnews-20251206-152301-123``),
made from the index template named after the alias (pattern ``<alias>-*``), then moves
the alias to it in one ``_aliases`` request and deletes the indices the alias left.  A
concrete index of ours that no alias points to is what a killed rebuild left behind: an
orphan, deleted by the next rebuild.

What the indexer knows of a build (when, from which folders, its last summary) lives
in the index's mapping ``_meta``, as ``build.json`` does beside a Whoosh build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from opensearchpy import OpenSearch

from ..errors import BackendError, IndexCorrupt, IndexMissing, UsageError
from ..opensearch_documents import index_body
from ..schema import SCHEMA_VERSION
from .cluster import Cluster

DEFAULT_ALIAS = "vnnews"
_ALIAS = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")
_STAMP = r"\d{8}-\d{6}-\d{3}"
META = "vnnews"  # our key in the mapping's _meta
MAX_META_ITEMS = 20  # skipped files and warnings kept in _meta (it lives in the cluster state)


def check_alias(alias: str) -> str:
    """``alias`` when OpenSearch accepts it as an index name, else UsageError.

    >>> check_alias("vnnews-archive")
    'vnnews-archive'
    >>> check_alias("VnNews")
    Traceback (most recent call last):
    ...
    indexer.errors.UsageError: --opensearch-index 'VnNews' is not a valid name: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 200 characters
    """
    if not _ALIAS.fullmatch(alias or ""):
        raise UsageError(f"--opensearch-index {alias!r} is not a valid name: lower-case letters, digits, "
                         "'-', '_' and '.', starting with a letter or digit, at most 200 characters")
    return alias


def concrete_name(alias: str, now: dt.datetime) -> str:
    """The name of the index a rebuild at ``now`` writes.

    >>> concrete_name("vnnews", dt.datetime(2025, 12, 6, 15, 23, 1, 123456, tzinfo=dt.timezone.utc))
    'vnnews-20251206-152301-123'
    """
    now = now.astimezone(dt.timezone.utc)
    return f"{alias}-{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"


def is_concrete_of(alias: str, name: str) -> bool:
    """Is ``name`` an index a rebuild of ``alias`` wrote (not one of a longer alias)?

    >>> is_concrete_of("vnnews", "vnnews-20251206-152301-123"), is_concrete_of("vnnews", "vnnews-x-20251206-152301-123")
    (True, False)
    """
    return re.fullmatch(re.escape(alias) + "-" + _STAMP, name) is not None


def mappings_digest() -> str:
    """A digest of the mappings this program writes: an index made with others is
    refused by ``update`` (rebuild it)."""
    text = json.dumps(index_body()["mappings"], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def put_template(cluster: Cluster, alias: str, shards: int, replicas: int) -> None:
    """The index template of ``alias``: ``index_body(shards, replicas)`` for every
    ``<alias>-*`` index.  Its priority is the alias's length, so that the templates of
    ``vnnews`` and ``vnnews-archive`` (whose patterns overlap) never tie: the longer,
    more precise one wins."""
    body = {"index_patterns": [f"{alias}-*"], "priority": len(alias), "template": index_body(shards, replicas),
            "_meta": {"description": "vnnews-search: made by python -m indexer rebuild --backend opensearch"}}
    with cluster.asking(f"store the index template {alias}"):
        cluster.client.indices.put_index_template(name=alias, body=body)


def alias_holders(cluster: Cluster, alias: str) -> list[str]:
    """The indices ``alias`` points to (one after a rebuild), [] when it does not exist.
    An index named like the alias is refused (the alias could not be made)."""
    client: OpenSearch = cluster.client
    with cluster.asking(f"read the alias {alias}"):
        if client.indices.exists_alias(name=alias):
            return sorted(client.indices.get_alias(name=alias))
        if client.indices.exists(index=alias):
            raise BackendError(f"OpenSearch at {cluster.url} has an index named {alias}, where the alias should be: "
                               "delete it, or choose another --opensearch-index")
    return []


def live_index(cluster: Cluster, alias: str) -> str:
    """The one index behind ``alias``; IndexMissing when there is none."""
    holders = alias_holders(cluster, alias)
    if not holders:
        raise IndexMissing(f"no index behind the alias {alias} on OpenSearch at {cluster.url}: run "
                           f"`python -m indexer rebuild --backend opensearch --opensearch-index {alias}`")
    if len(holders) > 1:
        raise IndexCorrupt(f"the alias {alias} points to {len(holders)} indices ({', '.join(holders)}); "
                           "run a rebuild to point it to one")
    return holders[0]


def create_for_loading(cluster: Cluster, alias: str, meta: dict) -> str:
    """A new, empty index for ``alias`` from its template, set for a bulk load: no
    replicas and no refresh until :func:`finish_loading`."""
    name = concrete_name(alias, dt.datetime.now(dt.timezone.utc))
    body = {"settings": {"index": {"number_of_replicas": 0, "refresh_interval": "-1"}},
            "mappings": {"_meta": {META: meta}}}
    with cluster.asking(f"create the index {name}"):
        cluster.client.indices.create(index=name, body=body)
    try:
        cluster.require_not_red(name, wait_for="green")
    except BaseException:
        delete(cluster, [name])
        raise
    return name


def finish_loading(cluster: Cluster, index: str, replicas: int) -> None:
    """Give a loaded index its replicas and its refresh back, and make every document
    searchable; waits for its primaries (yellow)."""
    with cluster.asking(f"restore the replicas and refresh of {index}"):
        cluster.client.indices.put_settings(
            index=index, body={"index": {"number_of_replicas": replicas, "refresh_interval": None}})
        cluster.client.indices.refresh(index=index)
    cluster.require_not_red(index, wait_for="yellow")


def count(cluster: Cluster, index: str) -> int:
    with cluster.asking(f"count the documents of {index}"):
        return cluster.client.count(index=index)["count"]


def switch_alias(cluster: Cluster, alias: str, index: str) -> list[str]:
    """Point ``alias`` to ``index`` alone, in one atomic ``_aliases`` request: a search
    sees the old index or the new one, never none or both.  Returns the indices of ours
    the alias left (to delete)."""
    old = [name for name in alias_holders(cluster, alias) if name != index]
    actions = [{"remove": {"index": "*", "alias": alias}},
               {"add": {"index": index, "alias": alias, "is_write_index": True}}]
    with cluster.asking(f"point the alias {alias} to {index}"):
        cluster.client.indices.update_aliases(body={"actions": actions})
    return [name for name in old if is_concrete_of(alias, name)]


def orphans(cluster: Cluster, alias: str) -> list[str]:
    """Indices a rebuild of ``alias`` wrote that no alias points to (killed rebuilds)."""
    with cluster.asking(f"list the indices {alias}-*"):
        found = cluster.client.indices.get_alias(index=f"{alias}-*", params={"expand_wildcards": "all"})
    return sorted(name for name, info in found.items() if is_concrete_of(alias, name) and not info.get("aliases"))


def delete(cluster: Cluster, names: list[str]) -> None:
    for name in names:
        with cluster.asking(f"delete the index {name}"):
            cluster.client.indices.delete(index=name, params={"ignore_unavailable": "true"})


def read_meta(cluster: Cluster, index: str) -> dict:
    """What the indexer wrote of ``index`` (built_at, updated_at, sources, last...)."""
    with cluster.asking(f"read the mapping of {index}"):
        mapping = cluster.client.indices.get_mapping(index=index)
    return ((mapping.get(index, {}).get("mappings") or {}).get("_meta") or {}).get(META) or {}


def write_meta(cluster: Cluster, index: str, meta: dict) -> None:
    with cluster.asking(f"write the mapping _meta of {index}"):
        cluster.client.indices.put_mapping(index=index, body={"_meta": {META: meta}})


def check_schema(cluster: Cluster, index: str, meta: dict) -> None:
    """IndexCorrupt when ``index`` was made by a version of this program with another
    schema or other mappings: it must be rebuilt, not updated."""
    version, digest = meta.get("schema_version"), meta.get("mappings")
    if version != SCHEMA_VERSION or digest != mappings_digest():
        raise IndexCorrupt(
            f"index {index} on OpenSearch at {cluster.url} has schema version {version} "
            f"(mappings {digest}), this program needs {SCHEMA_VERSION} (mappings {mappings_digest()}): "
            "run `python -m indexer rebuild --backend opensearch`")


def meta_of_run(report: dict) -> dict:
    """A run's summary as kept in ``_meta``: every count, the first skipped files and
    warnings (the cluster state is no place for thousands), and their totals."""
    kept = dict(report)
    for key in ("skipped", "warnings"):
        kept[f"{key}_total"] = len(report[key])
        kept[key] = report[key][:MAX_META_ITEMS]
    return kept
