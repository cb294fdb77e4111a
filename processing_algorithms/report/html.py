"""The HTML of a report: one self-contained file (maps as PNG drawn by the same layout items as the PDF,
charts as inline SVG, the CSS inlined), from the report document."""
import os

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsProcessingException,
    QgsProject,
    QgsSymbolLayerUtils,
)
from qgis.PyQt.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize

from ...lifecircle_plugin.core.report_content import (
    bar_chart_svg,
    document_html,
    escape,
    figures_html,
    legend_html,
    paragraph_html,
    png_img_html,
    section_html,
    table_html,
)
from .layout import MAP_MAX_HEIGHT, add_map_item, add_scale_bar

translate = QCoreApplication.translate

CSS_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "resources", "report.css")


def png_bytes(image):
    """A QImage as PNG bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _symbol_png(symbol):
    return png_bytes(QgsSymbolLayerUtils.symbolPreviewPixmap(symbol, QSize(18, 18)).toImage())


def legend_entries(layers):
    """(PNG of the symbol or None for a heading, label) for the HTML legend, layer by layer."""
    entries = []
    for layer in layers:
        items = [item for item in layer.renderer().legendSymbolItems() if item.symbol() is not None]
        if len(items) == 1:
            entries.append((_symbol_png(items[0].symbol()), layer.name()))
            continue
        entries.append((None, layer.name()))
        entries.extend((_symbol_png(item.symbol()), item.label()) for item in items)
    return entries


def _map_figure(section, width_mm=180.0):
    return f"<figure>{png_img_html(render_map_png(section, width_mm), section.title)}</figure>"


def report_html(report, version, feedback=None):
    """The whole report as an HTML document (string)."""
    sections = []
    for kind, payload in report.items:
        if feedback is not None and feedback.isCanceled():
            return None
        if kind == "headline":
            sections.append(paragraph_html(payload, "headline"))
        elif kind == "figures":
            sections.append(figures_html([(f.value, f.label) for f in payload]))
        elif kind == "heading":
            sections.append(f"<h2>{escape(payload)}</h2>")
        elif kind == "paragraph":
            sections.append(paragraph_html(payload))
        elif kind == "map":
            body = _map_figure(payload) + legend_html(legend_entries(payload.layers))
            if payload.note:
                body += paragraph_html(payload.note, "note")
            sections.append(section_html(payload.title, body))
        elif kind == "maps":
            cells = "\n".join(f'<div class="small-map"><h3>{escape(s.title)}</h3>{_map_figure(s, 90.0)}'
                              "</div>" for s in payload.maps)
            body = f'<div class="map-grid">\n{cells}\n</div>' + legend_html(legend_entries(payload.maps[0].layers))
            if payload.note:
                body += paragraph_html(payload.note, "note")
            sections.append(section_html(payload.title, body))
        elif kind == "chart":
            sections.append(f"<figure>{bar_chart_svg(payload)}</figure>")
        elif kind == "table":
            sections.append(table_html(payload))
    sections.append(section_html(translate("Report", "数据来源 / Data sources"), table_html(report.sources_table())))
    credits = "\n".join(paragraph_html(text, "credits") for text in report.credits(version))
    sections.append(section_html(translate("Report", "版权与致谢 / Credits"), credits))
    with open(CSS_PATH, encoding="utf-8") as css_file:
        css = css_file.read()
    return document_html(report.title, report.subtitle_lines(version), sections, css)


def render_map_png(section, width_mm=180.0, dpi=160):
    """The map of ``section`` with its north arrow and scale bar as PNG bytes (for the HTML), drawn by the
    same layout items as the PDF's."""
    height = min(width_mm * section.extent.height() / section.extent.width(), MAP_MAX_HEIGHT)
    layout = QgsPrintLayout(_scratch_project())
    layout.initializeDefaults()
    page_h = height + 11.0
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(width_mm, page_h))
    item = add_map_item(layout, section, 0.0, 0.0, width_mm, height)
    add_scale_bar(layout, item, 2.0, height + 1.5)
    exporter = QgsLayoutExporter(layout)
    size = QSize(int(width_mm / 25.4 * dpi), int(page_h / 25.4 * dpi))
    image = exporter.renderPageToImage(0, size, dpi)
    if image.isNull():
        raise QgsProcessingException(translate("Report", "QGIS could not draw the report map '{0}'.").format(
            section.title))
    return png_bytes(image)


_PROJECT = []


def _scratch_project():
    """A project of our own for the HTML's map layouts (never the user's open project)."""
    if not _PROJECT:
        _PROJECT.append(QgsProject())
    return _PROJECT[0]
