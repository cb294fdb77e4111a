"""The pure parts of LifeCircle's reports: tables, inline SVG bar charts, credits and HTML assembly.

No QGIS here: ``processing_algorithms/report.py`` renders the maps and the PDF and feeds the
results (PNG bytes, translated labels) to these functions. Every text that reaches HTML or SVG
is escaped here, so layer names and field values can hold ``<`` or ``&`` safely.
"""
import base64
import html
import math
from dataclasses import dataclass, field

from .errors import ArgumentError

OSM_CREDIT = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"
SAMPLE_DISTRICT_CREDIT = "虚构示例街道 / fictional sample district (lifecircle:sampledistrict)"
# Lower-case fragments of a layer's source that identify where its data came from.
OSM_SOURCE_MARKERS = ("dapuqiao-osm", "openstreetmap")
SAMPLE_SOURCE_MARKERS = ("sample_district",)

# Series colours of the bar charts (ColorBrewer Set1/Dark2-like, readable in print).
SERIES_COLOURS = ("#1f78b4", "#e6550d", "#31a354", "#756bb1", "#d62728", "#17becf", "#8c6d31", "#e377c2")
WHOLE_AREA_COLOUR = "#444444"
# Fonts able to show Chinese, best first; browsers take the first one they have.
CJK_FONT_STACK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
                  "PingFang SC", "SimHei", "sans-serif")


class ReportContentError(ArgumentError):
    """Report content that cannot be drawn: the message names the table or chart concerned."""

    CODE = "report.content"


def escape(value):
    """Any value as HTML/SVG text: None as an em dash, everything else escaped."""
    return "—" if value is None else html.escape(str(value), quote=True)


def format_share(share, digits=1):
    """A share 0..1 as a percentage ('82.4%'); NaN or None as an em dash."""
    if share is None or not math.isfinite(share):
        return "—"
    return f"{100.0 * share:.{digits}f}%"


@dataclass
class Table:
    """A titled table: ``headers`` and ``rows`` of plain values (None shows as an em dash).

    ``numeric_columns``: indices of columns to right-align.
    """

    title: str
    headers: tuple
    rows: list
    note: str = ""
    numeric_columns: tuple = ()

    def __post_init__(self):
        self.headers = tuple(self.headers)
        self.rows = [tuple(row) for row in self.rows]
        if not self.headers:
            raise ReportContentError(f"Table '{self.title}' has no columns; give it at least one header.")
        for index, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ReportContentError(
                    f"Table '{self.title}', row {index}: {len(row)} values for {len(self.headers)} columns "
                    f"({', '.join(map(str, self.headers))}); give one value per column.")
        bad = [c for c in self.numeric_columns if not 0 <= c < len(self.headers)]
        if bad:
            raise ReportContentError(f"Table '{self.title}': numeric column {bad[0]} does not exist "
                                     f"(the table has {len(self.headers)} columns).")

    def cell_text(self, value):
        """How one cell value reads in the report."""
        if value is None:
            return "—"
        if isinstance(value, float):
            return "—" if not math.isfinite(value) else f"{value:,.6g}"
        return str(value)


# Cell texts up to this long without a space (ids, codes, shares) never wrap: "DPQ-01", "82.4%".
NOWRAP_MAX_CHARS = 24


def table_html(table):
    """The table as an HTML ``<table>`` with its title as caption and its note below."""
    aligned = set(table.numeric_columns)

    def cell(tag, index, value):
        text = table.cell_text(value)
        if index in aligned:
            css = ' class="num"'  # numbers never wrap (report.css)
        elif len(text) <= NOWRAP_MAX_CHARS and " " not in text:
            css = ' class="nw"'
        else:
            css = ""
        return f"<{tag}{css}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(table.headers))
    body = "\n".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>"
                     for row in table.rows)
    note = f'\n<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f'<table>\n<caption>{escape(table.title)}</caption>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>{note}")


