"""lifecircle:planimpact — what each project of the 3-year reserve brings to residents, and a budgeted schedule."""
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..lifecircle_plugin.core.defaults import DEFAULT_MINUTES
from ..lifecircle_plugin.core.services import REQUIRED_CODES, SERVICE_CODES
from .base import LifeCircleAlgorithm, advanced, decimals
from ..lifecircle_plugin.adapters.layer_io import (access_points, cancel_check, nullable_number, progress_between,
                                                  raise_if_cancelled, read_layer, stored_text_values)
from .validate_blueprint import ValidateBlueprintAlgorithm

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

# Fields of the projects layer the impact reads (those present).
PROJECT_FIELDS = ("project_id", "name", "kind", "services", "status", "reserve_year", "priority", "budget_wan")
IMPACT_FIELDS = ("gain_total", "gain_in_plan", "gain_per_wan", "impact_rank", "suggested_year")


class PlanImpactAlgorithm(LifeCircleAlgorithm):
    NAME = "planimpact"
    GROUP_ID = "blueprint"
    ICON = "planimpact.svg"

    INPUT = "INPUT"
    MINUTES = "MINUTES"
    BUDGETS = "BUDGETS"
    TIME_LIMIT_S = "TIME_LIMIT_S"
    OUTPUT = "OUTPUT"
    OUTPUT_YEARS = "OUTPUT_YEARS"
    PEOPLE_YEARS = "PEOPLE_YEARS"
    GAP = "GAP"
    OPTIMAL = "OPTIMAL"
    PROJECTS_ASSESSED = "PROJECTS_ASSESSED"

    # The same plan window as validateblueprint (FIRST_YEAR, else the blueprint's metadata).
    plan_window = ValidateBlueprintAlgorithm.plan_window

    def tr(self, string):
        """Own strings first, then those of the method borrowed above, in its class's context."""
        translated = super().tr(string)
        if translated == string:
            translated = QCoreApplication.translate(ValidateBlueprintAlgorithm.__name__, string)
        return translated

    def displayName(self):
        return self.tr("Project impact and schedule")

    def group(self):
        return self.tr("Community blueprint")

    def shortHelpString(self):
        return self.tr(
            "What each project of the 3-year reserve brings to residents, and which order the budget allows.\n\n"
            "A project is a new facility offering the services of its services field at its location (a polygon "
            "through its point on surface; a multipoint through each part, its entrances), attached to the "
            "walking network as walkingcoverage attaches facilities. Cancelled projects are ignored; projects "
            "without a location or a service are reported and left out.\n\n"
            "gain_<service>: residents newly within the service's threshold when the project is added to the "
            "existing facilities; gain_total: the sum over its services; gain_in_plan: the same when the project "
            "is added after every project of earlier plan years and, within its year, after those of smaller "
            "priority (then project id); gain_per_wan: gain_total per 万元 of budget; impact_rank: by gain_total, "
            "then gain_per_wan, then project id.\n\n"
            "With BUDGETS (万元 per plan year, e.g. 2027:500;2028:800;2029:800) each movable project gets a "
            "suggested_year (or none) maximising the people-years of coverage of the ten essentials over the "
            "three years within each year's budget, solved exactly as a MILP (HiGHS) with a greedy start and "
            "fallback; projects under construction or completed keep their year and their budget counts "
            "against it; projects without a budget are reported and not scheduled.\n\n"
            "The years table gives, for the existing facilities alone and after each plan year as planned, the "
            "covered population and share per unit and service. Optionally a report: one HTML file with the coverage "
            "by plan year, a map of the projects by impact, the ranking and the schedule, and the same as PDF beside "
            "it.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Blueprint projects layer"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.add_facility_parameters()
        self.add_demand_parameters()
        self.add_network_parameters()
        self.add_unit_parameters()
        self.add_threshold_parameters(DEFAULT_MINUTES)
        self.addParameter(QgsProcessingParameterNumber(
            self.FIRST_YEAR, self.tr("First year of the plan (empty: from the blueprint's metadata)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterString(
            self.BUDGETS, self.tr("Budget per plan year (万元), e.g. 2027:500;2028:800;2029:800 (empty: no "
                                  "schedule)"), optional=True))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.TIME_LIMIT_S, self.tr("Time limit of the schedule's optimisation (seconds)"),
            QgsProcessingParameterNumber.Double, defaultValue=30.0, minValue=1.0, maxValue=3600.0), 0)))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Projects with their impact"), QgsProcessing.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_YEARS, self.tr("Coverage by plan year, unit and service"), QgsProcessing.TypeVector,
            optional=True, createByDefault=True))
        self.add_report_parameters(self.tr("Report (HTML with a map and charts; a PDF is written beside it)"))
        self.addOutput(QgsProcessingOutputNumber(self.PEOPLE_YEARS, self.tr(
            "People-years of coverage of the ten essentials over the plan (with BUDGETS)")))
        self.addOutput(QgsProcessingOutputNumber(self.GAP, self.tr("Optimality gap of the schedule")))
        self.addOutput(QgsProcessingOutputNumber(self.OPTIMAL, self.tr("Schedule proven optimal (1) or not (0)")))
        self.addOutput(QgsProcessingOutputNumber(self.PROJECTS_ASSESSED, self.tr("Projects assessed")))

    # --- the run -------------------------------------------------------------------------

    def compute(self, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.plan_impact import (gain_per_wan, gain_total, gains_in_order, impact_ranks,
                                                          parse_year_budgets, plan_years_table, project_gains,
                                                          project_reach, read_plan_projects)
        from .report.impact import Impact, impact_report

        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        window = self.plan_window(parameters, context, layer)
        budgets_text = self.parameterAsString(parameters, self.BUDGETS, context).strip()
        year_budgets = parse_year_budgets(budgets_text, window) if budgets_text else None
        thresholds = self.read_thresholds(
            parameters, context, self.parameterAsDouble(parameters, self.MINUTES, context))
        report_path = self.report_path(parameters, context)
        feedback.pushInfo(self.tr("Plan: {0}, {1}–{2}.").format(window.street, window.first_year, window.last_year))

        network, crs = self.read_network(parameters, context, feedback)
        feedback.setProgress(15)
        projects = read_layer(layer, layer.name(), crs, context, feedback, keep_features=True,
                              fields=[f for f in PROJECT_FIELDS if layer.fields().lookupField(f) >= 0],
                              check_validity=False)
        # Text a GeoPackage keeps in a numeric column ('很多' as budget) is refused by the parser, not read as NULL.
        stored = stored_text_values(layer)
        records = []
        for i in range(len(projects)):
            record = {name: values[i] for name, values in projects.values.items()}
            record.update((k, v) for k, v in stored.get(int(projects.fids[i]), {}).items() if k in record)
            records.append(record)
        plan = read_plan_projects(records, [g is not None for g in projects.geometries], window)
        self.report_plan(plan, layer, feedback)
        movable_with_budget = plan.movable & np.isfinite(plan.budget_wan) & (plan.budget_wan > 0)
        if year_budgets is not None:
            self.check_schedulable(plan, layer, movable_with_budget, feedback)

        facilities, fac_points, fac_services = self.read_facilities(parameters, context, feedback, crs)
        demand, res_points, population = self.read_demand(parameters, context, feedback, crs)
        units = self.read_units(parameters, context, feedback, crs)
        unit_ids = self.read_unit_ids(feedback, demand, units)
        feedback.setProgress(30)
        project_points = self.assessed_points(projects, plan, feedback)
        services_of = [services if assessed else () for services, assessed in zip(plan.services, plan.assessed)]

        cancel = cancel_check(feedback)
        feedback.setProgressText(self.tr("Shortest walks: one pass per service from the existing facilities, "
                                         "cut-off searches from the projects"))
        reach = project_reach(
            network, fac_points, fac_services, project_points, services_of, res_points, thresholds,
            speed_kmh=self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context),
            max_snap_m=self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
            progress=progress_between(feedback, 30, 70), cancel=cancel)
        far = [plan.label[i] for i in np.flatnonzero(plan.assessed & ~np.isfinite(reach.project_snap_m))]
        if far:
            feedback.pushWarning(self.tr(
                "{0} project(s) lie farther than {1:g} m from the walking network and reach nobody: {2}").format(
                len(far), self.parameterAsDouble(parameters, self.MAX_SNAP_M, context), ", ".join(far[:20])))

        gains = project_gains(reach, population, services_of)
        totals = gain_total(gains, services_of)
        in_plan = gains_in_order(reach, population, services_of, plan.plan_order(), cancel=cancel)
        per_wan = gain_per_wan(totals, plan.budget_wan)
        ranks = impact_ranks(totals, per_wan, plan.project_id, plan.assessed)
        feedback.setProgress(75)

        outputs = {self.PROJECTS_ASSESSED: int(plan.assessed.sum())}
        impact = Impact(plan, totals, in_plan, per_wan, ranks, plan_years_table(reach, plan, population, unit_ids))
        if year_budgets is not None:
            impact.suggested, impact.schedule = self.schedule(
                parameters, context, feedback, plan, reach, population, movable_with_budget, year_budgets, outputs)
            impact.year_budgets = year_budgets
        feedback.setProgress(90)
        offered = [code for code in SERVICE_CODES if any(code in s for s in services_of)]
        outputs.update(self.write_projects(parameters, context, layer, projects, plan, offered, gains, impact))
        if self.output_requested(parameters, self.OUTPUT_YEARS, context):
            outputs.update(self.write_years(parameters, context, impact.years))
        self.log_ranking(plan, totals, ranks, feedback)
        if report_path:
            raise_if_cancelled(feedback)
            feedback.setProgressText(self.tr("Preparing the report's map and tables"))
            self.publish_report(impact_report(impact, projects.geometries, facilities, units, network, crs),
                                parameters, context, outputs)
        feedback.setProgress(100)
        return outputs

    def report_plan(self, plan, layer, feedback):
        """Warn about the projects left out or outside the plan; refuse a plan with nothing to assess."""
        for message, labels in (
                (self.tr("Layer '{0}': {1} project(s) without a location are left out: {2}"), plan.without_location),
                (self.tr("Layer '{0}': {1} project(s) list no service in 'services' and are left out: {2}"),
                 plan.without_services),
                (self.tr("Layer '{0}': {1} project(s) have a reserve year outside the plan {3}; they are assessed "
                         "but are in no plan year: {2}"), plan.outside_window)):
            if labels:
                feedback.pushWarning(message.format(layer.name(), len(labels), ", ".join(labels[:20]),
                                                    plan.window.label_zh))
        if not plan.assessed.any():
            raise QgsProcessingException(self.tr(
                "Layer '{0}' holds no project to assess: every project is cancelled, has no location or lists no "
                "service. Draw the projects and fill in their services (field 'services').").format(layer.name()))
        feedback.pushInfo(self.tr("{0} project(s) assessed; {1} in the plan years, {2} started (kept in their "
                                  "year).").format(int(plan.assessed.sum()), len(plan.plan_order()),
                                                   int(plan.fixed.sum())))

    def check_schedulable(self, plan, layer, movable_with_budget, feedback):
        import numpy as np

        without_budget = [plan.label[i] for i in np.flatnonzero(plan.movable & ~movable_with_budget)]
        if without_budget:
            feedback.pushWarning(self.tr(
                "{0} project(s) have no budget (field 'budget_wan' empty or 0) and cannot be scheduled: {1}").format(
                len(without_budget), ", ".join(without_budget[:20])))
        if not movable_with_budget.any():
            raise QgsProcessingException(self.tr(
                "Layer '{0}' holds no project the schedule can place: a movable project is one not cancelled, "
                "not under construction or completed, with a location, a service and a budget (budget_wan > 0). "
                "Fill in the budgets or leave BUDGETS empty.").format(layer.name()))

    def assessed_points(self, projects, plan, feedback):
        """Access points of the assessed projects (the others own none), as walkingcoverage attaches facilities."""
        from ..lifecircle_plugin.core.coverage import AccessPoints

        points = access_points(projects, feedback)
        keep = plan.assessed[points.owner]
        return AccessPoints(points.xy[keep], points.owner[keep], points.count)

    def schedule(self, parameters, context, feedback, plan, reach, population, movable_with_budget, year_budgets,
                 outputs):
        """Solve the schedule; returns (the suggested year per project, None = not in the three years; the
        core Schedule)."""
        import numpy as np

        from ..lifecircle_plugin.core.schedule import schedule_problem, solve_schedule

        years = plan.window.years
        fixed_year = np.array([years.index(plan.plan_year[i]) if plan.fixed[i] and plan.plan_year[i] is not None
                               else -1 for i in range(len(plan))], dtype=np.int64)
        problem = schedule_problem(reach, population, REQUIRED_CODES, fixed_year, movable_with_budget,
                                   plan.budget_wan, [year_budgets[y] for y in years])
        for year, left in zip(years, problem.residual_budgets()):
            if left < 0:
                feedback.pushWarning(self.tr(
                    "{0}: the projects already started cost {1:,.1f} 万元 more than the year's budget; no new "
                    "project is scheduled that year.").format(year, -left))
        feedback.setProgressText(self.tr("Schedule: exact optimisation (HiGHS)"))
        result = solve_schedule(problem, self.parameterAsDouble(parameters, self.TIME_LIMIT_S, context))
        feedback.pushInfo(self.tr(
            "Schedule ({0}, {1:.1f} s): {2:,.0f} people-years of coverage of the ten essentials over {3}; proven "
            "bound {4:,.0f}, optimality gap {5:.4%}{6}.").format(
            result.method, result.seconds, result.people_years, plan.window.label_zh, result.bound, result.gap,
            self.tr(" (optimal)") if result.optimal else self.tr(" (time limit reached)")))
        for index, year in enumerate(years):
            chosen = np.flatnonzero((result.years == index) & movable_with_budget)
            spent = float(np.nansum(plan.budget_wan[result.years == index]))
            feedback.pushInfo(self.tr("  {0}: {1} new project(s), {2:,.1f} of {3:,.1f} 万元 (started ones "
                                      "included): {4}").format(
                year, len(chosen), spent, year_budgets[year], ", ".join(plan.label[i] for i in chosen[:30])))
        outputs.update({self.PEOPLE_YEARS: result.people_years, self.GAP: result.gap,
                        self.OPTIMAL: int(result.optimal)})
        return [years[y] if y >= 0 else None for y in result.years], result

    def log_ranking(self, plan, totals, ranks, feedback):
        import numpy as np

        order = np.argsort(np.where(ranks > 0, ranks, np.iinfo(np.int64).max))[:min(10, int(plan.assessed.sum()))]
        feedback.pushInfo(self.tr("Projects by impact: {0}").format(", ".join(
            f"{ranks[i]}. {plan.label[i]} +{totals[i]:,.0f}" for i in order)))

    # --- outputs -------------------------------------------------------------------------

    def write_projects(self, parameters, context, layer, projects, plan, offered, gains, impact):
        suggested = impact.suggested
        added = [f"gain_{code}" for code in offered] + list(IMPACT_FIELDS[:4])
        if suggested is not None:
            added.append(IMPACT_FIELDS[4])
        # A layer written back from an earlier run carries these fields already: they are replaced.
        replaced = set(added) | {f"gain_{code}" for code in SERVICE_CODES} | set(IMPACT_FIELDS)
        kept = [i for i, field in enumerate(layer.fields()) if field.name() not in replaced]
        fields = QgsFields()
        for i in kept:
            fields.append(layer.fields().at(i))
        for name in added:
            kind = QVariant.Int if name in ("impact_rank", "suggested_year") else QVariant.Double
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, layer.wkbType(), layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for i, feature in enumerate(projects.features):
            attributes = feature.attributes()
            values = [attributes[k] for k in kept]
            if plan.assessed[i]:
                values += [nullable_number(gains[code][i]) for code in offered]
                values += [float(impact.totals[i]), nullable_number(impact.in_plan[i]),
                           nullable_number(impact.per_wan[i]), int(impact.ranks[i])]
            else:
                values += [None] * (len(offered) + 4)
            if suggested is not None:
                values.append(suggested[i])
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            out.setAttributes(values)
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {self.OUTPUT: dest}

    def write_years(self, parameters, context, years):
        from ..lifecircle_plugin.core.plan_impact import service_label

        fields = QgsFields()
        for name, kind in (("stage", QVariant.String), ("year", QVariant.Int), ("unit_id", QVariant.String),
                           ("service", QVariant.String), ("service_zh", QVariant.String),
                           ("population", QVariant.Double), ("covered_pop", QVariant.Double),
                           ("share", QVariant.Double), ("projects_built", QVariant.Int)):
            fields.append(QgsField(name, kind))
        sink, dest = self.table_sink(parameters, self.OUTPUT_YEARS, context, fields)
        for row in years:
            out = QgsFeature(fields)
            out.setAttributes([row.stage, row.year, row.unit_id, row.service, service_label(row.service),
                               row.population, row.covered_population, nullable_number(row.share), row.projects_built])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {self.OUTPUT_YEARS: dest}
