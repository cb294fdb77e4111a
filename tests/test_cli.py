"""The plugin through the real command line, qgis_process, as batch users and `make demo` run it.

Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which 3.22 rejects: the binary is
called directly. qgis_process finds the plugin through QGIS_PLUGINPATH (a folder holding a symlink
`lifecircle` to this checkout) and enables it through a throwaway profile (QGIS_CUSTOM_CONFIG_PATH);
QGIS's own Python finds shapely 2 in the plugin's ext-libs folder (made by `make setup`).
"""
import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

from lifecircle.lifecircle_plugin.dependencies import PRIVATE_LIBS

QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")
TIMEOUT_S = 120


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    """Environment under which qgis_process loads this checkout as plugin `lifecircle`."""
    if not QGIS_PROCESS.exists():
        pytest.skip(f"{QGIS_PROCESS} is absent (Debian package qgis)")
    if not Path(PRIVATE_LIBS, "shapely").is_dir():
        pytest.skip(f"{PRIVATE_LIBS} is absent: `make setup` installs shapely 2 there for QGIS's Python")
    home = tmp_path_factory.mktemp("cli")
    plugins = home / "plugins"
    plugins.mkdir()
    (plugins / "lifecircle").symlink_to(ROOT, target_is_directory=True)
    write_profile(home / "config", "")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins), QGIS_CUSTOM_CONFIG_PATH=str(home / "config"),
               XDG_RUNTIME_DIR=str(runtime))
    return env


def write_profile(config, settings):
    """A throwaway QGIS profile under ``config`` with the plugin enabled and ``settings`` added to QGIS3.ini.
    Its python/expressions folder is made here: qgis_process runs started together would each create it,
    and the loser of that race starts without Python."""
    profile = config / "profiles" / "default"
    (profile / "python" / "expressions").mkdir(parents=True)
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nlifecircle=true\n\n" + settings, encoding="utf-8")


