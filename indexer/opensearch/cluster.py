"""Talking to an OpenSearch cluster: the client, the cluster's errors as the indexer's
named errors (``BackendUnavailable``, ``BackendError``) with one-line messages, health.

A URL may carry credentials (``https://user:password@host:9200``); they are never
shown: messages name the cluster by :func:`display_url`.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import opensearchpy
from opensearchpy import OpenSearch

from ..errors import BackendError, BackendUnavailable, UsageError

REQUEST_SECONDS = 60  # one request (a bulk chunk included), before it counts as failed
HEALTH_WAIT = "60s"  # how long a new index may take to have its primary shards


def display_url(url: str) -> str:
    """``url`` without credentials, to name the cluster in messages.

    >>> display_url("https://admin:s3cret@search.example.vn:9200/")
    'https://search.example.vn:9200'
    >>> display_url("http://127.0.0.1:9200")
    'http://127.0.0.1:9200'
    """
    if "," in url:
        return ",".join(display_url(u.strip()) for u in url.split(",") if u.strip())
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


@dataclass(frozen=True)
class Cluster:
    """A client of one cluster, with the URL that names it in messages."""

    client: OpenSearch
    url: str  # without credentials

    def asking(self, what: str):
        """A context in which a failed request says it could not ``what``."""
        return translated(self.url, what)

    def health(self, index: str | None = None, wait_for: str | None = None) -> str:
        """The health (green, yellow, red) of ``index`` (of the whole cluster when
        None), after waiting up to HEALTH_WAIT for ``wait_for`` when given."""
        params = {"request_timeout": REQUEST_SECONDS + 30}
        if wait_for:
            params.update(wait_for_status=wait_for, timeout=HEALTH_WAIT)
        with self.asking(f"tell the health of {index or 'the cluster'}"):
            return self.client.cluster.health(index=index, params=params)["status"]

    def require_not_red(self, index: str, wait_for: str | None = None) -> str:
        """``index``'s health; BackendUnavailable when it is red (a primary shard is not
        allocated: some of its documents cannot be read or written)."""
        status = self.health(index, wait_for)
        if status == "red":
            raise BackendUnavailable(
                f"index {index} on OpenSearch at {self.url} is red (a primary shard is not allocated); "
                "see GET _cluster/allocation/explain")
        return status


def node_urls(url: str) -> list[str]:
    """The nodes a URL names: one, or several separated by commas, so that the client
    turns to another node when one stops answering.

    >>> node_urls("http://10.0.0.1:9200, http://10.0.0.2:9200")
    ['http://10.0.0.1:9200', 'http://10.0.0.2:9200']
    """
    urls = [u.strip() for u in (url or "").split(",") if u.strip()]
    for u in urls or [""]:
        parts = urlsplit(u)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError("--opensearch-url must be an http:// or https:// URL, such as http://127.0.0.1:9200 "
                             "(several nodes separated by commas)")
    return urls


def connect(url: str) -> Cluster:
    """The cluster at ``url`` (one node's URL or several, comma-separated), checked to
    answer (BackendUnavailable when it does not)."""
    urls = node_urls(url)
    cluster = Cluster(OpenSearch(hosts=urls, timeout=REQUEST_SECONDS, max_retries=2, retry_on_timeout=True),
                      ",".join(display_url(u) for u in urls))
    with cluster.asking("answer"):
        cluster.client.info()
    return cluster


@contextmanager
def translated(url: str, what: str):
    """Run a request to the cluster at ``url``; its failure becomes BackendUnavailable
    (unreachable, timed out, credentials refused, cluster unavailable or overloaded) or
    BackendError (anything else it refuses), saying it could not ``what``."""
    where = display_url(url)
    try:
        yield
    except opensearchpy.ConnectionTimeout:
        raise BackendUnavailable(f"OpenSearch at {where} did not answer in time (to {what})") from None
    except opensearchpy.ConnectionError as exc:
        raise BackendUnavailable(f"OpenSearch at {where} cannot be reached ({_connection_reason(exc)})") from None
    except opensearchpy.AuthenticationException:
        raise BackendUnavailable(
            f"OpenSearch at {where} refused the credentials (401): give them in the URL, "
            "https://user:password@host:9200") from None
    except opensearchpy.AuthorizationException as exc:
        raise BackendUnavailable(
            f"OpenSearch at {where} does not allow this user to {what} (403: {error_reason(exc)})") from None
    except opensearchpy.TransportError as exc:
        status = exc.status_code if isinstance(exc.status_code, int) else 0
        kind = BackendUnavailable if status in (429, 502, 503, 504) else BackendError
        raise kind(f"OpenSearch at {where} could not {what} ({status}: {error_reason(exc)})") from None


def error_reason(exc: opensearchpy.TransportError) -> str:
    """The cluster's own reason for an error, on one line.

    >>> error_reason(opensearchpy.TransportError(400, "mapper_parsing_exception",
    ...     {"error": {"type": "mapper_parsing_exception", "reason": "failed to parse\\nfield [x]"}}))
    'mapper_parsing_exception: failed to parse field [x]'
    """
    info = exc.info if isinstance(exc.info, dict) else {}
    error = info.get("error")
    if isinstance(error, dict):
        return one_line(f"{error.get('type', exc.error)}: {error.get('reason', '')}")
    return one_line(str(error or exc.error or exc))


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _connection_reason(exc: opensearchpy.ConnectionError) -> str:
    """``Connection refused``, ``Name or service not known``… out of urllib3's story."""
    text = str(exc.info or exc.error or exc)
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if found:
        return found.group(1).strip()
    return one_line(text, 160)
