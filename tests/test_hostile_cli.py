"""Hostile input through the real command line, /usr/bin/qgis_process.bin: refusals exit non-zero naming the
thing (in Chinese under a Chinese QGIS profile), and nothing is left at the output paths."""
import shutil

import pytest

import hostile_data as hd
from test_cli import TIMEOUT_S, cli_env, json_run_args, start  # noqa: F401 (cli_env: fixture)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-cli")
    return folder, hd.build(folder / "hostile.gpkg")


@pytest.fixture(scope="module")
def zh_env(cli_env, tmp_path_factory):  # noqa: F811 (the fixture of test_cli)
    """The CLI environment with QGIS's UI language set to Simplified Chinese (3.22 writes zh-Hans)."""
    env = dict(cli_env)
    config = tmp_path_factory.mktemp("cli-zh") / "config"
    shutil.copytree(cli_env["QGIS_CUSTOM_CONFIG_PATH"], config)
    ini = config / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.write_text(ini.read_text(encoding="utf-8") + "\n[locale]\noverrideFlag=true\nuserLocale=zh-Hans\n",
                   encoding="utf-8")
    env["QGIS_CUSTOM_CONFIG_PATH"] = str(config)
    return env


def refusal(process):
    """(exit code, everything printed) of a finished qgis_process run."""
    stdout, stderr = process.communicate(timeout=TIMEOUT_S)
    return process.returncode, stdout + stderr


def test_refusals_through_qgis_process(cli_env, zh_env, data):  # noqa: F811 (the fixture of test_cli)
    folder, layers = data
    out = folder / "out"
    out.mkdir()
    runs = {
        "summary-read-only": (cli_env, json_run_args(
            "lifecircle:walkingcoverage", NETWORK=layers["roads"], FACILITIES=layers["facilities"],
            SERVICE_FIELD="services", DEMAND=layers["residents"], POPULATION_FIELD="population",
            OUTPUT_DEMAND=out / "d.gpkg", OUTPUT_SUMMARY="/sys/s.csv", OUTPUT_GAPS=out / "g.gpkg"),
            ("/sys/s.csv", "read-only")),
        "unmapped-read-only": (cli_env, json_run_args(
            "lifecircle:classifyfacilities", INPUT=layers["pois"], SOURCE=1, TYPE_FIELD="type",
            OUTPUT=out / "c.gpkg", OUTPUT_UNMAPPED="/sys/u.csv"), ("/sys/u.csv", "read-only")),
        "expression": (cli_env, json_run_args(
            "lifecircle:preparenetwork", NETWORK=layers["roads"], EXCLUDE_EXPRESSION="highway IN ('footway'",
            OUTPUT=out / "n.gpkg"), ("highway IN ('footway'",)),
        "zh-folder": (zh_env, json_run_args(
            "lifecircle:fixchinacoords", INPUT=layers["fc_points_zm"], SOURCE_SYSTEM=2, TARGET_SYSTEM=0,
            OUTPUT=out), (str(out), "文件夹")),
    }
    if not hd.read_only_folder_available():  # a chroot without sysfs
        runs = {name: run for name, run in runs.items() if "read-only" not in name}
    started = {name: start(env, *args) for name, (env, args, _) in runs.items()}
    try:
        for name, (_, _, needles) in runs.items():
            code, printed = refusal(started[name])
            assert code != 0, f"{name}: exit 0\n{printed}"
            for needle in needles:
                assert needle in printed, f"{name}: {needle!r} not in\n{printed}"
            assert "Traceback" not in printed, f"{name}:\n{printed}"
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert sorted(p.name for p in out.iterdir()) == [], "a refused run left files behind"

