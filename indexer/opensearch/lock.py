"""One indexer at a time per alias, across machines: a lease kept in the cluster.

The lease is a document (id: the alias) of the hidden index ``vnnews_indexer_locks``,
created only if absent (``op_type=create``), renewed by its holder as it works and
deleted at the end; every write is conditional on the version the holder last wrote, so
two indexers can never both believe they hold it.  A holder killed with ``kill -9``
cannot delete it: its lease is taken over at once from the same machine (its pid is
gone), from another when it has not been renewed for LEASE_SECONDS.

A second indexer waits up to ``wait`` seconds, then IndexBusy names the holder (as the
Whoosh indexer's file lock does).  An indexer that could not renew in time and finds its
lease taken stops with IndexBusy before it touches the alias.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import time
from contextlib import contextmanager

import opensearchpy

from ..errors import IndexBusy
from .cluster import Cluster

LOCK_INDEX = "vnnews_indexer_locks"
LEASE_SECONDS = 300
RENEW_SECONDS = 30
POLL_SECONDS = 0.5


class AliasLock:
    """The lease on one alias; see the module's text."""

    def __init__(self, cluster: Cluster, alias: str, command: str):
        self.cluster = cluster
        self.alias = alias
        self.command = command
        self.token = secrets.token_hex(8)
        self.version: dict | None = None  # if_seq_no / if_primary_term of our last write
        self.renewed = 0.0
        self.started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

    def _doc(self) -> dict:
        return {"owner": self.token, "host": socket.gethostname(), "pid": os.getpid(), "command": self.command,
                "started": self.started, "expires": time.time() + LEASE_SECONDS}

    def _write(self, **condition) -> None:
        result = self.cluster.client.index(index=LOCK_INDEX, id=self.alias, body=self._doc(), params=condition)
        self.version = {"if_seq_no": result["_seq_no"], "if_primary_term": result["_primary_term"]}
        self.renewed = time.monotonic()

    def acquire(self, wait: float) -> None:
        _make_lock_index(self.cluster)
        deadline = time.monotonic() + max(0.0, wait)
        with self.cluster.asking(f"take the indexer lock of {self.alias}"):
            while True:
                try:
                    self._write(op_type="create")
                    return
                except opensearchpy.ConflictError:
                    pass
                try:
                    held = self.cluster.client.get(index=LOCK_INDEX, id=self.alias)
                except opensearchpy.NotFoundError:
                    continue  # released meanwhile
                if _abandoned(held["_source"]):
                    try:
                        self._write(if_seq_no=held["_seq_no"], if_primary_term=held["_primary_term"])
                        return
                    except opensearchpy.ConflictError:
                        continue  # another indexer took it over first
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"another indexer{_holder(held['_source'])} is working on the alias "
                                    f"{self.alias}; gave up after {wait:g} s")
                time.sleep(POLL_SECONDS)

    def keep(self, now: bool = False) -> None:
        """Renew the lease when RENEW_SECONDS have passed since the last time (at once
        with ``now``); IndexBusy when another indexer has taken it over."""
        if not now and time.monotonic() - self.renewed < RENEW_SECONDS:
            return
        with self.cluster.asking(f"renew the indexer lock of {self.alias}"):
            try:
                self._write(**self.version)
            except (opensearchpy.ConflictError, opensearchpy.NotFoundError):
                raise IndexBusy(f"another indexer took over the alias {self.alias} while this one was stalled "
                                f"for over {LEASE_SECONDS} s; the alias is left as that indexer makes it") from None

    def release(self) -> None:
        try:
            self.cluster.client.delete(index=LOCK_INDEX, id=self.alias, params=self.version)
        except (opensearchpy.ConflictError, opensearchpy.NotFoundError):
            pass  # taken over: not ours to delete


@contextmanager
def alias_lock(cluster: Cluster, alias: str, command: str, wait: float):
    """Hold the indexer lease of ``alias`` (yields the AliasLock, whose ``keep`` the
    work calls as it goes); IndexBusy after ``wait`` seconds."""
    lock = AliasLock(cluster, alias, command)
    lock.acquire(wait)
    try:
        yield lock
    finally:
        try:
            lock.release()
        except opensearchpy.OpenSearchException:
            pass  # the lease expires; the error that brought us here matters more


def _make_lock_index(cluster: Cluster) -> None:
    with cluster.asking(f"create the index {LOCK_INDEX}"):
        if cluster.client.indices.exists(index=LOCK_INDEX):
            return
        body = {"settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "hidden": True}},
                "mappings": {"dynamic": False, "properties": {}}}
        try:
            cluster.client.indices.create(index=LOCK_INDEX, body=body)
        except opensearchpy.RequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise


def _abandoned(held: dict) -> bool:
    """A lease not renewed in time, or held by a process of this machine that is gone."""
    if held.get("expires", 0) < time.time():
        return True
    return held.get("host") == socket.gethostname() and not _alive(held.get("pid"))


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, TypeError, ValueError, OverflowError):
        return True
    return True


def _holder(held: dict) -> str:
    """`` (pid 42 on host-1, rebuild since 2025-12-06T15:23:01+00:00)``"""
    return f" (pid {held.get('pid')} on {held.get('host')}, {held.get('command')} since {held.get('started')})"
