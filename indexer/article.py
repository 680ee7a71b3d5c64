"""The article record that flows from the parsers to the index."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass
class Article:
    id: str
    title: str
    body: str
    lead: str = ""
    date: dt.date | None = None
    url: str = ""
    source: str = ""
    section: str = ""  # chuyên mục, readable ("Thể thao"); "" when the source gives none
    persons: list[str] = field(default_factory=list)
    # Why a date was seen but not used ("31/02/2019 is not a real date"), for the log.
    date_problem: str = ""

    @property
    def content_hash(self) -> str:
        """Hash of everything indexed: unchanged hash means nothing to re-index."""
        h = hashlib.sha256()
        for part in (self.title, self.lead, self.body, self.url,
                     self.date.isoformat() if self.date else "", self.section):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()

    @property
    def text_hash(self) -> str:
        """Hash of the words alone, to notice the same article filed twice."""
        h = hashlib.sha256()
        for part in (self.title, self.lead, self.body):
            h.update(" ".join(part.split()).encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()