def start(env, *args):
    """Start qgis_process.bin in the background (its start-up takes seconds: the tests overlap them)."""
    return subprocess.Popen([str(QGIS_PROCESS), *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(process):
    """Wait for a started qgis_process; its stdout, or a failure showing its output."""
    stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == 0, f"{' '.join(map(str, process.args))} failed:\n{stdout}\n{stderr}"
    return stdout


def json_run_args(algorithm, **params):
    return ("--json", "run", algorithm, "--", *(f"{k}={v}" for k, v in params.items()))


@pytest.fixture(scope="module")
def started(cli_env, tmp_path_factory):
    """list, help and the sample district run, started together: ({name: process}, GeoPackage path)."""
    gpkg = tmp_path_factory.mktemp("cli-district") / "sample_district.gpkg"
    processes = {
        "list": start(cli_env, "list"),
        "help": start(cli_env, "help", "lifecircle:walkingcoverage"),
        "district": start(cli_env, *json_run_args("lifecircle:sampledistrict", OUTPUT=gpkg)),
    }
    yield processes, gpkg
    for process in processes.values():
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_list_shows_the_provider_and_its_algorithms(started):
    listing = finish(started[0]["list"])
    assert "LifeCircle 15-minute life circle" in listing
    for algorithm in ("lifecircle:walkingcoverage\t15-minute walking coverage",
                      "lifecircle:sampledistrict\tSample district"):
        assert algorithm in listing


def test_help_describes_the_walking_coverage_parameters(started):
    text = finish(started[0]["help"])
    assert "15-minute walking coverage (lifecircle:walkingcoverage)" in text
    for parameter in ("NETWORK", "FACILITIES", "SERVICE_FIELD", "DEMAND", "POPULATION_FIELD", "GATES", "UNITS",
                      "STANDARDS", "OUTPUT_DEMAND", "OUTPUT_SUMMARY", "OUTPUT_GAPS"):
        assert f"\n{parameter}: " in text
    assert "COVERED_SHARE" in text and "十全十美" in text


def test_sample_district_then_walking_coverage_from_the_command_line(cli_env, started, tmp_path):
    processes, gpkg = started
    answer = json.loads(finish(processes["district"]))
    assert answer["results"]["OUTPUT"] == str(gpkg) and gpkg.stat().st_size > 0
    assert answer["results"]["ROADS"] == f"{gpkg}|layername=roads"
    assert any("丹浦桥街道" in line for line in answer["log"]["info"])

    outputs = {"OUTPUT_DEMAND": tmp_path / "residents.gpkg", "OUTPUT_SUMMARY": tmp_path / "summary.csv",
               "OUTPUT_GAPS": tmp_path / "gaps.gpkg"}
    answer = json.loads(finish(start(cli_env, *json_run_args(
        "lifecircle:walkingcoverage",
        NETWORK=f"{gpkg}|layername=roads", FACILITIES=f"{gpkg}|layername=facilities", SERVICE_FIELD="services",
        DEMAND=f"{gpkg}|layername=compounds", POPULATION_FIELD="population", GATES=f"{gpkg}|layername=gates",
        UNITS=f"{gpkg}|layername=units", UNIT_ID_FIELD="unit_id",
        STANDARDS=ROOT / "resources" / "standards_tiered.csv", **outputs))))
    results = answer["results"]
    for key, path in outputs.items():
        assert results[key] == str(path) and path.stat().st_size > 0
    log = answer["log"]["info"]
    headline = [line for line in log if "residents reach all ten essentials within their thresholds" in line]
    assert headline == [f"0.0% of {results['RESIDENTS']:,.0f} residents reach all ten essentials within their "
                        "thresholds."]
    assert 58000 < results["RESIDENTS"] < 62000 and results["COVERED_SHARE"] == 0.0
    assert any(line.startswith("  elderly 为老服务:") and "within 5 min" in line for line in log)
    with open(outputs["OUTPUT_SUMMARY"], newline="", encoding="utf-8-sig") as handle:
        summary = list(csv.DictReader(handle))
    whole_area = {row["service"]: row for row in summary if row["unit_id"] == "ALL"}
    assert float(whole_area["employment"]["covered_pop"]) == 0.0
    assert float(whole_area["elderly"]["threshold_min"]) == 5.0
    assert float(whole_area["party"]["population"]) == results["RESIDENTS"]


# --- the language qgis_process speaks: QGIS's settings, or the system's when QGIS follows it ----------------


def language_env(cli_env, home, settings, **environment):
    """cli_env with its own profile whose QGIS3.ini adds ``settings`` (and environment variables)."""
    write_profile(home / "config", settings)
    return dict(cli_env, QGIS_CUSTOM_CONFIG_PATH=str(home / "config"), **environment)


def translated_names(listing):
    """How many lifecircle algorithms the listing names other than in English (in Chinese), of how many."""
    from lifecircle.processing_algorithms.provider import ALGORITHMS

    english = {cls().displayName() for cls in ALGORITHMS}
    names = [line.strip().split("\t", 1)[1] for line in listing.splitlines()
             if line.strip().startswith("lifecircle:")]
    translated = [n for n in names if n not in english and any("\u4e00" <= ch <= "\u9fff" for ch in n)]
    return len(translated), len(names)


def test_qgis_process_speaks_the_language_qgis_is_set_to(cli_env, lifecircle_provider, tmp_path):
    from lifecircle.processing_algorithms.provider import ALGORITHMS

    chosen = "[locale]\noverrideFlag=true\nuserLocale={0}\n"
    cases = {
        "zh-Hans": (language_env(cli_env, tmp_path / "hans", chosen.format("zh-Hans")), True),
        "zh_CN": (language_env(cli_env, tmp_path / "cn", chosen.format("zh_CN")), True),
        "system zh_CN.UTF-8": (language_env(cli_env, tmp_path / "system", "[locale]\noverrideFlag=false\n",
                                            LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8"), True),
        "zh-Hant": (language_env(cli_env, tmp_path / "hant", chosen.format("zh-Hant")), False),
    }
    processes = {name: start(env, "list") for name, (env, _) in cases.items()}
    for name, (_, chinese) in cases.items():
        translated, listed = translated_names(finish(processes[name]))
        assert listed == len(ALGORITHMS), name
        assert translated == (len(ALGORITHMS) if chinese else 0), f"{name}: {translated} of {listed} in Chinese"


def test_walking_coverage_with_only_its_main_output(cli_env, started, tmp_path):
    """The summary, gaps and report are optional: a run giving only the residents' output works."""
    _, gpkg = started
    residents = tmp_path / "residents.gpkg"
    answer = json.loads(finish(start(cli_env, *json_run_args(
        "lifecircle:walkingcoverage",
        NETWORK=f"{gpkg}|layername=roads", FACILITIES=f"{gpkg}|layername=facilities", SERVICE_FIELD="services",
        DEMAND=f"{gpkg}|layername=residents", POPULATION_FIELD="population", OUTPUT_DEMAND=residents))))
    assert answer["results"]["OUTPUT_DEMAND"] == str(residents) and residents.stat().st_size > 0
    assert not {"OUTPUT_SUMMARY", "OUTPUT_GAPS", "OUTPUT_REPORT"} & {k for k, v in answer["results"].items() if v}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["residents.gpkg"]


def test_a_snap_distance_of_zero_is_refused_by_the_parameter(cli_env, started, tmp_path):
    _, gpkg = started
    process = start(cli_env, "run", "lifecircle:walkingcoverage", "--",
                    f"NETWORK={gpkg}|layername=roads", f"FACILITIES={gpkg}|layername=facilities",
                    "SERVICE_FIELD=services", f"DEMAND={gpkg}|layername=residents", "MAX_SNAP_M=0",
                    f"OUTPUT_DEMAND={tmp_path / 'r.gpkg'}")
    stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode != 0
    assert "MAX_SNAP_M" in stdout + stderr and "Traceback" not in stdout + stderr
    assert not (tmp_path / "r.gpkg").exists()
