<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="64"/>
        <source>LifeCircle needs Python libraries QGIS does not have; see the message log (LifeCircle tab) for the command to run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="67"/>
        <source>Why LifeCircle cannot run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="69"/>
        <source>15-minute walking coverage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="71"/>
        <source>Create the sample district…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="90"/>
        <source>LifeCircle needs {0}. Install with:
{1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LifeCircleAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/base.py" line="88"/>
        <source>Cancelled: nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="96"/>
        <source>Walking network (lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="98"/>
        <source>Exclude lines where (expression; empty: OpenStreetMap rules when the layer has a &apos;highway&apos; field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="104"/>
        <source>Cost factor field (stairs, slopes: 1 = flat walk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="107"/>
        <source>Line junctions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="107"/>
        <source>Shared vertices only (OpenStreetMap: bridges stay apart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="107"/>
        <source>Every crossing (CAD/survey lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="112"/>
        <source>Close gaps between line ends up to (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="115"/>
        <source>Farthest distance from a point to the network (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="118"/>
        <source>Walking speed (km/h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="130"/>
        <source>Layer &apos;{0}&apos; (for &apos;{1}&apos;) has no features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="144"/>
        <source>Reading network &apos;{0}&apos; ({1} features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="150"/>
        <source>{0} lines excluded by &apos;{1}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="156"/>
        <source>{0} lines excluded as not walkable by OpenStreetMap tags (foot=no, expressways, motorways, construction).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="167"/>
        <source>Cost factor field &apos;{0}&apos; of layer &apos;{1}&apos; must be positive; features {2} are not. Correct them or leave the field empty (1 = flat walk).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="181"/>
        <source>Network: {0} edges, {1:.1f} km; {2} crossings split, {3} gaps closed, {4} duplicate and {5} zero-length pieces dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="188"/>
        <source>The network falls apart into {0} parts (edges per part: {1}{2}); people on one part cannot walk to another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="196"/>
        <source>Facilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="198"/>
        <source>Services field (codes or Chinese names, several separated by , ; 、)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="205"/>
        <source>Residents (points or compound polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="208"/>
        <source>Population field (empty: 1 per feature)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="211"/>
        <source>Compound gates (points; polygons are entered through them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="216"/>
        <source>Basic units (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="218"/>
        <source>Unit id field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="227"/>
        <source>Choose the services field of layer &apos;{0}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="236"/>
        <source>Layer &apos;{0}&apos;, feature {1}, field &apos;{2}&apos;: unknown service &apos;{3}&apos;. Accepted: {4}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="241"/>
        <source>Layer &apos;{0}&apos;: {1} feature(s) list no service in &apos;{2}&apos; and are ignored (features {3}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="259"/>
        <source>Population field &apos;{0}&apos; of layer &apos;{1}&apos; is NULL or negative for {2} feature(s): {3}. Fill in the population (or estimate it from residential floor area), or filter those features out, and run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="266"/>
        <source>No population field: each feature of &apos;{0}&apos; counts as 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="281"/>
        <source>Choose the unit id field of layer &apos;{0}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="287"/>
        <source>{0} resident feature(s) of &apos;{1}&apos; lie outside every unit of &apos;{2}&apos;; they count only in the whole-area figures.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LifeCircleProvider</name>
    <message>
        <location filename="../processing_algorithms/provider.py" line="21"/>
        <source>LifeCircle 15-minute life circle</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WalkingCoverageAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="62"/>
        <source>15-minute walking coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="65"/>
        <source>Life-circle analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="68"/>
        <source>For every resident feature, the minutes on foot along the walking network to the nearest facility of each 十全十美 service, whether it lies within the service's threshold, and how many of the ten essentials are within reach.

Facilities list their services in one field, as codes (health) or Chinese names (医疗卫生), several separated by , ; or 、. Residents are points or compound polygons with a population field; polygons are entered through the gates layer when given, else from a point inside.

Thresholds: MINUTES for every service, or a standards CSV (columns service, minutes) such as resources/standards_tiered.csv (5-minute elderly care, 10-minute childcare, 15 minutes for the rest). Points farther than the snap distance from the network are reported, never tied to a far road.

Outputs: residents with min_&lt;service&gt; (minutes; NULL when nothing is reachable within the search limit) and ok_&lt;service&gt;; a unit × service summary table with a whole-area row (ALL); and the residents missing at least one essential service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="88"/>
        <source>Threshold for every service (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="91"/>
        <source>Per-service thresholds (CSV: service, minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="94"/>
        <source>Search limit (minutes): farther facilities are reported as NULL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="99"/>
        <source>Residents with walking minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="101"/>
        <source>Coverage by unit and service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="103"/>
        <source>Residents missing essential services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="105"/>
        <source>Share of residents reaching all ten essentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="107"/>
        <source>Residents counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="128"/>
        <source>Shortest walks, one pass per service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="150"/>
        <source>{0:.1f}% of {1:,.0f} residents reach all ten essentials within their thresholds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="154"/>
        <source>  {0} {1}: {2:.1f}% within {3:g} min ({4} facilities)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="166"/>
        <source>No facility of layer &apos;{0}&apos; lies within {1:g} m of the walking network. Check that the layers cover the same area and CRS, or raise the snap distance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="170"/>
        <source>{0} facilities of &apos;{1}&apos; are farther than {2:g} m from the network and cannot be reached: {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="175"/>
        <source>{0} residents of &apos;{1}&apos; are farther than {2:g} m from the network; they are kept with NULL minutes and count as not covered: {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="179"/>
        <source>{0} residents of &apos;{1}&apos; sit on a detached part of the network (island) and reach only that part: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="179"/>
        <source>{0} facilities of &apos;{1}&apos; sit on a detached part of the network (island) and serve only that part: {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
