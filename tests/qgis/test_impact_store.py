"""The impact kept with a blueprint layer for the dock: stored gains, the last run's inputs, and a run of
planimpact's dialog (a stand-in dialog here: the real one is modal)."""
from qgis.PyQt.QtCore import QVariant

from conftest import memory_layer
from lifecircle.lifecircle_plugin.gui import impact_store

CRS = "EPSG:4549"


def blueprint():
    return memory_layer("Point", CRS, [("project_id", QVariant.String), ("services", QVariant.String)],
                        [("POINT(0 0)", ["A", "health"]), ("POINT(1 0)", ["B", "health"])], "projects")


def impact_output(rows):
    return memory_layer("Point", CRS, [("project_id", QVariant.String), ("gain_total", QVariant.Double),
                                       ("gain_in_plan", QVariant.Double)], rows, "impact")


def test_gains_are_stored_with_the_layer_and_fill_records_without_their_own(qgis_app):
    layer = blueprint()
    assert impact_store.stored_impact(layer) == {}
    stored = impact_store.store_impact(layer, impact_output([("POINT(0 0)", ["A", 1240.0, 1000.0]),
                                                             ("POINT(1 0)", ["B", 30.0, None])]))
    assert stored == 2
    impact = impact_store.stored_impact(layer)
    assert impact == {"A": (1240.0, 1000.0), "B": (30.0, None)}
    assert impact_store.with_impact({"project_id": "A"}, impact)["gain_total"] == 1240.0
    assert impact_store.with_impact({"project_id": "A", "gain_total": 5.0}, impact)["gain_total"] == 5.0
    assert impact_store.with_impact({"project_id": "Z"}, impact) == {"project_id": "Z"}


class StandInDialog:
    """What run_impact uses of Processing's algorithm dialog."""

    def __init__(self, parameters, output):
        self.parameters, self.output = parameters, output

    def exec(self):
        return 1

    def results(self):
        return {"OUTPUT": self.output} if self.output is not None else {}

    def createProcessingParameters(self):
        return dict(self.parameters, NETWORK="roads.gpkg|layername=roads", MINUTES=15.0, BUDGETS="2027:500",
                    OUTPUT_YEARS=object())


def test_run_keeps_the_inputs_and_gains_and_starts_the_next_run_from_them(qgis_app):
    layer = blueprint()
    opened = []

    def create(algorithm_id, parameters):
        opened.append((algorithm_id, parameters))
        return StandInDialog(parameters, impact_output([("POINT(0 0)", ["A", 7.0, 7.0])]))

    assert impact_store.run_impact(layer, create) == 1
    assert opened[0][0] == "lifecircle:planimpact" and opened[0][1]["INPUT"] is layer
    assert impact_store.last_inputs(layer) == {"NETWORK": "roads.gpkg|layername=roads", "MINUTES": 15.0,
                                               "BUDGETS": "2027:500"}
    assert impact_store.stored_impact(layer) == {"A": (7.0, 7.0)}
    impact_store.run_impact(layer, create)
    assert opened[1][1]["NETWORK"] == "roads.gpkg|layername=roads" and opened[1][1]["BUDGETS"] == "2027:500"


def test_a_dialog_closed_without_running_changes_nothing(qgis_app):
    layer = blueprint()
    assert impact_store.run_impact(layer, lambda _id, parameters: StandInDialog(parameters, None)) is None
    assert impact_store.last_inputs(layer) == {} and impact_store.stored_impact(layer) == {}
