"""Outputs closed on a thread of their own (OutputStaging.close_in_background) are complete files when the run
returns, and a run failing after one was handed over leaves nothing of itself; a sink left in a reference cycle is
closed before its file is moved; the SQLite page cache given to GeoPackage outputs stays local to their creation;
Python's cycle collector is paused only while a run computes."""
import os
import sqlite3

import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException

from conftest import RecordingFeedback
from lifecircle.processing_algorithms import base

ALG = "lifecircle:walkingcoverage"


def params(district, folder):
    return {"NETWORK": f"{district}|layername=roads", "FACILITIES": f"{district}|layername=facilities",
            "SERVICE_FIELD": "services", "DEMAND": f"{district}|layername=compounds",
            "POPULATION_FIELD": "population", "OUTPUT_DEMAND": str(folder / "residents.gpkg"),
            "OUTPUT_SUMMARY": str(folder / "summary.csv"), "OUTPUT_GAPS": str(folder / "gaps.gpkg")}


def rtree_rows(path):
    """(features, R-tree entries) of the one layer of a GeoPackage, read with SQLite alone."""
    with sqlite3.connect(path) as db:
        table, column = db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchone()
        features = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        entries = db.execute(f'SELECT count(*) FROM "rtree_{table}_{column}"').fetchone()[0]
    return features, entries


def test_outputs_closed_in_the_background_are_whole_when_the_run_returns(district, tmp_path):
    import processing

    result = processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    for name in ("OUTPUT_DEMAND", "OUTPUT_GAPS"):
        path = result[name]
        assert os.path.dirname(path) == str(tmp_path) and ".lifecircle-" not in path
        features, entries = rtree_rows(path)
        assert features > 0 and entries == features  # the R-tree GDAL fills at close is complete
    assert sorted(os.listdir(tmp_path)) == ["gaps.gpkg", "residents.gpkg", "summary.csv"]  # no -wal, -shm


def test_a_run_failing_after_an_output_was_handed_over_leaves_nothing(district, tmp_path, monkeypatch):
    import processing

    earlier = tmp_path / "residents.gpkg"
    earlier.write_bytes(b"an earlier result")
    handed = []
    real_close = base.CheckedSink.close_in_background

    def close_then_fail(sink, staging):
        handed.append(sink)
        real_close(sink, staging)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(base.CheckedSink, "close_in_background", close_then_fail)
    with pytest.raises(QgsProcessingException):
        processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    assert len(handed) == 1
    assert sorted(os.listdir(tmp_path)) == ["residents.gpkg"]
    assert earlier.read_bytes() == b"an earlier result"


def test_a_sink_left_in_a_reference_cycle_is_closed_before_its_file_is_moved(district, tmp_path, monkeypatch):
    import processing

    from lifecircle.processing_algorithms import output_staging

    def leave_in_a_cycle(sink, staging):
        cycle = [sink._sink]
        cycle.append(cycle)  # only Python's cycle collector frees it, and so closes the file
        sink._sink = None

    collections = []
    real_collect = output_staging.gc.collect
    monkeypatch.setattr(output_staging.gc, "collect", lambda: collections.append(1) or real_collect())
    monkeypatch.setattr(base.CheckedSink, "close_in_background", leave_in_a_cycle)
    result = processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    assert collections == [1]
    for name in ("OUTPUT_DEMAND", "OUTPUT_GAPS"):
        features, entries = rtree_rows(result[name])
        assert features > 0 and entries == features


def test_no_collection_when_every_sink_is_closed(district, tmp_path, monkeypatch):
    import processing

    from lifecircle.processing_algorithms import output_staging

    collections = []
    monkeypatch.setattr(output_staging.gc, "collect", lambda: collections.append(1))
    processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    assert collections == []  # a full collection costs 0.03 s in a large process


def test_the_page_cache_option_is_set_only_while_an_output_is_created(district, tmp_path, monkeypatch):
    seen = []
    real = base.QgsProcessingAlgorithm.parameterAsSink

    def recording(self, *args, **kwargs):
        seen.append(gdal.GetConfigOption(base.SQLITE_CACHE_OPTION))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(base.QgsProcessingAlgorithm, "parameterAsSink", recording)
    import processing

    processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    assert seen == [base.OUTPUT_SQLITE_CACHE_MB] * 3
    assert gdal.GetConfigOption(base.SQLITE_CACHE_OPTION) is None

    seen.clear()
    again = tmp_path / "again"
    again.mkdir()
    gdal.SetConfigOption(base.SQLITE_CACHE_OPTION, "100")  # the user's own setting is kept
    try:
        processing.run(ALG, params(district, again), feedback=RecordingFeedback())
    finally:
        gdal.SetConfigOption(base.SQLITE_CACHE_OPTION, None)
    assert seen == ["100"] * 3


def test_the_cycle_collector_is_paused_while_computing_and_restored(district, tmp_path, monkeypatch):
    import gc

    import processing

    from lifecircle.processing_algorithms.walking_coverage import WalkingCoverageAlgorithm

    seen = []
    real_compute = WalkingCoverageAlgorithm.compute

    def recording(self, *args):
        seen.append(gc.isenabled())
        return real_compute(self, *args)

    monkeypatch.setattr(WalkingCoverageAlgorithm, "compute", recording)
    assert gc.isenabled()
    processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    assert seen == [False] and gc.isenabled()

    monkeypatch.setattr(WalkingCoverageAlgorithm, "compute", lambda *args: 1 / 0)  # a bug in a run
    with pytest.raises(QgsProcessingException, match="bug in LifeCircle"):
        processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
    assert gc.isenabled()

    gc.disable()  # a user's own choice stays
    try:
        monkeypatch.setattr(WalkingCoverageAlgorithm, "compute", recording)
        processing.run(ALG, params(district, tmp_path), feedback=RecordingFeedback())
        assert not gc.isenabled()
    finally:
        gc.enable()
