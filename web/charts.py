"""Attention-over-time charts as plain geometry, drawn as inline SVG by the templates.

Counts per month come from SQL (`YYYY-MM` prefixes of document dates); this module fills the
months without any item with zeros (so gaps show), switches to quarters when the span is
long, and scales the bars into a fixed viewBox. Server-side SVG needs no script and no
style attribute, so it works under the strict Content-Security-Policy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from newsmine.corpus.trends import period_of, period_sequence

WIDTH = 640
HEIGHT = 140
AXIS = 18  # room under the bars for the first and last labels
MAX_MONTHS = 48  # more months than this are shown as quarters


@dataclass(slots=True)
class Bar:
    period: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(slots=True)
class Chart:
    """Bars in a WIDTH x HEIGHT viewBox; `series` keeps the counts for the JSON twin."""

    bars: list[Bar] = field(default_factory=list)
    peak: int = 0
    width: int = WIDTH
    height: int = HEIGHT
    axis: int = AXIS

    @property
    def series(self) -> list[dict[str, int | str]]:
        return [{"period": bar.period, "count": bar.count} for bar in self.bars]


def monthly_chart(months: list[tuple[str, int]]) -> Chart:
    """A bar chart from (YYYY-MM, count) pairs; malformed months are skipped."""
    counts: Counter[date] = Counter()
    for month, count in months:
        try:
            counts[date(int(month[:4]), int(month[5:7]), 1)] += count
        except (TypeError, ValueError):
            continue
    if not counts:
        return Chart()
    first, last = min(counts), max(counts)
    by = "month" if (last.year - first.year) * 12 + last.month - first.month < MAX_MONTHS else "quarter"
    per_period: Counter[str] = Counter()
    for day, count in counts.items():
        per_period[period_of(day, by)] += count
    periods = period_sequence(first, last, by)
    return _scaled([(period, per_period[period]) for period in periods])


def _scaled(series: list[tuple[str, int]]) -> Chart:
    peak = max(count for _, count in series) or 1
    slot = WIDTH / len(series)
    gap = min(2.0, slot * 0.2)
    plot = HEIGHT - AXIS
    bars = []
    for index, (period, count) in enumerate(series):
        height = plot * count / peak
        bars.append(Bar(period, count, round(index * slot, 2), round(plot - height, 2), round(slot - gap, 2), round(height, 2)))
    return Chart(bars=bars, peak=peak)
