"""The OpenAPI 3 description of the JSON API, served at ``/api/openapi.json``."""

from __future__ import annotations

import copy

_DATE_HELP = "YYYY-MM-DD or DD/MM/YYYY"


def _query(name: str, description: str, schema: dict, example=None) -> dict:
    param = {"name": name, "in": "query", "required": False,
             "description": description, "schema": schema}
    if example is not None:
        param["example"] = example
    return param


_ERROR = {"$ref": "#/components/responses/Error"}

# What chooses and orders the results: the search, its feed and its exports.
_SHARED_PARAMETERS = [
    _query("section", "Only articles of these sections (chuyên mục; repeat for several: "
           "section=Thể thao&section=Xã hội); any spelling or slug (the-thao).",
           {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 20}, ["Thể thao"]),
    _query("scope", "Where the words must stand: all (the whole article), lead (the title or "
           "the lead), title (the title only).", {"type": "string", "enum": ["all", "lead", "title"],
                                                  "default": "all"}),
    _query("sort", "Order of the results; default relevance with a query, newest without.",
           {"type": "string", "enum": ["relevance", "newest", "oldest"]}),
]


def _export_path(media_type: str, what: str) -> dict:
    return {"get": {
        "operationId": "export_" + media_type.rsplit("/", 1)[-1].replace("x-", ""),
        "summary": f"Export a search ({what})",
        "description": "The search's parameters (as /api/search, without paging); up to 10,000 "
                       "articles in the search's order, streamed: id, title, date, section, persons, "
                       "url. Headers: X-Total-Count (found), X-Exported-Count, X-Export-Capped "
                       "(true when the export stopped at the limit).",
        "parameters": [
            _query("q", "Words to look for.", {"type": "string", "maxLength": 2000}),
            _query("date", f"One day ({_DATE_HELP}).", {"type": "string"}),
            _query("from", f"First day ({_DATE_HELP}).", {"type": "string"}),
            _query("to", f"Last day ({_DATE_HELP}).", {"type": "string"}),
            _query("month", "One month, YYYY-MM.", {"type": "string"}),
            _query("year", "One year, YYYY.", {"type": "string"}),
            _query("person", "Only articles naming this person.", {"type": "string", "maxLength": 200}),
            *_SHARED_PARAMETERS,
        ],
        "responses": {"200": {"description": what, "content": {media_type: {"schema": {"type": "string"}}}},
                      "400": _ERROR, "503": _ERROR},
    }}

