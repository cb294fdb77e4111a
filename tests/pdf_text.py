"""Checks that a report's PDF says what its HTML says: every table cell and parameter value of the HTML is in
the PDF's text (pdftotext, poppler-utils), and no number is split over two lines."""
import html.parser
import re
import shutil
import subprocess

import pytest

# Numbers with their separators and percent sign, and ids such as DPQ-01: each must stay on one line.
NUMBER = re.compile(r"(?<![\w.{}-])(?:[A-Z]+-\d+|\d[\d,]*(?:\.\d+)?%?)(?![\w-])")


class _Cells(html.parser.HTMLParser):
    """The texts of the <td> cells of an HTML document."""

    def __init__(self):
        super().__init__()
        self.cells, self._text = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._text = []

    def handle_endtag(self, tag):
        if tag == "td" and self._text is not None:
            self.cells.append("".join(self._text))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def html_cells(html_text):
    parser = _Cells()
    parser.feed(html_text)
    return parser.cells


def pdf_text(pdf_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf_path), "-"], check=True,
                          capture_output=True, timeout=120)
    return done.stdout.decode("utf-8").replace("\u00a0", " ")


def _squeezed(text):
    return re.sub(r"\s+", "", text)


def assert_pdf_holds_html(html_path, pdf_path):
    """Fail when a table cell of the HTML is missing from the PDF's text or one of its numbers is split."""
    with open(html_path, encoding="utf-8") as page:
        cells = [cell.replace("\u00a0", " ") for cell in html_cells(page.read())]
    assert cells, "the report has tables"
    text = pdf_text(pdf_path)
    lines = text.splitlines()
    whole = _squeezed(text)
    missing = [cell for cell in cells if _squeezed(cell) and _squeezed(cell) not in whole]
    assert not missing, f"{len(missing)} table cell(s) of the HTML are not in the PDF: {missing[:10]}"
    numbers = {number for cell in cells for number in NUMBER.findall(cell)}
    split = sorted(number for number in numbers if not any(number in line for line in lines))
    assert not split, f"numbers split over two lines in the PDF: {split[:20]}"
    return text
