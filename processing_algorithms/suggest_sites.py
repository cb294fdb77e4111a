"""lifecircle:suggestsites — where to put new 六艺亭 or 人民坊 so that most residents come within reach."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..lifecircle_plugin.core.blueprint import DEFAULT_SETTINGS, BlueprintSettings
from ..lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES
from ..lifecircle_plugin.core.site_rules import (
    AREA_NEEDS_JUSTIFICATION,
    DEFAULT_HIGH_DEMAND_POP,
    DEFAULT_MINUTES,
    HUB,
    SITE_KIND_ZH,
    MAX_PROPOSED_HUB_SERVICES,
    PREFERENCE_CITE_M,
    NearbyFeature,
    check_kind,
    chosen_site_reasons,
    describe_exclusions,
    exclusion_counts,
    floor_area_value,
    is_one_stop_hub,
    judge_candidate,
    propose_hub_services,
)
from .base import INT_MAX, LifeCircleAlgorithm, advanced, conventional_field, decimals
from ..lifecircle_plugin.adapters.layer_io import (access_points, cancel_check, nullable_number, raise_if_cancelled,
                                                   read_layer)
from ..lifecircle_plugin.adapters.styles import style_on_load

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).
if TYPE_CHECKING:
    import numpy as np

# pylupdate5 reads a bare translate("Context", "text") call; a wrapper function would hide the strings.
translate = QCoreApplication.translate


@dataclass(frozen=True)
class UnitSiteCoverage:
    """Residents of one basic unit within reach of a site before and after the suggested sites."""

    unit_id: str
    residents: float
    covered_before: float
    covered_after: float
    reached: bool  # any resident of the unit (even one with no population) within reach after

    @property
    def share_before(self):
        return self.covered_before / self.residents if self.residents else 0.0

    @property
    def share_after(self):
        return self.covered_after / self.residents if self.residents else 0.0


def unit_coverage(unit_ids, population, reached_before, reached_after):
    """UnitSiteCoverage per unit id (sorted); empty when no resident has a unit."""
    import numpy as np

    if unit_ids is None:
        return []
    unit_ids = np.asarray(unit_ids, dtype=object)
    units = []
    for unit in sorted({u for u in unit_ids if u is not None}):
        members = unit_ids == unit
        units.append(UnitSiteCoverage(
            unit, float(population[members].sum()), float(population[members & reached_before].sum()),
            float(population[members & reached_after].sum()), bool((members & reached_after).any())))
    return units


@dataclass
class SitingOutcome:
    """What one run decided, as the report needs it (indices are candidate rows; ``existing`` facility rows)."""

    kind: str
    minutes: float
    total: float  # residents counted
    before: float  # residents within reach of an existing site
    result: object  # core.siting.SitingResult
    asked: object  # the number of sites asked for; None when a target share was given
    new_sites: list  # ranked
    gains: np.ndarray  # residents each new site adds, in rank order
    cum_shares: np.ndarray
    reasons: dict  # site -> (reason_zh, reason_en)
    hub_services: dict  # site -> proposed service codes (人民坊 only)
    areas: list
    verdicts: list
    existing: np.ndarray
    reached_before: np.ndarray
    reached_after: np.ndarray
    units: list  # UnitSiteCoverage per unit; empty without units


# Progress: reading, reading the rest, walking matrix (two steps), solving, outputs.
PROGRESS_STEPS = 6


class SuggestSitesAlgorithm(LifeCircleAlgorithm):
    NAME = "suggestsites"
    GROUP_ID = "planning"
    ICON = "suggestsites.svg"

    CANDIDATES = "CANDIDATES"
    FLOOR_AREA_FIELD = "FLOOR_AREA_FIELD"
    KIND = "KIND"
    COUNT = "COUNT"
    TARGET_SHARE = "TARGET_SHARE"
    MINUTES = "MINUTES"
    HIGH_DEMAND_POP = "HIGH_DEMAND_POP"
    MIN_HUB_AREA_M2 = "MIN_HUB_AREA_M2"
    TRANSIT = "TRANSIT"
    GREEN_SPACE = "GREEN_SPACE"
    LIVING_STREETS = "LIVING_STREETS"
    TIME_LIMIT_S = "TIME_LIMIT_S"
    OUTPUT = "OUTPUT"
    OUTPUT_AUDIT = "OUTPUT_AUDIT"
    COVERED_SHARE_BEFORE = "COVERED_SHARE_BEFORE"
    COVERED_SHARE_AFTER = "COVERED_SHARE_AFTER"
    OPTIMAL = "OPTIMAL"
    SITES_CHOSEN = "SITES_CHOSEN"

    # Preference parameter -> key of site_rules.PREFERENCE_LAYERS, and the audit field of its distance.
    PREFERENCES = ((TRANSIT, "transit", "transit_m"), (GREEN_SPACE, "green_space", "green_m"),
                   (LIVING_STREETS, "living_street", "street_m"))

    def displayName(self):
        return self.tr("Suggest sites for 六艺亭 / 人民坊")

    def group(self):
        return self.tr("Life-circle planning")

    def shortHelpString(self):
        return self.tr(
            "Chooses among candidate sites (stock buildings, vacant lots: points or polygons) the ones that "
            "bring the most residents within a walk of a 六艺亭 (Six-Arts Pavilion) or a 人民坊 (People's "
            "Hub), as a maximal covering problem solved exactly (MILP) within the time limit.\n\n"
            "Existing coverage: the features of the facilities layer are existing sites, kept open in the "
            "model. For a 六艺亭 every facility listing a service counts; for a 人民坊 only facilities "
            "combining at least two 十全十美 services (a one-stop hub by definition) and, when the facilities "
            "have the candidates' floor-area field, at least MIN_HUB_AREA_M2 of floor area. Residents within MINUTES "
            "of them are covered before; the new sites are ranked by the residents they add.\n\n"
            "MINUTES: empty = 5 for a 六艺亭, 15 for a 人民坊. COUNT new sites (default 3), or, when "
            "TARGET_SHARE (0–1) is above 0, the fewest new sites bringing that share of all residents (those "
            "covered before included) within reach; COUNT is then ignored.\n\n"
            "Size rules (the blueprint reviewer's thresholds): a 六艺亭 of up to {soft:g} m² is eligible; above "
            "{soft:g} and up to {hard:g} m² only where the residents within MINUTES of the site (all of them, "
            "covered or not) number at least HIGH_DEMAND_POP, and it is marked needs_justification; above "
            "{hard:g} m² never. A 人民坊 needs at least MIN_HUB_AREA_M2 (default {hub:g} m²) and combines at "
            "least two services: for each suggested hub the ten essentials are ranked by the residents within "
            "its reach who lack them within MINUTES today (per-service walking coverage from the facilities "
            "layer, each hub on its own), and the most-lacking ones are proposed (at most {most}, at least "
            "two; ties go to the 十全 order, party service first). Candidates with a NULL or non-numeric floor "
            "area, or farther from the network than the snap distance, are never chosen; the audit output "
            "says why for each.\n\n"
            "Preference layers (transit stops, green space, living streets; optional): the straight-line "
            "distance from each candidate to the nearest feature is recorded, and features within {cite:g} m are "
            "cited by name ('name' field) in the reasons. Among candidates reaching exactly the same residents "
            "the one with area status ok, then nearest to a preference feature, is suggested (an exact "
            "tie-break: coverage is unchanged).\n\n"
            "Units: the covered share before and after is logged per unit. For a 人民坊 the aim is one within "
            "reach of every unit; the covering solver takes no per-unit side constraint, so after solving "
            "each unit is checked for a chosen or existing hub within MINUTES of any of its residents, and "
            "units still without one are listed as a warning.\n\n"
            "Outputs: the suggested sites ranked (rank, new_covered_pop, cum_share, floor_area_m2, area_status, "
            "services for a 人民坊, reason_zh, reason_en) and an audit of every candidate (eligible, the rule "
            "that excluded it and why). The log gives the covered share before and after and whether the "
            "solution is proven optimal.").format(
            soft=DEFAULT_SETTINGS.pavilion_max_m2, hard=DEFAULT_SETTINGS.pavilion_hard_max_m2,
            hub=DEFAULT_SETTINGS.min_hub_area_m2, cite=PREFERENCE_CITE_M, most=MAX_PROPOSED_HUB_SERVICES
        ) + "\n\n" + self.tr(
            "Report (optional): one HTML file with a map of the suggested sites, the eligible candidates not "
            "chosen, the existing sites and the residents covered before, newly covered and still uncovered; "
            "a chart of the covered share per unit before and after (without units: the cumulative share by "
            "rank); the ranked sites, the audit summary, the parameters, data sources and credits. The same "
            "report is written as PDF beside it.")

    def initAlgorithm(self, config=None):
        # Inputs first; a common run fills five (network, residents, facilities, candidates, kind), the
        # fields being pre-selected by their conventional names. Fine-tuning waits under Advanced.
        self.add_network_parameters()
        self.add_demand_parameters()
        self.add_facility_parameters(optional=True)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.CANDIDATES, self.tr("Candidate sites (points or polygons)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(conventional_field(QgsProcessingParameterField(
            self.FLOOR_AREA_FIELD, self.tr("Floor area field of the candidates (m²)"),
            parentLayerParameterName=self.CANDIDATES), "floor_area_m2"))
        self.add_unit_parameters()
        self.addParameter(QgsProcessingParameterEnum(
            self.KIND, self.tr("Kind of site"),
            options=[self.tr("六艺亭 Six-Arts Pavilion"), self.tr("人民坊 People's Hub")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.COUNT, self.tr("Number of new sites"), QgsProcessingParameterNumber.Integer,
            defaultValue=3, minValue=1, maxValue=INT_MAX))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.TARGET_SHARE, self.tr("Or: share of residents to reach (0–1; 0 = use the number of sites)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0, maxValue=1.0), 3)))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.MINUTES, self.tr("Walking minutes (empty: 5 for 六艺亭, 15 for 人民坊)"),
            QgsProcessingParameterNumber.Double, optional=True, minValue=0.5, maxValue=120), 1)))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.HIGH_DEMAND_POP,
            self.tr("Residents within reach that justify a 200–400 m² 六艺亭"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULT_HIGH_DEMAND_POP, minValue=0.0,
            maxValue=1e7), 0)))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.MIN_HUB_AREA_M2, self.tr("Minimum floor area of a 人民坊 (m²)"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULT_SETTINGS.min_hub_area_m2, minValue=0.0,
            maxValue=1e6), 0)))
        for name, label in ((self.TRANSIT, self.tr("Preferred near: transit stops")),
                            (self.GREEN_SPACE, self.tr("Preferred near: public green space")),
                            (self.LIVING_STREETS, self.tr("Preferred near: living streets"))):
            self.addParameter(advanced(QgsProcessingParameterFeatureSource(
                name, label, [QgsProcessing.TypeVectorAnyGeometry], optional=True)))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.TIME_LIMIT_S, self.tr("Time limit of the optimisation (seconds)"),
            QgsProcessingParameterNumber.Double, defaultValue=60.0, minValue=1.0, maxValue=3600.0), 0)))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Suggested sites"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_AUDIT, self.tr("Candidate audit"), QgsProcessing.TypeVectorAnyGeometry, optional=True,
            createByDefault=True))
        self.add_report_parameters()
        self.addOutput(QgsProcessingOutputNumber(
            self.COVERED_SHARE_BEFORE, self.tr("Share of residents within reach before")))
        self.addOutput(QgsProcessingOutputNumber(
            self.COVERED_SHARE_AFTER, self.tr("Share of residents within reach after")))
        self.addOutput(QgsProcessingOutputBoolean(self.OPTIMAL, self.tr("Proven optimal")))
        self.addOutput(QgsProcessingOutputNumber(self.SITES_CHOSEN, self.tr("New sites suggested")))

    # --- reading ------------------------------------------------------------------------------

    def minutes(self, parameters, context, kind):
        value = parameters.get(self.MINUTES)
        if value is None or value == "":
            return DEFAULT_MINUTES[kind]
        return self.parameterAsDouble(parameters, self.MINUTES, context)

    def read_candidates(self, parameters, context, feedback, crs):
        import numpy as np

        source = self.source(parameters, self.CANDIDATES, context)
        area_field = self.parameterAsString(parameters, self.FLOOR_AREA_FIELD, context)
        if not area_field:
            raise QgsProcessingException(self.tr("Choose the floor area field of layer '{0}'.").format(
                source.sourceName()))
        fields = [area_field] + (["name"] if source.fields().lookupField("name") >= 0 else [])
        data = read_layer(source, source.sourceName(), crs, context, feedback, fields=fields, keep_features=True)
        areas = [floor_area_value(v) for v in data.values[area_field]]
        missing = [i for i, a in enumerate(areas) if a is None]
        if missing:
            feedback.pushWarning(self.tr(
                "Layer '{0}': {1} candidate(s) have a NULL floor area in '{2}' and cannot be judged or chosen "
                "(features {3}). Fill in their floor area to consider them.").format(
                data.name, len(missing), area_field, ", ".join(data.describe(i) for i in missing)))
        invalid = [i for i, a in enumerate(areas) if a is not None and not (np.isfinite(a) and a > 0)]
        if invalid:
            feedback.pushWarning(self.tr(
                "Layer '{0}': {1} candidate(s) have a floor area in '{2}' that is not a positive number of m² and "
                "cannot be chosen (features {3}). Correct them to consider them.").format(
                data.name, len(invalid), area_field, ", ".join(data.describe(i) for i in invalid)))
        return data, access_points(data, feedback), data.values[area_field]

    def existing_sites(self, parameters, context, feedback, crs, kind, min_hub_area):
        """Facilities (data, AccessPoints, services) and the indices that count as existing sites."""
        import numpy as np

        if self.parameterAsSource(parameters, self.FACILITIES, context) is None:
            feedback.pushInfo(self.tr("No facilities layer: nothing counts as covered before."))
            return None, None, [], np.zeros(0, dtype=np.int64)
        area_field = self.parameterAsString(parameters, self.FLOOR_AREA_FIELD, context)
        data, points, services = self.read_facilities(parameters, context, feedback, crs,
                                                      extra_fields=(area_field,))
        if kind == HUB:
            counted = [i for i, s in enumerate(services) if is_one_stop_hub(s)]
            single = [i for i, s in enumerate(services) if len(s) == 1]
            feedback.pushInfo(self.tr(
                "{0} of {1} facilities of '{2}' combine at least two services and count as existing 人民坊; "
                "{3} offering a single service are no hub.").format(
                len(counted), len(data), data.name, len(single)))
            if area_field in data.values:
                # A recorded floor area below the hub minimum makes a small multi-service station, not a hub.
                small = [i for i in counted if (floor_area_value(data.values[area_field][i]) or np.inf) < min_hub_area]
                counted = [i for i in counted if i not in set(small)]
                if small:
                    feedback.pushInfo(self.tr(
                        "{0} of them have a floor area '{1}' under {2:g} m² and are no 人民坊: {3}").format(
                        len(small), area_field, min_hub_area, ", ".join(data.describe(i) for i in small[:20])))
        else:
            counted = [i for i, s in enumerate(services) if s]
            feedback.pushInfo(self.tr("{0} facilities of '{1}' count as existing sites.").format(
                len(counted), data.name))
        return data, points, services, np.asarray(counted, dtype=np.int64)

    def nearby_features(self, parameters, context, feedback, crs, candidates):
        """Per preference layer given: (key, audit field, [NearbyFeature or None per candidate]), and the
        layers read {key: LayerData} (for the report's map)."""
        import numpy as np
        import shapely

        found, layers = [], {}
        geometries = candidates.geometries
        present = np.flatnonzero([g is not None for g in geometries])
        for parameter, key, field in self.PREFERENCES:
            source = self.source(parameters, parameter, context, required=False)
            if source is None:
                continue
            name_field = ["name"] if source.fields().lookupField("name") >= 0 else []
            layer = read_layer(source, source.sourceName(), crs, context, feedback, fields=name_field)
            layers[key] = layer
            usable = np.flatnonzero([g is not None for g in layer.geometries])
            nearest = [None] * len(candidates)
            if len(usable) and len(present):
                tree = shapely.STRtree(layer.geometries[usable])
                (cand_i, feature_i), distance = tree.query_nearest(
                    list(geometries[present]), return_distance=True, all_matches=False)
                names = layer.values.get("name", [None] * len(layer))
                for c, f, d in zip(cand_i, feature_i, distance):
                    name = names[usable[f]]
                    nearest[present[c]] = NearbyFeature(key, None if name in (None, "") else str(name), float(d))
            else:
                feedback.pushWarning(self.tr("Preference layer '{0}' has no usable geometry; it is ignored.").format(
                    layer.name))
            found.append((key, field, nearest))
        return found, layers

    # --- the run --------------------------------------------------------------------------------

    def compute(self, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.coverage import metres_per_minute
        from ..lifecircle_plugin.core.reach_matrix import population_within_reach, prefer_identical, rows_reaching
        from .report.siting import siting_report

        steps = PROGRESS_STEPS
        kind = check_kind(self.parameterAsEnum(parameters, self.KIND, context))
        kind_label = SITE_KIND_ZH[kind]
        report_path = self.report_path(parameters, context)
        minutes = self.minutes(parameters, context, kind)
        speed = metres_per_minute(self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context))
        radius = minutes * speed
        max_snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
        settings = BlueprintSettings(
            min_hub_area_m2=self.parameterAsDouble(parameters, self.MIN_HUB_AREA_M2, context),
            pavilion_max_m2=DEFAULT_SETTINGS.pavilion_max_m2,
            pavilion_hard_max_m2=DEFAULT_SETTINGS.pavilion_hard_max_m2)
        high_demand = self.parameterAsDouble(parameters, self.HIGH_DEMAND_POP, context)
        count = self.parameterAsInt(parameters, self.COUNT, context)
        target = self.parameterAsDouble(parameters, self.TARGET_SHARE, context)
        feedback.pushInfo(self.tr("Suggesting {0} sites: residents within {1:g} minutes on foot ({2:.0f} m).").format(
            kind_label, minutes, radius))

        network, crs = self.read_network(parameters, context, feedback)
        feedback.setProgress(100 / steps)
        demand, res_points, population = self.read_demand(parameters, context, feedback, crs)
        candidates, cand_points, raw_areas = self.read_candidates(parameters, context, feedback, crs)
        areas = [floor_area_value(v) for v in raw_areas]
        facilities, fac_points, services, existing = self.existing_sites(
            parameters, context, feedback, crs, kind, settings.min_hub_area_m2)
        units = self.read_units(parameters, context, feedback, crs)
        unit_ids = self.read_unit_ids(feedback, demand, units)
        nearby, preference_layers = self.nearby_features(parameters, context, feedback, crs, candidates)
        raise_if_cancelled(feedback)
        feedback.setProgress(200 / steps)

        matrix, cand_snap = self.walking_matrix(network, res_points, cand_points, facilities, fac_points, existing,
                                                 radius, max_snap, feedback, demand=demand)
        n_cand = len(candidates)
        fixed = np.arange(n_cand, n_cand + existing.size)
        pop_reach = population_within_reach(matrix, population)[:n_cand]
        verdicts = [judge_candidate(kind, raw_areas[i], pop_reach[i], bool(np.isfinite(cand_snap[i])),
                                    minutes=minutes, high_demand_pop=high_demand, max_snap_m=max_snap,
                                    settings=settings) for i in range(n_cand)]
        eligible = np.array([v.eligible for v in verdicts], dtype=bool)
        self.check_enough_eligible(candidates, verdicts, eligible, kind_label, count, target, feedback)
        feedback.setProgress(400 / steps)

        result = self.solve(matrix, population, radius, eligible, fixed, count, target,
                            self.parameterAsDouble(parameters, self.TIME_LIMIT_S, context), feedback)
        preference = [(verdicts[c].area_status == AREA_NEEDS_JUSTIFICATION,
                       min([n[c].distance_m for _, _, n in nearby if n[c] is not None], default=np.inf))
                      for c in range(n_cand)] + [(False, np.inf)] * existing.size
        new_sites = prefer_identical(matrix, result.new_sites,
                                     np.concatenate([eligible, np.zeros(existing.size, dtype=bool)]),
                                     preference, locked=fixed)
        gains = result.new_covered_weight[result.n_fixed:]
        total = result.total_weight
        reached_before = rows_reaching(matrix, fixed)
        reached_after = rows_reaching(matrix, list(fixed) + list(new_sites))
        before = float(population[reached_before].sum())
        feedback.setProgress(500 / steps)

        hub_services = {}
        lacking = {}
        if kind == HUB:
            hub_services, lacking = self.propose_services(
                network, fac_points, services, res_points, population, matrix, new_sites, minutes,
                speed, max_snap, feedback)
        self.log_outcome(feedback, kind_label, minutes, before, total, result, existing.size, new_sites,
                    None if target > 0 else count)
        unit_shares = unit_coverage(unit_ids, population, reached_before, reached_after)
        if unit_shares:
            self.log_units(feedback, kind, kind_label, minutes, unit_shares)

        rank = {site: r + 1 for r, site in enumerate(new_sites)}
        cum_shares = (before + np.cumsum(gains)) / total if total > 0 else np.zeros(len(new_sites))
        reasons = {site: chosen_site_reasons(
            gain, minutes, nearby=[n[site] for _, _, n in nearby], verdict=verdicts[site],
            hub_services=hub_services.get(site, ()), lacking=lacking.get(site))
            for site, gain in zip(new_sites, gains)}
        outputs = self.write_sites(parameters, context, candidates, areas, verdicts, new_sites, gains, cum_shares,
                                   pop_reach, reasons, hub_services, kind)
        if self.output_requested(parameters, self.OUTPUT_AUDIT, context):
            outputs.update(self.write_audit(parameters, context, feedback, candidates, areas, verdicts, pop_reach,
                                            cand_snap, nearby, rank))
        outputs.update({
            self.COVERED_SHARE_BEFORE: before / total if total > 0 else 0.0,
            self.COVERED_SHARE_AFTER: result.covered_share,
            self.OPTIMAL: bool(result.optimal),
            self.SITES_CHOSEN: len(new_sites),
        })
        if report_path:
            raise_if_cancelled(feedback)
            feedback.setProgressText(self.tr("Preparing the report's maps and tables"))
            outcome = SitingOutcome(
                kind=kind, minutes=minutes, total=total, before=before, result=result,
                asked=None if target > 0 else count, new_sites=list(new_sites), gains=np.asarray(gains, dtype=float),
                cum_shares=cum_shares, reasons=reasons, hub_services=hub_services, areas=areas, verdicts=verdicts,
                existing=existing, reached_before=reached_before, reached_after=reached_after, units=unit_shares)
            self.publish_report(siting_report(network, crs, demand, candidates, facilities, services, units,
                                              preference_layers, outcome), parameters, context, outputs)
        feedback.setProgress(100)
        return outputs

    def walking_matrix(self, network, res_points, cand_points, facilities, fac_points, existing, radius, max_snap,
                       feedback, demand=None):
        """Residents × (candidates, then existing sites) walking costs up to the radius; candidate snap (m)."""
        import numpy as np

        from ..lifecircle_plugin.core.reach_matrix import reach_matrix
        from ..lifecircle_plugin.core.routing import attach_points, build_routing_graph

        feedback.setProgressText(self.tr("Shortest walks from every candidate and existing site"))
        res_att = attach_points(network, res_points.xy, max_snap)
        if demand is not None:
            self.warn_beyond_snap(demand, res_points, res_att.attached, max_snap, feedback)
        cand_att = attach_points(network, cand_points.xy, max_snap)
        if fac_points is not None and existing.size:
            counted = np.isin(fac_points.owner, existing)
            fac_xy = fac_points.xy[counted]
            fac_owner = np.searchsorted(existing, fac_points.owner[counted])
        else:
            fac_xy, fac_owner = np.empty((0, 2)), np.empty(0, dtype=np.int64)
        fac_att = attach_points(network, fac_xy, max_snap)
        lost = np.setdiff1d(np.arange(existing.size), fac_owner[fac_att.attached])
        if lost.size:
            feedback.pushWarning(self.tr(
                "{0} existing site(s) of '{1}' are farther than {2:g} m from the network and cover no one: {3}").format(
                lost.size, facilities.name, max_snap, ", ".join(facilities.describe(existing[i]) for i in lost[:20])))
        graph = build_routing_graph(network, [res_att, cand_att, fac_att])
        res_leaves, cand_leaves, fac_leaves = graph.leaves
        n_cand = cand_points.count
        snap = np.full(n_cand, np.inf)
        np.minimum.at(snap, cand_points.owner, np.where(cand_att.attached, cand_att.snap_m, np.inf))

        matrix = reach_matrix(
            graph, res_leaves, res_points.owner, res_points.count,
            np.concatenate([cand_leaves, fac_leaves]), np.concatenate([cand_points.owner, n_cand + fac_owner]),
            n_cand + existing.size, radius, cancel=cancel_check(feedback),
            progress=lambda f: feedback.setProgress(100 * (2 + 2 * f) / PROGRESS_STEPS))
        return matrix, snap

    def check_enough_eligible(self, candidates, verdicts, eligible, kind_label, count, target, feedback):
        counts = exclusion_counts(verdicts)
        excluded = describe_exclusions(counts, self.language())
        n_eligible = int(eligible.sum())
        if n_eligible == 0:
            raise QgsProcessingException(self.tr(
                "None of the {0} candidates of layer '{1}' may host a {2}: {3}. See the rules in the help; "
                "add candidates or correct their floor areas.").format(
                len(candidates), candidates.name, kind_label, excluded))
        if target <= 0 and count > n_eligible and not counts:
            raise QgsProcessingException(self.tr(
                "{0} new sites asked for, but layer '{1}' has only {2} candidates. Lower the number of sites or "
                "add candidates.").format(count, candidates.name, len(candidates)))
        if target <= 0 and count > n_eligible:
            raise QgsProcessingException(self.tr(
                "{0} new sites asked for, but only {1} of the {2} candidates of layer '{3}' are eligible for a "
                "{4} (not eligible: {5}). Lower the number of sites or add candidates.").format(
                count, n_eligible, len(candidates), candidates.name, kind_label, excluded))
        feedback.pushInfo(self.tr("{0} of {1} candidates are eligible for a {2}.").format(
            n_eligible, len(candidates), kind_label))
        if counts:
            feedback.pushInfo(self.tr("Not eligible: {0}.").format(excluded))
        lost = [i for i, v in enumerate(verdicts) if v.rule == "beyond_snap"]
        if lost:
            feedback.pushWarning(self.tr(
                "{0} candidate(s) of '{1}' are farther from the walking network than the snap distance and "
                "cannot be chosen: {2}").format(len(lost), candidates.name,
                                                ", ".join(candidates.describe(i) for i in lost[:20])))

    def solve(self, matrix, population, radius, eligible, fixed, count, target, time_limit, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.siting import TargetUnreachableError, maximize_coverage, minimum_sites

        feedback.setProgressText(self.tr("Choosing the sites"))
        eligible_all = np.concatenate([eligible, np.zeros(fixed.size, dtype=bool)])
        if target > 0:
            feedback.pushInfo(self.tr(
                "Target share {0:.1%} given: the fewest sites reaching it are sought and the number of sites "
                "({1}) is ignored.").format(target, count))
            try:
                return minimum_sites(matrix, population, radius, target, fixed=fixed, eligible=eligible_all,
                                     time_limit=time_limit)
            except TargetUnreachableError as err:
                raise QgsProcessingException(self.tr(
                    "A share of {0:.1%} of residents cannot be reached even with every eligible candidate: at "
                    "most {1:.1%}. Lower the target share, add candidates or lengthen the walking time.").format(
                    target, err.max_share)) from err
        return maximize_coverage(matrix, population, radius, count + fixed.size, fixed=fixed,
                                 eligible=eligible_all, time_limit=time_limit)

    def propose_services(self, network, fac_points, services, res_points, population, matrix, new_sites, minutes,
                         speed, max_snap, feedback):
        """Per suggested hub: the proposed services and {code: residents within reach lacking it}."""
        import numpy as np

        from ..lifecircle_plugin.core.coverage import walking_coverage
        from ..lifecircle_plugin.core.reach_matrix import rows_reaching

        feedback.setProgressText(self.tr("Walking coverage of the ten essentials, to propose hub services"))
        if fac_points is None:
            ok = {code: np.zeros(len(population), dtype=bool) for code in REQUIRED_CODES}
        else:
            coverage = walking_coverage(
                network, fac_points, services, res_points, {code: minutes for code in REQUIRED_CODES},
                speed_kmh=speed * 60.0 / 1000.0, max_snap_m=max_snap, search_minutes=minutes,
                services=REQUIRED_CODES, cancel=cancel_check(feedback))
            ok = {code: coverage.ok(code) for code in REQUIRED_CODES}
        proposals, lacking = {}, {}
        for site in new_sites:
            within = rows_reaching(matrix, [site])
            lacking[site] = {code: float(population[within & ~ok[code]].sum()) for code in REQUIRED_CODES}
            proposals[site] = propose_hub_services(lacking[site])
        return proposals, lacking

    # --- log ----------------------------------------------------------------------------------------

    def log_outcome(self, feedback, kind_label, minutes, before, total, result, n_existing, new_sites, asked):
        from ..lifecircle_plugin.core.siting import sites_needed_at_least

        share_before = before / total if total > 0 else 0.0
        feedback.pushInfo(self.tr(
            "Before: {0:.1%} of {1:,.0f} residents live within {2:g} minutes of one of the {3} existing sites.").format(
            share_before, total, minutes, n_existing))
        feedback.pushInfo(self.tr("After: {0:.1%} ({1:,.0f} residents) with {2} new {3}.").format(
            result.covered_share, result.covered_weight, len(new_sites), kind_label))
        if asked is not None and len(new_sites) < asked:
            feedback.pushWarning(self.tr(
                "Only {0} of the {1} sites asked for are suggested: no other eligible candidate brings a resident "
                "within {2:g} minutes who is not within reach already.").format(len(new_sites), asked, minutes))
        if result.optimal:
            feedback.pushInfo(self.tr("The solution is proven optimal ({0}, {1:.1f} s).").format(
                result.method, result.seconds))
        elif asked is None:
            feedback.pushWarning(self.tr(
                "The number of sites is NOT proven minimal within the time limit: {0} new sites found, at least "
                "{1:.0f} are needed ({2}, {3:.1f} s). Raise the time limit to narrow the gap.").format(
                len(new_sites), sites_needed_at_least(result, n_existing), result.method, result.seconds))
        else:
            feedback.pushWarning(self.tr(
                "The solution is NOT proven optimal within the time limit: it is at most {0:.2%} below the best "
                "possible ({1}, {2:.1f} s). Raise the time limit to narrow the gap.").format(
                result.gap, result.method, result.seconds))

    def log_units(self, feedback, kind, kind_label, minutes, units):
        for unit in units:
            feedback.pushInfo(self.tr(
                "Unit {0}: {1:.1%} → {2:.1%} of its residents within {3:g} minutes of a {4}.").format(
                unit.unit_id, unit.share_before, unit.share_after, minutes, kind_label))
        without = [unit.unit_id for unit in units if not unit.reached]
        if kind == HUB and without:
            feedback.pushWarning(self.tr(
                "No 人民坊 (existing or suggested) within {0:g} minutes of any resident of unit(s): {1}. The aim is "
                "one within reach in every unit: add candidates there or raise the number of sites.").format(
                minutes, ", ".join(without)))

    # --- outputs ------------------------------------------------------------------------------------

    def write_sites(self, parameters, context, candidates, areas, verdicts, new_sites, gains, cum_shares, pop_reach,
                    reasons, hub_services, kind):
        fields = QgsFields()
        for name, kind_type in (("rank", QVariant.Int), ("source_fid", QVariant.LongLong), ("name", QVariant.String),
                                ("kind", QVariant.String), ("new_covered_pop", QVariant.Double),
                                ("cum_share", QVariant.Double), ("floor_area_m2", QVariant.Double),
                                ("area_status", QVariant.String), ("pop_within_reach", QVariant.Double),
                                ("services", QVariant.String), ("services_zh", QVariant.String),
                                ("reason_zh", QVariant.String), ("reason_en", QVariant.String)):
            fields.append(QgsField(name, kind_type))
        source = self.parameterAsSource(parameters, self.CANDIDATES, context)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point,
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        names = candidates.values.get("name", [None] * len(candidates))
        for position, (site, gain, cum_share) in enumerate(zip(new_sites, gains, cum_shares), start=1):
            codes = hub_services.get(site, ())
            reason_zh, reason_en = reasons[site]
            out = QgsFeature(fields)
            geometry = candidates.features[site].geometry()
            if not geometry.isNull():
                out.setGeometry(QgsGeometry.fromPointXY(geometry.pointOnSurface().asPoint()))
            out.setAttributes([
                position, int(candidates.fids[site]), names[site], kind, float(gain), float(cum_share),
                nullable_number(areas[site]),
                verdicts[site].area_status, float(pop_reach[site]), ",".join(codes) or None,
                "、".join(BY_CODE[c].name_zh for c in codes) or None, reason_zh, reason_en])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        style_on_load(context, dest, "suggested_sites")
        return {self.OUTPUT: dest}

    def write_audit(self, parameters, context, feedback, candidates, areas, verdicts, pop_reach, cand_snap, nearby,
                    rank):
        fields = QgsFields()
        for name, kind_type in (("source_fid", QVariant.LongLong), ("name", QVariant.String),
                                ("floor_area_m2", QVariant.Double), ("eligible", QVariant.Bool),
                                ("area_status", QVariant.String), ("rule", QVariant.String),
                                ("reason_zh", QVariant.String), ("reason_en", QVariant.String),
                                ("pop_within_reach", QVariant.Double), ("snap_m", QVariant.Double),
                                ("chosen", QVariant.Bool), ("rank", QVariant.Int)):
            fields.append(QgsField(name, kind_type))
        for _, field, _ in nearby:
            fields.append(QgsField(field, QVariant.Double))
        source = self.parameterAsSource(parameters, self.CANDIDATES, context)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_AUDIT, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_AUDIT))
        names = candidates.values.get("name", [None] * len(candidates))
        for i, verdict in enumerate(verdicts):
            if i % 1000 == 0:
                raise_if_cancelled(feedback)
            out = QgsFeature(fields)
            out.setGeometry(candidates.features[i].geometry())
            distances = [nullable_number(n[i].distance_m) if n[i] is not None else None for _, _, n in nearby]
            out.setAttributes([
                int(candidates.fids[i]), names[i], nullable_number(areas[i]),
                verdict.eligible, verdict.area_status, verdict.rule, verdict.reason_zh, verdict.reason_en,
                float(pop_reach[i]), nullable_number(cand_snap[i]), i in rank, rank.get(i)] + distances)
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        style_on_load(context, dest, "candidate_audit")
        return {self.OUTPUT_AUDIT: dest}
