"""The reserve board with the projects' impact: gains on the cards, each year's gain in its header, columns
ordered by impact, and the board's run of planimpact (its dialog replaced by a stand-in: the real one is modal)."""
from qgis.PyQt.QtCore import QVariant

from conftest import memory_layer
from lifecircle.lifecircle_plugin.gui import impact_store
from test_blueprint_dock import blueprint, dock, fid_of, seeded_geopackage  # noqa: F401 (fixtures)


def impact_output(rows):
    return memory_layer("Point", "EPSG:4549", [("project_id", QVariant.String), ("gain_total", QVariant.Double),
                                               ("gain_in_plan", QVariant.Double)], rows, "impact")


def column_of(board, year):
    return board.column_years.index(year)


def card_ids(board, year):
    return [board.session.records[fid]["project_id"] for fid in board.models[column_of(board, year)].fids]


def test_cards_and_headers_show_the_stored_impact_and_order_by_it(blueprint, dock):  # noqa: F811 (fixtures)
    board = dock.board
    assert not any("+" in board.card_text(record) for record in board.session.records.values())
    impact_store.store_impact(blueprint, impact_output([("POINT(0 0)", ["P001", 1240.0, 1000.0]),
                                                        ("POINT(0 0)", ["P003", 5000.0, None])]))
    board.refresh()
    assert "+1,240" in board.card_text(board.session.records[fid_of(dock, "P001")])
    assert "+1,000" in board.headers[column_of(board, 2028)].text()  # the year's in-plan gain
    assert "+" not in board.card_text(board.session.records[fid_of(dock, "P002")])
    unscheduled = card_ids(board, None)
    board.impact_order_button.setChecked(True)
    assert card_ids(board, None)[0] == "P003" and sorted(card_ids(board, None)) == sorted(unscheduled)
    board.impact_order_button.setChecked(False)
    assert card_ids(board, None) == unscheduled


class StandInDialog:
    def __init__(self, output):
        self.output = output

    def exec(self):
        return 1

    def results(self):
        return {"OUTPUT": self.output}

    def createProcessingParameters(self):
        return {"MINUTES": 15.0}


def test_compute_impact_runs_planimpact_and_shows_the_gains(lifecircle_provider, blueprint, dock,  # noqa: F811
                                                            monkeypatch):
    import processing

    board = dock.board
    output = impact_output([("POINT(0 0)", ["P002", 321.0, 321.0])])
    monkeypatch.setattr(processing, "createAlgorithmDialog", lambda algorithm_id, parameters: StandInDialog(output))
    board.compute_impact()
    assert "+321" in board.card_text(board.session.records[fid_of(dock, "P002")])
    assert "1" in board.status.text()
    assert impact_store.last_inputs(blueprint) == {"MINUTES": 15.0}
