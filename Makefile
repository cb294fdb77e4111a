# LifeCircle (15分钟社区生活圈) — set-up, tests, demo, packaging and installation.
# `make test` and `make demo` are complete first commands on a fresh Debian 12 machine with git and make.

SHELL := /bin/bash
SYSTEM_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
# The plugin's own libraries for this Python (ext-libs/<python tag>/, see lifecircle_plugin/dependencies.py).
PRIVATE_LIBS := ext-libs/$(shell $(SYSTEM_PYTHON) lifecircle_plugin/dependencies.py)
STAMP := $(VENV)/.installed
# The web map library (Leaflet, pinned in web/package-lock.json) of lifecircle:exportwebmap: installed from npm
# into web/node_modules, copied where the plugin looks for it (ext-libs/web/leaflet, the same for every
# Python); never committed.
LEAFLET_DIST := web/node_modules/leaflet
WEB_LIBS := web/leaflet
copy_leaflet = rm -rf $(1)/$(WEB_LIBS) && mkdir -p $(1)/$(WEB_LIBS) && \
	cp -r $(LEAFLET_DIST)/dist/leaflet.js $(LEAFLET_DIST)/dist/leaflet.css $(LEAFLET_DIST)/dist/images \
	$(LEAFLET_DIST)/LICENSE $(1)/$(WEB_LIBS)/
APT_PACKAGES := qgis python3-qgis qgis-providers python3-scipy python3-pyproj python3-venv \
	pyqt5-dev-tools qttools5-dev-tools xvfb fonts-wqy-microhei poppler-utils nodejs npm chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

# Debian's /usr/bin/qgis_process passes --noversioncheck, which 3.22 rejects: call the binary.
QGIS_PROCESS := /usr/bin/qgis_process.bin
# qgis_process finds the plugin through a throwaway profile whose plugin folder links to this checkout.
CLI_HOME := build/cli-profile
CLI_ENV := QGIS_CUSTOM_CONFIG_PATH=$(abspath $(CLI_HOME))/config QGIS_PLUGINPATH=$(abspath $(CLI_HOME))/plugins

# make deploy: into the user's default QGIS profile unless QGIS_PROFILE_DIR says otherwise.
QGIS_PROFILE_DIR ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
DEMO_DIR := build/demo
TS := i18n/lifecircle_zh_CN.ts
QM := i18n/lifecircle_zh_CN.qm
TRANSLATED_SOURCES = $$(git ls-files '*.py' | grep -Ev '^(tests|bench)/')
# The Pythons the package carries libraries for: version:wheel platform:folder (Debian 12's QGIS 3.22,
# Debian 13's QGIS 3.40, Windows' OSGeo4W/standalone QGIS 3.40); other Pythons install them with pip.
PACKAGE_PYTHONS := 3.11:manylinux2014_x86_64:cp311-linux_x86_64 3.13:manylinux2014_x86_64:cp313-linux_x86_64 \
	3.12:win_amd64:cp312-win_amd64
PACKAGE_EXCLUDE := ^(tests/|bench/|\.ci/|docs/|web/|\.gitignore|pytest\.ini|requirements-dev\.txt)

