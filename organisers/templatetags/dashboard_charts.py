"""The repetitive parts of the dashboard's charts (bars, ticks, table rows), written in Python.

A template loop over hundreds of bars resolves thousands of variables and formats each number
through intcomma; the same markup built here (every label escaped: judges' names are user input)
costs a fraction of that. The numbers follow the active language as intcomma writes them.
"""

from collections.abc import Callable
from html import escape

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from organisers.charts import BarChart, ColumnChart

register = template.Library()


def count_format() -> Callable[[int], str]:
    """A formatter of whole counts equal to intcomma in the active language, looked up once."""
    separator = get_format("THOUSAND_SEPARATOR")
    if get_format("NUMBER_GROUPING") != 3:  # pragma: no cover - both languages group by 3
        return intcomma
    return lambda n: f"{n:,}".replace(",", separator)


@register.simple_tag
def bar_axis(chart: BarChart) -> SafeString:
    n = count_format()
    return format_html_join(
        "",
        '<line x1="{0}" x2="{0}" y1="20" y2="{1}"/><text x="{0}" y="14" '
        'text-anchor="middle">{2}</text>',
        ((tick.x, chart.axis_bottom, n(tick.value)) for tick in chart.ticks),
    )


@register.simple_tag
def bar_marks(chart: BarChart) -> SafeString:
    # f-strings, not format_html per segment: hundreds of bars; labels escaped, numbers need not be.
    n = count_format()
    series = {s.key: (escape(s.css), escape(s.label)) for s in chart.series}
    bars = []
    for bar in chart.bars:
        label, total, y = escape(bar.label), n(bar.total), bar.text_y
        segments = "".join(
            f'<rect class="{series[s.series.key][0]}" x="{s.x}" y="{bar.y}" width="{s.width}" '
            f'height="18"><title>{label} – {series[s.series.key][1]}: {n(s.value)}</title></rect>'
            for s in bar.segments
        )
        bars.append(
            f'<g class="chart-bar"><title>{label}: {total}</title><text class="chart-label" '
            f'x="{chart.label_width}" y="{y}" text-anchor="end">{escape(bar.short_label)}</text>'
            f'{segments}<text class="chart-value" x="{bar.end}" dx="4" y="{y}">{total}</text></g>'
        )
    return SafeString("\n".join(bars))


@register.simple_tag
def bar_rows(chart: BarChart) -> SafeString:
    """The table's body rows: the label, one cell per series, the total when stacked."""
    n = count_format()
    rows = []
    for bar in chart.bars:
        cells = "".join(f'<td class="text-end">{n(v)}</td>' for v in bar.values)
        if chart.stacked:
            cells += f'<td class="text-end">{n(bar.total)}</td>'
        rows.append(f'<tr><th scope="row">{escape(bar.label)}</th>{cells}</tr>')
    return SafeString("".join(rows))


@register.simple_tag
def column_rows(chart: ColumnChart) -> SafeString:
    """Per day: the date (dd/mm/yyyy), that day's dossiers and the running total."""
    n = count_format()
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="text-end">{}</td><td class="text-end">{}</td></tr>',
        ((c.day.strftime("%d/%m/%Y"), n(c.value), n(c.cumulative)) for c in chart.columns),
    )


@register.simple_tag
def column_marks(chart: ColumnChart) -> SafeString:
    n = count_format()
    day_y = chart.baseline + 16
    marks = []
    for c in chart.columns:
        if c.value:
            marks.append(
                format_html(
                    '<rect class="st-received" x="{}" y="{}" width="{}" height="{}"><title>{}: {}'
                    "</title></rect>",
                    c.x,
                    c.y,
                    c.width,
                    c.height,
                    c.day.strftime("%d/%m/%Y"),
                    n(c.value),
                )
            )
        if c.label:
            marks.append(
                format_html('<text class="chart-day" x="{}" y="{}">{}</text>', c.x, day_y, c.label)
            )
    return SafeString("".join(marks))