_DOCUMENT = {
    "openapi": "3.0.3",
    "info": {
        "title": "Tìm kiếm tin tức (Vietnamese news search)",
        "version": "1.0.0",
        "description": (
            "Full-text search over a Vietnamese news archive, with filters by date and "
            "person, facets and 'did you mean' suggestions. Accented and unaccented "
            "queries both match. Every error is JSON: {\"error\": \"message\"}."
        ),
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/search": {
            "get": {
                "operationId": "search",
                "summary": "Search articles",
                "parameters": [
                    _query("q", "Words to look for (at most 2,000 characters: a pasted paragraph is fine); "
                           "quotes for a phrase.", {"type": "string", "maxLength": 2000},
                           "Nguyễn Hữu Đông"),
                    _query("date", f"One day ({_DATE_HELP}).", {"type": "string"}, "2019-11-16"),
                    _query("from", f"First day of a range ({_DATE_HELP}), inclusive.",
                           {"type": "string"}, "2019-11-01"),
                    _query("to", f"Last day of a range ({_DATE_HELP}), inclusive; "
                           "not before `from`.", {"type": "string"}, "2019-11-30"),
                    _query("month", "One month, YYYY-MM.",
                           {"type": "string", "pattern": r"^\d{4}-\d{1,2}$"}, "2019-11"),
                    _query("year", "One year, YYYY.",
                           {"type": "string", "pattern": r"^\d{4}$"}, "2019"),
                    _query("person", "Only articles naming this person (accents optional).",
                           {"type": "string", "maxLength": 200}, "Nguyễn Hữu Đông"),
                    *_SHARED_PARAMETERS,
                    _query("page", "Page number, from 1.",
                           {"type": "integer", "minimum": 1, "default": 1}),
                    _query("per_page", "Results per page.",
                           {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}),
                ],
                "responses": {
                    "200": {
                        "description": "One page of results with facets.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/SearchResult"}}},
                    },
                    "400": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/api/articles/{id}": {
            "get": {
                "operationId": "getArticle",
                "summary": "One article, full text",
                "parameters": [{
                    "name": "id", "in": "path", "required": True,
                    "description": "The article id as given in search results, e.g. "
                                   "`seeds/000_bddf68c9230f3abc.txt` or `export.jsonl#42` "
                                   "(slashes kept, `#` written %23).",
                    "schema": {"type": "string"},
                }],
                "responses": {
                    "200": {
                        "description": "The article.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Article"}}},
                    },
                    "404": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/api/suggest": {
            "get": {
                "operationId": "suggest",
                "summary": "Completions of a query being typed",
                "parameters": [
                    _query("q", "What the reader has typed so far.", {"type": "string", "maxLength": 2000},
                           "nguyen huu"),
                    _query("format", "`opensearch`: answer [query, [completions]], as a browser's "
                           "search box reads it.", {"type": "string", "enum": ["opensearch"]}),
                ],
                "responses": {
                    "200": {"description": "Words of the titles, persons and abbreviations that "
                                           "complete the query, most frequent first (at most 8).",
                            "content": {"application/json": {"schema": {
                                "type": "object", "required": ["query", "completions"],
                                "properties": {"query": {"type": "string"},
                                               "completions": {"type": "array",
                                                               "items": {"type": "string"}}}}}}},
                    "400": _ERROR,
                    "503": _ERROR,
                },
            }
        },
        "/api/export.csv": _export_path("text/csv", "CSV with a header row (UTF-8 with a byte-order mark)"),
        "/api/export.jsonl": _export_path("application/x-ndjson", "JSON Lines: one object per article"),
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3 document.",
                                      "content": {"application/json": {
                                          "schema": {"type": "object"}}}}},
            }
        },
    },
    "components": {
        "responses": {
            "Error": {
                "description": "Bad input (400), unknown article (404) or no index (503).",
                "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Error"}}},
            }
        },
        "schemas": {
            "Error": {
                "type": "object", "required": ["error"],
                "properties": {"error": {"type": "string"}},
            },
            "Hit": {
                "type": "object",
                "required": ["id", "title", "date", "section", "persons", "snippet", "score", "url"],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "date": {"type": "string", "format": "date", "nullable": True},
                    "section": {"type": "string", "nullable": True,
                                "description": "The section (chuyên mục), when the source gives one."},
                    "persons": {"type": "array", "items": {"type": "string"}},
                    "snippet": {"type": "string",
                                "description": "HTML-escaped text; matches in <mark>."},
                    "score": {"type": "number"},
                    "url": {"type": "string", "nullable": True,
                            "description": "The source's URL; null when unknown."},
                },
            },
            "Facets": {
                "type": "object",
                "properties": {
                    "years": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "months": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "sections": {"type": "object", "additionalProperties": {"type": "integer"},
                                 "description": "Section name → articles, most first."},
                    "persons": {"type": "array", "items": {
                        "type": "array", "minItems": 2, "maxItems": 2,
                        "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}},
                },
            },
            "SearchResult": {
                "type": "object",
                "required": ["query", "total", "page", "per_page", "results", "facets",
                             "suggestion"],
                "properties": {
                    "query": {"type": "string"},
                    "total": {"type": "integer"},
                    "page": {"type": "integer"},
                    "per_page": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "facets": {"$ref": "#/components/schemas/Facets"},
                    "suggestion": {"type": "string", "nullable": True},
                    "partial": {"type": "boolean",
                                "description": "No article has every word: the closest ones."},
                    "minus_ignored": {
                        "type": "array", "items": {"type": "string"},
                        "description": "Words written with a minus (-word) that excluded every "
                                       "article, so the minus was read as a hyphen.",
                    },
                    "rewritten": {
                        "type": "string", "nullable": True,
                        "description": "The query as searched when it was read as Telex or VNI "
                                       "typed with the input method off (hooij nghij → hội nghị).",
                    },
                },
            },
            "Article": {
                "type": "object",
                "required": ["id", "title", "date", "persons", "lead", "body", "url", "section"],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "date": {"type": "string", "format": "date", "nullable": True},
                    "persons": {"type": "array", "items": {"type": "string"}},
                    "lead": {"type": "string"},
                    "body": {"type": "string", "description": "Paragraphs separated by \\n."},
                    "url": {"type": "string"},
                    "section": {"type": "string", "nullable": True},
                },
            },
        },
    },
}


def openapi_document() -> dict:
    """A fresh copy of the document (callers may change it)."""
    return copy.deepcopy(_DOCUMENT)