@dataclass
class BarChart:
    """Horizontal bars per category, one bar per series in each category: shares (0..1, printed as
    percentages) or, with ``maximum``, plain values from 0 to ``maximum`` (minutes, residents …) printed
    with ``number_format`` followed by ``unit``.

    ``series``: list of (name, values), one value per category; NaN or None draws no bar and
    prints '—'. ``target``: an optional value drawn as a dashed line (e.g. the share 0.99 for the 2035
    plan, or 15 minutes). ``colours``: one colour per series (defaults to SERIES_COLOURS).
    """

    title: str
    categories: tuple
    series: list
    target: float = None
    target_label: str = ""
    colours: tuple = field(default=())
    maximum: float = None
    number_format: str = "{:,.1f}"
    unit: str = ""

    @property
    def top(self):
        """The value at the right end of the axis: 1 for shares, else ``maximum``."""
        return 1.0 if self.maximum is None else self.maximum

    def value_text(self, value):
        """How a bar's value reads: '82.4%' for shares, else the number and its unit; '—' for none."""
        if self.maximum is None or value is None or not math.isfinite(value):
            return format_share(value)
        return self.number_format.format(value) + self.unit

    def __post_init__(self):
        self.categories = tuple(str(c) for c in self.categories)
        self.series = [(str(name), tuple(values)) for name, values in self.series]
        if not self.categories or not self.series:
            raise ReportContentError(f"Chart '{self.title}' needs at least one category and one series.")
        for name, values in self.series:
            if len(values) != len(self.categories):
                raise ReportContentError(
                    f"Chart '{self.title}', series '{name}': {len(values)} values for "
                    f"{len(self.categories)} categories; give one value per category.")
        if self.maximum is not None and not (math.isfinite(self.maximum) and self.maximum > 0):
            raise ReportContentError(f"Chart '{self.title}': maximum {self.maximum} must be a positive number.")
        kind = "share" if self.maximum is None else "value"
        for name, values in self.series:
            for category, value in zip(self.categories, values):
                if value is not None and math.isfinite(value) and not -1e-9 <= value <= self.top * (1 + 1e-9):
                    raise ReportContentError(
                        f"Chart '{self.title}', series '{name}', category '{category}': {kind} {value} is "
                        f"outside 0..{self.top:g}.")
        if self.target is not None and not 0 <= self.target <= self.top:
            raise ReportContentError(f"Chart '{self.title}': target {self.target} is outside 0..{self.top:g}.")
        if not self.colours:
            self.colours = tuple(SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(self.series)))
        if len(self.colours) != len(self.series):
            raise ReportContentError(f"Chart '{self.title}': {len(self.colours)} colours for "
                                     f"{len(self.series)} series.")


def _text_width(text, size):
    """Rough width of a label in pixels: CJK characters are square, Latin ones about 0.58 em."""
    return sum(size if ord(ch) > 0x2E80 else 0.58 * size for ch in text)


def bar_chart_svg(chart, width=680, font_family=None, font_size=12):
    """The chart as a standalone SVG document (string), sized ``width`` pixels wide.

    ``font_family``: one family for renderers that take no font list (Qt's SVG renderer);
    browsers get the CJK font stack when it is None.
    """
    family = font_family or ", ".join(CJK_FONT_STACK)
    bar_h, bar_gap, group_gap = 13, 2, 9
    label_w = min(width * 0.4, max(_text_width(c, font_size) for c in chart.categories) + 12)
    value_w = 52
    left, right = label_w, width - value_w
    plot_w = right - left
    n_series = len(chart.series)
    # Legend entries (swatch or dashed line, then the name) flow into as many rows as the width needs.
    entries = [(name, colour, False) for (name, _values), colour in zip(chart.series, chart.colours)]
    if chart.target is not None:
        entries.append((chart.target_label, "#b2182b", True))
    if n_series == 1 and chart.target is None:
        entries = []
    legend_rows, x = [[]], 0.0
    for name, colour, dashed in entries:
        entry_w = (20 if dashed else 14) + _text_width(name, font_size) + 16
        if legend_rows[-1] and x + entry_w > width:
            legend_rows.append([])
            x = 0.0
        legend_rows[-1].append((x, name, colour, dashed))
        x += entry_w
    legend_h = (font_size + 8) * len(legend_rows) + 2 if entries else 0
    top = font_size + 14 + legend_h
    group_h = n_series * bar_h + (n_series - 1) * bar_gap
    plot_h = len(chart.categories) * (group_h + group_gap)
    height = top + plot_h + font_size + 12

    def x_of(value):
        return left + plot_w * max(0.0, min(1.0, value / chart.top))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
           f'viewBox="0 0 {width} {height:.0f}" font-family="{escape(family)}" font-size="{font_size}">',
           f'<rect x="0" y="0" width="{width}" height="{height:.0f}" fill="#ffffff"/>',
           f'<text x="0" y="{font_size + 2}" font-size="{font_size + 2}" font-weight="bold" fill="#222222">'
           f'{escape(chart.title)}</text>']
    for row_index, row in enumerate(legend_rows if entries else []):
        y = font_size + 12 + row_index * (font_size + 8)
        for x, name, colour, dashed in row:
            if dashed:
                out.append(f'<line x1="{x:.1f}" y1="{y + 5:.1f}" x2="{x + 16:.1f}" y2="{y + 5:.1f}" '
                           f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="4,3"/>')
                out.append(f'<text x="{x + 20:.1f}" y="{y + 9:.1f}" fill="{colour}">{escape(name)}</text>')
            else:
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{colour}"/>')
                out.append(f'<text x="{x + 14:.1f}" y="{y + 9:.1f}" fill="#222222">{escape(name)}</text>')
    def tick_text(fraction):
        if chart.maximum is None:
            return f"{int(round(fraction * 100))}%"
        return chart.number_format.format(fraction * chart.top)

    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = x_of(tick * chart.top)
        out.append(f'<line x1="{x:.1f}" y1="{top - 2:.1f}" x2="{x:.1f}" y2="{top + plot_h:.1f}" '
                   'stroke="#dddddd" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + font_size + 4:.1f}" text-anchor="middle" '
                   f'fill="#555555">{tick_text(tick)}</text>')
    for c, category in enumerate(chart.categories):
        y0 = top + c * (group_h + group_gap) + group_gap / 2
        out.append(f'<text x="{left - 6:.1f}" y="{y0 + group_h / 2 + font_size * 0.35:.1f}" text-anchor="end" '
                   f'fill="#222222">{escape(category)}</text>')
        for s, ((_name, values), colour) in enumerate(zip(chart.series, chart.colours)):
            value = values[c]
            y = y0 + s * (bar_h + bar_gap)
            finite = value is not None and math.isfinite(value)
            if finite:
                out.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{x_of(value) - left:.1f}" height="{bar_h}" '
                           f'fill="{colour}"/>')
            text_x = x_of(value) + 4 if finite else left + 4
            out.append(f'<text x="{text_x:.1f}" y="{y + bar_h - 3:.1f}" font-size="{font_size - 2}" '
                       f'fill="#333333">{escape(chart.value_text(value))}</text>')
    if chart.target is not None:
        x = x_of(chart.target)
        out.append(f'<line x1="{x:.1f}" y1="{top - 2:.1f}" x2="{x:.1f}" y2="{top + plot_h:.1f}" '
                   'stroke="#b2182b" stroke-width="1.5" stroke-dasharray="4,3"/>')
    out.append(f'<line x1="{left:.1f}" y1="{top - 2:.1f}" x2="{left:.1f}" y2="{top + plot_h:.1f}" '
               'stroke="#555555" stroke-width="1"/>')
    out.append("</svg>")
    return "\n".join(out)


