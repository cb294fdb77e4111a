"""LifeCircle's report engine: one report document, written as a self-contained HTML file and as a PDF
built by QGIS's own print layout engine (no QtWebKit).

Modules:
  document  the report model: ``Report`` (headline, key figures, paragraphs, maps, chart, tables,
            parameters, sources), ``Figure``, ``MapSection``, ``MapGrid``
  maps      memory layers for maps: ``memory_layer``, ``units_layer``, ``facilities_layer``,
            ``marked_layer`` (labelled points), ``network_layer``, ``categorized_layer`` (a colour per value),
            ``two_class_layer``, ``context_layer`` (parks, stops), ``label_layer`` …
  html      the HTML writer (maps as PNG, charts as inline SVG)
  layout    the PDF writer (``PdfLayout``: labels, manual tables flowing over pages, map items with
            legend, scale bar and north arrow, SVG charts)
  writer    ``write_report``: HTML + PDF beside it, both or neither, on the main thread
  coverage, siting, review
            one module per report kind (lifecircle:walkingcoverage, suggestsites, validateblueprint)

How to add a report to an algorithm (a new report kind)
-------------------------------------------------------
1. In ``initAlgorithm`` call ``self.add_report_parameters()`` (base class): it declares OUTPUT_REPORT
   (an optional .html file destination) and the OUTPUT_REPORT_PDF output.
2. Write a module ``report/<kind>.py`` with one function that builds the document from what the algorithm
   computed; it knows no parameters beyond what it is given::

       from ...lifecircle_plugin.core.report_content import BarChart, Table, format_share
       from .document import Report
       from .maps import facilities_layer, units_layer

       def impact_report(outcome, units, crs):
           report = Report("规划影响报告", "Plan impact report")           # title zh / en
           report.add_headline(translate("Report", "…"))                 # the result in one sentence
           report.add_figures([("86.0%", translate("Report", "覆盖率 / covered"))])
           report.add_paragraph(translate("Report", "…"))
           report.add_map(translate("Report", "… / …"),                   # every layer is in the legend
                          [facilities_layer(points, crs), units_layer(units, crs)], crs)
           report.add_map_grid(title, [Report.map_section(t, layers, crs) for …])  # small multiples
           report.add_chart(BarChart(title, categories, [(series, shares)], target=0.99, target_label=…))
           report.add_chart(BarChart(title, categories, [(series, minutes)], maximum=30, unit=" 分钟"))
           report.add_table(Table(title, headers, rows, note=…, numeric_columns=(1, 2)))
           report.add_sources([layer], role)                              # layers not given as parameters
           return report

   Texts are bilingual source strings "中文 / English" in the context "Report" (a bare
   ``translate("Report", "…")`` call, so that pylupdate5 finds them; then ``make translations``).
   Numbers keep their units on one line by themselves (``keep_numbers_whole``).
3. In ``compute``: check the path early with ``path = self.report_path(parameters, context)`` (None: no
   report); at the end, when ``path``, call
   ``self.publish_report(impact_report(...), parameters, context, outputs)``. The base class adds the
   parameters table (input layers go to the sources) and writes HTML and PDF in ``postProcessAlgorithm``
   on the main thread (print layouts are Qt graphics scenes), adding OUTPUT_REPORT and OUTPUT_REPORT_PDF
   to the results and logging both paths. Nothing else is needed; do not write files yourself.
4. Test through ``processing.run`` and check the PDF with ``assert_pdf_holds_html`` of ``tests/pdf_text.py``
   (every table cell and parameter value of the HTML in the PDF's text, no number split over lines).

To write a report outside an algorithm (on the main thread): ``write_report(report, "x.html")``.
"""
from ...lifecircle_plugin.core.report_content import BarChart, Table, format_share
from .document import Figure, MapGrid, MapSection, Report, keep_numbers_whole
from .writer import write_report

__all__ = ["BarChart", "Figure", "MapGrid", "MapSection", "Report", "Table", "format_share", "keep_numbers_whole",
           "write_report"]
