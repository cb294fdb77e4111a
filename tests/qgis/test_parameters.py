"""What every algorithm declares for its dialog, models and scripts: real numeric ranges, secondary outputs
optional (a run with only the main output works from processing.run and a model), the walking-network settings
under Advanced, conventional fields pre-selected in the dialog only, readable decimals, the report by default,
Chinese aliases on the outputs as they load, and the sample district as a styled group."""
import pytest
from qgis.core import (
    QgsProcessingDestinationParameter,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterNumber,
    QgsProject,
)

from qgis.PyQt.QtCore import QVariant

from conftest import RecordingFeedback, memory_layer
from lifecircle.processing_algorithms.provider import ALGORITHMS

# The output every run needs; every other destination is optional.
MAIN_OUTPUT = {
    "walkingcoverage": "OUTPUT_DEMAND", "accessibility": "OUTPUT_DEMAND", "serviceareas": "OUTPUT",
    "sampledistrict": "OUTPUT",
    "fixchinacoords": "OUTPUT", "classifyfacilities": "OUTPUT", "preparenetwork": "OUTPUT",
    "suggestsites": "OUTPUT", "createblueprint": "OUTPUT", "validateblueprint": "OUTPUT",
    "blueprintmap": "OUTPUT_PDF", "exportwebmap": "OUTPUT_FOLDER", "importfeedback": "OUTPUT",
    "planimpact": "OUTPUT",
    "exportannuallist": None,  # any of its three files, or none (the count alone)
}
NETWORK_SETTINGS = ("EXCLUDE_EXPRESSION", "COST_FIELD", "NODING", "GAP_TOLERANCE_M", "MAX_SNAP_M", "WALK_SPEED_KMH")
# Parameters where 0 makes no sense (a snap distance of 0 attaches nothing, a speed of 0 walks nowhere).
POSITIVE = ("MAX_SNAP_M", "WALK_SPEED_KMH", "MINUTES", "SEARCH_MINUTES", "BUFFER_M", "TIME_LIMIT_S", "COUNT")


def algorithms():
    for cls in ALGORITHMS:
        algorithm = cls()
        algorithm.initAlgorithm()
        yield algorithm


def test_every_numeric_parameter_declares_its_real_range(lifecircle_provider):
    for algorithm in algorithms():
        for parameter in algorithm.parameterDefinitions():
            if not isinstance(parameter, QgsProcessingParameterNumber):
                continue
            where = f"{algorithm.name()} {parameter.name()}"
            assert parameter.minimum() > -1e300, f"{where} declares no minimum"
            if parameter.dataType() == QgsProcessingParameterNumber.Integer:  # parameterAsInt gives 0 beyond
                assert parameter.maximum() <= 2 ** 31 - 1, f"{where} accepts {parameter.maximum()}, read as 0"
            if parameter.name() in POSITIVE:
                assert parameter.minimum() > 0, f"{where} accepts {parameter.minimum()}"
            if parameter.dataType() == QgsProcessingParameterNumber.Double:
                decimals = parameter.metadata().get("widget_wrapper", {}).get("decimals")
                assert decimals is not None, f"{where} would show 0.500000 in the dialog"
                default = parameter.defaultValue()
                if default is not None:  # the default shows exactly
                    assert round(float(default), decimals) == pytest.approx(float(default)), where


def test_snap_distance_zero_is_refused_before_the_run(lifecircle_provider):
    from qgis.core import QgsProcessingContext

    algorithm = lifecircle_provider.algorithm("walkingcoverage")
    ok, message = algorithm.checkParameterValues({"MAX_SNAP_M": 0}, QgsProcessingContext())
    assert not ok


def test_secondary_outputs_are_optional_and_the_report_comes_by_default(lifecircle_provider):
    for algorithm in algorithms():
        for parameter in algorithm.destinationParameterDefinitions():
            if parameter.name() == MAIN_OUTPUT[algorithm.name()]:
                assert not parameter.flags() & QgsProcessingParameterDefinition.FlagOptional
                continue
            assert parameter.flags() & QgsProcessingParameterDefinition.FlagOptional, \
                f"{algorithm.name()} {parameter.name()} should be optional"
            if parameter.name().startswith("OUTPUT_REPORT"):
                assert parameter.createByDefault(), f"{algorithm.name()} report is not made by default"