def credits_for(sources):
    """Credits owed for layers read from ``sources`` (their source paths/URIs), without repeats."""
    credits = []
    for source in sources:
        text = str(source or "").lower()
        if any(marker in text for marker in OSM_SOURCE_MARKERS) and OSM_CREDIT not in credits:
            credits.append(OSM_CREDIT)
        if any(marker in text for marker in SAMPLE_SOURCE_MARKERS) and SAMPLE_DISTRICT_CREDIT not in credits:
            credits.append(SAMPLE_DISTRICT_CREDIT)
    return credits


def png_img_html(png_bytes, alt):
    """An ``<img>`` with the PNG embedded as base64, so the report stays one file."""
    if not png_bytes.startswith(b"\x89PNG"):
        raise ReportContentError(f"Image '{alt}' is not a PNG; render the map to PNG before adding it.")
    data = base64.b64encode(png_bytes).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}"/>'


def legend_html(entries):
    """A legend list from (png_bytes or None, label) pairs; headings (no symbol) are bold."""
    items = []
    for png, label in entries:
        if png is None:
            items.append(f'<li class="legend-layer">{escape(label)}</li>')
        else:
            items.append(f"<li>{png_img_html(png, label)} {escape(label)}</li>")
    return '<ul class="legend">\n' + "\n".join(items) + "\n</ul>"


def figures_html(figures):
    """Key figures: (value, label) pairs as a row of boxes."""
    boxes = "\n".join(f'<div class="figure"><span class="value">{escape(value)}</span>'
                      f'<span class="label">{escape(label)}</span></div>' for value, label in figures)
    return f'<div class="figures">\n{boxes}\n</div>'


def section_html(title, body):
    """A titled section; ``body`` is HTML already escaped by the functions of this module."""
    return f"<section>\n<h2>{escape(title)}</h2>\n{body}\n</section>"


def paragraph_html(text, css_class=""):
    """A paragraph of plain text."""
    css = f' class="{escape(css_class)}"' if css_class else ""
    return f"<p{css}>{escape(text)}</p>"


def document_html(title, subtitle_lines, sections, css):
    """The whole report: a UTF-8 HTML5 document with the CSS inlined."""
    subtitle = "\n".join(f'<p class="subtitle">{escape(line)}</p>' for line in subtitle_lines)
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8"/>\n'
            f"<title>{escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
            f"<header>\n<h1>{escape(title)}</h1>\n{subtitle}\n</header>\n{body}\n</body>\n</html>\n")
