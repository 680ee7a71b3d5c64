"""Named errors of the search app; the web layer turns them into HTTP statuses."""


class SearchError(Exception):
    """Bad user input (a query, a date, a page number): HTTP 400 with this message."""

    status = 400


class IndexUnavailable(Exception):
    """No index yet, or an index that cannot be read: HTTP 503 with this message."""

    status = 503
