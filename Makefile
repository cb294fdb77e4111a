# LifeCircle (15分钟社区生活圈) — build, test and install.
# `make test` and `make demo` are complete first commands on a fresh Debian 12 machine.

SHELL := /bin/bash
SYSTEM_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := qgis python3-qgis qgis-providers python3-scipy python3-venv \
	pyqt5-dev-tools qttools5-dev-tools xvfb
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup test demo bench package deploy translations clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@if ! $(SYSTEM_PYTHON) -c 'import qgis.core, scipy' 2>/dev/null \
	   || ! command -v lrelease >/dev/null || ! command -v pylupdate5 >/dev/null \
	   || ! command -v Xvfb >/dev/null; then \
	  echo "Installing Debian's QGIS packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi
	$(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

test: setup
	$(PY) -m pytest -q tests

clean:
	rm -rf $(VENV) build dist .pytest_cache
