"""Attention charts: gaps shown as zeros, long spans in quarters, bars inside the viewBox."""

from newsmine.web.charts import HEIGHT, WIDTH, monthly_chart


def test_months_without_items_are_zero_bars():
    chart = monthly_chart([("2024-01", 4), ("2024-04", 2), ("bad", 9), (None, 1)])
    assert chart.series == [
        {"period": "2024-01", "count": 4},
        {"period": "2024-02", "count": 0},
        {"period": "2024-03", "count": 0},
        {"period": "2024-04", "count": 2},
    ]
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.period == "2024-01" and tallest.y == 0
    assert all(0 <= bar.x and bar.x + bar.width <= WIDTH and bar.y + bar.height <= HEIGHT for bar in chart.bars)


def test_long_spans_are_counted_by_quarter():
    chart = monthly_chart([("2019-02", 1), ("2019-03", 2), ("2024-12", 5)])
    assert chart.series[0] == {"period": "2019-Q1", "count": 3}
    assert chart.series[-1] == {"period": "2024-Q4", "count": 5}
    assert len(chart.series) == 24


def test_nothing_dated_gives_no_bars():
    assert monthly_chart([]).bars == []