.PHONY: setup test lint demo bench package deploy translations cli-profile clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt web/package-lock.json
	@if ! $(SYSTEM_PYTHON) -c 'import qgis.core, scipy, pyproj' 2>/dev/null \
	   || ! command -v lrelease >/dev/null || ! command -v pylupdate5 >/dev/null \
	   || ! command -v Xvfb >/dev/null || [ ! -x $(QGIS_PROCESS) ] || ! command -v pdftoppm >/dev/null \
	   || ! fc-list :lang=zh | grep -q . || ! command -v npm >/dev/null || ! command -v chromium >/dev/null \
	   || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "Installing Debian's QGIS packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi
	$(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check --upgrade --no-deps \
		--target $(PRIVATE_LIBS) -r requirements.txt
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	$(call copy_leaflet,ext-libs)
	touch $@

# The suite on the host's QGIS (3.22), then on QGIS 3.40 LTR in a Debian 13 root cached under build/.
test: setup $(QM)
	$(PY) -m pytest -q tests
	.ci/qgis340.sh

lint: setup
	$(VENV)/bin/ruff check --quiet .

cli-profile: setup
	@mkdir -p $(CLI_HOME)/plugins $(CLI_HOME)/config/profiles/default/QGIS
	@ln -sfn $(CURDIR) $(CLI_HOME)/plugins/lifecircle
	@printf '[PythonPlugins]\nlifecircle=true\n' > $(CLI_HOME)/config/profiles/default/QGIS/QGIS3.ini

demo: setup $(QM) cli-profile
	@mkdir -p $(DEMO_DIR)
	@rm -rf $(DEMO_DIR)/*
	$(CLI_ENV) $(QGIS_PROCESS) run lifecircle:sampledistrict -- \
		OUTPUT=$(DEMO_DIR)/sample_district.gpkg 2>/dev/null | tail -n 4
	$(CLI_ENV) $(QGIS_PROCESS) --json run lifecircle:walkingcoverage -- \
		NETWORK=$(DEMO_DIR)/sample_district.gpkg\|layername=roads \
		FACILITIES=$(DEMO_DIR)/sample_district.gpkg\|layername=facilities SERVICE_FIELD=services \
		DEMAND=$(DEMO_DIR)/sample_district.gpkg\|layername=compounds POPULATION_FIELD=population \
		GATES=$(DEMO_DIR)/sample_district.gpkg\|layername=gates \
		UNITS=$(DEMO_DIR)/sample_district.gpkg\|layername=units UNIT_ID_FIELD=unit_id \
		STANDARDS=resources/standards_tiered.csv \
		OUTPUT_DEMAND=$(DEMO_DIR)/coverage_residents.gpkg \
		OUTPUT_SUMMARY=$(DEMO_DIR)/coverage_summary.csv \
		OUTPUT_GAPS=$(DEMO_DIR)/coverage_gaps.gpkg \
		OUTPUT_REPORT=$(DEMO_DIR)/coverage_report.html \
		2>/dev/null > $(DEMO_DIR)/coverage.json
	@$(PY) -c 'import json,sys; r=json.load(open(sys.argv[1])); \
		print("\n".join(l for l in r["log"]["info"] if "%" in l)); print("Outputs:"); \
		[print(f"  {k}: {v}") for k, v in sorted(r["results"].items())]; \
		print("Report:", r["results"]["OUTPUT_REPORT"], "and", r["results"]["OUTPUT_REPORT_PDF"])' \
		$(DEMO_DIR)/coverage.json
	@$(CLI_ENV) $(QGIS_PROCESS) run lifecircle:exportwebmap -- \
		NETWORK=$(DEMO_DIR)/sample_district.gpkg\|layername=roads \
		FACILITIES=$(DEMO_DIR)/sample_district.gpkg\|layername=facilities SERVICE_FIELD=services \
		UNITS=$(DEMO_DIR)/sample_district.gpkg\|layername=units UNIT_ID_FIELD=unit_id \
		BOUNDARY=$(DEMO_DIR)/sample_district.gpkg\|layername=boundary STANDARDS=resources/standards_tiered.csv \
		TITLE=丹浦桥街道15分钟社区生活圈 OUTPUT_FOLDER=$(abspath $(DEMO_DIR))/webmap 2>/dev/null > /dev/null
	@echo "Digital map for residents (opens offline in any browser): $(DEMO_DIR)/webmap/index.html"

bench: setup cli-profile
	$(PY) bench/run_all.py

# Refresh the catalogue from the sources (keeps existing translations), then compile it.
translations: setup
	pylupdate5 -noobsolete $(TRANSLATED_SOURCES) -ts $(TS) 2>/dev/null
	lrelease -silent $(TS) -qm $(QM)

$(QM): $(TS) | setup
	lrelease -silent $(TS) -qm $(QM)

package: setup $(QM)
	rm -rf build/package dist/lifecircle.zip && mkdir -p build/package/lifecircle dist
	git ls-files | grep -Ev '$(PACKAGE_EXCLUDE)' | xargs -I{} cp --parents {} build/package/lifecircle/
	cp i18n/*.qm build/package/lifecircle/i18n/
	$(call copy_leaflet,build/package/lifecircle/ext-libs)
	@for target in $(PACKAGE_PYTHONS); do set -- $${target//:/ }; \
	  $(PY) -m pip install -q --disable-pip-version-check --no-deps --only-binary=:all: --python-version $$1 \
	    --platform $$2 --target build/package/lifecircle/ext-libs/$$3 -r requirements.txt || exit 1; \
	  echo "ext-libs/$$3: shapely 2 and openpyxl for Python $$1 ($$2)"; done
	cd build/package && $(abspath $(PY)) -m zipfile -c ../../dist/lifecircle.zip lifecircle
	@echo "Plugin package: dist/lifecircle.zip (install it with QGIS › Plugins › Install from ZIP)"

deploy: package
	@dest="$(QGIS_PROFILE_DIR)/python/plugins/lifecircle"; \
	mkdir -p "$$(dirname "$$dest")" && rm -rf "$$dest.new" && cp -r build/package/lifecircle "$$dest.new" && \
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --target "$$dest.new/$(PRIVATE_LIBS)" \
		-r requirements.txt && \
	rm -rf "$$dest.old" && { [ ! -e "$$dest" ] || mv "$$dest" "$$dest.old"; } && mv "$$dest.new" "$$dest" && \
	rm -rf "$$dest.old" && echo "Installed into $$dest"
	@ini="$(QGIS_PROFILE_DIR)/QGIS/QGIS3.ini"; mkdir -p "$$(dirname "$$ini")"; touch "$$ini"; \
	if ! grep -q '^lifecircle=true' "$$ini"; then \
	  cp "$$ini" "$$ini.bak"; \
	  if grep -q '^\[PythonPlugins\]' "$$ini"; then \
	    sed -i '/^lifecircle=/d; /^\[PythonPlugins\]/a lifecircle=true' "$$ini"; \
	  else printf '\n[PythonPlugins]\nlifecircle=true\n' >> "$$ini"; fi; \
	  echo "Enabled in $$ini (previous settings kept in $$ini.bak)"; fi

clean:
	.ci/qgis340.sh --unmount
	rm -rf --one-file-system $(VENV) ext-libs build dist .pytest_cache
