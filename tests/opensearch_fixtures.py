"""The OpenSearch node of the tests that need one (``@pytest.mark.opensearch``).

``opensearch_url`` (session): the URL of a node on 127.0.0.1:9200.  A node already
answering there (a developer's, started with ``bash scripts/opensearch.sh start``) is
used as it is and left running; otherwise ``scripts/opensearch.sh start`` starts one
(building its launcher with Maven the first time) and stops it when the session ends.
Without ``java`` on PATH the tests that need it are skipped.

``opensearch_alias``: an alias of the test's own (``test-w-<test name>-<random>``), with
everything made under it (its ``<alias>-*`` indices, template and indexer lock) deleted
after the test; :func:`drop_alias` does the same for a module's fixtures.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "opensearch.sh"
PORT = 9200
START_SECONDS = 900  # the first start builds the launcher (Maven downloads ~85 MB)


def _answers(url: str) -> bool:
    """Does an OpenSearch node answer at ``url``?"""
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return "version" in json.load(response)
    except (OSError, ValueError):
        return False


def skip_without_java() -> None:
    """Skip the test when no local node can be started here: no ``java``, or no ``mvn``
    and no launcher built yet (``bash scripts/test.sh`` installs both when it can)."""
    if shutil.which("java") is None:
        pytest.skip("java is not on PATH: the OpenSearch tests need a local node (scripts/opensearch.sh)")
    if shutil.which("mvn") is None and not (ROOT / ".opensearch" / "build" / "opensearch-launcher.jar").exists():
        pytest.skip("maven is not on PATH: scripts/opensearch.sh builds its launcher with it")


@pytest.fixture(scope="session")
def opensearch_url():
    skip_without_java()
    url = f"http://127.0.0.1:{PORT}"
    if _answers(url):
        yield url  # someone else's node: used, and left running
        return
    started = subprocess.run(["bash", str(SCRIPT), "start", "--port", str(PORT)], cwd=ROOT,
                             capture_output=True, text=True, timeout=START_SECONDS)
    if started.returncode != 0:
        pytest.fail(f"bash scripts/opensearch.sh start failed:\n{started.stderr[-3000:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], cwd=ROOT, capture_output=True, timeout=120)


def client(url: str):
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=[url], timeout=60)


def drop_alias(url: str, alias: str) -> None:
    """Delete every index ``<alias>-*``, the alias's template and its indexer lock."""
    from indexer.opensearch.lock import LOCK_INDEX

    c = client(url)
    c.indices.delete(index=f"{alias}-*", params={"expand_wildcards": "all", "ignore_unavailable": "true"})
    c.indices.delete_index_template(name=alias, ignore=404)
    c.delete(index=LOCK_INDEX, id=alias, ignore=404)


@pytest.fixture
def opensearch_alias(opensearch_url, request):
    """An alias no other test uses; what was made under it is deleted afterwards."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower().removeprefix("test_")).strip("-")[:40]
    alias = f"test-w-{name}-{secrets.token_hex(3)}"
    yield alias
    drop_alias(opensearch_url, alias)
