"""The README documents every algorithm with all of its parameters and outputs."""
import re

from conftest import ROOT

from lifecircle.processing_algorithms.provider import ALGORITHMS


def readme_sections():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"\n(?=### `lifecircle:)", text)
    return {m.group(1): part for part in parts if (m := re.match(r"### `lifecircle:(\w+)`", part))}


def test_every_algorithm_and_parameter_is_in_the_readme(lifecircle_provider):
    sections = readme_sections()
    shared = (ROOT / "README.md").read_text(encoding="utf-8").split("### Shared walking-network parameters")[1]
    for cls in ALGORITHMS:
        algorithm = cls()
        algorithm.initAlgorithm()
        assert algorithm.name() in sections, f"README has no section for lifecircle:{algorithm.name()}"
        section = sections[algorithm.name()]
        names = [p.name() for p in algorithm.parameterDefinitions()] + [o.name() for o in algorithm.outputDefinitions()]
        missing = [n for n in names if f"`{n}`" not in section and f"`{n}`" not in shared.split("### `")[0]]
        assert not missing, f"README section of lifecircle:{algorithm.name()} lacks {missing}"


def test_readme_shows_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