def test_walking_network_settings_wait_under_advanced(lifecircle_provider):
    for algorithm in algorithms():
        names = [p.name() for p in algorithm.parameterDefinitions()]
        if "NETWORK" not in names or algorithm.name() == "preparenetwork":
            continue
        for name in set(NETWORK_SETTINGS) & set(names):
            flags = algorithm.parameterDefinition(name).flags()
            assert flags & QgsProcessingParameterDefinition.FlagAdvanced, f"{algorithm.name()} {name}"
    prepare = lifecircle_provider.algorithm("preparenetwork")
    assert not prepare.parameterDefinition("NODING").flags() & QgsProcessingParameterDefinition.FlagAdvanced


def test_a_common_siting_run_fills_five_inputs(lifecircle_provider):
    algorithm = lifecircle_provider.algorithm("suggestsites")
    folded = QgsProcessingParameterDefinition.FlagAdvanced | QgsProcessingParameterDefinition.FlagHidden
    shown = [p for p in algorithm.parameterDefinitions()
             if not p.flags() & folded and not isinstance(p, QgsProcessingDestinationParameter)]
    # Fields come pre-selected and the rest has defaults: what a planner picks is the layers and the kind.
    to_choose = [p.name() for p in shown if p.type() == "source" or p.name() == "KIND"]
    assert to_choose[:2] == ["NETWORK", "DEMAND"] and len(to_choose) <= 7, to_choose
    required = [p.name() for p in shown if not p.flags() & QgsProcessingParameterDefinition.FlagOptional
                and p.defaultValue() is None and p.guiDefaultValueOverride() is None]
    assert required == ["NETWORK", "DEMAND", "CANDIDATES"], required


def test_conventional_fields_are_preselected_in_the_dialog_only(lifecircle_provider):
    expected = {"SERVICE_FIELD": "services", "POPULATION_FIELD": "population", "UNIT_ID_FIELD": "unit_id",
                "FLOOR_AREA_FIELD": "floor_area_m2"}
    seen = set()
    for algorithm in algorithms():
        for name, field in expected.items():
            parameter = algorithm.parameterDefinition(name)
            if parameter is None:
                continue
            seen.add(name)
            assert parameter.guiDefaultValueOverride() == field, f"{algorithm.name()} {name}"
            if parameter.flags() & QgsProcessingParameterDefinition.FlagOptional:
                # a script leaving POPULATION_FIELD out still means "1 per feature"
                assert parameter.defaultValue() is None, f"{algorithm.name()} {name}"
    assert seen == set(expected)


def test_help_button_opens_a_bundled_offline_page(lifecircle_provider):
    from qgis.PyQt.QtCore import QUrl

    for algorithm in algorithms():
        url = QUrl(algorithm.helpUrl())
        assert url.isLocalFile(), algorithm.helpUrl()
        page = open(url.toLocalFile(), encoding="utf-8").read()
        first_paragraph = algorithm.shortHelpString().split("\n\n")[0]
        assert first_paragraph.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
            '"', "&quot;").replace("'", "&#x27;") in page
        assert all(f"<code>{p.name()}</code>" in page for p in algorithm.parameterDefinitions())


def layer(district, name):
    return f"{district}|layername={name}"


def only_main_output_cases(district):
    network = {"NETWORK": layer(district, "roads")}
    facilities = {"FACILITIES": layer(district, "facilities"), "SERVICE_FIELD": "services"}
    residents = {"DEMAND": layer(district, "residents"), "POPULATION_FIELD": "population"}
    return {
        "walkingcoverage": dict(network, **facilities, **residents, OUTPUT_DEMAND="TEMPORARY_OUTPUT"),
        "serviceareas": dict(network, **facilities, SERVICES="health", OUTPUT="TEMPORARY_OUTPUT"),
        "suggestsites": dict(network, **residents, CANDIDATES=layer(district, "candidates"),
                             FLOOR_AREA_FIELD="floor_area_m2", COUNT=2, OUTPUT="TEMPORARY_OUTPUT"),
        "classifyfacilities": dict(INPUT=memory_layer(
            "Point", "EPSG:4326", [("amenity", QVariant.String)],
            [("POINT(121.47 31.2)", ["clinic"]), ("POINT(121.48 31.2)", ["parking"])]), SOURCE=0,
            OUTPUT="TEMPORARY_OUTPUT"),
        "preparenetwork": dict(network, OUTPUT="TEMPORARY_OUTPUT"),
    }


@pytest.mark.parametrize("name", ["walkingcoverage", "serviceareas", "suggestsites", "classifyfacilities",
                                  "preparenetwork"])
