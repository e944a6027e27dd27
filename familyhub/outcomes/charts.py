"""Charts drawn on the server as SVG with pygal (no JavaScript), made accessible: the SVG is an
image with a title and a description (role="img", aria-labelledby), and the page prints the
same figures in a table beside it. pygal's own stylesheet gets the page's CSP nonce.

Drawing is cached by the figures (the same figures draw the same chart), so the dashboard does
not redraw twenty charts on every view."""

import html
import re
from functools import lru_cache

import pygal
from pygal.style import Style

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#d4351c", "#505a5f"),
    font_family="Arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    value_font_size=14,
    title_font_size=16,
    stroke_width=3,
)


@lru_cache(maxsize=512)
def _trend_svg(chart_id, labels, values, target, y_title) -> str:
    chart = pygal.Line(
        style=STYLE, js=[], disable_xml_declaration=True, explicit_size=False, width=800,
        height=360, show_legend=target is not None, legend_at_bottom=True, x_label_rotation=0,
        truncate_label=-1, allow_interruptions=True, dots_size=5, y_title=y_title,
        include_x_axis=True, print_values=False, tooltip_border_radius=0,
    )  # fmt: skip
    chart.x_labels = list(labels)
    chart.add("Medway", list(values))
    if target is not None:
        chart.add("Target", [target] * len(values), stroke_style={"dasharray": "8, 6"}, dots_size=0)
    svg = SCRIPT.sub("", chart.render(is_unicode=True))  # pygal's config for its tooltips
    return svg.replace('class="pygal-chart"', 'class="pygal-chart fh-svg-chart"', 1)


def trend_chart(chart_id: str, title: str, description: str, labels, values, target, y_title,
                nonce: str = "") -> str:  # fmt: skip
    """An inline SVG line chart of a measure by quarter (None: no figure or hidden)."""
    svg = _trend_svg(chart_id, tuple(labels), tuple(values), target, y_title)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end].replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" focusable="false" ',
        1,
    )
    labels_ = (
        f'<title id="{title_id}">{html.escape(title)}</title>'
        f'<desc id="{desc_id}">{html.escape(description)}</desc>'
    )
    body = svg[opening_end:]
    if nonce:
        body = body.replace('<style type="text/css">', f'<style nonce="{html.escape(nonce)}">')
    return opening + labels_ + body


def measure_chart(view, nonce: str = "") -> str:
    """The trend chart of a dashboard's MeasureView (queries.py): Medway by quarter, with the
    target as a dashed line where there is one."""
    measure = view.measure
    unit = "%" if measure.unit == "percent" else measure.get_unit_display()
    shown = [
        f"{point.label}: {'hidden (small numbers)' if point.hidden else _plain(point.value, unit)}"
        for point in view.trend
    ]
    target = float(measure.target_value) if measure.target_value is not None else None
    description = (
        f"Line chart of {measure.name.lower()} in Medway by quarter. "
        + "; ".join(shown)
        + (f". Target: {_plain(target, unit)}" if target is not None else "")
        + ". The table after the chart gives the same figures."
    )
    return trend_chart(
        f"chart-{measure.key}",
        f"{measure.name}, by quarter",
        description,
        [point.label for point in view.trend],
        [None if point.value is None else round(point.value, 1) for point in view.trend],
        target,
        unit,
        nonce,
    )


def _plain(value, unit) -> str:
    if value is None:
        return "no figure"
    text = f"{round(value, 1):g}"
    return f"{text}%" if unit == "%" else f"{text} {unit.lower()}"
