"""The impact of a blueprint layer's projects, kept with the layer for the dock: gains read from its own fields
(a layer written by lifecircle:planimpact) or stored in the project file with the layer (after the dock ran
planimpact on it), and the inputs of that last run, so the next one starts from them."""
import json

from ..core.blueprint import GAIN_FIELD, GAIN_IN_PLAN_FIELD

ALGORITHM_ID = "lifecircle:planimpact"
IMPACT_PROPERTY = "lifecircle/impact"  # {project_id: [gain_total, gain_in_plan]}
INPUTS_PROPERTY = "lifecircle/impact_inputs"  # the last run's input parameters
# Parameters the dock keeps between runs: the inputs, not the outputs (those are temporary layers each time).
KEPT_TYPES = (str, int, float, bool)


def stored_impact(layer):
    """{project_id: (gain_total, gain_in_plan)} stored with ``layer``; {} when none is."""
    text = layer.customProperty(IMPACT_PROPERTY, "") if layer is not None else ""
    try:
        stored = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    return {str(pid): tuple(values) for pid, values in stored.items()} if isinstance(stored, dict) else {}


def store_impact(layer, output):
    """Keep the gains of planimpact's ``output`` layer with ``layer`` (by project id); returns how many."""
    names = output.fields().names()
    if "project_id" not in names or GAIN_FIELD not in names:
        return 0
    impact = {}
    for feature in output.getFeatures():
        project_id, gain = feature["project_id"], feature[GAIN_FIELD]
        if project_id is None or gain is None or _is_null(project_id) or _is_null(gain):
            continue
        in_plan = feature[GAIN_IN_PLAN_FIELD] if GAIN_IN_PLAN_FIELD in names else None
        impact[str(project_id)] = [float(gain), None if in_plan is None or _is_null(in_plan) else float(in_plan)]
    layer.setCustomProperty(IMPACT_PROPERTY, json.dumps(impact))
    return len(impact)


def with_impact(record, stored):
    """``record`` with the gains of the layer's own fields, or else the stored ones (by project id)."""
    if record.get(GAIN_FIELD) is not None or not stored:
        return record
    values = stored.get(str(record.get("project_id")))
    if values is None:
        return record
    return dict(record, **{GAIN_FIELD: values[0], GAIN_IN_PLAN_FIELD: values[1]})


def last_inputs(layer):
    """The input parameters of the last planimpact run on ``layer`` ({} before the first)."""
    text = layer.customProperty(INPUTS_PROPERTY, "")
    try:
        inputs = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    return inputs if isinstance(inputs, dict) else {}


def remember_inputs(layer, parameters):
    """Keep the plain input values of a run (layer sources, fields, numbers, texts) with ``layer``."""
    kept = {name: value for name, value in parameters.items()
            if name != "INPUT" and not name.startswith("OUTPUT") and isinstance(value, KEPT_TYPES)}
    layer.setCustomProperty(INPUTS_PROPERTY, json.dumps(kept))
    return kept


def _is_null(value):
    is_null = getattr(value, "isNull", None)
    return bool(is_null()) if callable(is_null) else False


def run_impact(layer, create_dialog=None):
    """Open planimpact's dialog on ``layer``, filled with the inputs of its last run; after a run, keep the
    inputs and the gains with the layer. Returns the number of projects with a gain, None when not run."""
    from qgis.core import QgsProject, QgsVectorLayer

    if create_dialog is None:
        import processing

        create_dialog = processing.createAlgorithmDialog
    parameters = dict(last_inputs(layer), INPUT=layer, OUTPUT="TEMPORARY_OUTPUT", OUTPUT_YEARS="TEMPORARY_OUTPUT")
    dialog = create_dialog(ALGORITHM_ID, parameters)
    if dialog is None:
        return None
    dialog.exec()
    results = dialog.results() or {}
    if not results.get("OUTPUT"):
        return None
    remember_inputs(layer, dialog.createProcessingParameters())
    output = results["OUTPUT"]
    if isinstance(output, str):
        output = QgsProject.instance().mapLayer(output) or QgsVectorLayer(output, "impact", "ogr")
    return store_impact(layer, output)