def test_a_run_with_only_the_main_output(district, name):
    import processing

    parameters = only_main_output_cases(district)[name]
    results = processing.run(f"lifecircle:{name}", parameters, feedback=RecordingFeedback())
    main = MAIN_OUTPUT[name]
    assert results[main].featureCount() > 0
    others = {p.name() for p in lifecircle_provider_algorithm(name).destinationParameterDefinitions()} - {main}
    assert not [k for k in others if results.get(k)], results


def lifecircle_provider_algorithm(name):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().algorithmById(f"lifecircle:{name}")


def test_a_model_with_only_the_main_output(district):
    """In the modeler the secondary outputs are simply left unset."""
    import processing

    model = QgsProcessingModelAlgorithm("coverage only", "tests")
    child = QgsProcessingModelChildAlgorithm("lifecircle:walkingcoverage")
    child.setChildId("coverage")
    for name, value in only_main_output_cases(district)["walkingcoverage"].items():
        if name != "OUTPUT_DEMAND":
            child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    output = QgsProcessingModelOutput("residents", "residents")
    output.setChildOutputName("OUTPUT_DEMAND")
    child.setModelOutputs({"residents": output})
    model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    # QGIS names the model's destination 'coverage:residents' (3.22) or 'residents' (3.40): ask the model.
    [destination] = [p.name() for p in model.destinationParameterDefinitions()]
    [output] = [o.name() for o in model.outputDefinitions()]
    feedback = RecordingFeedback()
    results = processing.run(model, {destination: "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert results[output].featureCount() > 0, feedback.log


def test_outputs_load_with_chinese_aliases(district):
    import processing

    parameters = dict(only_main_output_cases(district)["walkingcoverage"], OUTPUT_SUMMARY="TEMPORARY_OUTPUT",
                      OUTPUT_GAPS="TEMPORARY_OUTPUT")
    results = processing.runAndLoadResults("lifecircle:walkingcoverage", parameters, feedback=RecordingFeedback())
    try:
        loaded = {layer_id: QgsProject.instance().mapLayer(layer_id) for layer_id in (
            results["OUTPUT_DEMAND"], results["OUTPUT_SUMMARY"], results["OUTPUT_GAPS"])}
        for layer_ in loaded.values():
            assert layer_ is not None
        demand = loaded[results["OUTPUT_DEMAND"]]
        fields = demand.fields()
        assert fields.field("min_health").alias() == "医疗卫生步行时间（分钟）"
        assert fields.field("ok_elderly").alias() == "为老服务达标"
        assert fields.field("n_required_ok").alias() == "可达十全服务数"
        ours = [f for f in fields if f.name().startswith(("min_", "ok_")) or f.name() in (
            "n_required_ok", "all_required", "snap_m", "island", "unit_id")]
        assert ours and all(f.alias() for f in ours)
        for output in ("OUTPUT_SUMMARY", "OUTPUT_GAPS"):
            assert all(f.alias() for f in loaded[results[output]].fields()), output
    finally:
        QgsProject.instance().removeAllMapLayers()


def test_sample_district_arrives_as_a_styled_group(lifecircle_provider, tmp_path):
    import processing

    from lifecircle.lifecircle_plugin.core.defaults import LAYER_NAMES
    from lifecircle.lifecircle_plugin.core.sample_district import STREET_NAME

    results = processing.runAndLoadResults("lifecircle:sampledistrict", {"OUTPUT": str(tmp_path / "d.gpkg")},
                                           feedback=RecordingFeedback())
    try:
        root = QgsProject.instance().layerTreeRoot()
        group = root.findGroup(f"Sample district {STREET_NAME}")
        assert group is not None and root.children()[0] is group
        layers = [node.layer() for node in group.findLayers()]
        assert len(layers) == len(LAYER_NAMES)
        assert [lyr.name() for lyr in layers][:2] == ["Candidate sites", "Existing facilities"]
        assert layers[-1].name() == "Street boundary"  # areas under lines under points
        roads = next(lyr for lyr in layers if lyr.name() == "Roads")
        assert roads.renderer().symbol().color().name() == "#8c8c8c"
        assert roads.fields().field("highway").alias()
        assert not [n for n in root.findLayers() if n.parent() is root], "a sample layer outside the group"
        assert results["ROADS"].endswith("|layername=roads")
    finally:
        QgsProject.instance().removeAllMapLayers()
        root.removeAllChildren()

