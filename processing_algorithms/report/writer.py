"""Writing a report document: the HTML and the PDF beside it, both or neither, on the main thread."""
import configparser
import contextlib
import os
import tempfile

from qgis.core import QgsProcessingException, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QThread

from ...lifecircle_plugin.core.report_content import bar_chart_svg
from ...lifecircle_plugin.adapters.layer_io import Cancelled
from .html import report_html
from .layout import PdfLayout
from .maps import cjk_font_family

translate = QCoreApplication.translate

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def plugin_version():
    """LifeCircle's version from metadata.txt."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8")
    return parser.get("general", "version", fallback="?")


def pdf_path_for(html_path):
    """Where the PDF of the report ``html_path`` goes: beside it, same name, .pdf."""
    return os.path.splitext(html_path)[0] + ".pdf"


def check_report_path(html_path):
    """Refuse a report path that does not end in .html or whose folder does not exist."""
    extension = os.path.splitext(html_path)[1].lower()
    if extension not in (".html", ".htm"):
        raise QgsProcessingException(translate(
            "Report", "Give the report a name ending in .html, not '{0}'; the PDF is written beside it with the "
                      "same name.").format(html_path))
    folder = os.path.dirname(os.path.abspath(html_path))
    if not os.path.isdir(folder):
        raise QgsProcessingException(translate(
            "Report", "The report's folder '{0}' does not exist; create it or choose another path.").format(folder))


def _svg_aspect(svg):
    head = svg[:300]
    width = float(head.split('width="')[1].split('"')[0])
    height = float(head.split('height="')[1].split('"')[0])
    return height / width


def build_pdf_layout(report, project, version, scratch):
    """The report as a PdfLayout (A4 portrait); chart SVGs are written into the folder ``scratch``."""
    font_family = cjk_font_family()
    pdf = PdfLayout(project)
    pdf.text(report.title, 16, bold=True)
    for line in report.subtitle_lines(version):
        pdf.text(line, 8, colour="#555555", space_after=3.0)
    for index, (kind, payload) in enumerate(report.items):
        if kind == "headline":
            pdf.text(payload, 12, bold=True, colour="#1f4e79", space_after=2.5)
        elif kind == "figures":
            pdf.figures(payload)
        elif kind == "heading":
            pdf.text(payload, 12, bold=True, keep_with_next=30.0)
        elif kind == "paragraph":
            pdf.text(payload, 9)
        elif kind == "map":
            pdf.map(payload)
        elif kind == "maps":
            pdf.map_grid(payload)
        elif kind == "chart":
            svg = bar_chart_svg(payload, font_family=font_family)
            svg_path = os.path.join(scratch, f"chart{index}.svg")
            with open(svg_path, "w", encoding="utf-8") as out:
                out.write(svg)
            pdf.picture(svg_path, _svg_aspect(svg))
        elif kind == "table":
            pdf.table(payload)
    pdf.table(report.sources_table())
    pdf.text(translate("Report", "版权与致谢 / Credits"), 10, bold=True, keep_with_next=15.0)
    for text in report.credits(version):
        pdf.text(text, 8)
    return pdf


def write_report(report, html_path, feedback=None):
    """Write the report's HTML at ``html_path`` and its PDF beside it: (html path, pdf path).

    Both files appear together or not at all (each is written under a temporary name first). Runs the
    print layout, so it must be called on the main thread (an algorithm's ``postProcessAlgorithm``)."""
    application = QCoreApplication.instance()
    if application is not None and QThread.currentThread() != application.thread():
        raise QgsProcessingException(translate(
            "Report", "The report PDF is built by a QGIS print layout, which runs only on the main thread; "
                      "write the report from postProcessAlgorithm."))
    check_report_path(html_path)
    pdf_path = pdf_path_for(html_path)
    if cjk_font_family() is None and feedback is not None:
        feedback.pushWarning(translate(
            "Report", "No Chinese font is installed: Chinese text in the PDF may show as boxes. Install "
                      "fonts-noto-cjk (Debian/Ubuntu) or any CJK font."))
    version = plugin_version()
    try:
        with tempfile.TemporaryDirectory(prefix="lifecircle-report-") as scratch, \
                written_together([html_path, pdf_path]) as staged:
            text = report_html(report, version, feedback)
            if text is None:
                raise Cancelled()
            with open(staged[html_path], "w", encoding="utf-8") as out:
                out.write(text)
            if feedback is not None and feedback.isCanceled():
                raise Cancelled()
            build_pdf_layout(report, QgsProject(), version, scratch).export_pdf(staged[pdf_path])
    except Cancelled:
        return None, None
    except OSError as err:
        raise QgsProcessingException(translate("Report", "Cannot write the report '{0}': {1}").format(
            html_path, err)) from err
    return html_path, pdf_path


@contextlib.contextmanager
def written_together(paths):
    """Files that appear together or not at all: yields {final path: temporary path beside it} to write to;
    when the block ends without an error they are moved into place, else removed."""
    staged = {}
    try:
        for path in paths:
            handle, staged[path] = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part",
                                                    dir=os.path.dirname(os.path.abspath(path)))
            os.close(handle)
            os.chmod(staged[path], 0o666 & ~_umask())  # as a file opened for writing would be
        yield staged
        for path in paths:
            os.replace(staged.pop(path), path)
    finally:
        for leftover in staged.values():
            if os.path.exists(leftover):
                os.remove(leftover)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
