"""A timeline of search hits: how many articles each month (or year) holds, as bars
the server draws (SVG in the page, no script).

>>> t = timeline({"2019-11": 3, "2019-09": 1})
>>> [(b.label, b.count, b.param, b.value) for b in t.bars]
[('09/2019', 1, 'month', '2019-09'), ('10/2019', 0, 'month', '2019-10'), ('11/2019', 3, 'month', '2019-11')]
>>> timeline({}) is None
True
>>> [b.label for b in timeline({"2001-05": 2, "2020-01": 1}).bars][:2]
['2001', '2002']
"""

from __future__ import annotations

from dataclasses import dataclass

from .settings import MAX_MONTH_BARS

HEIGHT = 80  # the drawing's height, in SVG units
BAR_WIDTH = 12
GAP = 2


@dataclass
class Bar:
    label: str  # what the bar is: "11/2019" or "2019"
    count: int
    param: str  # the search parameter that narrows to it: "month" or "year"
    value: str  # its value: "2019-11" or "2019"
    x: int = 0
    height: int = 0


@dataclass
class Timeline:
    bars: list[Bar]
    per: str  # "month" or "year"
    width: int
    height: int = HEIGHT

    @property
    def most(self) -> int:
        return max(b.count for b in self.bars)


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while (year, month) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline(months: dict[str, int]) -> Timeline | None:
    """The bars for ``months`` (``"YYYY-MM"`` → articles), every month between the first
    and the last drawn (empty ones too), or every year when that is more than
    ``MAX_MONTH_BARS`` months; None when no article is dated."""
    months = {m: n for m, n in months.items() if n and len(m) == 7}
    if not months:
        return None
    span = _months(min(months), max(months))
    if len(span) <= MAX_MONTH_BARS:
        bars = [Bar(f"{m[5:]}/{m[:4]}", months.get(m, 0), "month", m) for m in span]
        per = "month"
    else:
        years: dict[str, int] = {}
        for m, n in months.items():
            years[m[:4]] = years.get(m[:4], 0) + n
        bars = [Bar(str(y), years.get(str(y), 0), "year", str(y))
                for y in range(int(min(years)), int(max(years)) + 1)]
        per = "year"
    most = max(b.count for b in bars)
    for i, bar in enumerate(bars):
        bar.x = i * (BAR_WIDTH + GAP)
        bar.height = max(1, round(HEIGHT * bar.count / most)) if bar.count else 0
    return Timeline(bars, per, len(bars) * (BAR_WIDTH + GAP) - GAP)
