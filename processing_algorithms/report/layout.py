"""The PDF of a report: a QGIS print layout (QgsPrintLayout) built from the report document.

Text is plain-text label items measured with Qt's own font metrics; tables are QgsLayoutItemManualTable
multi-frames that QGIS flows over as many pages as they need (RepeatUntilFinished); maps are layout map
items (vector) with a legend, a scale bar and QGIS's north arrow; charts are SVG pictures. No QtWebKit.
Print layouts are graphics scenes, which Qt allows only on the main thread: call from there.
"""
import os
import re

from qgis.core import (
    QgsFillSymbol,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProcessingException,
    QgsRenderContext,
    QgsScaleBarSettings,
    QgsSymbolLayerUtils,
    QgsTableCell,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFontMetricsF, QTextLayout, QTextOption

from .maps import report_font

translate = QCoreApplication.translate

A4 = (210.0, 297.0)
MARGIN = 15.0
GAP = 4.0
# QGIS draws layout text with fonts scaled by this factor (QgsLayoutUtils' FONT_WORKAROUND_SCALE); measuring
# at the same scale gives the widths QGIS will use.
_MEASURE_SCALE = 10.0
MM_PER_PT = 25.4 / 72.0
TABLE_TEXT_PT = 7.5
CELL_MARGIN = 1.0
SHORT_COLUMN_MM = 28.0  # columns at most this wide keep their width (numbers, ids, codes) when space is short
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"
MAP_MAX_HEIGHT = 150.0
MAP_MIN_HEIGHT = 100.0  # a map shrinks down to this to stay on the page it starts on


def _measuring_font(font):
    """``font`` at the pixel size QGIS draws it with in a layout, so that widths in pixels / scale are mm."""
    scaled = type(font)(font)
    scaled.setPixelSize(max(1, round(font.pointSizeF() * MM_PER_PT * _MEASURE_SCALE)))
    return scaled


def text_width_mm(text, font):
    """Width of the widest line of ``text`` in ``font`` as a layout draws it, in mm."""
    metrics = QFontMetricsF(_measuring_font(font))
    return max((metrics.horizontalAdvance(line) for line in str(text).split("\n")), default=0.0) / _MEASURE_SCALE


def wrapped_lines(text, font, width_mm):
    """``text`` broken into lines of at most ``width_mm`` by Qt's line breaker (Unicode rules: between
    words and Chinese characters, never inside a number; a word wider than a line is cut)."""
    lines = []
    measuring = _measuring_font(font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    for paragraph in str(text).split("\n"):
        layout = QTextLayout(paragraph, measuring)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width_mm * _MEASURE_SCALE)
            lines.append(paragraph[line.textStart():line.textStart() + line.textLength()].rstrip(" "))
        layout.endLayout()
    return lines


def _text_format(font, colour="#222222"):
    text = QgsTextFormat()
    text.setFont(font)
    text.setSize(font.pointSizeF())
    text.setSizeUnit(QgsUnitTypes.RenderPoints)
    text.setColor(QColor(colour))
    return text


def north_arrow_path(layout):
    """QGIS's own north arrow SVG (from its SVG library)."""
    path = QgsSymbolLayerUtils.svgSymbolNameToPath(NORTH_ARROW_SVG, layout.project().pathResolver())
    if not path or not os.path.exists(path):
        raise QgsProcessingException(translate(
            "Report", "QGIS's north arrow '{0}' is not installed (QGIS's SVG library is missing); reinstall "
            "QGIS.").format(NORTH_ARROW_SVG))
    return path


def add_map_item(layout, section, x, y, width, height, page=0):
    """The map of ``section`` at (x, y) on ``page``, framed, with QGIS's north arrow in its top right corner."""
    item = QgsLayoutItemMap(layout)
    item.setCrs(section.crs)
    item.setLayers(section.layers)
    item.setKeepLayerSet(True)
    item.setFrameEnabled(True)
    item.setBackgroundColor(QColor("white"))
    layout.addLayoutItem(item)
    item.attemptResize(QgsLayoutSize(width, height))
    item.attemptMove(QgsLayoutPoint(x, y), page=page)
    item.zoomToExtent(section.extent)
    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(north_arrow_path(layout), QgsLayoutItemPicture.FormatSVG)
    arrow.setLinkedMap(item)
    arrow.setNorthMode(QgsLayoutItemPicture.GridNorth)
    arrow.setResizeMode(QgsLayoutItemPicture.Zoom)
    arrow.setBackgroundEnabled(True)
    arrow.setBackgroundColor(QColor(255, 255, 255, 200))
    layout.addLayoutItem(arrow)
    size = min(10.0, width / 8)
    arrow.attemptResize(QgsLayoutSize(size * 0.7, size))
    arrow.attemptMove(QgsLayoutPoint(x + width - size * 0.7 - 1.5, y + 1.5), page=page)
    return item


def add_scale_bar(layout, map_item, x, y, page=0, max_width=40.0):
    """A scale bar of ``map_item`` at (x, y); returns its height (mm)."""
    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setLinkedMap(map_item)
    scale_bar.applyDefaultSettings()
    scale_bar.setStyle("Single Box")
    scale_bar.setUnits(QgsUnitTypes.DistanceMeters)
    scale_bar.setUnitLabel("m")
    scale_bar.setNumberOfSegments(2)
    scale_bar.setNumberOfSegmentsLeft(0)
    scale_bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    scale_bar.setMinimumBarWidth(min(20.0, max_width / 2))
    scale_bar.setMaximumBarWidth(max_width)
    scale_bar.setTextFormat(_text_format(report_font(7)))
    layout.addLayoutItem(scale_bar)
    scale_bar.attemptMove(QgsLayoutPoint(x, y), page=page)
    scale_bar.resizeToMinimumWidth()
    return scale_bar.sizeWithUnits().height()


class PdfLayout:
    """A print layout filled from top to bottom: each call places its items below the previous ones and
    starts a new page when they do not fit; tables flow over pages by themselves."""

    def __init__(self, project, page_size=A4, margin=MARGIN, table_pt=TABLE_TEXT_PT):
        self.project = project  # the layout refers to it: it must live as long as the layout
        self.table_pt = table_pt  # size of table text (larger on A3)
        self.page_w, self.page_h = page_size
        self.margin = margin
        self.content_w = self.page_w - 2 * margin
        self.layout = QgsPrintLayout(project)
        self.layout.initializeDefaults()
        self.layout.pageCollection().page(0).setPageSize(QgsLayoutSize(self.page_w, self.page_h))
        self.page = 0
        self.y = margin
        self.keep = []  # layer trees Python must keep alive until export

    @property
    def bottom(self):
        return self.page_h - self.margin

    def new_page(self):
        self.page += 1
        while self.layout.pageCollection().pageCount() <= self.page:
            page = QgsLayoutItemPage(self.layout)
            page.setPageSize(QgsLayoutSize(self.page_w, self.page_h))
            self.layout.pageCollection().addPage(page)
        self.y = self.margin

    def room_for(self, height):
        if self.y + height > self.bottom and self.y > self.margin + 0.1:
            self.new_page()

    # --- text ---------------------------------------------------------------------------------

    def label_height(self, text, font, width):
        """Height (mm) of ``text`` wrapped within ``width`` mm as a label item draws it."""
        metrics = QFontMetricsF(_measuring_font(font))
        rect = metrics.boundingRect(QRectF(0, 0, width * _MEASURE_SCALE, 1e7), Qt.TextWordWrap, str(text))
        return rect.height() / _MEASURE_SCALE + 0.5

    def add_label(self, text, font, x, y, width, colour="#222222", page=None, align=Qt.AlignLeft):
        """A plain-text label item wrapping ``text`` within ``width`` mm; returns its height."""
        height = self.label_height(text, font, width)
        item = QgsLayoutItemLabel(self.layout)
        item.setMode(QgsLayoutItemLabel.ModeFont)
        item.setText(str(text))
        item.setFont(font)
        item.setFontColor(QColor(colour))
        item.setMarginX(0)
        item.setMarginY(0)
        item.setHAlign(align)
        self.layout.addLayoutItem(item)
        item.attemptResize(QgsLayoutSize(width, height))
        item.attemptMove(QgsLayoutPoint(x, y), page=self.page if page is None else page)
        return height

    def text(self, text, size, bold=False, colour="#222222", keep_with_next=0.0, space_after=1.5):
        """A block of text across the page. ``keep_with_next``: room (mm) that must follow on the same page."""
        font = report_font(size, bold)
        self.room_for(self.label_height(text, font, self.content_w) + keep_with_next)
        self.y += self.add_label(text, font, self.margin, self.y, self.content_w, colour) + space_after

    def figures(self, figures, per_row=4):
        """Key figures in boxes, ``per_row`` to a row: the value large, its label below."""
        width = (self.content_w - (per_row - 1) * 3.0) / per_row
        value_font, label_font = report_font(14, bold=True), report_font(7.5)
        for start in range(0, len(figures), per_row):
            row = figures[start:start + per_row]
            height = max(self.label_height(f.value, value_font, width - 4) + self.label_height(f.label, label_font,
                                                                                              width - 4)
                         for f in row) + 4.0
            self.room_for(height)
            for column, figure in enumerate(row):
                x = self.margin + column * (width + 3.0)
                box = self.layout_box(x, self.y, width, height)
                self.layout.addLayoutItem(box)
                value_h = self.add_label(figure.value, value_font, x + 2, self.y + 1.5, width - 4, "#1f4e79")
                self.add_label(figure.label, label_font, x + 2, self.y + 1.5 + value_h, width - 4, "#444444")
            self.y += height + GAP

    def layout_box(self, x, y, width, height):
        """A light box (behind key figures)."""
        box = QgsLayoutItemShape(self.layout)
        box.setShapeType(QgsLayoutItemShape.Rectangle)
        box.setSymbol(QgsFillSymbol.createSimple({"color": "238,243,248,255", "outline_color": "180,195,210,255",
                                                  "outline_width": "0.2"}))
        box.attemptResize(QgsLayoutSize(width, height))
        box.attemptMove(QgsLayoutPoint(x, y), page=self.page)
        return box

    # --- maps ---------------------------------------------------------------------------------

    def legend(self, layers, max_width):
        """A legend item of ``layers`` (every symbol of each), sized to fit ``max_width`` in 1–3 columns:
        (item, size). Placed by the caller."""
        legend = QgsLayoutItemLegend(self.layout)
        legend.setTitle(translate("Report", "图例 / Legend"))
        legend.setAutoUpdateModel(False)
        tree = QgsLayerTree()
        for layer in layers:
            tree.addLayer(layer)
        self.keep.append(tree)
        legend.model().setRootGroup(tree)
        for style in (QgsLegendStyle.Title, QgsLegendStyle.Group, QgsLegendStyle.Subgroup,
                      QgsLegendStyle.SymbolLabel):
            legend.setStyleFont(style, report_font(9 if style == QgsLegendStyle.Title else 7.5,
                                                   bold=style not in (QgsLegendStyle.SymbolLabel,)))
        legend.setSymbolHeight(3.0)
        legend.setSymbolWidth(4.5)
        legend.setResizeToContents(True)
        self.layout.addLayoutItem(legend)
        context = QgsLayoutUtils.createRenderContextForLayout(self.layout, None)
        for columns in (1, 2, 3):
            legend.setColumnCount(columns)
            size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
            if size.height() <= 45.0 or size.width() > max_width:
                break
        if size.width() > max_width:
            legend.setColumnCount(max(1, legend.columnCount() - 1))
            size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
        if size.width() > max_width:
            # Still too wide for its room: bilingual labels go on two lines (Chinese, then English).
            legend.setWrapString(" / ")
            size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
        legend.attemptResize(QgsLayoutSize(size.width(), size.height()))
        return legend, size

    SCALE_ROOM = 55.0  # width kept for the scale bar left of a legend beside it

    def _legend_block(self, layers):
        """The legend of ``layers`` and the height (mm) it and the scale bar take below a map."""
        legend, size = self.legend(layers, self.content_w)
        beside = size.width() <= self.content_w - self.SCALE_ROOM
        return legend, size, beside, (max(size.height(), 10.0) if beside else size.height() + 12.0)

    def _place_legend_and_scale_bar(self, legend, size, beside, map_item):
        """Scale bar at the left under the map, the legend right of it (or below it when too wide)."""
        bar_height = add_scale_bar(self.layout, map_item, self.margin, self.y, self.page)
        if beside:
            legend.attemptMove(QgsLayoutPoint(self.margin + self.SCALE_ROOM, self.y), page=self.page)
            self.y += max(size.height(), bar_height) + GAP
        else:
            self.y += bar_height + 2.0
            legend.attemptMove(QgsLayoutPoint(self.margin, self.y), page=self.page)
            self.y += size.height() + GAP

    def map(self, section):
        """A titled map across the page, framed, with north arrow, scale bar and a legend of every layer, all
        on one page (the map shrinks, down to MAP_MIN_HEIGHT, rather than leave the page)."""
        title_font = report_font(11, bold=True)
        title_h = self.label_height(section.title, title_font, self.content_w) + 1.5
        legend, size, beside, legend_h = self._legend_block(section.layers)
        height = min(self.content_w * section.extent.height() / section.extent.width(), MAP_MAX_HEIGHT)
        needed = title_h + height + 2.0 + legend_h
        if self.y + needed > self.bottom:
            room = self.bottom - self.y - (needed - height)
            if room < MAP_MIN_HEIGHT:
                self.new_page()
                room = self.bottom - self.y - (needed - height)
            height = min(height, room)
        self.text(section.title, 11, bold=True)
        item = add_map_item(self.layout, section, self.margin, self.y, self.content_w, height, self.page)
        self.y += height + 2.0
        self._place_legend_and_scale_bar(legend, size, beside, item)
        if section.note:
            self.text(section.note, 8.5)

    def map_grid(self, grid, columns=2):
        """Small maps ``columns`` to a row, each titled, with one scale bar and one legend below them."""
        self.text(grid.title, 11, bold=True, keep_with_next=60.0)
        width = (self.content_w - (columns - 1) * 3.0) / columns
        title_font = report_font(8.5, bold=True)
        first = None
        for start in range(0, len(grid.maps), columns):
            row = grid.maps[start:start + columns]
            title_h = max(self.label_height(s.title, title_font, width) for s in row)
            heights = [min(width * s.extent.height() / s.extent.width(), MAP_MAX_HEIGHT / 2) for s in row]
            self.room_for(title_h + max(heights) + 1.0)
            for column, (section, height) in enumerate(zip(row, heights)):
                x = self.margin + column * (width + 3.0)
                self.add_label(section.title, title_font, x, self.y, width)
                item = add_map_item(self.layout, section, x, self.y + title_h, width, height, self.page)
                first = first or item
            self.y += title_h + max(heights) + 3.0
        legend, size, beside, legend_h = self._legend_block(grid.maps[0].layers)
        if self.y + legend_h > self.bottom:
            self.new_page()
        self._place_legend_and_scale_bar(legend, size, beside, first)
        if grid.note:
            self.text(grid.note, 8.5)

    # --- charts -------------------------------------------------------------------------------

    def picture(self, svg_path, aspect):
        """An SVG (a chart) across the page."""
        height = min(self.content_w * aspect, self.bottom - self.margin)
        self.room_for(height)
        item = QgsLayoutItemPicture(self.layout)
        item.setResizeMode(QgsLayoutItemPicture.Zoom)
        item.setPicturePath(svg_path, QgsLayoutItemPicture.FormatSVG)
        self.layout.addLayoutItem(item)
        width = min(self.content_w, height / aspect)
        item.attemptResize(QgsLayoutSize(width, height))
        item.attemptMove(QgsLayoutPoint(self.margin, self.y), page=self.page)
        self.y += height + GAP

    # --- tables -------------------------------------------------------------------------------

    def table(self, table):
        """A titled table; QGIS flows it over as many pages as it needs, with the header on each page."""
        self.text(table.title, 10, bold=True, keep_with_next=25.0)
        if not table.rows:
            self.text(table.note or translate("Report", "无 / none"), 8.5)
            return
        multi = self._manual_table(table)
        first = self._frame(multi, self.page, self.y, self.bottom - self.y)
        multi.recalculateFrameSizes()
        if multi.totalHeight() > first.rect().height() + 0.01:
            self.new_page()
            self._frame(multi, self.page, self.y, self.bottom - self.y)
            multi.setResizeMode(QgsLayoutMultiFrame.RepeatUntilFinished)
            multi.recalculateFrameSizes()
            multi.setResizeMode(QgsLayoutMultiFrame.UseExistingFrames)
        last = multi.frame(multi.frameCount() - 1)
        height = self._shrink_to_rows(multi, last)
        self.page = last.page()
        self.y = last.pagePos().y() + height + 1.0
        if table.note:
            self.text(table.note, 7.5, colour="#555555")
        self.y += GAP - 1.0

    def _shrink_to_rows(self, multi, frame):
        """The least height (to 0.25 mm) of the table's last frame that still shows all its rows; applied.

        QGIS reports as the table's height the frames it fills; with a tall probe frame after the last one,
        that height stays within the real frames exactly when the last frame shows all that is left."""
        width = frame.rect().width()
        probe = self._frame(multi, frame.page(), 0.0, 10000.0)
        others = sum(multi.frame(i).rect().height() for i in range(multi.frameCount() - 2))

        def fits(height):
            frame.attemptResize(QgsLayoutSize(width, height))
            return multi.totalHeight() <= others + height + 0.01

        low, high = 0.0, frame.rect().height()
        while high - low > 0.25:
            middle = (low + high) / 2
            if fits(middle):
                high = middle
            else:
                low = middle
        multi.removeFrame(multi.frameCount() - 1)
        del probe
        frame.attemptResize(QgsLayoutSize(width, high))
        multi.recalculateFrameSizes()
        return high

    def _frame(self, multi, page, y, height):
        frame = QgsLayoutFrame(self.layout, multi)
        frame.attemptResize(QgsLayoutSize(self.content_w, height))
        frame.attemptMove(QgsLayoutPoint(self.margin, y), page=page)
        multi.addFrame(frame)
        return frame

    def _manual_table(self, table):
        """A ManualTable of ``table``: columns wide enough for their headers, numbers and ids; long text
        wrapped by Qt's line breaker into the room left.

        QGIS 3.22 neither wraps a header nor sizes the header row for several lines, so headers stay on one
        line; when the bilingual headers together are wider than the page, the Chinese part alone is shown."""
        header_font, cell_font = report_font(self.table_pt, bold=True), report_font(self.table_pt)
        available = self.content_w - 2 * CELL_MARGIN * len(table.headers) - 0.5
        headers = [str(h) for h in table.headers]
        if sum(text_width_mm(h, header_font) for h in headers) > 0.8 * available:
            headers = [re.split(r"\s*/\s", h, maxsplit=1)[0] for h in headers]
        texts = [[table.cell_text(value) for value in row] for row in table.rows]
        least = [text_width_mm(h, header_font) * 1.03 + 0.5 for h in headers]
        natural = [max([least[c]] + [text_width_mm(row[c], cell_font) * 1.03 + 0.5 for row in texts])
                   for c in range(len(headers))]
        widths = column_widths(natural, table.numeric_columns, available, least)
        multi = QgsLayoutItemManualTable.create(self.layout)
        self.layout.addMultiFrame(multi)
        columns = []
        for c, heading in enumerate(headers):
            column = QgsLayoutTableColumn(heading)
            column.setWidth(widths[c])
            column.setHAlignment(Qt.AlignRight if c in table.numeric_columns else Qt.AlignLeft)
            columns.append(column)
        multi.setHeaders(columns)
        multi.setIncludeTableHeader(True)
        contents = []
        for row in texts:
            cells = []
            for c, text in enumerate(row):
                if widths[c] < natural[c]:
                    text = "\n".join(wrapped_lines(text, cell_font, widths[c]))
                cell = QgsTableCell(text)
                cell.setHorizontalAlignment(Qt.AlignRight if c in table.numeric_columns else Qt.AlignLeft)
                cells.append(cell)
            contents.append(cells)
        multi.setTableContents(contents)
        multi.setHeaderTextFormat(_text_format(header_font))
        multi.setContentTextFormat(_text_format(cell_font))
        multi.setCellMargin(CELL_MARGIN)
        multi.setGridStrokeWidth(0.15)
        multi.setGridColor(QColor("#999999"))
        multi.setHeaderHAlignment(QgsLayoutTable.FollowColumn)
        multi.setWrapBehavior(QgsLayoutTable.WrapText)
        multi.setResizeMode(QgsLayoutMultiFrame.UseExistingFrames)
        return multi

    # --- output -------------------------------------------------------------------------------

    def export_pdf(self, pdf_path):
        exporter = QgsLayoutExporter(self.layout)
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = 200
        settings.rasterizeWholeImage = False
        settings.forceVectorOutput = True
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        result = exporter.exportToPdf(pdf_path, settings)
        if result != QgsLayoutExporter.Success:
            raise QgsProcessingException(translate(
                "Report", "QGIS could not write the PDF '{0}' (export error {1}: {2}).").format(
                pdf_path, int(result), exporter.errorMessage()))

    def export_png(self, png_path, dpi=150):
        """Every page as PNG: ``png_path`` for the first, ``name_2.png`` … for the next (QGIS's naming)."""
        exporter = QgsLayoutExporter(self.layout)
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        result = exporter.exportToImage(png_path, settings)
        if result != QgsLayoutExporter.Success:
            raise QgsProcessingException(translate(
                "Report", "QGIS could not write the image '{0}' (export error {1}: {2}).").format(
                png_path, int(result), exporter.errorMessage()))


def column_widths(natural, fixed_columns, available, least=None):
    """Content widths (mm) of table columns whose unwrapped widths are ``natural``, within ``available``;
    no column narrower than its ``least`` (its header).

    When all fit, every column keeps its width. Otherwise numeric columns (``fixed_columns``) and short
    ones (ids, codes, shares) keep theirs, and the long text columns share the rest, none given more than
    it needs, so that only long text wraps."""
    least = list(least) if least is not None else [0.0] * len(natural)
    if sum(natural) <= available:
        return list(natural)
    keep = [c in fixed_columns or w <= SHORT_COLUMN_MM for c, w in enumerate(natural)]
    flexible = [c for c, k in enumerate(keep) if not k]
    room = available - sum(w for w, k in zip(natural, keep) if k)
    if not flexible or room < sum(max(15.0, least[c]) for c in flexible):
        # Even the short columns are too wide together: every column shrinks in proportion, down to its header.
        return [max(low, w * available / sum(natural)) for w, low in zip(natural, least)]
    widths = list(natural)
    remaining = sorted(flexible, key=lambda c: natural[c])
    while remaining:
        share = room / len(remaining)
        column = remaining.pop(0)
        widths[column] = max(least[column], min(natural[column], share))
        room -= widths[column]
    return widths
