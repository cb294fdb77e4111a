<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AccessibilityAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="55"/>
        <source>Supply and demand accessibility (2SFCA)</source>
        <translation>供需可达性（2SFCA）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="58"/>
        <source>Life-circle analysis</source>
        <translation>生活圈分析</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="61"/>
        <source>Is there enough, for the people who need it? For every resident and service: the supply per 1,000 people of the service's cohort within walking reach, by the two-step floating catchment method (2SFCA, Luo &amp; Wang 2003), its banded form (E2SFCA, Luo &amp; Qi 2009) or a Gaussian decay.

Walking minutes are measured as in the walking coverage (same network, attachment, access legs); residents and facilities farther than the snap distance from the network take no part. W(t) is 1 within MINUTES (2SFCA), the band weight (E2SFCA), or exp(-t²/β) with W(MINUTES) = 0.01 (Gaussian), and 0 beyond MINUTES. R_j = capacity / Σ P_k·W(t_kj) per facility (NULL when no one of the cohort reaches it); A_i = Σ R_j·W(t_ij) per resident (0 when none is reached).

Capacity: one number per facility (beds, places, seats or m²), used for each of its services. Standards CSV (optional): columns service, minutes and, optionally, demand_field (the residents' cohort field, e.g. pop_60plus), capacity_unit, norm_per_1000 and speed_kmh (a cohort's walking speed); empty cells fall back to the population field, the walking speed and no norm.

Outputs: residents with acc_&lt;service&gt; (supply per 1,000 of the cohort), nearest_&lt;service&gt; (minutes within the catchment) and norm_ok_&lt;service&gt; where a norm is given; one row per facility and service with demand, ratio, crowding and its responsibility catchment (residents whose nearest facility it is); per unit and service the cohort, the weighted mean and 10th percentile of acc, the share below the norm, the Gini coefficient and the share beyond the catchment, plus the 1+N row (a 人民坊 within reach, small sites within 5 minutes).</source>
        <translation>够不够、对不对：对每位居民和每项服务，计算步行可达范围内每千名服务人群所享有的供给量，方法为两步移动搜索法（2SFCA，Luo &amp; Wang 2003）、其分段加权形式（E2SFCA，Luo &amp; Qi 2009）或高斯衰减。

步行时间与步行覆盖的算法完全一致（同一路网、接入方式和接入段）；距路网超过最大接入距离的居民和设施不参与计算。W(t) 在 MINUTES 内为 1（2SFCA）、为所在时段的权重（E2SFCA）或为 exp(-t²/β)，且 W(MINUTES) = 0.01（高斯）；超过 MINUTES 一律为 0。每处设施 R_j = 容量 / Σ P_k·W(t_kj)（无人群可达时为空值）；每位居民 A_i = Σ R_j·W(t_ij)（一处都不可达时为 0）。

容量：每处设施一个数值（床位、托位、座位或平方米），用于其提供的每项服务。标准表 CSV（可选）：列 service、minutes，以及可选的 demand_field（居民图层中的人群字段，如 pop_60plus）、capacity_unit、norm_per_1000 和 speed_kmh（该人群的步行速度）；留空时分别使用人口字段、步行速度并不作配置标准检查。

输出：居民图层含 acc_&lt;服务&gt;（每千名服务人群的供给）、nearest_&lt;服务&gt;（服务范围内最近设施的分钟数），有配置标准时含 norm_ok_&lt;服务&gt;；每处设施每项服务一行，含需求、供需比、拥挤度及其责任范围（以其为最近设施的居民）；每个单元每项服务的人群数、acc 的人口加权平均值和第 10 百分位、低于配置标准的比例、基尼系数和超出服务范围的比例，以及“1+N”行（步行可达人民坊、5 分钟内的小型站点）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="84"/>
        <source>Capacity field (beds, places, seats or m²)</source>
        <translation>容量字段（床位、托位、座位或平方米）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="87"/>
        <source>Facilities without a capacity</source>
        <translation>缺少容量的设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="87"/>
        <source>Refuse the run and name them</source>
        <translation>拒绝运行并列出这些设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="87"/>
        <source>Count each as 1, with a warning</source>
        <translation>每处按 1 计并给出警告</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="95"/>
        <source>Standards (CSV: service, minutes, demand_field, capacity_unit, norm_per_1000, speed_kmh)</source>
        <translation>标准表（CSV：service、minutes、demand_field、capacity_unit、norm_per_1000、speed_kmh）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="98"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="98"/>
        <source>2SFCA (Luo &amp; Wang 2003)</source>
        <translation>2SFCA 两步移动搜索法（Luo &amp; Wang 2003）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="98"/>
        <source>E2SFCA, weighted bands (Luo &amp; Qi 2009)</source>
        <translation>E2SFCA 分段加权（Luo &amp; Qi 2009）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="98"/>
        <source>Gaussian decay</source>
        <translation>高斯衰减</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="102"/>
        <source>Catchment (minutes; empty: each service&apos;s threshold from the standards, else 15)</source>
        <translation>服务范围（分钟；留空：按标准表中各服务的时间阈值，否则为 15）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="105"/>
        <source>E2SFCA bands (minutes, increasing)</source>
        <translation>E2SFCA 时段（分钟，递增）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="108"/>
        <source>E2SFCA weights (one per band, decreasing)</source>
        <translation>E2SFCA 权重（每个时段一个，递减）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="111"/>
        <source>Residents with accessibility</source>
        <translation>居民可达性</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="113"/>
        <source>Facilities with demand and crowding</source>
        <translation>设施需求与拥挤度</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="116"/>
        <source>Equity by unit and service</source>
        <translation>按单元和服务的公平性</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="154"/>
        <source>Reading facilities and residents</source>
        <translation>读取设施和居民</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="172"/>
        <source>{0} facilities of &apos;{1}&apos; have no capacity in &apos;{2}&apos; and count as 1: {3}</source>
        <translation>图层“{1}”中有 {0} 处设施的“{2}”字段没有容量，按 1 计：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="188"/>
        <source>Walking times within each catchment and the two steps</source>
        <translation>计算各服务范围内的步行时间及两步搜索</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="194"/>
        <source>Writing the outputs</source>
        <translation>写出结果</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="202"/>
        <source>  {0} {1}: {2:,.0f} people of the cohort, mean {3:.2f} per 1,000, 10th percentile {4:.2f}, Gini {5}, {6:.1f}% beyond {7:g} min</source>
        <translation>  {0} {1}：服务人群 {2:,.0f} 人，平均每千人 {3:.2f}，第 10 百分位 {4:.2f}，基尼系数 {5}，{6:.1f}% 超出 {7:g} 分钟</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="221"/>
        <source>No facility of layer &apos;{0}&apos; lies within {1:g} m of the walking network. Check that the layers cover the same area and CRS, or raise the snap distance.</source>
        <translation>图层“{0}”没有任何设施位于步行网络 {1:g} m 范围内。请检查各图层是否覆盖同一地区、坐标参照系是否一致，或增大最大接入距离。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="225"/>
        <source>{0} facilities of &apos;{1}&apos; are farther than {2:g} m from the network and take no part: {3}</source>
        <translation>图层“{1}”中有 {0} 处设施距步行网络超过 {2:g} 米，不参与计算：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="231"/>
        <source>{0} residents of &apos;{1}&apos; are farther than {2:g} m from the network: they take no part in the demand and reach nothing (accessibility 0): {3}</source>
        <translation>图层“{1}”中有 {0} 个居民要素距步行网络超过 {2:g} 米：不计入需求，也无法到达任何设施（可达性为 0）：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/accessibility.py" line="238"/>
        <source>{0} {1}: {2} facilities are reached by no one of the cohort within {3:g} min; their ratio is NULL: {4}</source>
        <translation>{0} {1}：有 {2} 处设施在 {3:g} 分钟内没有服务人群可达，其供需比为空值：{4}</translation>
    </message>
</context>
<context>
    <name>BlueprintDock</name>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="493"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="77"/>
        <source>Blueprint layer</source>
        <translation>蓝图图层</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="89"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="92"/>
        <source>3-year reserve</source>
        <translation>3年项目储备</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="137"/>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="137"/>
        <source>Add a project: click on the map (point layer) or draw its polygon, right-click to close it</source>
        <translation>新增项目：在地图上点击（点图层），或绘制项目用地范围面，右键闭合</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="554"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="140"/>
        <source>Delete the selected projects</source>
        <translation>删除所选项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="142"/>
        <source>Zoom to</source>
        <translation>缩放至</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="142"/>
        <source>Zoom the map to the selected projects</source>
        <translation>将地图缩放至所选项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="144"/>
        <source>Open form</source>
        <translation>打开表单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="144"/>
        <source>Open the project in QGIS&apos;s attribute form</source>
        <translation>在 QGIS 属性表单中打开该项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="147"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="147"/>
        <source>Undo the last edit</source>
        <translation>撤销上一次编辑</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="148"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="149"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="149"/>
        <source>Save all edits to the layer</source>
        <translation>将全部编辑保存到图层</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="151"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="151"/>
        <source>Discard all unsaved edits</source>
        <translation>放弃全部未保存的编辑</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="168"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="171"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="175"/>
        <source>Search name, ID, content, service…</source>
        <translation>搜索名称、编号、建设内容、服务…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="277"/>
        <source>No blueprint layer in the project. Create one with Processing ▸ LifeCircle ▸ Create blueprint, or add a layer with the projects fields.</source>
        <translation>工程中没有社区蓝图图层。请通过 数据处理 ▸ LifeCircle ▸ 创建社区蓝图 新建，或添加带项目字段的图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="310"/>
        <source>{0} · reserve plan {1}–{2}</source>
        <translation>{0} · 项目储备计划 {1}–{2}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="318"/>
        <source>The blueprint layer was removed from the project.</source>
        <translation>社区蓝图图层已从工程中移除。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="398"/>
        <source>All units</source>
        <translation>全部基本单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="399"/>
        <source>All years</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="399"/>
        <source>Unscheduled</source>
        <translation>未排期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="554"/>
        <source>Delete projects</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="600"/>
        <source>… and {0} more</source>
        <translation>… 另有 {0} 个</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="601"/>
        <source>Save blueprint</source>
        <translation>保存社区蓝图</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="610"/>
        <source>Saved with {0} rule error(s) still to fix.</source>
        <translation>已保存，仍有 {0} 项规则错误待改正。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="183"/>
        <source>Basic units layer</source>
        <translation>基本单元图层</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="187"/>
        <source>A new project placed on the map takes the ID of the basic unit under it; the unit field offers the IDs of this layer</source>
        <translation>在地图上新增的项目自动取其所在基本单元的编号；基本单元字段的下拉列表列出该图层的单元编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="296"/>
        <source>Restore unsaved edits</source>
        <translation>恢复未保存的修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="296"/>
        <source>When layer &apos;{0}&apos; was removed from the project it had {1} unsaved edit(s). Restore them into the edit buffer now?</source>
        <translation>图层“{0}”从项目中移除时有 {1} 处未保存的修改。现在恢复到编辑缓存中吗？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="296"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="296"/>
        <source>Not now</source>
        <translation>暂不恢复</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="304"/>
        <source>{0} unsaved edit(s) restored; save them or cancel.</source>
        <translation>已恢复 {0} 处未保存的修改；请保存或取消。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="320"/>
        <source>Its {0} unsaved edit(s) are kept: add the layer &apos;{1}&apos; again to restore them.</source>
        <translation>其 {0} 处未保存的修改已保留：重新添加图层“{1}”即可恢复。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="498"/>
        <source>No blueprint layer is chosen: add one to the project first.</source>
        <translation>未选择蓝图图层：请先在项目中添加蓝图图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="554"/>
        <source>Delete {0} project(s): {1}?
Until you save, Undo brings them back.</source>
        <translation>删除 {0} 个项目：{1}？
保存之前可用“撤销”恢复。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="634"/>
        <source>Go back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="601"/>
        <source>{0} project(s) break the rules ({1} error(s)):
{2}

Save anyway, or go back and correct them?</source>
        <translation>{0} 个项目不符合规则（{1} 个错误）：
{2}

仍然保存，还是返回修改？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="601"/>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="605"/>
        <source>Not saved: {0} rule error(s) in {1} project(s) remain.</source>
        <translation>未保存：{1} 个项目仍有 {0} 个规则错误。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="618"/>
        <source>Values changed elsewhere</source>
        <translation>数据已被他人修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="618"/>
        <source>Overwrite them with your values?</source>
        <translation>用你的修改覆盖它们吗？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="618"/>
        <source>Overwrite with mine</source>
        <translation>用我的修改覆盖</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="634"/>
        <source>Discard edits</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="634"/>
        <source>Discard the unsaved edits of {0} project(s)? They cannot be brought back.</source>
        <translation>放弃 {0} 个项目未保存的修改？放弃后无法恢复。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_dock.py" line="634"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
</context>
<context>
    <name>BlueprintMapAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="60"/>
        <source>Blueprint map for print</source>
        <translation>社区蓝图出图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="63"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="66"/>
        <source>The community blueprint as a print-ready map, the 一图 that residents and the three meetings (一图三会) read: projects coloured by kind and drawn by status, each labelled with its id and name; basic units; existing facilities by service; the street's name and the plan years as title; legend, scale bar, north arrow and the data sources. A second page lists the 3-year reserve plan as a table by year (projects, floor area, budget, implementing body, with subtotals).

Paper: A3 or A4, landscape or portrait. Outputs: a PDF (both pages) and, optionally, the map page as PNG at the chosen resolution. The street and plan years come from the blueprint GeoPackage; STREET and FIRST_YEAR override them (and are needed for layers stored elsewhere).</source>
        <translation>把社区蓝图出成可直接打印的地图，即居民和“一图三会”所看的“一图”：项目按类型着色、按状态区分画法，并标注项目编号和名称；基本单元；按服务分类的现状设施；以街镇名称和规划年份为标题；图例、比例尺、指北针和数据来源。第二页按年份列出3年项目储备清单（项目、建筑面积、投资估算、实施主体及小计）。

纸张：A3 或 A4，横向或纵向。输出：PDF（两页）以及可选的地图页 PNG（按所选分辨率）。街镇和规划年份取自蓝图 GeoPackage；STREET 和 FIRST_YEAR 可覆盖（蓝图存放在别处的图层必须填写）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="77"/>
        <source>Blueprint projects layer</source>
        <translation>蓝图项目图层</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="79"/>
        <source>Street or town (empty: from the blueprint&apos;s metadata)</source>
        <translation>街镇（留空：取自蓝图元数据）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="81"/>
        <source>First year of the plan (empty: from the blueprint&apos;s metadata)</source>
        <translation>规划期首年（留空：取自蓝图元数据）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="86"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="86"/>
        <source>A3 landscape</source>
        <translation>A3 横向</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="86"/>
        <source>A3 portrait</source>
        <translation>A3 纵向</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="86"/>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="86"/>
        <source>A4 portrait</source>
        <translation>A4 纵向</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="90"/>
        <source>Resolution of the PNG (dpi)</source>
        <translation>PNG 分辨率（dpi）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="93"/>
        <source>Blueprint map (PDF)</source>
        <translation>社区蓝图图纸（PDF）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="93"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="95"/>
        <source>Blueprint map page (PNG)</source>
        <translation>社区蓝图图页（PNG）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="95"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="109"/>
        <source>Give the file &apos;{0}&apos; a name ending in {1}.</source>
        <translation>请将文件“{0}”命名为以 {1} 结尾。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="113"/>
        <source>Layer &apos;{0}&apos; has no project to draw (or no coordinate reference system); add projects to the blueprint first.</source>
        <translation>图层“{0}”没有可绘制的项目（或没有坐标参照系）；请先在蓝图中添加项目。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="122"/>
        <source>蓝图项目（按类型与状态）/ Blueprint projects by kind and status</source>
        <translation>蓝图项目（按类型与状态）/ Blueprint projects by kind and status</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="154"/>
        <source>Written: {0}</source>
        <translation>已写出：{0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="155"/>
        <source>{0}: {1} project(s) on the map, {2} on the {3} reserve list.</source>
        <translation>{0}：图上 {1} 个项目，{3}储备清单 {2} 个项目。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="173"/>
        <source>现有设施（按服务）/ Existing facilities by service</source>
        <translation>现有设施（按服务）/ Existing facilities by service</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="170"/>
        <source>多项服务 / several services</source>
        <translation>多项服务 / several services</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="182"/>
        <source>{0}社区蓝图（{1}—{2}年）/ Community blueprint of {0}, {1}–{2}</source>
        <translation>{0}社区蓝图（{1}—{2}年）/ Community blueprint of {0}, {1}–{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="194"/>
        <source>图例 / Legend</source>
        <translation>图例 / Legend</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="218"/>
        <source>数据来源 / Sources: {0}. {1}LifeCircle {2}, QGIS.</source>
        <translation>数据来源 / Sources: {0}. {1}LifeCircle {2}, QGIS.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="225"/>
        <source>{0}{1}项目储备清单 / 3-year project reserve of {0}, {2}–{3}</source>
        <translation>{0}{1}项目储备清单 / 3-year project reserve of {0}, {2}–{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="227"/>
        <source>序号</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="227"/>
        <source>基本单元</source>
        <translation>基本单元</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="227"/>
        <source>项目编号</source>
        <translation>项目编号</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="228"/>
        <source>项目名称</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="228"/>
        <source>项目类型</source>
        <translation>项目类型</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="228"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="229"/>
        <source>建筑面积（m²）</source>
        <translation>建筑面积（m²）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="229"/>
        <source>投资估算（万元）</source>
        <translation>投资估算（万元）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="230"/>
        <source>实施主体</source>
        <translation>实施主体</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="243"/>
        <source>{0}年 / {0}</source>
        <translation>{0}年 / {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="245"/>
        <source>；投资估算合计 {0} 万元 / total budget {0} ×10k CNY</source>
        <translation>；投资估算合计 {0} 万元 / total budget {0} ×10k CNY</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="250"/>
        <source>另有 {0} 个项目未填储备年份，未列入 / {0} project(s) without a reserve year are not listed.</source>
        <translation>另有 {0} 个项目未填储备年份，未列入 / {0} project(s) without a reserve year are not listed.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/blueprint_map.py" line="269"/>
        <source>QGIS could not write the image &apos;{0}&apos;; check the folder and the free space.</source>
        <translation>QGIS 无法写出图片“{0}”；请检查文件夹和剩余空间。</translation>
    </message>
</context>
<context>
    <name>BlueprintSession</name>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="75"/>
        <source>Layer &apos;{0}&apos; has no stored plan window (street and years).</source>
        <translation>图层“{0}”未保存规划期（街镇和年度）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="79"/>
        <source>Assuming {0}–{1}; set the plan with Processing ▸ LifeCircle ▸ Create blueprint.</source>
        <translation>暂按 {0}–{1} 年处理；请通过 数据处理 ▸ LifeCircle ▸ 创建社区蓝图 设置规划期。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="235"/>
        <source>The blueprint layer was removed from the project; choose another blueprint layer.</source>
        <translation>社区蓝图图层已从工程中移除，请另选蓝图图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="315"/>
        <source>Feature {0} is not in the blueprint layer (deleted or not saved).</source>
        <translation>要素 {0} 不在蓝图图层中（已删除或未保存）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="349"/>
        <source>Layer &apos;{0}&apos; cannot be edited (read-only data source); save a copy as GeoPackage and edit that.</source>
        <translation>图层“{0}”无法编辑（数据源只读）；请另存为 GeoPackage 副本后编辑副本。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="356"/>
        <source>Layer &apos;{0}&apos; has no field &apos;{1}&apos;; upgrade the blueprint layer to add it.</source>
        <translation>图层“{0}”缺少字段“{1}”；请升级蓝图图层以补充该字段。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="379"/>
        <source>Layer &apos;{0}&apos; refused the new value of &apos;{1}&apos; for feature {2}.</source>
        <translation>图层“{0}”拒绝了要素 {2} 的“{1}”新值。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="401"/>
        <source>Unknown blueprint field(s): {0}.</source>
        <translation>未知的蓝图字段：{0}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="415"/>
        <source>Edit project {0}</source>
        <translation>编辑项目 {0}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="443"/>
        <source>unscheduled</source>
        <translation>未排期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="444"/>
        <source>Move {0} project(s) to {1}</source>
        <translation>将 {0} 个项目移至 {1}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="468"/>
        <source>Layer &apos;{0}&apos; refused the new project (check its geometry type).</source>
        <translation>图层“{0}”拒绝了新项目（请检查几何类型）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="474"/>
        <source>Add project {0}</source>
        <translation>新增项目 {0}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="484"/>
        <source>Layer &apos;{0}&apos; refused to delete features {1}.</source>
        <translation>图层“{0}”拒绝删除要素 {1}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="487"/>
        <source>Delete {0} project(s)</source>
        <translation>删除 {0} 个项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="505"/>
        <source>Saving layer &apos;{0}&apos; failed:
{1}</source>
        <translation>图层“{0}”保存失败：
{1}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="237"/>
        <source>Its {0} unsaved edit(s) are kept: add the layer again to restore them.</source>
        <translation>其 {0} 处未保存的修改已保留：重新添加该图层即可恢复。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="257"/>
        <source>QGIS&apos;s own Save of layer &apos;{0}&apos; is writing over {1} value(s) saved elsewhere since you edited them; the values it replaces are listed (now, before yours):</source>
        <translation>QGIS 自带的保存正在覆盖图层“{0}”中 {1} 个在你编辑后已被他人保存的值；被覆盖的值如下（“现为”即被替换的值）：</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="429"/>
        <source>Cannot move {0}: its works have started (under construction or completed), so its reserve year is a record; change the status first if it is wrong.</source>
        <translation>无法移动{0}：项目已开工（在建或已建成），储备年份是既成记录；如状态有误，请先修改项目状态。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="519"/>
        <source>Restore {0} unsaved edit(s)</source>
        <translation>恢复 {0} 处未保存的修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/blueprint_session.py" line="520"/>
        <source>The kept edits of &apos;{0}&apos; no longer fit the layer (features deleted or fields changed meanwhile); they were not restored.</source>
        <translation>保留的“{0}”修改已与图层不符（其间要素被删除或字段有变），未予恢复。</translation>
    </message>
</context>
<context>
    <name>ClassifyFacilitiesAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="84"/>
        <source>Classify facilities into 十全十美 services</source>
        <translation>设施归类为十全十美服务</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="87"/>
        <source>Data preparation</source>
        <translation>数据准备</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="90"/>
        <source>Maps raw POI categories to 十全十美 service codes, so that the facilities can be used by the walking analyses.

OpenStreetMap: the tags are read from the layer's fields named after them (amenity, healthcare, leisure, shop, social_facility, ...) and from an 'other_tags' field as GDAL's OSM driver writes it. AMap/Gaode: the type path (大类;中类;小类, several joined by |) is read from the type field.

The built-in table resources/poi_mapping.csv documents every mapping. Give your own CSV (same columns: source, key, value, requires, services, note) to add or override rows: a row with the same source, key, value and requires replaces the built-in one, and an empty services column switches a mapping off. Tick 'use the mapping file alone' to ignore the built-in table.

With an existing services field, features that already list services keep them; blank ones are classified.

Output: the input features with 'services' (codes), 'services_zh' (Chinese names) and 'matched_by': existing (kept from the services field), mapping, not_a_service (a known category such as a bus stop or school), unmapped (no mapping row matched) or no_category. Fields of the input with these names are replaced. A table lists the categories that could not be mapped, with their counts: add them to your mapping file.</source>
        <translation>将原始 POI 类别对应为十全十美服务代码，使设施可用于各项步行分析。

OpenStreetMap：标签从以标签命名的字段（amenity、healthcare、leisure、shop、social_facility 等）以及 GDAL OSM 驱动写出的“other_tags”字段中读取。高德地图：从类型字段读取类型路径（大类;中类;小类，多个以 | 连接）。

内置对照表 resources/poi_mapping.csv 记录了每一条对应关系。可提供自定义 CSV（列相同：source、key、value、requires、services、note）新增或覆盖对照行：source、key、value 和 requires 均相同的行替换内置行；services 列为空则停用该对应。勾选“仅使用自定义对照表”则忽略内置对照表。

指定已有服务字段时，已填写服务的要素保留原值，空白的要素再行归类。

输出：输入要素加上“services”（代码）、“services_zh”（中文名称）和“matched_by”字段，取值为 existing（沿用服务字段）、mapping（对照表匹配）、not_a_service（已知的非服务类别，如公交站、学校）、unmapped（未匹配任何对照行）或 no_category（无类别）。输入中的同名字段将被替换。另有一张表列出无法对应的类别及其要素数：请将其补入自定义对照表。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="109"/>
        <source>Facilities (POIs)</source>
        <translation>设施（POI）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="111"/>
        <source>Categories come from</source>
        <translation>类别来源</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="111"/>
        <source>OpenStreetMap tags</source>
        <translation>OpenStreetMap 标签</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="111"/>
        <source>AMap/Gaode type</source>
        <translation>高德地图类型</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="114"/>
        <source>AMap type field</source>
        <translation>高德类型字段</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="117"/>
        <source>Existing services field (kept where filled)</source>
        <translation>已有服务字段（已填写的保留）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="120"/>
        <source>Your mapping table (CSV), on top of the built-in one</source>
        <translation>自定义对照表（CSV），叠加在内置对照表之上</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="123"/>
        <source>Use the mapping file alone (ignore the built-in table)</source>
        <translation>仅使用自定义对照表（忽略内置对照表）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="127"/>
        <source>Classified facilities</source>
        <translation>已归类设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="129"/>
        <source>Categories not mapped</source>
        <translation>未对应的类别</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="132"/>
        <source>Features with a service</source>
        <translation>有服务的要素数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="133"/>
        <source>Features without a service</source>
        <translation>无服务的要素数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="139"/>
        <source>&apos;Use the mapping file alone&apos; is ticked but no mapping file is given: choose your mapping CSV or untick the option to use the built-in table.</source>
        <translation>已勾选“仅使用自定义对照表”，但未提供对照表文件：请选择对照表 CSV，或取消勾选以使用内置对照表。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="144"/>
        <source>Mapping: {0} rows ({1}).</source>
        <translation>对照表：{0} 行（{1}）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="144"/>
        <source>built-in table and {0}</source>
        <translation>内置对照表及 {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="147"/>
        <source>Mapping: the built-in table ({0} rows).</source>
        <translation>对照表：内置对照表（{0} 行）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="156"/>
        <source>Layer &apos;{0}&apos; has no field &apos;{1}&apos;. Fields present: {2}.</source>
        <translation>图层“{0}”没有字段“{1}”。现有字段：{2}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="160"/>
        <source>Choose the field of layer '{0}' that holds the AMap type (大类;中类;小类).</source>
        <translation>请选择图层“{0}”中存放高德类型（大类;中类;小类）的字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="168"/>
        <source>Layer &apos;{0}&apos; has no OpenStreetMap tag field (such as amenity, healthcare, leisure, shop or other_tags). Fields present: {1}. For AMap/Gaode data choose &apos;AMap/Gaode type&apos; and its type field.</source>
        <translation>图层“{0}”没有 OpenStreetMap 标签字段（如 amenity、healthcare、leisure、shop 或 other_tags）。现有字段：{1}。高德数据请选择“高德地图类型”及其类型字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="202"/>
        <source>Reading categories of &apos;{0}&apos; from: {1}.</source>
        <translation>读取“{0}”类别的字段：{1}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="210"/>
        <source>Layer '{0}', feature {1}, field '{2}': unknown service '{3}'. Correct it (codes or Chinese names of 十全十美) or clear it to have the feature classified.</source>
        <translation>图层“{0}”要素 {1} 字段“{2}”：未知服务“{3}”。请改正（填十全十美服务的代码或中文名称），或清空该值以重新归类。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="241"/>
        <source>Field(s) {0} of &apos;{1}&apos; are replaced by the classification.</source>
        <translation>“{1}”的字段 {0} 将被归类结果替换。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="289"/>
        <source>&apos;{0}&apos;: {1} of {2} features got at least one service ({3} by the mapping, {4} kept from &apos;{5}&apos;).</source>
        <translation>“{0}”：{2} 个要素中有 {1} 个获得至少一项服务（对照表匹配 {3} 个，沿用“{5}”{4} 个）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="295"/>
        <source>Features per service: {0}</source>
        <translation>各服务要素数：{0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="299"/>
        <source>{0} features got no service: {1} with categories that are no 十全十美 service (transport, schools, ...), {2} with categories no mapping row matched, {3} with no category at all.</source>
        <translation>{0} 个要素未获得服务：{1} 个的类别不属于十全十美服务（交通、学校等），{2} 个的类别未匹配任何对照行，{3} 个没有类别。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="305"/>
        <source>{0} categories could not be mapped (features per category): {1}{2}. Add them to your mapping CSV (see the &apos;Categories not mapped&apos; table).</source>
        <translation>{0} 个类别无法对应（括号内为要素数）：{1}{2}。请将其补入自定义对照表 CSV（见“未对应的类别”表）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/classify_facilities.py" line="312"/>
        <source>Categories known to be no 十全十美 service: {0}</source>
        <translation>已知不属于十全十美服务的类别：{0}</translation>
    </message>
</context>
<context>
    <name>CreateBlueprintAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="63"/>
        <source>Create community blueprint</source>
        <translation>创建社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="66"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="69"/>
        <source>Creates the community blueprint (社区蓝图) of a street or town: a GeoPackage layer 'projects' with the fields of the annual implementation list, Chinese aliases, drop-down lists for the project type and status, constraints, defaults, a tabbed edit form and a style, all saved as the layer's default style in the GeoPackage. The street and the three years of the reserve plan (FIRST_YEAR to FIRST_YEAR + 2) are stored in the table 'lifecircle_plan' of the same file.

If the GeoPackage already holds a 'projects' layer, it is left alone unless 'Upgrade an existing projects layer' is ticked: then only the missing fields are added (existing fields and data are kept), the layer set-up is refreshed and the plan window is stored.</source>
        <translation>创建街镇的社区蓝图：在 GeoPackage 中生成“projects”图层，含年度项目实施清单的各项字段、中文别名、项目类型和状态下拉列表、约束、默认值、分页编辑表单和样式，并全部保存为该图层在 GeoPackage 中的默认样式。街镇名称和项目储备计划的三个年度（FIRST_YEAR 至 FIRST_YEAR + 2）保存在同一文件的“lifecircle_plan”表中。

若 GeoPackage 中已有“projects”图层，则不作改动，除非勾选“升级已有项目图层”：此时仅补充缺失字段（保留已有字段和数据），刷新图层设置并保存规划期。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="80"/>
        <source>Street or town (街镇)</source>
        <translation>街镇</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="81"/>
        <source>First year of the 3-year reserve plan</source>
        <translation>3年项目储备计划首年</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="85"/>
        <source>Projects drawn as</source>
        <translation>项目绘制为</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="85"/>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="85"/>
        <source>Polygons (sites)</source>
        <translation>面（项目用地）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="92"/>
        <source>Upgrade an existing projects layer (adds missing fields only)</source>
        <translation>升级已有项目图层（仅补充缺失字段）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="95"/>
        <source>Blueprint GeoPackage</source>
        <translation>社区蓝图 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="95"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="97"/>
        <source>Projects layer</source>
        <translation>项目图层</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="98"/>
        <source>Fields added by the upgrade</source>
        <translation>升级补充的字段</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="123"/>
        <source>{0} already holds a &apos;{1}&apos; layer. Tick &apos;Upgrade an existing projects layer&apos; to add the missing fields (nothing else changes), or choose another file.</source>
        <translation>{0} 中已有“{1}”图层。勾选“升级已有项目图层”可补充缺失字段（其余不变），或另选文件。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="136"/>
        <source>Created layer &apos;{0}&apos; with {1} fields in {2}.</source>
        <translation>已在 {2} 中创建图层“{0}”，共 {1} 个字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="138"/>
        <source>Plan window: {0}, {1}–{2}.</source>
        <translation>规划期：{0}，{1}–{2} 年。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="89"/>
        <source>Coordinate reference system (empty: EPSG:4549 CGCS2000 / 3-degree GK CM 120E)</source>
        <translation>坐标参照系（留空：EPSG:4549 CGCS2000 / 3度带高斯-克吕格 中央经线 120E）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/create_blueprint.py" line="109"/>
        <source>Choose where to save the blueprint GeoPackage: a temporary file is deleted when QGIS closes, and the blueprint with it.</source>
        <translation>请选择社区蓝图 GeoPackage 的保存位置：临时文件会在 QGIS 关闭时删除，蓝图也会随之丢失。</translation>
    </message>
</context>
<context>
    <name>ExportAnnualListAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="30"/>
        <source>Export annual implementation list</source>
        <translation>导出年度项目实施清单</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="33"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="36"/>
        <source>Writes the annual implementation list (年度项目实施清单) of the chosen year and the whole 3-year reserve list from a blueprint layer, with the columns of the official list in Chinese (construction content, implementation path, implementing body, funding source, schedule, design team, …), sorted by basic unit and priority, with the number of projects and the budget per year.

XLSX: one workbook with the annual list and the reserve list as two sheets. CSV: UTF-8 with BOM so Excel shows the Chinese. Only the files you name are written; each is replaced in one step. Cancelled projects are left out; a project whose values cannot be read stops the export and is named.

The street and plan years come from the blueprint GeoPackage; STREET and FIRST_YEAR override them (and are needed for layers stored elsewhere). YEAR defaults to the plan's first year.</source>
        <translation>从社区蓝图图层导出所选年度的年度项目实施清单和完整的3年项目储备清单，列名与正式清单一致（项目建设内容、实施路径、实施主体、资金来源、时间安排、设计团队等），按基本单元和优先级排序，并统计各年度的项目数和预算。

XLSX：一个工作簿，年度实施清单和储备清单各占一张工作表。CSV：带 BOM 的 UTF-8 编码，Excel 可正常显示中文。只写出指定的文件，每个文件一次性整体替换。已取消的项目不列入；项目取值无法读取时停止导出，并指明是哪个项目。

街镇和规划年度取自蓝图 GeoPackage；STREET 和 FIRST_YEAR 可覆盖这些值（存放在其他位置的图层必须填写）。YEAR 默认为规划期首年。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="49"/>
        <source>Blueprint projects layer</source>
        <translation>社区蓝图项目图层</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="51"/>
        <source>Year of the annual list (empty: the plan&apos;s first year)</source>
        <translation>实施清单年度（留空：规划期首年）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="54"/>
        <source>Street or town (empty: from the blueprint&apos;s metadata)</source>
        <translation>街镇（留空：取自蓝图元数据）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="56"/>
        <source>First year of the plan (empty: from the blueprint&apos;s metadata)</source>
        <translation>规划期首年（留空：取自蓝图元数据）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="60"/>
        <source>Annual and reserve lists (XLSX)</source>
        <translation>年度实施清单和储备清单（XLSX）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="60"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="60"/>
        <source>Annual list (CSV)</source>
        <translation>年度项目实施清单（CSV）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="60"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="60"/>
        <source>3-year reserve list (CSV)</source>
        <translation>3年项目储备清单（CSV）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="67"/>
        <source>Projects on the annual list</source>
        <translation>年度实施清单项目数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="76"/>
        <source>Name at least one file to write (XLSX, annual CSV or reserve CSV).</source>
        <translation>请至少指定一个输出文件（XLSX、年度清单 CSV 或储备清单 CSV）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="104"/>
        <source>Written: {0}</source>
        <translation>已写出：{0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="106"/>
        <source>{0}: {1} project(s) on the {2} list, {3} on the {4} reserve list.</source>
        <translation>{0}：{2} 年度实施清单 {1} 个项目，{4}储备清单 {3} 个项目。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="83"/>
        <source>a community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_annual_list.py" line="80"/>
        <source>The workbook is written as an Excel .xlsx file, but {0} has another extension: Excel would not open it. Name the file with .xlsx at the end.</source>
        <translation>工作簿按 Excel .xlsx 文件写出，但 {0} 的扩展名不同：Excel 将无法打开。请把文件名的扩展名改为 .xlsx。</translation>
    </message>
</context>
<context>
    <name>ExportWebMapAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="107"/>
        <source>Residents&apos; 15-minute digital map (web)</source>
        <translation>生活圈数字地图（网页）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="110"/>
        <source>Residents&apos; map and feedback</source>
        <translation>居民地图与意见</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="113"/>
        <source>Writes a self-contained folder (index.html, data.js, the Leaflet map library) that residents open from a USB stick, a shared folder or any static web host, with no network at all: the walkable streets, the facilities by service with popups (name, services, opening hours), the planned projects of a blueprint, the basic units, and a Chinese interface.

Tapping anywhere shows the walking minutes to the nearest facility of each of the ten essentials, marking those beyond their threshold: precomputed on a grid of CELL_M cells by the same engine as walkingcoverage (a cell holds the minutes of a resident at its centre). An area needing more than 2,000,000 cells is refused: raise CELL_M.

A feedback form keeps residents&apos; comments in the browser and exports them as a GeoJSON file for the residents&apos; committee (read it back with importfeedback). A print view lays the map out on A4 or A3 with title, legend, north arrow and scale.

TILE_URL (optional) adds online base tiles; for AMap/Gaode and Tencent tiles (GCJ-02, decided from the host or stated in TILE_SYSTEM) every feature is shifted to GCJ-02 so it sits on them.</source>
        <translation>写出一个独立的文件夹（index.html、data.js 和 Leaflet 地图库），居民可从U盘、共享文件夹或任意静态网站打开，完全无需联网：显示可步行的街巷、按服务分类的设施（弹窗显示名称、服务和开放时间）、社区蓝图中的规划项目和基本单元，界面为中文。

点击地图任意位置，显示从该处步行到十项必备服务（十全）各自最近设施的时间，并标出超出时间阈值的服务：按 CELL_M 格网预先计算，采用与 walkingcoverage 相同的计算方法（每个格网的数值即格网中心一位居民的步行时间）。所需格网超过 2,000,000 个时拒绝运行：请增大 CELL_M。

意见征集表把居民意见保存在浏览器中，并可导出为 GeoJSON 文件交给居委会（用 importfeedback 导入）。打印视图按 A4 或 A3 排版，含标题、图例、指北针和比例尺。

TILE_URL（可选）加载在线底图瓦片；高德和腾讯瓦片（GCJ-02，按服务器判断或在 TILE_SYSTEM 中指定）时，所有要素偏移到 GCJ-02 坐标，与底图对齐。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="131"/>
        <source>Facility name field</source>
        <translation>设施名称字段</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="134"/>
        <source>Opening hours field</source>
        <translation>开放时间字段</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="137"/>
        <source>Blueprint projects (planned projects shown on the map)</source>
        <translation>社区蓝图项目（在地图上显示规划项目）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="141"/>
        <source>Map area (polygons; empty: the network&apos;s extent)</source>
        <translation>地图范围（面；留空：路网范围）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="144"/>
        <source>Per-service thresholds (CSV: service, minutes; empty: 15 minutes each)</source>
        <translation>各服务时间阈值（CSV：service, minutes；留空：均为 15 分钟）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="147"/>
        <source>Grid cell size (m)</source>
        <translation>格网边长（米）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="150"/>
        <source>Title of the map</source>
        <translation>地图标题</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="152"/>
        <source>Online base tiles (URL with {z}/{x}/{y}; empty: none)</source>
        <translation>在线底图瓦片（含 {z}/{x}/{y} 的地址；留空：不加载）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="154"/>
        <source>Coordinates of the tiles</source>
        <translation>瓦片坐标系</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="154"/>
        <source>Decide from the host (AMap/Gaode, Tencent: GCJ-02; others: WGS 84)</source>
        <translation>按服务器判断（高德、腾讯：GCJ-02；其他：WGS 84）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="154"/>
        <source>WGS 84 (OpenStreetMap, 天地图)</source>
        <translation>WGS 84（OpenStreetMap、天地图）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="154"/>
        <source>GCJ-02 (AMap/Gaode, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="159"/>
        <source>Credit line of the tiles</source>
        <translation>瓦片版权说明</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="161"/>
        <source>Web map folder</source>
        <translation>数字地图文件夹</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="163"/>
        <source>Web map page (index.html)</source>
        <translation>数字地图网页（index.html）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="164"/>
        <source>Grid cells with minutes</source>
        <translation>有步行时间的格网数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="165"/>
        <source>Facilities on the map</source>
        <translation>地图上的设施数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="184"/>
        <source>Tiles {0} are taken as {1}.</source>
        <translation>瓦片 {0} 按 {1} 坐标处理。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="203"/>
        <source>Grid: {0} × {1} cells of {2:g} m, {3} inside the map area.</source>
        <translation>格网：{0} × {1} 个 {2:g} 米格网，其中 {3} 个在地图范围内。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="209"/>
        <source>Walking minutes from every cell, one pass per service</source>
        <translation>计算每个格网的步行时间（每项服务一次）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="216"/>
        <source>No facility of layer &apos;{0}&apos; lies within {1:g} m of the walking network. Check that the layers cover the same area and CRS, or raise the snap distance.</source>
        <translation>图层“{0}”没有任何设施位于步行网络 {1:g} m 范围内。请检查各图层是否覆盖同一地区、坐标参照系是否一致，或增大最大接入距离。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="222"/>
        <source>{0} cells inside the area are farther than {1:g} m from the network and show no minutes (water, large closed sites).</source>
        <translation>范围内有 {0} 个格网距步行网络超过 {1:g} 米，不显示步行时间（水面、大型封闭用地）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="228"/>
        <source>Writing the web map</source>
        <translation>正在写出数字地图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="266"/>
        <source>Web map written: {0} ({1} facilities, {2} planned projects). Open it in any browser, or copy the whole folder to a web host.</source>
        <translation>数字地图已写出：{0}（{1} 处设施，{2} 个规划项目）。可用任意浏览器打开，或将整个文件夹复制到网站服务器。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="282"/>
        <source>No map area given: the network&apos;s extent is used.</source>
        <translation>未指定地图范围：使用路网范围。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="287"/>
        <source>Map area layer &apos;{0}&apos; has no polygon.</source>
        <translation>地图范围图层“{0}”中没有面要素。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="301"/>
        <source>{0} facilities of &apos;{1}&apos; lie outside the map area; they are drawn and still count for the minutes near the edge: {2}</source>
        <translation>“{1}”中有 {0} 处设施位于地图范围外；仍会绘制，并计入边缘附近的步行时间：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/export_webmap.py" line="55"/>
        <source>Coordinates in {0} cannot be converted to {1} for the web map (x {2:g} to {3:g}, y {4:g} to {5:g}): they lie outside the area of the CRS. Check the CRS and the coordinates of the layers.</source>
        <translation>{0} 中的坐标无法转换为 {1} 以制作数字地图（x {2:g} 至 {3:g}，y {4:g} 至 {5:g}）：超出该坐标系的适用范围。请检查各图层的坐标系和坐标。</translation>
    </message>
</context>
<context>
    <name>FixChinaCoordsAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="50"/>
        <source>Fix Chinese map coordinates (GCJ-02 / BD-09)</source>
        <translation>纠正国内地图坐标偏移（GCJ-02 / BD-09）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="53"/>
        <source>Data preparation</source>
        <translation>数据准备</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="56"/>
        <source>Converts point, line or polygon layers between GCJ-02 (AMap/Gaode, Tencent), BD-09 (Baidu) and WGS 84 (GPS, OpenStreetMap) / CGCS2000. POIs scraped from AMap or Baidu lie several hundred metres off true positions until converted.

The input layer must be in longitudes/latitudes (EPSG:4326 or EPSG:4490): AMap and Baidu data is loaded &apos;as&apos; EPSG:4326 although its coordinates are GCJ-02 or BD-09. Choose what the coordinates really are as the source system. A projected layer (metres) is refused: reproject it to EPSG:4326 first.

The conversion to WGS 84 is solved exactly (iteratively), so a round trip returns every vertex to within a millimetre; CGCS2000 and WGS 84 differ by centimetres and are treated as equal. Outside China no shift applies: such features are copied unchanged and listed in a warning.

Every vertex is shifted; a straight segment between two shifted vertices stays straight. The shift varies slowly: in Shanghai, the middle of a 100 m segment is off by under 2 cm, of a 300 m segment by under 0.15 m, of a 1 km segment by up to 1.6 m (growing with the square of the length). For layers with long straight edges, set &apos;Add vertices on segments longer than&apos; (e.g. 100 m). Curved geometries are converted to straight segments; M values are dropped.

Output: every attribute kept; CRS EPSG:4490 for a CGCS2000 target, else EPSG:4326 (GCJ-02 and BD-09 have no CRS of their own).</source>
        <translation>在 GCJ-02（高德、腾讯）、BD-09（百度）与 WGS 84（GPS、OpenStreetMap）/ CGCS2000 之间转换点、线、面图层。从高德或百度抓取的 POI 未经转换时与真实位置相差数百米。

输入图层必须为经纬度（EPSG:4326 或 EPSG:4490）：高德、百度数据通常“当作” EPSG:4326 加载，但其坐标实为 GCJ-02 或 BD-09。请将坐标的真实体系选为源坐标系。投影坐标（米）图层不予处理：请先重投影至 EPSG:4326。

向 WGS 84 的转换以迭代方式精确求解，往返转换后每个节点偏差在 1 mm 以内；CGCS2000 与 WGS 84 仅差厘米级，视为相同。中国境外不做偏移：这类要素原样复制，并在警告中列出。

每个节点都会偏移；两个偏移后节点之间的直线段仍为直线。偏移量变化平缓：在上海，100 m 线段中点的偏差小于 2 cm，300 m 线段小于 0.15 m，1 km 线段最多 1.6 m（随长度的平方增长）。含长直边的图层请设置“在长于此值的线段上加密节点”（如 100 m）。曲线几何转为直线段；M 值将被舍弃。

输出：保留全部属性；目标为 CGCS2000 时坐标参照系为 EPSG:4490，否则为 EPSG:4326（GCJ-02 和 BD-09 没有自己的坐标参照系）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="76"/>
        <source>WGS 84 (GPS, OpenStreetMap)</source>
        <translation>WGS 84（GPS、OpenStreetMap）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="76"/>
        <source>CGCS2000 (EPSG:4490)</source>
        <translation>CGCS2000（EPSG:4490）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="77"/>
        <source>GCJ-02 (AMap/Gaode, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="77"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="78"/>
        <source>Input layer (longitude/latitude)</source>
        <translation>输入图层（经纬度）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="80"/>
        <source>Coordinates of the input are in</source>
        <translation>输入坐标实际为</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="83"/>
        <source>Convert to</source>
        <translation>转换为</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="85"/>
        <source>Add vertices on segments longer than (m; 0 = keep the vertices as they are)</source>
        <translation>在长于此值的线段上加密节点（m；0 = 保持原有节点）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="88"/>
        <source>Converted layer</source>
        <translation>转换后的图层</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="90"/>
        <source>Features with vertices outside China (not shifted)</source>
        <translation>有节点位于中国境外的要素数（未偏移）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="98"/>
        <source>Layer '{0}' is in {1} ({2}), a projected CRS; GCJ-02/BD-09 conversion works on longitudes and latitudes. Reproject the layer to EPSG:4326 first (Vector › Data Management Tools › Reproject Layer) and run again on the reprojected layer.</source>
        <translation>图层“{0}”的坐标参照系为 {1}（{2}），属于投影坐标系；GCJ-02/BD-09 转换只适用于经纬度。请先将图层重投影至 EPSG:4326（矢量 › 数据管理工具 › 重投影图层），再对重投影后的图层重新运行。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="103"/>
        <source>Layer '{0}' is in {1} ({2}); GCJ-02/BD-09 conversion is defined on WGS 84 / CGCS2000 longitudes and latitudes. Reproject the layer to EPSG:4490 or EPSG:4326 first, or, if its coordinates are AMap/Baidu longitudes and latitudes, set its CRS to EPSG:4326 (Layer Properties › Source).</source>
        <translation>图层“{0}”的坐标参照系为 {1}（{2}）；GCJ-02/BD-09 转换基于 WGS 84 / CGCS2000 经纬度。请先将图层重投影至 EPSG:4490 或 EPSG:4326；若其坐标本就是高德/百度经纬度，请将坐标参照系设为 EPSG:4326（图层属性 › 源）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="115"/>
        <source>Source and target are both {0}: there is nothing to convert. Choose the system the coordinates of &apos;{1}&apos; are really in as the source, and the one you need as the target.</source>
        <translation>源坐标系和目标坐标系都是 {0}，无需转换。请将“{1}”坐标的真实体系选为源坐标系，将所需体系选为目标坐标系。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="125"/>
        <source>Converting &apos;{0}&apos; from {1} to {2} ({3} features); output CRS {4}.</source>
        <translation>正在将“{0}”由 {1} 转换为 {2}（{3} 个要素）；输出坐标参照系 {4}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="146"/>
        <source>{0} of {1} feature(s) of &apos;{2}&apos; have vertices outside China, where no shift applies: those vertices are copied unchanged (features {3}{4}). Check that the layer really is {5}.</source>
        <translation>“{2}”的 {1} 个要素中有 {0} 个存在位于中国境外的节点，境外不做偏移，这些节点原样保留（要素 {3}{4}）。请核实该图层确为 {5}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="151"/>
        <source>{0} features converted from {1} to {2}.</source>
        <translation>已将 {0} 个要素由 {1} 转换为 {2}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="193"/>
        <source>Feature {0} of layer &apos;{1}&apos; has coordinates that are not longitudes/latitudes ({2}). Fix or remove that feature, or set the layer&apos;s true CRS and reproject it to EPSG:4326.</source>
        <translation>图层“{1}”的要素 {0} 的坐标不是经纬度（{2}）。请修正或删除该要素，或设置图层真实的坐标参照系并重投影至 EPSG:4326。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="224"/>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="224"/>
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="225"/>
        <source>polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="226"/>
        <source>Layer '{0}' mixes {1}: a layer holds one kind of geometry. Split it by geometry type (Vector › Data Management Tools › Split Vector Layer on the expression geometry_type($geometry)) and convert each part.</source>
        <translation>图层“{0}”混有{1}：一个图层只能有一种几何类型。请按几何类型拆分（矢量 › 数据管理工具 › 拆分矢量图层，表达式 geometry_type($geometry)），再分别转换。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/fix_china_coords.py" line="215"/>
        <source>Layer '{0}' holds geometry collections (features {1}), which no single output type holds. Break them up with Vector › Geometry Tools › Multipart to Singleparts, split the result by geometry type, and convert each part.</source>
        <translation>图层“{0}”含几何集合（要素 {1}），任何单一输出类型都无法容纳。请用 矢量 › 几何工具 › 多部件转单部件 拆开，按几何类型拆分后分别转换。</translation>
    </message>
</context>
<context>
    <name>ImportFeedbackAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="65"/>
        <source>Import residents&apos; feedback (needs list)</source>
        <translation>导入居民意见（需求清单）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="68"/>
        <source>Residents&apos; map and feedback</source>
        <translation>居民地图与意见</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="71"/>
        <source>Reads residents' feedback: the GeoJSON files exported from the digital map (several at once; an entry found in more than one is counted once) or a CSV from paper or online forms, UTF-8 or GB18030, with columns lon/lat (经度/纬度) in WGS 84, GCJ-02 or BD-09, or x/y in a stated CRS, and text (意见), optionally category (类别), contact (联系方式), date (日期), votes (附议).

Each entry is classified to a 十全十美 service: the category chosen, else its text by the built-in Chinese keyword table (resources/feedback_keywords.csv) with your own table (keyword,service) on top, else 其他; and assigned to the basic unit it lies in.

Outputs: the entries as points (category, service, text, unit, date, votes, weight = 1 + votes, usable as demand in suggestsites) and the needs list (需求清单): unit × service with the number of entries, supporting votes and up to three example texts. Contact details are left out, and phone numbers or e-mail addresses in texts masked, unless INCLUDE_CONTACT is set.</source>
        <translation>读取居民意见：数字地图导出的 GeoJSON 文件（可一次多个；多个文件中的同一条意见只计一次），或纸质、线上问卷整理的 CSV（UTF-8 或 GB18030 编码），含经纬度列 lon/lat（经度/纬度，WGS 84、GCJ-02 或 BD-09）或指定坐标系的 x/y 列，以及意见（text），可选类别（category）、联系方式（contact）、日期（date）、附议（votes）。

每条意见归入一项十全十美服务：按居民所选类别；否则按内置中文关键词表（resources/feedback_keywords.csv）及优先的自定义表（keyword,service）识别意见文字；仍无法识别的归为其他；并归入所在基本单元。

输出：意见点（类别、服务、意见、基本单元、日期、附议数、权重 = 1 + 附议数，可作为 suggestsites 的需求）和需求清单：基本单元 × 服务的意见条数、附议数和至多三条意见示例。除非选择 INCLUDE_CONTACT，否则不输出联系方式，意见文字中的电话号码和电子邮箱也会隐去。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="85"/>
        <source>Feedback files (GeoJSON exports of the digital map, or CSV)</source>
        <translation>意见文件（数字地图导出的 GeoJSON，或 CSV）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="88"/>
        <source>Coordinates of a CSV</source>
        <translation>CSV 坐标</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="88"/>
        <source>Longitude/latitude, WGS 84</source>
        <translation>经纬度，WGS 84</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="88"/>
        <source>Longitude/latitude, GCJ-02 (AMap/Gaode, Tencent)</source>
        <translation>经纬度，GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="88"/>
        <source>Longitude/latitude, BD-09 (Baidu)</source>
        <translation>经纬度，BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="88"/>
        <source>x/y in the CRS below</source>
        <translation>x/y（下方指定坐标系）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="93"/>
        <source>CRS of the x/y columns</source>
        <translation>x/y 列的坐标系</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="95"/>
        <source>Your keyword table (CSV: keyword, service), on top of the built-in one</source>
        <translation>自定义关键词表（CSV：keyword, service），优先于内置关键词表</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="99"/>
        <source>Copy contact details to the outputs</source>
        <translation>在输出中保留联系方式</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="101"/>
        <source>Feedback points</source>
        <translation>居民意见点</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="103"/>
        <source>Needs list (unit × service)</source>
        <translation>需求清单（基本单元 × 服务）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="106"/>
        <source>Feedback entries</source>
        <translation>意见条数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="107"/>
        <source>Duplicates removed</source>
        <translation>去除的重复条数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="112"/>
        <source>Choose at least one feedback file (GeoJSON or CSV).</source>
        <translation>请至少选择一个意见文件（GeoJSON 或 CSV）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="127"/>
        <source>{0}: {1} entries.</source>
        <translation>{0}：{1} 条意见。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="131"/>
        <source>{0} duplicate entries removed (found in more than one file).</source>
        <translation>去除 {0} 条重复意见（出现在多个文件中）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="134"/>
        <source>The feedback files hold no entry.</source>
        <translation>意见文件中没有任何意见。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="141"/>
        <source>{0} entries: {1} by the category chosen, {2} by keywords, {3} left as 其他.</source>
        <translation>共 {0} 条意见：{1} 条按所选类别，{2} 条按关键词归类，{3} 条归为其他。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="144"/>
        <source>Entries per service: {0}</source>
        <translation>各服务意见数：{0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="165"/>
        <source>Give the CRS of the x/y columns of {0} (CSV_CRS), e.g. EPSG:4549.</source>
        <translation>请指定 {0} 中 x/y 列的坐标系（CSV_CRS），例如 EPSG:4549。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="179"/>
        <source>{0} entries lie outside China, where no {1} shift applies; they are kept unchanged.</source>
        <translation>{0} 条意见位于中国境外，不适用 {1} 偏移，保持原坐标。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/import_feedback.py" line="197"/>
        <source>{0} entries lie outside every unit of &apos;{1}&apos;; they are listed without a unit.</source>
        <translation>{0} 条意见不在“{1}”的任何基本单元内，列为无基本单元。</translation>
    </message>
</context>
<context>
    <name>LayerIO</name>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="83"/>
        <source>Layer '{0}' has no coordinate reference system. Set it in Layer Properties › Source (e.g. EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E, or EPSG:4326 for OpenStreetMap) and run again.</source>
        <translation>图层“{0}”没有坐标参照系。请在 图层属性 › 源 中设置（如 EPSG:4549 CGCS2000 / 3度带高斯-克吕格 中央经线 120E，OpenStreetMap 数据用 EPSG:4326）后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="108"/>
        <source>Layer &apos;{0}&apos; has no features.</source>
        <translation>图层“{0}”没有要素。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="117"/>
        <source>Layer &apos;{0}&apos; claims {1}, but its coordinates are not longitudes/latitudes. Assign the layer&apos;s true CRS and run again.</source>
        <translation>图层“{0}”标明为 {1}，但其坐标不是经纬度。请为图层指定真实的坐标参照系后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="123"/>
        <source>Layer &apos;{0}&apos; is in {1} ({2}); distances are measured in {3} ({4}), in metres.</source>
        <translation>图层“{0}”的坐标参照系为 {1}（{2}）；距离在 {3}（{4}）中以米计算。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="338"/>
        <source>Layer &apos;{0}&apos; has no field &apos;{1}&apos;. Fields present: {2}.</source>
        <translation>图层“{0}”没有字段“{1}”。现有字段：{2}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="351"/>
        <source>The expression &apos;{0}&apos; for layer &apos;{1}&apos; cannot be read: {2}</source>
        <translation>图层“{1}”的表达式“{0}”无法解析：{2}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="392"/>
        <source>Feature {0} of layer &apos;{1}&apos; cannot be transformed to {2}. Check the layer&apos;s CRS.</source>
        <translation>图层“{1}”的要素 {0} 无法转换至 {2}。请检查图层的坐标参照系。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="405"/>
        <source>The expression &apos;{0}&apos; fails on feature {1} of layer &apos;{2}&apos;: {3}</source>
        <translation>表达式“{0}”在图层“{2}”的要素 {1} 上计算出错：{3}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="501"/>
        <source>Layer &apos;{0}&apos;: {1} invalid polygon(s) repaired before use (features {2}); fix them with &apos;Fix geometries&apos; to be sure of the result.</source>
        <translation>图层“{0}”：{1} 个无效面在使用前已自动修复（要素 {2}）；为确保结果可靠，请用“修正几何图形”工具修复。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="521"/>
        <source>Layer &apos;{0}&apos;: {1} polygon(s) have no gate within {2} m of their outline and are reached from their point-on-surface.</source>
        <translation>图层“{0}”：{1} 个面的边界 {2} m 范围内没有出入口，改从面内一点进出。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="545"/>
        <source>Layer &apos;{0}&apos;: {1} feature(s) without geometry are kept but cannot be reached (features {2}).</source>
        <translation>图层“{0}”：{1} 个要素没有几何图形，予以保留但无法到达（要素 {2}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="552"/>
        <source>Layer &apos;{0}&apos;: {1} multipoint feature(s); each part is used as an entrance.</source>
        <translation>图层“{0}”：{1} 个多点要素，每个部分都作为一个出入口。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="416"/>
        <source>Layer '{0}': {1} feature(s) with arcs (curved geometries) segmentized into straight pieces, one every {2:g}° of arc at most (features {3}).</source>
        <translation>图层“{0}”：{1} 个含弧线（曲线几何）的要素已分段为直线段，每段弧度不超过 {2:g}°（要素 {3}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="137"/>
        <source>Layer '{0}' claims {1}, in metres, but its coordinates ({2:g}, {3:g} to {4:g}, {5:g}) look like longitudes/latitudes in degrees. Set the layer's CRS to EPSG:4326 or EPSG:4490 (Layer Properties › Source) and run again.</source>
        <translation>图层“{0}”声明为 {1}（单位米），但其坐标（{2:g}, {3:g} 至 {4:g}, {5:g}）看起来是以度为单位的经纬度。请将图层坐标系设为 EPSG:4326 或 EPSG:4490（图层属性 › 源）后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="166"/>
        <source>Feature {0} of layer '{1}' has an invalid geometry ({2}). Repair the layer with 'Fix geometries', or set Settings › Options › Processing › Invalid features filtering to skip such features, and run again.</source>
        <translation>图层“{1}”的要素 {0} 几何无效（{2}）。请用“修正几何图形”工具修复该图层，或在 设置 › 选项 › 数据处理 › 无效要素过滤 中选择跳过此类要素，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="176"/>
        <source>Layer &apos;{0}&apos;: {1} feature(s) with an invalid geometry skipped, as the Processing setting for invalid features asks (features {2}).</source>
        <translation>图层“{0}”：按数据处理的无效要素设置，跳过了 {1} 个几何无效的要素（要素 {2}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/layer_io.py" line="534"/>
        <source>Layer &apos;{0}&apos;: {1} geometry collection(s) are reached from their point-on-surface (features {2}).</source>
        <translation>图层“{0}”：{1} 个几何集合改从面内一点接入路网（要素 {2}）。</translation>
    </message>
</context>
<context>
    <name>LifeCircleAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/base.py" line="449"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="593"/>
        <source>Walking network (lines)</source>
        <translation>步行网络（线）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="595"/>
        <source>Exclude lines where (expression; empty: OpenStreetMap rules when the layer has a &apos;highway&apos; field)</source>
        <translation>排除满足以下条件的线（表达式；留空：图层有“highway”字段时按 OpenStreetMap 规则）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="600"/>
        <source>Cost factor field (stairs, slopes: 1 = flat walk)</source>
        <translation>通行成本系数字段（台阶、坡道；1 = 平地步行）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="604"/>
        <source>Line junctions</source>
        <translation>线路连接方式</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="604"/>
        <source>Shared vertices only (OpenStreetMap: bridges stay apart)</source>
        <translation>仅在共用节点处相连（OpenStreetMap：桥梁不与桥下道路相连）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="604"/>
        <source>Every crossing (CAD/survey lines)</source>
        <translation>所有交叉处均相连（CAD/测绘线）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="609"/>
        <source>Close gaps between line ends up to (m)</source>
        <translation>线端断口连接容差（m）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="583"/>
        <source>Farthest distance from a point to the network (m)</source>
        <translation>点到步行网络的最大接入距离（m）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="586"/>
        <source>Walking speed (km/h)</source>
        <translation>步行速度（km/h）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="636"/>
        <source>Layer &apos;{0}&apos; (for &apos;{1}&apos;) has no features.</source>
        <translation>图层“{0}”（用于“{1}”）没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="729"/>
        <source>Reading network &apos;{0}&apos; ({1} features)</source>
        <translation>正在读取路网“{0}”（{1} 个要素）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="754"/>
        <source>{0} lines excluded by &apos;{1}&apos;.</source>
        <translation>按“{1}”排除了 {0} 条线。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="760"/>
        <source>{0} lines excluded as not walkable by OpenStreetMap tags (foot=no, expressways, motorways, construction).</source>
        <translation>按 OpenStreetMap 标签排除了 {0} 条不可步行的线（foot=no、快速路、高速公路、在建道路）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="770"/>
        <source>Cost factor field &apos;{0}&apos; of layer &apos;{1}&apos; must be positive; features {2} are not. Correct them or leave the field empty (1 = flat walk).</source>
        <translation>图层“{1}”的通行成本系数字段“{0}”必须为正数，要素 {2} 不符合。请改正，或将该字段留空（1 = 平地步行）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="791"/>
        <source>Network: {0} edges, {1:.1f} km; {2} crossings split, {3} gaps closed, {4} duplicate and {5} zero-length pieces dropped.</source>
        <translation>路网：{0} 条边，共 {1:.1f} km；在 {2} 处交叉打断，连接 {3} 处断口，删除 {4} 段重复线和 {5} 段零长度线。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="798"/>
        <source>The network falls apart into {0} parts (edges per part: {1}{2}); people on one part cannot walk to another.</source>
        <translation>路网分裂为 {0} 个互不连通的部分（各部分边数：{1}{2}）；居民无法从一个部分步行到另一个部分。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="806"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="808"/>
        <source>Services field (codes or Chinese names, several separated by , ; 、)</source>
        <translation>服务字段（代码或中文名称，多项以 , ; 、 分隔）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="815"/>
        <source>Residents (points or compound polygons)</source>
        <translation>居民（点或小区面）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="822"/>
        <source>Compound gates (points; polygons are entered through them)</source>
        <translation>小区出入口（点；经出入口进出小区面）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="827"/>
        <source>Basic units (polygons)</source>
        <translation>基本单元（面）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="829"/>
        <source>Unit id field</source>
        <translation>基本单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="868"/>
        <source>Choose the services field of layer &apos;{0}&apos;.</source>
        <translation>请选择图层“{0}”的服务字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="878"/>
        <source>Layer &apos;{0}&apos;, feature {1}, field &apos;{2}&apos;: unknown service &apos;{3}&apos;. Accepted: {4}.</source>
        <translation>图层“{0}”要素 {1} 字段“{2}”：未知服务“{3}”。可填写：{4}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="883"/>
        <source>Layer &apos;{0}&apos;: {1} feature(s) list no service in &apos;{2}&apos; and are ignored (features {3}).</source>
        <translation>图层“{0}”：{1} 个要素的“{2}”中未列出服务，已忽略（要素 {3}）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="904"/>
        <source>Population field &apos;{0}&apos; of layer &apos;{1}&apos; is NULL or negative for {2} feature(s): {3}. Fill in the population (or estimate it from residential floor area), or filter those features out, and run again.</source>
        <translation>图层“{1}”的人口字段“{0}”有 {2} 个要素为空值或负数：{3}。请补填人口（或按居住建筑面积估算），或筛除这些要素，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="998"/>
        <source>Choose the unit id field of layer &apos;{0}&apos;.</source>
        <translation>请选择图层“{0}”的基本单元编号字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="1029"/>
        <source>{0} resident feature(s) of &apos;{1}&apos; lie outside every unit of &apos;{2}&apos;; they count only in the whole-area figures.</source>
        <translation>“{1}”中有 {0} 个居民要素不在“{2}”的任何基本单元内，只计入全域统计。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="788"/>
        <source>Network layer &apos;{0}&apos;: {1}</source>
        <translation>路网图层“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="388"/>
        <source>Layer &apos;{0}&apos; carries no plan window (it is not a blueprint GeoPackage made by &apos;Create community blueprint&apos;); give the street and the first year of the plan.</source>
        <translation>图层“{0}”没有规划期信息（不是由“创建社区蓝图”生成的蓝图 GeoPackage）；请填写街镇和规划期首年。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="400"/>
        <source>Report (HTML with maps and charts; a PDF is written beside it)</source>
        <translation>报告（含地图和图表的 HTML；同名 PDF 写在旁边）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="400"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="404"/>
        <source>Report (PDF)</source>
        <translation>报告（PDF）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="438"/>
        <source>Writing the report (HTML and PDF)</source>
        <translation>正在写出报告（HTML 和 PDF）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="453"/>
        <source>Report: {0} and {1}</source>
        <translation>报告：{0} 和 {1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="192"/>
        <source>Parameters and outputs</source>
        <translation>参数与输出</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="193"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="193"/>
        <source>Id</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="193"/>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="279"/>
        <source>en</source>
        <comment>language code of this translation</comment>
        <translation>zh</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="354"/>
        <source>LifeCircle stopped on an unexpected error: this is a bug in LifeCircle, not a problem with your data. Please report it with the details shown in the log (View › Panels › Log Messages › LifeCircle). Nothing was written.</source>
        <translation>LifeCircle 因意外错误而停止：这是 LifeCircle 的程序缺陷，不是您的数据问题。请连同日志中的详细信息（视图 › 面板 › 日志消息 › LifeCircle）一并报告。未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="472"/>
        <source>&apos;{0}&apos;: {1} is a folder; choose a file.</source>
        <translation>“{0}”：{1} 是文件夹，请选择文件。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="484"/>
        <source>&apos;{0}&apos;: the file {1} exists but cannot be read as a layer (damaged, not a GIS format, or no such layer in it). Open it in QGIS to check, or export it again.</source>
        <translation>“{0}”：文件 {1} 存在，但无法作为图层读取（文件损坏、不是 GIS 格式，或其中没有该图层）。请在 QGIS 中打开检查，或重新导出。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="529"/>
        <source>Output &apos;{0}&apos; cannot be created at {1}: check that the folder exists and may be written to, and that the format takes this kind of layer.</source>
        <translation>无法在 {1} 创建输出“{0}”：请检查文件夹是否存在、是否可写，以及该格式能否保存此类图层。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="541"/>
        <source>Layer &apos;{0}&apos; is not {1}: it lacks the fields {2} (fields present: {3}). Choose the projects layer made by &apos;Create community blueprint&apos;, or upgrade this one with it.</source>
        <translation>图层“{0}”不是{1}：缺少字段 {2}（现有字段：{3}）。请选择“创建社区蓝图”生成的项目图层，或用它升级此图层。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="569"/>
        <source>Layer &apos;{0}&apos; mixes points, lines and polygons: the output holds one point per feature (its point-on-surface).</source>
        <translation>图层“{0}”混有点、线、面：输出中每个要素以一个点（面内点）表示。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="650"/>
        <source>The exclusion expression &apos;{0}&apos; for layer &apos;{1}&apos; cannot be read: {2}. Correct it, or leave it empty for the OpenStreetMap rules.</source>
        <translation>图层“{1}”的排除表达式“{0}”无法解析：{2}。请更正，或留空以使用 OpenStreetMap 规则。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="656"/>
        <source>The exclusion expression &apos;{0}&apos; names field &apos;{1}&apos;, which layer &apos;{2}&apos; lacks (fields: {3}). Correct the field name.</source>
        <translation>排除表达式“{0}”引用了字段“{1}”，但图层“{2}”没有该字段（现有字段：{3}）。请更正字段名。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="677"/>
        <source>Field &apos;{0}&apos; of layer &apos;{1}&apos; must hold numbers, but {2} feature(s) hold text that is not a number: {3}. Choose a numeric field, or correct those values.</source>
        <translation>图层“{1}”的字段“{0}”应为数字，但有 {2} 个要素的值不是数字：{3}。请选择数值字段，或更正这些值。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="694"/>
        <source>{0} residents of &apos;{1}&apos; are farther than {2:g} m from the network and reach nothing on foot: {3}</source>
        <translation>“{1}”中有 {0} 处居民距步行网络超过 {2:g} 米，步行无法到达任何设施：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="818"/>
        <source>Population field (empty: every feature counts as 1 resident)</source>
        <translation>人口字段（留空：每个要素计为 1 名居民）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="912"/>
        <source>Population field &apos;{0}&apos; of layer &apos;{1}&apos; holds values too large to add up (features {2}); correct them and run again.</source>
        <translation>图层“{1}”的人口字段“{0}”中有数值过大、无法求和（要素 {2}）；请更正后重试。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="918"/>
        <source>No population field chosen: each of the {0} features of &apos;{1}&apos; counts as 1 resident, whatever its size. Choose the population field for real figures.</source>
        <translation>未选择人口字段：图层“{1}”的 {0} 个要素每个只计为 1 名居民，与其规模无关。请选择人口字段以得到真实数字。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="956"/>
        <source>Thresholds</source>
        <translation>时间阈值</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="956"/>
        <source>Uniform: the same minutes for every service</source>
        <translation>统一阈值：各项服务采用同一分钟数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="956"/>
        <source>Shanghai tiered standard (elderly care, public space 5 min; childcare, daily life 10 min; the rest the minutes below)</source>
        <translation>上海分级标准（为老服务、公共空间 5 分钟；保育托幼、生活服务 10 分钟；其余采用下方分钟数）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="956"/>
        <source>Custom file (per-service thresholds below)</source>
        <translation>自定义文件（见下方分项阈值文件）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="984"/>
        <source>Thresholds: &apos;Custom file&apos; is chosen but no per-service thresholds file is given. Choose the CSV file (columns service, minutes), or another kind of thresholds.</source>
        <translation>时间阈值：选择了“自定义文件”，但未提供分项服务时间阈值文件。请选择 CSV 文件（列：service、minutes），或改选其他阈值方式。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="1003"/>
        <source>Layer &apos;{0}&apos;: {1} unit(s) have a NULL or empty &apos;{2}&apos; (features {3}); residents inside them are counted only in the whole-area figures. Fill in the ids.</source>
        <translation>图层“{0}”：{1} 个基本单元的“{2}”为空（要素 {3}）；其中的居民只计入全域统计。请补填编号。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="1013"/>
        <source>Layer &apos;{0}&apos;: unit ids repeat ({1}); their residents are added up under one id. Give every unit its own id.</source>
        <translation>图层“{0}”：基本单元编号重复（{1}）；其居民将合并在同一编号下统计。请为每个单元设置不同的编号。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="834"/>
        <source>Services (codes or Chinese names, comma separated; empty: all present)</source>
        <translation>服务（代码或中文名称，以逗号分隔；留空：现有全部服务）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="844"/>
        <source>Parameter &apos;Services&apos;: unknown service &apos;{0}&apos;. Accepted: {1}.</source>
        <translation>参数“服务”：未知服务“{0}”。可填写：{1}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="850"/>
        <source>No feature of layer &apos;{0}&apos; lists a service in field &apos;{1}&apos;. Fill in the services (codes or Chinese names) or choose the right field.</source>
        <translation>图层“{0}”没有任何要素在字段“{1}”中列出服务。请补填服务（代码或中文名称），或选择正确的字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="855"/>
        <source>No facility of layer &apos;{0}&apos; offers {1} (field &apos;{2}&apos;). Services present: {3}. Choose services the facilities offer, or leave &apos;Services&apos; empty for all of them.</source>
        <translation>图层“{0}”中没有提供 {1} 的设施（字段“{2}”）。现有服务：{3}。请选择设施实际提供的服务，或将“服务”留空以计算全部服务。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="944"/>
        <source>Threshold for every service (minutes)</source>
        <translation>各项服务统一的时间阈值（分钟）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="947"/>
        <source>Per-service thresholds (CSV: service, minutes; a file given here is used whatever the choice above)</source>
        <translation>分项服务时间阈值（CSV：service、minutes；在此提供文件时，无论上方如何选择都使用该文件）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="737"/>
        <source>Layer &apos;{0}&apos; must hold the lines of the walking network, but {1} feature(s) are points, polygons or collections: {2}. Choose the layer of walkable lines (street centrelines); for the outlines of polygons run &apos;Polygons to lines&apos; first.</source>
        <translation>图层“{0}”应为步行路网的线，但有 {1} 个要素是点、面或几何集合：{2}。请选择可步行的线图层（道路中心线）；如需面的边界，请先运行“面转线”。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/base.py" line="745"/>
        <source>Layer &apos;{0}&apos;: {1} line(s) have coordinates that are not numbers or lie beyond any map (NaN, infinite, or farther than 1,000,000 km): {2}. Repair or delete them and run again.</source>
        <translation>图层“{0}”：{1} 条线的坐标不是数值或超出任何地图范围（NaN、无穷大或远于 1,000,000 公里）：{2}。请修复或删除这些线后重新运行。</translation>
    </message>
</context>
<context>
    <name>LifeCirclePlugin</name>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="81"/>
        <source>Another plugin already provides the Processing provider '{0}' (a second copy of LifeCircle?); this copy adds no algorithms. Keep one copy in Plugins › Manage and Install Plugins.</source>
        <translation>已有其他插件提供数据处理提供程序“{0}”（是否装了两份 LifeCircle？）；本份插件不再添加算法。请在 插件 › 管理并安装插件 中只保留一份。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="89"/>
        <source>LifeCircle needs Python libraries QGIS does not have; see the message log (LifeCircle tab) for the command to run.</source>
        <translation>LifeCircle 需要 QGIS 未自带的 Python 库；安装命令见日志信息面板（LifeCircle 选项卡）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="92"/>
        <source>Why LifeCircle cannot run…</source>
        <translation>LifeCircle 为何无法运行…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="94"/>
        <source>15-minute walking coverage…</source>
        <translation>15分钟步行覆盖…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="97"/>
        <source>Create the sample district…</source>
        <translation>创建示例街道…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="109"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="133"/>
        <source>LifeCircle needs {0}. Install with:
{1}</source>
        <translation>LifeCircle 需要 {0}。安装命令：
{1}</translation>
    </message>
</context>
<context>
    <name>LifeCircleProvider</name>
    <message>
        <location filename="../processing_algorithms/provider.py" line="55"/>
        <source>LifeCircle 15-minute life circle</source>
        <translation>LifeCircle 15分钟社区生活圈</translation>
    </message>
</context>
<context>
    <name>MemoryLayer</name>
    <message>
        <location filename="../lifecircle_plugin/adapters/memory_layer.py" line="19"/>
        <source>Map layer &apos;{0}&apos; mixes geometry types ({1}); a layer holds one kind of geometry.</source>
        <translation>地图图层“{0}”混有多种几何类型（{1}）；一个图层只能容纳一种几何类型。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/adapters/memory_layer.py" line="33"/>
        <source>Map layer &apos;{0}&apos;: {1} rows of values for {2} geometries.</source>
        <translation>地图图层“{0}”：{2} 个几何对应 {1} 行属性值。</translation>
    </message>
</context>
<context>
    <name>PlanImpactAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="58"/>
        <source>Project impact and schedule</source>
        <translation>项目成效与排序</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="61"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="86"/>
        <source>Blueprint projects layer</source>
        <translation>社区蓝图项目图层</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="93"/>
        <source>First year of the plan (empty: from the blueprint&apos;s metadata)</source>
        <translation>规划期首年（留空：取蓝图元数据）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="96"/>
        <source>Budget per plan year (万元), e.g. 2027:500;2028:800;2029:800 (empty: no schedule)</source>
        <translation>各计划年度预算（万元），如 2027:500;2028:800;2029:800（留空：不排期）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="99"/>
        <source>Time limit of the schedule&apos;s optimisation (seconds)</source>
        <translation>排期优化的时间上限（秒）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="102"/>
        <source>Projects with their impact</source>
        <translation>项目及其成效</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="104"/>
        <source>Coverage by plan year, unit and service</source>
        <translation>分年度、分单元、分服务覆盖情况</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="108"/>
        <source>People-years of coverage of the ten essentials over the plan (with BUDGETS)</source>
        <translation>规划期内十全服务覆盖人·年（填写 BUDGETS 时）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="110"/>
        <source>Optimality gap of the schedule</source>
        <translation>排期的最优性间隙</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="111"/>
        <source>Schedule proven optimal (1) or not (0)</source>
        <translation>排期是否已证明最优（1 是，0 否）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="112"/>
        <source>Projects assessed</source>
        <translation>参与评估的项目数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="133"/>
        <source>Plan: {0}, {1}–{2}.</source>
        <translation>储备计划：{0}，{1}—{2}年。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="162"/>
        <source>Shortest walks: one pass per service from the existing facilities, cut-off searches from the projects</source>
        <translation>计算最短步行路径：现状设施每项服务一次，项目按阈值截断搜索</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="171"/>
        <source>{0} project(s) lie farther than {1:g} m from the walking network and reach nobody: {2}</source>
        <translation>{0} 个项目距步行网络超过 {1:g} 米，无法覆盖任何居民：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="204"/>
        <source>Layer &apos;{0}&apos;: {1} project(s) without a location are left out: {2}</source>
        <translation>图层“{0}”：{1} 个项目没有位置，已排除：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="204"/>
        <source>Layer &apos;{0}&apos;: {1} project(s) list no service in &apos;services&apos; and are left out: {2}</source>
        <translation>图层“{0}”：{1} 个项目的 services 字段未填写服务，已排除：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="204"/>
        <source>Layer &apos;{0}&apos;: {1} project(s) have a reserve year outside the plan {3}; they are assessed but are in no plan year: {2}</source>
        <translation>图层“{0}”：{1} 个项目的储备年份不在储备计划年度（{3}）内，计算其成效但不计入任何计划年度：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="214"/>
        <source>Layer &apos;{0}&apos; holds no project to assess: every project is cancelled, has no location or lists no service. Draw the projects and fill in their services (field &apos;services&apos;).</source>
        <translation>图层“{0}”中没有可评估的项目：所有项目均已取消、没有位置或未填写服务。请绘制项目并填写服务功能（services 字段）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="217"/>
        <source>{0} project(s) assessed; {1} in the plan years, {2} started (kept in their year).</source>
        <translation>评估 {0} 个项目；其中 {1} 个在计划年度内，{2} 个已开工（保持原年度）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="226"/>
        <source>{0} project(s) have no budget (field &apos;budget_wan&apos; empty or 0) and cannot be scheduled: {1}</source>
        <translation>{0} 个项目没有投资估算（budget_wan 字段为空或为 0），无法排期：{1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="230"/>
        <source>Layer &apos;{0}&apos; holds no project the schedule can place: a movable project is one not cancelled, not under construction or completed, with a location, a service and a budget (budget_wan &gt; 0). Fill in the budgets or leave BUDGETS empty.</source>
        <translation>图层“{0}”中没有可排期的项目：可排期项目须未取消、未在建或建成，并有位置、服务功能和投资估算（budget_wan &gt; 0）。请填写投资估算，或将 BUDGETS 留空。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="258"/>
        <source>{0}: the projects already started cost {1:,.1f} 万元 more than the year's budget; no new project is scheduled that year.</source>
        <translation>{0}年：已开工项目的投资超出该年度预算 {1:,.1f} 万元，该年度不再安排新项目。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="261"/>
        <source>Schedule: exact optimisation (HiGHS)</source>
        <translation>排期：精确优化求解（HiGHS）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="263"/>
        <source>Schedule ({0}, {1:.1f} s): {2:,.0f} people-years of coverage of the ten essentials over {3}; proven bound {4:,.0f}, optimality gap {5:.4%}{6}.</source>
        <translation>排期（{0}，{1:.1f} 秒）：{3}十全服务覆盖 {2:,.0f} 人·年；已证明上界 {4:,.0f}，最优性间隙 {5:.4%}{6}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="263"/>
        <source> (optimal)</source>
        <translation>（最优）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="263"/>
        <source> (time limit reached)</source>
        <translation>（已达时间上限）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="271"/>
        <source>  {0}: {1} new project(s), {2:,.1f} of {3:,.1f} 万元 (started ones included): {4}</source>
        <translation>  {0}年：新安排 {1} 个项目，投资 {2:,.1f} / {3:,.1f} 万元（含已开工项目）：{4}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="282"/>
        <source>Projects by impact: {0}</source>
        <translation>项目成效排序：{0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="107"/>
        <source>Report (HTML with a map and charts; a PDF is written beside it)</source>
        <translation>报告（HTML，含地图和图表；同名 PDF 写在旁边）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="196"/>
        <source>Preparing the report&apos;s map and tables</source>
        <translation>正在准备报告的地图和表格</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/plan_impact.py" line="64"/>
        <source>What each project of the 3-year reserve brings to residents, and which order the budget allows.

A project is a new facility offering the services of its services field at its location (a polygon through its point on surface; a multipoint through each part, its entrances), attached to the walking network as walkingcoverage attaches facilities. Cancelled projects are ignored; projects without a location or a service are reported and left out.

gain_&lt;service&gt;: residents newly within the service's threshold when the project is added to the existing facilities; gain_total: the sum over its services; gain_in_plan: the same when the project is added after every project of earlier plan years and, within its year, after those of smaller priority (then project id); gain_per_wan: gain_total per 万元 of budget; impact_rank: by gain_total, then gain_per_wan, then project id.

With BUDGETS (万元 per plan year, e.g. 2027:500;2028:800;2029:800) each movable project gets a suggested_year (or none) maximising the people-years of coverage of the ten essentials over the three years within each year's budget, solved exactly as a MILP (HiGHS) with a greedy start and fallback; projects under construction or completed keep their year and their budget counts against it; projects without a budget are reported and not scheduled.

The years table gives, for the existing facilities alone and after each plan year as planned, the covered population and share per unit and service. Optionally a report: one HTML file with the coverage by plan year, a map of the projects by impact, the ranking and the schedule, and the same as PDF beside it.</source>
        <translation>3年项目储备中每个项目能为居民带来什么，以及预算允许的实施顺序。

项目视为在其位置新增的设施，提供 services 字段所列服务（面状项目取面内点；多点项目的每个点视为一个出入口），按15分钟步行覆盖接入现状设施的同样方式接入步行网络。已取消的项目不计；没有位置或没有服务的项目列出并排除。

gain_&lt;服务&gt;：该项目加入现状设施后，在该服务时间阈值内新增覆盖的居民人口；gain_total：其各项服务之和；gain_in_plan：在此前各计划年度的全部项目、以及同年度优先级更高（再按项目编号）的项目之后加入时的同一增量；gain_per_wan：每万元预算的 gain_total；impact_rank：按 gain_total，其次 gain_per_wan，再按项目编号排序。

填写 BUDGETS（各计划年度的预算，万元，如 2027:500;2028:800;2029:800）时，为每个可调整的项目给出建议年度 suggested_year（或不排入），在各年度预算内使三年中十全服务的覆盖“人·年”最大，以整数规划（HiGHS）精确求解，贪心解作为初始解和备用解；在建或已建成的项目保持其储备年份，其投资计入该年度预算；没有投资估算的项目列出且不参与排期。

分年度表给出仅有现状设施时以及按计划完成各年度项目后，各基本单元和各项服务的覆盖人口和覆盖率。可选输出报告：一个 HTML 文件，含分年度覆盖率、项目成效分布图、成效排序和排期，并在旁边写出同样内容的 PDF。</translation>
    </message>
</context>
<context>
    <name>PolygonCaptureTool</name>
    <message>
        <location filename="../lifecircle_plugin/gui/map_tools.py" line="76"/>
        <source>A project polygon needs at least three vertices; {0} given. Click the corners, then right-click to close it.</source>
        <translation>项目用地范围面至少需要三个节点，当前只有 {0} 个。请依次点击各角点，再右键闭合。</translation>
    </message>
</context>
<context>
    <name>PrepareNetworkAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="45"/>
        <source>Prepare walking network</source>
        <translation>整理步行网络</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="48"/>
        <source>Data preparation</source>
        <translation>数据准备</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="51"/>
        <source>Cleans a walking network once, so that it can be checked on the map and reused: leaves out what cannot be walked (the exclusion expression, or OpenStreetMap rules when the layer has a &apos;highway&apos; field: foot=no, expressways, motorways, construction), splits lines at every crossing when asked (CAD/survey lines; OpenStreetMap lines join only at shared vertices, so bridges stay apart), joins line ends closer than the gap tolerance to another line, drops duplicate and zero-length pieces and flags the parts that are cut off from the rest (islands).

Output: one line per edge, in the network layer&apos;s CRS, with edge_id, source_fid (the input feature; NULL for gap connectors), length_m, cost_factor, island (0 = the main, largest part) and is_connector. Optionally, the input features left out with the reason. The log counts crossings split, gaps closed, duplicates and zero-length pieces dropped, and lists the islands with their sizes.

To reuse the output as the walking network of the other tools, choose: Line junctions = shared vertices only, gap tolerance 0 (already closed), cost factor field &apos;cost_factor&apos;. Walking distances are then the same as on the raw layer with the cleaning options used here.</source>
        <translation>一次性整理步行网络，便于在地图上检查和重复使用：剔除不可步行的线（按排除表达式；图层有“highway”字段时按 OpenStreetMap 规则：foot=no、快速路、高速公路、在建道路），按需在所有交叉处打断（CAD/测绘线；OpenStreetMap 线只在共用节点处相连，桥梁不与桥下道路相连），将与其他线距离小于断口容差的线端连接起来，删除重复线段和零长度线段，并标出与主网不连通的部分（孤岛）。

输出：每条边一条线，采用路网图层的坐标参照系，字段为 edge_id、source_fid（对应的输入要素；断口连接线为 NULL）、length_m、cost_factor、island（0 = 最大的主网）和 is_connector。可选输出被剔除的输入要素及原因。日志统计交叉打断、断口连接以及删除的重复线段和零长度线段，并列出各孤岛及其规模。

将输出用作其他工具的步行网络时，请选择：线路连接方式 = 仅在共用节点处相连，断口容差 0（已连接），通行成本系数字段“cost_factor”。这样算出的步行距离与在原始图层上按此处整理选项计算的结果相同。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="69"/>
        <source>Prepared walking network</source>
        <translation>整理后的步行网络</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="71"/>
        <source>Lines left out</source>
        <translation>剔除的线</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="74"/>
        <source>Edges</source>
        <translation>边数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="75"/>
        <source>Islands (parts cut off the main one)</source>
        <translation>孤岛数（与主网不连通的部分）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="76"/>
        <source>Input lines left out</source>
        <translation>剔除的输入线</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="90"/>
        <source>{0} input feature(s) left out: {1}{2}</source>
        <translation>剔除了 {0} 个输入要素：{1}{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="94"/>
        <source>Reuse: set this layer as the walking network with Line junctions = shared vertices only, gap tolerance 0 and cost factor field &apos;cost_factor&apos;.</source>
        <translation>复用：将此图层设为步行网络，线路连接方式选“仅在共用节点处相连”，断口容差设为 0，通行成本系数字段选“cost_factor”。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="110"/>
        <source>Main part: {0} edges, {1:.2f} km.</source>
        <translation>主网：{0} 条边，{1:.2f} km。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="113"/>
        <source>{0} island(s) cut off the main part: {1}{2}</source>
        <translation>{0} 个孤岛与主网不连通：{1}{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="113"/>
        <source>island {0}: {1} edges, {2:.0f} m</source>
        <translation>孤岛 {0}：{1} 条边，{2:.0f} m</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="128"/>
        <source>excluded by the expression {0}</source>
        <translation>被表达式 {0} 排除</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="132"/>
        <source>not walkable by its OpenStreetMap tags ({0})</source>
        <translation>按 OpenStreetMap 标签不可步行（{0}）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/prepare_network.py" line="135"/>
        <source>no geometry</source>
        <translation>无几何图形</translation>
    </message>
</context>
<context>
    <name>ProjectForm</name>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="107"/>
        <source>十全 (required)</source>
        <translation>十全（必配）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="107"/>
        <source>十美 (optional)</source>
        <translation>十美（选配）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="272"/>
        <source>Select a project in the list, or add one on the map.</source>
        <translation>请在列表中选择项目，或在地图上新增项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="297"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; — {1} error(s), {2} warning(s)</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; — {1} 个错误，{2} 个警告</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="318"/>
        <source>Edit {0} of {1}</source>
        <translation>编辑 {1} 的{0}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="325"/>
        <source>{0}: not stored — {1}</source>
        <translation>{0}：未保存 — {1}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="283"/>
        <source>Not stored:</source>
        <translation>未保存：</translation>
    </message>
</context>
<context>
    <name>ProjectListModel</name>
    <message>
        <location filename="../lifecircle_plugin/gui/project_list_model.py" line="105"/>
        <source>Issues</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_list_model.py" line="134"/>
        <source>{0} error(s)</source>
        <translation>{0} 个错误</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_list_model.py" line="136"/>
        <source>{0} warning(s)</source>
        <translation>{0} 个警告</translation>
    </message>
</context>
<context>
    <name>QmlStyler</name>
    <message>
        <location filename="../lifecircle_plugin/adapters/styles.py" line="62"/>
        <source>Style {0} not applied: {1}</source>
        <translation>样式 {0} 未能应用：{1}</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../processing_algorithms/report/maps.py" line="66"/>
        <source>步行网络 / Walking network</source>
        <translation>步行网络 / Walking network</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/maps.py" line="79"/>
        <source>Style {0} cannot be applied to the report map: {1}</source>
        <translation>样式 {0} 无法应用于报告地图：{1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/maps.py" line="136"/>
        <source>设施 / Facilities</source>
        <translation>设施 / Facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/maps.py" line="165"/>
        <source>基本单元 / Basic units</source>
        <translation>基本单元 / Basic units</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="142"/>
        <source>add_chart takes a BarChart, not {0}.</source>
        <translation>add_chart 需要 BarChart，而不是 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="149"/>
        <source>add_table takes a Table, not {0}.</source>
        <translation>add_table 需要 Table，而不是 {0}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="158"/>
        <source>运行参数 / Parameters used</source>
        <translation>运行参数 / Parameters used</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="158"/>
        <source>参数 / Parameter</source>
        <translation>参数 / Parameter</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="158"/>
        <source>取值 / Value</source>
        <translation>取值 / Value</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="223"/>
        <source>代码 / Code</source>
        <translation>代码 / Code</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>是 / yes</source>
        <translation>是 / yes</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>否 / no</source>
        <translation>否 / no</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="207"/>
        <source>未写出 / not written</source>
        <translation>未写出 / not written</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="211"/>
        <source>临时图层 / temporary layer</source>
        <translation>临时图层 / temporary layer</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/writer.py" line="37"/>
        <source>Give the report a name ending in .html, not &apos;{0}&apos;; the PDF is written beside it with the same name.</source>
        <translation>报告文件名须以 .html 结尾，而不是“{0}”；PDF 将以同名保存在同一目录。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/writer.py" line="42"/>
        <source>The report&apos;s folder &apos;{0}&apos; does not exist; create it or choose another path.</source>
        <translation>报告所在文件夹“{0}”不存在；请先创建该文件夹或另选路径。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/writer.py" line="101"/>
        <source>No Chinese font is installed: Chinese text in the PDF may show as boxes. Install fonts-noto-cjk (Debian/Ubuntu) or any CJK font.</source>
        <translation>未安装中文字体：PDF 中的中文可能显示为方框。请安装 fonts-noto-cjk（Debian/Ubuntu）或任一中日韩字体。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/writer.py" line="119"/>
        <source>Cannot write the report &apos;{0}&apos;: {1}</source>
        <translation>无法写入报告“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="218"/>
        <source>LifeCircle {0} · QGIS {1} · 生成于 / created {2}</source>
        <translation>LifeCircle {0} · QGIS {1} · 生成于 / created {2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/html.py" line="94"/>
        <source>数据来源 / Data sources</source>
        <translation>数据来源 / Data sources</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="222"/>
        <source>用途 / Role</source>
        <translation>用途 / Role</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="222"/>
        <source>图层 / Layer</source>
        <translation>图层 / Layer</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="222"/>
        <source>格式 / Provider</source>
        <translation>格式 / Provider</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="222"/>
        <source>来源 / Source</source>
        <translation>来源 / Source</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="222"/>
        <source>坐标系 / CRS</source>
        <translation>坐标系 / CRS</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="222"/>
        <source>要素数 / Features</source>
        <translation>要素数 / Features</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="231"/>
        <source>地图由 QGIS {0} 绘制 / Maps rendered by QGIS {0}</source>
        <translation>地图由 QGIS {0} 绘制 / Maps rendered by QGIS {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="232"/>
        <source>LifeCircle 15分钟社区生活圈 {0}</source>
        <translation>LifeCircle 15分钟社区生活圈 {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/writer.py" line="82"/>
        <source>版权与致谢 / Credits</source>
        <translation>版权与致谢 / Credits</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/layout.py" line="261"/>
        <source>图例 / Legend</source>
        <translation>图例 / Legend</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/layout.py" line="377"/>
        <source>无 / none</source>
        <translation>无 / none</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/layout.py" line="487"/>
        <source>QGIS could not write the PDF &apos;{0}&apos; (export error {1}: {2}).</source>
        <translation>QGIS 无法写出 PDF“{0}”（导出错误 {1}：{2}）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="163"/>
        <source>全域 / whole area</source>
        <translation>全域 / whole area</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="81"/>
        <source>2035 目标 99% / 2035 target 99%</source>
        <translation>2035 目标 99% / 2035 target 99%</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="102"/>
        <source>阈值（分钟）/ Threshold (min)</source>
        <translation>阈值（分钟）/ Threshold (min)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="102"/>
        <source>设施数 / Facilities</source>
        <translation>设施数 / Facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="102"/>
        <source>覆盖人口 / Residents covered</source>
        <translation>覆盖人口 / Residents covered</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="102"/>
        <source>覆盖率 / Share</source>
        <translation>覆盖率 / Share</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="109"/>
        <source>居民 / residents</source>
        <translation>居民 / residents</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="117"/>
        <source>十美服务中无任何设施的未列出 / Enhancements without any facility are left out: {0}</source>
        <translation>十美服务中无任何设施的未列出 / Enhancements without any facility are left out: {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="120"/>
        <source>各单元各项服务覆盖率 / Coverage by unit and service</source>
        <translation>各单元各项服务覆盖率 / Coverage by unit and service</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="120"/>
        <source>服务 / Service</source>
        <translation>服务 / Service</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="48"/>
        <source>居民（步行可达情况）/ Residents (within walking reach)</source>
        <translation>居民（步行可达情况）/ Residents (within walking reach)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="65"/>
        <source>{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，已证明最优 / Residents within {1:g} minutes of a {0}: {2} → {3} with {4} new site(s), proven optimal.</source>
        <translation>{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，已证明最优 / Residents within {1:g} minutes of a {0}: {2} → {3} with {4} new site(s), proven optimal.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="69"/>
        <source>{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，未证明最少（至少需要 {5} 处）/ Residents within {1:g} minutes of a {0}: {2} → {3} with {4} new site(s), not proven minimal (at least {5} are needed).</source>
        <translation>{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，未证明最少（至少需要 {5} 处）/ Residents within {1:g} minutes of a {0}: {2} → {3} with {4} new site(s), not proven minimal (at least {5} are needed).</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="73"/>
        <source>{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，未证明最优（至多比最优少 {5}）/ Residents within {1:g} minutes of a {0}: {2} → {3} with {4} new site(s), not proven optimal (at most {5} below the best possible).</source>
        <translation>{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，未证明最优（至多比最优少 {5}）/ Residents within {1:g} minutes of a {0}: {2} → {3} with {4} new site(s), not proven optimal (at most {5} below the best possible).</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="131"/>
        <source>以下单元的居民步行{0:g}分钟内仍无人民坊：{1} / No 人民坊 within {0:g} minutes of any resident of unit(s): {1}</source>
        <translation>以下单元的居民步行{0:g}分钟内仍无人民坊：{1} / No 人民坊 within {0:g} minutes of any resident of unit(s): {1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="135"/>
        <source>每个单元均有人民坊在步行{0:g}分钟内 / Every unit has a 人民坊 within {0:g} minutes.</source>
        <translation>每个单元均有人民坊在步行{0:g}分钟内 / Every unit has a 人民坊 within {0:g} minutes.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="140"/>
        <source>建议新增{0}（按排名）/ Suggested {0} (by rank)</source>
        <translation>建议新增{0}（按排名）/ Suggested {0} (by rank)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="146"/>
        <source>未入选的合格候选点 / Eligible candidates not chosen</source>
        <translation>未入选的合格候选点 / Eligible candidates not chosen</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="155"/>
        <source>建议选址与居民步行可达情况 / Suggested sites and residents within walking reach</source>
        <translation>建议选址与居民步行可达情况 / Suggested sites and residents within walking reach</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="161"/>
        <source>现状 / before</source>
        <translation>现状 / before</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="161"/>
        <source>新增选址后 / after</source>
        <translation>新增选址后 / after</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="163"/>
        <source>各单元{0:g}分钟步行覆盖率 / Residents within {0:g} minutes of a {1}, by unit</source>
        <translation>各单元{0:g}分钟步行覆盖率 / Residents within {0:g} minutes of a {1}, by unit</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="171"/>
        <source>按排名累计覆盖率 / Cumulative covered share by rank</source>
        <translation>按排名累计覆盖率 / Cumulative covered share by rank</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="171"/>
        <source>累计覆盖率 / cumulative share</source>
        <translation>累计覆盖率 / cumulative share</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>建议选址（按新增覆盖排名）/ Suggested sites, ranked by residents added</source>
        <translation>建议选址（按新增覆盖排名）/ Suggested sites, ranked by residents added</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>排名 / Rank</source>
        <translation>排名 / Rank</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>名称 / Name</source>
        <translation>名称 / Name</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>建筑面积 m² / Floor area m²</source>
        <translation>建筑面积 m² / Floor area m²</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>面积判定 / Area status</source>
        <translation>面积判定 / Area status</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>新增覆盖居民 / Newly covered</source>
        <translation>新增覆盖居民 / Newly covered</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>累计覆盖率 / Cumulative share</source>
        <translation>累计覆盖率 / Cumulative share</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>建议组合服务 / Proposed services</source>
        <translation>建议组合服务 / Proposed services</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>理由 / Reason</source>
        <translation>理由 / Reason</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="187"/>
        <source>没有建议新增的选址 / No new site is suggested.</source>
        <translation>没有建议新增的选址 / No new site is suggested.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>各单元覆盖 / Coverage by unit</source>
        <translation>各单元覆盖 / Coverage by unit</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>单元 / Unit</source>
        <translation>单元 / Unit</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>居民 / Residents</source>
        <translation>居民 / Residents</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>现状 / Before</source>
        <translation>现状 / Before</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>新增选址后 / After</source>
        <translation>新增选址后 / After</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="198"/>
        <source>有人民坊可达 / 人民坊 within reach</source>
        <translation>有人民坊可达 / 人民坊 within reach</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="208"/>
        <source>符合条件 / eligible</source>
        <translation>符合条件 / eligible</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="209"/>
        <source>其中建议新增 / of which suggested</source>
        <translation>其中建议新增 / of which suggested</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="212"/>
        <source>候选点审查汇总 / Candidate audit summary</source>
        <translation>候选点审查汇总 / Candidate audit summary</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="212"/>
        <source>判定 / Verdict</source>
        <translation>判定 / Verdict</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="212"/>
        <source>规则 / Rule</source>
        <translation>规则 / Rule</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="212"/>
        <source>候选点数 / Candidates</source>
        <translation>候选点数 / Candidates</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="212"/>
        <source>每个候选点的判定与理由见“候选点审查”输出 / The candidate audit output gives every candidate's verdict and reason.</source>
        <translation>每个候选点的判定与理由见“候选点审查”输出 / The candidate audit output gives every candidate's verdict and reason.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="101"/>
        <source>错误 / error</source>
        <translation>错误 / error</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="102"/>
        <source>提示 / warning</source>
        <translation>提示 / warning</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="107"/>
        <source>有错误的项目 / With errors</source>
        <translation>有错误的项目 / With errors</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="109"/>
        <source>仅有提示的项目 / Warnings only</source>
        <translation>仅有提示的项目 / Warnings only</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="110"/>
        <source>无问题的项目 / No findings</source>
        <translation>无问题的项目 / No findings</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="154"/>
        <source>人民坊</source>
        <translation>人民坊</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="123"/>
        <source>达标线 {0:g}% / target {0:g}%</source>
        <translation>达标线 {0:g}% / target {0:g}%</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="136"/>
        <source>人民坊 / hub</source>
        <translation>人民坊 / hub</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="136"/>
        <source>十全最低 / lowest essential</source>
        <translation>十全最低 / lowest essential</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="163"/>
        <source>规划项目建成后各单元覆盖率 / Coverage by unit once the planned projects are built</source>
        <translation>规划项目建成后各单元覆盖率 / Coverage by unit once the planned projects are built</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="194"/>
        <source>未绘制地图：图层没有坐标系或没有项目 / No map: the layer has no CRS or no project.</source>
        <translation>未绘制地图：图层没有坐标系或没有项目 / No map: the layer has no CRS or no project.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="203"/>
        <source>现有设施 / Existing facilities</source>
        <translation>现有设施 / Existing facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="210"/>
        <source>未绘制地图：没有带几何的项目 / No map: no project has a geometry.</source>
        <translation>未绘制地图：没有带几何的项目 / No map: no project has a geometry.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="213"/>
        <source>项目审查结果（按最严重问题着色）/ Projects by their most severe finding</source>
        <translation>项目审查结果（按最严重问题着色）/ Projects by their most severe finding</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="216"/>
        <source>{0} 个项目没有几何，未在图上 / {0} project(s) without a geometry are not on the map.</source>
        <translation>{0} 个项目没有几何，未在图上 / {0} project(s) without a geometry are not on the map.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="255"/>
        <source>错误 {0} 项，提示 {1} 项；共检查 {2} 个项目；{3}年度实施清单 / {0} error(s), {1} warning(s) in {2} project(s) checked; annual list of {3}.</source>
        <translation>错误 {0} 项，提示 {1} 项；共检查 {2} 个项目；{3}年度实施清单 / {0} error(s), {1} warning(s) in {2} project(s) checked; annual list of {3}.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="267"/>
        <source>图层：{0}；储备计划：{1} {2}—{3}年；人民坊最低面积 {4:g} m² / Layer: {0}; reserve plan of {1}: {2}–{3}; minimum 人民坊 floor area {4:g} m².</source>
        <translation>图层：{0}；储备计划：{1} {2}—{3}年；人民坊最低面积 {4:g} m² / Layer: {0}; reserve plan of {1}: {2}–{3}; minimum 人民坊 floor area {4:g} m².</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="279"/>
        <source>未给步行网络：单元规则（人民坊可达、十全服务）未检查 / No walking network: the unit rules (人民坊 within reach, essential services) were not checked.</source>
        <translation>未给步行网络：单元规则（人民坊可达、十全服务）未检查 / No walking network: the unit rules (人民坊 within reach, essential services) were not checked.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="223"/>
        <source>按规则汇总 / Summary by rule</source>
        <translation>按规则汇总 / Summary by rule</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="235"/>
        <source>级别 / Severity</source>
        <translation>级别 / Severity</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="223"/>
        <source>数量 / Count</source>
        <translation>数量 / Count</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="223"/>
        <source>未发现问题：蓝图符合全部规则 / No findings: the blueprint keeps every rule.</source>
        <translation>未发现问题：蓝图符合全部规则 / No findings: the blueprint keeps every rule.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="290"/>
        <source>问题清单只列出前 {0} 项（错误在前）；全部 {1} 项见“问题清单”输出，按规则的数量见上表 / The findings table lists the first {0} of {1} (errors first); the Findings output holds all of them, and the summary above counts them by rule.</source>
        <translation>问题清单只列出前 {0} 项（错误在前）；全部 {1} 项见“问题清单”输出，按规则的数量见上表 / The findings table lists the first {0} of {1} (errors first); the Findings output holds all of them, and the summary above counts them by rule.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="235"/>
        <source>问题清单 / Findings</source>
        <translation>问题清单 / Findings</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="235"/>
        <source>序号 / No.</source>
        <translation>序号 / No.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="235"/>
        <source>项目编号 / Project</source>
        <translation>项目编号 / Project</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="235"/>
        <source>说明 / Message</source>
        <translation>说明 / Message</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="235"/>
        <source>英文说明见“问题清单”输出的 message_en 字段 / The Findings output holds each message in English (message_en).</source>
        <translation>英文说明见“问题清单”输出的 message_en 字段 / The Findings output holds each message in English (message_en).</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="26"/>
        <source>该项服务的设施 / Facilities of the service</source>
        <translation>该项服务的设施 / Facilities of the service</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="29"/>
        <source>超出时间阈值 / beyond the threshold</source>
        <translation>超出时间阈值 / beyond the threshold</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="29"/>
        <source>时间阈值内 / within the threshold</source>
        <translation>时间阈值内 / within the threshold</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="33"/>
        <source>{0}（{1:g}分钟）</source>
        <translation>{0}（{1:g}分钟）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="54"/>
        <source>{0} 的 {1:,.0f} 名居民可在各自步行阈值内到达全部十全服务 / {0} of {1:,.0f} residents reach all ten essentials within their thresholds.</source>
        <translation>{0} 的 {1:,.0f} 名居民可在各自步行阈值内到达全部十全服务 / {0} of {1:,.0f} residents reach all ten essentials within their thresholds.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="59"/>
        <source>全部十全服务可达 / reach all ten essentials</source>
        <translation>全部十全服务可达 / reach all ten essentials</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="61"/>
        <source>设施 / facilities</source>
        <translation>设施 / facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="63"/>
        <source>最低：{0} / lowest: {1}</source>
        <translation>最低：{0} / lowest: {1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="68"/>
        <source>各居民点步行可达的十全服务数 / Essentials within walking reach of each resident</source>
        <translation>各居民点步行可达的十全服务数 / Essentials within walking reach of each resident</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="73"/>
        <source>十全服务缺口（每项一图）/ Service gaps, one map per essential</source>
        <translation>十全服务缺口（每项一图）/ Service gaps, one map per essential</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="73"/>
        <source>红色：超出该项服务时间阈值的居民 / Red: residents beyond the service's walking threshold.</source>
        <translation>红色：超出该项服务时间阈值的居民 / Red: residents beyond the service's walking threshold.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="83"/>
        <source>各项十全服务覆盖率 / Coverage of each essential service</source>
        <translation>各项十全服务覆盖率 / Coverage of each essential service</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="89"/>
        <source>各单元全部十全服务可达比例 / Residents reaching all ten essentials, by unit</source>
        <translation>各单元全部十全服务可达比例 / Residents reaching all ten essentials, by unit</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="114"/>
        <source>全部十全服务 / all ten</source>
        <translation>全部十全服务 / all ten</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="100"/>
        <source>全部十全服务 / all ten essentials</source>
        <translation>全部十全服务 / all ten essentials</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/coverage.py" line="102"/>
        <source>十全服务（全域）/ The ten essentials, whole area</source>
        <translation>十全服务（全域）/ The ten essentials, whole area</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="128"/>
        <source>The report map grid &apos;{0}&apos; has no maps.</source>
        <translation>报告地图组“{0}”没有地图。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/document.py" line="136"/>
        <source>The report map &apos;{0}&apos; has no layers.</source>
        <translation>报告地图“{0}”没有图层。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/layout.py" line="112"/>
        <source>QGIS&apos;s north arrow &apos;{0}&apos; is not installed (QGIS&apos;s SVG library is missing); reinstall QGIS.</source>
        <translation>未安装 QGIS 的指北针“{0}”（缺少 QGIS 的 SVG 符号库）；请重新安装 QGIS。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/layout.py" line="498"/>
        <source>QGIS could not write the image &apos;{0}&apos; (export error {1}: {2}).</source>
        <translation>QGIS 无法写出图片“{0}”（导出错误 {1}：{2}）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/html.py" line="116"/>
        <source>QGIS could not draw the report map &apos;{0}&apos;.</source>
        <translation>QGIS 无法绘制报告地图“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/maps.py" line="73"/>
        <source>居民（可达十全服务数）/ Residents (essentials within reach)</source>
        <translation>居民（可达十全服务数）/ Residents (essentials within reach)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/maps.py" line="210"/>
        <source>The report map &apos;{0}&apos; has nothing to draw: its layers ({1}) have no features.</source>
        <translation>报告地图“{0}”没有可绘制的内容：其图层（{1}）没有要素。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="125"/>
        <source>规划项目建成后各自步行阈值内的覆盖率 / Covered within each threshold after the planned projects</source>
        <translation>规划项目建成后各自步行阈值内的覆盖率 / Covered within each threshold after the planned projects</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="159"/>
        <source>步行阈值（分钟）：{0}；居民覆盖率低于{1:g}%的单元列入问题清单 / Walking thresholds (minutes): {0}; units with less than {1:g}% of their residents covered are among the findings.</source>
        <translation>步行阈值（分钟）：{0}；居民覆盖率低于{1:g}%的单元列入问题清单 / Walking thresholds (minutes): {0}; units with less than {1:g}% of their residents covered are among the findings.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="200"/>
        <source>未达标的基本单元 / Basic units below the target</source>
        <translation>未达标的基本单元 / Basic units below the target</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="260"/>
        <source>错误 / errors</source>
        <translation>错误 / errors</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="261"/>
        <source>提示 / warnings</source>
        <translation>提示 / warnings</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="262"/>
        <source>项目 / projects</source>
        <translation>项目 / projects</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="264"/>
        <source>未达标单元 / units below the target</source>
        <translation>未达标单元 / units below the target</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/review.py" line="272"/>
        <source>单元规则：规划项目（已取消的除外）{0} 个计入现有设施；人民坊步行{1:g}分钟，十全服务按各自步行阈值；单元居民覆盖率须达{2:g}% / Unit rules: {0} planned project(s) (cancelled ones left out) added to the existing facilities; a {1:g}-minute walk to a 人民坊 and each essential's own threshold; a unit passes with {2:g}% of its residents covered.</source>
        <translation>单元规则：规划项目（已取消的除外）{0} 个计入现有设施；人民坊步行{1:g}分钟，十全服务按各自步行阈值；单元居民覆盖率须达{2:g}% / Unit rules: {0} planned project(s) (cancelled ones left out) added to the existing facilities; a {1:g}-minute walk to a 人民坊 and each essential's own threshold; a unit passes with {2:g}% of its residents covered.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="31"/>
        <source>公共交通站点 / Transit stops</source>
        <translation>公共交通站点 / Transit stops</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="32"/>
        <source>公共绿地 / Public green space</source>
        <translation>公共绿地 / Public green space</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="33"/>
        <source>生活性街道 / Living streets</source>
        <translation>生活性街道 / Living streets</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="83"/>
        <source>现有人民坊（两项及以上服务）/ Existing 人民坊 (two or more services)</source>
        <translation>现有人民坊（两项及以上服务）/ Existing 人民坊 (two or more services)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="84"/>
        <source>现有服务设施 / Existing facilities</source>
        <translation>现有服务设施 / Existing facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="109"/>
        <source>{0:g}分钟步行可达{1}的居民 / residents within {0:g} minutes of a {1}</source>
        <translation>{0:g}分钟步行可达{1}的居民 / residents within {0:g} minutes of a {1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="109"/>
        <source>建议新增 / new sites suggested</source>
        <translation>建议新增 / new sites suggested</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="109"/>
        <source>合格候选点 / eligible candidates</source>
        <translation>合格候选点 / eligible candidates</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="116"/>
        <source>{0:,.0f} 名居民；{1} 个候选点中 {2} 个符合条件 / {0:,.0f} residents; {2} of {1} candidates eligible.</source>
        <translation>{0:,.0f} 名居民；{1} 个候选点中 {2} 个符合条件 / {0:,.0f} residents; {2} of {1} candidates eligible.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="121"/>
        <source>现有人民坊 {0} 处（两项及以上服务的设施）：{1} / {0} existing 人民坊 (facilities with two or more services): {2}</source>
        <translation>现有人民坊 {0} 处（两项及以上服务的设施）：{1} / {0} existing 人民坊 (facilities with two or more services): {2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/siting.py" line="125"/>
        <source>现有服务设施 {0} 处计入现状覆盖：{1} / {0} existing facilities count as covering before: {2}</source>
        <translation>现有服务设施 {0} 处计入现状覆盖：{1} / {0} existing facilities count as covering before: {2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/writer.py" line="95"/>
        <source>The report PDF is built by a QGIS print layout, which runs only on the main thread; write the report from postProcessAlgorithm.</source>
        <translation>报告 PDF 由 QGIS 打印布局生成，只能在主线程运行；请在 postProcessAlgorithm 中写出报告。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="39"/>
        <source>现状 / baseline</source>
        <translation>现状 / baseline</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="40"/>
        <source>{0}年 / {0}</source>
        <translation>{0}年 / {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="41"/>
        <source>十全服务覆盖率：现状与按计划各年度 / Essentials covered: baseline and each plan year as planned</source>
        <translation>十全服务覆盖率：现状与按计划各年度 / Essentials covered: baseline and each plan year as planned</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="52"/>
        <source>服务 / Services</source>
        <translation>服务 / Services</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="52"/>
        <source>储备年份 / Year</source>
        <translation>储备年份 / Year</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="52"/>
        <source>新增覆盖 / Gain</source>
        <translation>新增覆盖 / Gain</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="52"/>
        <source>按计划新增 / Gain in plan</source>
        <translation>按计划新增 / Gain in plan</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="52"/>
        <source>投资（万元）/ Budget</source>
        <translation>投资（万元）/ Budget</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="52"/>
        <source>每万元新增 / Gain per 万元</source>
        <translation>每万元新增 / Gain per 万元</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="60"/>
        <source>项目成效排序 / Projects ranked by impact</source>
        <translation>项目成效排序 / Projects ranked by impact</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="60"/>
        <source>新增覆盖：在现状设施基础上单独建设该项目新增的覆盖人口（各项服务之和）；按计划新增：按储备年份和优先级依次建设时的新增 / Gain: residents newly covered when the project alone is added to the existing facilities (summed over its services); gain in plan: when the projects are built in the order of their years and priorities.</source>
        <translation>新增覆盖：在现状设施基础上单独建设该项目新增的覆盖人口（各项服务之和）；按计划新增：按储备年份和优先级依次建设时的新增 / Gain: residents newly covered when the project alone is added to the existing facilities (summed over its services); gain in plan: when the projects are built in the order of their years and priorities.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>年度 / Year</source>
        <translation>年度 / Year</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>预算（万元）/ Budget</source>
        <translation>预算（万元）/ Budget</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>计划项目数 / Planned</source>
        <translation>计划项目数 / Planned</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>计划投资 / Planned cost</source>
        <translation>计划投资 / Planned cost</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>建议项目数 / Suggested</source>
        <translation>建议项目数 / Suggested</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>建议投资 / Suggested cost</source>
        <translation>建议投资 / Suggested cost</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="80"/>
        <source>建议项目 / Suggested projects</source>
        <translation>建议项目 / Suggested projects</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="86"/>
        <source>与计划年度不同的项目 {0} 个 / {0} project(s) suggested for another year than planned</source>
        <translation>与计划年度不同的项目 {0} 个 / {0} project(s) suggested for another year than planned</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="88"/>
        <source>建议排期与计划年度对照 / The schedule against the planned years</source>
        <translation>建议排期与计划年度对照 / The schedule against the planned years</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="97"/>
        <source>按计划实施后，可达全部十全服务的居民比例由 {0} 提高到 {1}（{2}年）/ Residents reaching all ten essentials: {0} now, {1} once the plan is built ({2}).</source>
        <translation>按计划实施后，可达全部十全服务的居民比例由 {0} 提高到 {1}（{2}年）/ Residents reaching all ten essentials: {0} now, {1} once the plan is built ({2}).</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="102"/>
        <source>建议排期：{0:,.0f} 人·年，最优性间隙 {1} / Suggested schedule: {0:,.0f} people-years, optimality gap {1}.</source>
        <translation>建议排期：{0:,.0f} 人·年，最优性间隙 {1} / Suggested schedule: {0:,.0f} people-years, optimality gap {1}.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="116"/>
        <source>成效前 {0} 名项目（排名）/ Top {0} projects (rank)</source>
        <translation>成效前 {0} 名项目（排名）/ Top {0} projects (rank)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="119"/>
        <source>其他有新增覆盖的项目 / Other projects that gain</source>
        <translation>其他有新增覆盖的项目 / Other projects that gain</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="119"/>
        <source>无新增覆盖的项目 / Projects that gain nothing</source>
        <translation>无新增覆盖的项目 / Projects that gain nothing</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="124"/>
        <source>现状设施 / Existing facilities</source>
        <translation>现状设施 / Existing facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="140"/>
        <source>评估项目 / projects assessed</source>
        <translation>评估项目 / projects assessed</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="141"/>
        <source>有新增覆盖的项目 / projects that gain</source>
        <translation>有新增覆盖的项目 / projects that gain</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="144"/>
        <source>三年内建议实施 / suggested within the plan</source>
        <translation>三年内建议实施 / suggested within the plan</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="146"/>
        <source>储备计划：{0} {1}—{2}年 / Reserve plan of {0}: {1}–{2}.</source>
        <translation>储备计划：{0} {1}—{2}年 / Reserve plan of {0}: {1}–{2}.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/impact.py" line="150"/>
        <source>项目成效分布 / Projects by impact</source>
        <translation>项目成效分布 / Projects by impact</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="58"/>
        <source>{0}（{1}）：服务人群每千人可达供给最低，平均 {2:.2f} / {0} ({1}): the lowest supply per 1,000 people of its cohort within reach, {2:.2f} on average.</source>
        <translation>{0}（{1}）：服务人群每千人可达供给最低，平均 {2:.2f} / {0} ({1}): the lowest supply per 1,000 people of its cohort within reach, {2:.2f} on average.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="62"/>
        <source>方法 / Method: {0}; 服务范围 / catchment: {1}</source>
        <translation>方法 / Method: {0}; 服务范围 / catchment: {1}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="76"/>
        <source>单元平均可达供给（每千人）/ Mean supply per 1,000, by unit</source>
        <translation>单元平均可达供给（每千人）/ Mean supply per 1,000, by unit</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="70"/>
        <source>居民可达供给（每千人）/ Supply per 1,000 at each resident</source>
        <translation>居民可达供给（每千人）/ Supply per 1,000 at each resident</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="81"/>
        <source>{0}：每千名服务人群的可达供给 / {0}: supply per 1,000 of the cohort</source>
        <translation>{0}：每千名服务人群的可达供给 / {0}: supply per 1,000 of the cohort</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="95"/>
        <source>最拥挤的设施 / The most crowded facilities</source>
        <translation>最拥挤的设施 / The most crowded facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="95"/>
        <source>拥挤设施 / Crowded facilities</source>
        <translation>拥挤设施 / Crowded facilities</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="100"/>
        <source>最拥挤的设施（需求 / 容量）/ The most crowded facilities (demand per unit of capacity)</source>
        <translation>最拥挤的设施（需求 / 容量）/ The most crowded facilities (demand per unit of capacity)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="100"/>
        <source>设施 / Facility</source>
        <translation>设施 / Facility</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="100"/>
        <source>容量 / Capacity</source>
        <translation>容量 / Capacity</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="100"/>
        <source>需求 / Demand</source>
        <translation>需求 / Demand</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="100"/>
        <source>拥挤度 / Crowding</source>
        <translation>拥挤度 / Crowding</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="100"/>
        <source>责任人口 / Assigned</source>
        <translation>责任人口 / Assigned</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="117"/>
        <source>洛伦兹曲线：可达供给最低的前 x% 人群所占供给份额 / Lorenz curve: share of the supply held by the x% of the cohort with the least</source>
        <translation>洛伦兹曲线：可达供给最低的前 x% 人群所占供给份额 / Lorenz curve: share of the supply held by the x% of the cohort with the least</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="122"/>
        <source>公平性（全域）/ Equity, whole area</source>
        <translation>公平性（全域）/ Equity, whole area</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="122"/>
        <source>人群字段 / Cohort</source>
        <translation>人群字段 / Cohort</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>人群 / People</source>
        <translation>人群 / People</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>平均 / Mean</source>
        <translation>平均 / Mean</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>第10百分位 / 10th pct</source>
        <translation>第10百分位 / 10th pct</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="122"/>
        <source>配置标准 / Norm</source>
        <translation>配置标准 / Norm</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>低于标准 / Below norm</source>
        <translation>低于标准 / Below norm</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>基尼系数 / Gini</source>
        <translation>基尼系数 / Gini</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>超出范围 / Beyond</source>
        <translation>超出范围 / Beyond</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="122"/>
        <source>无人可达设施 / Unreached</source>
        <translation>无人可达设施 / Unreached</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="136"/>
        <source>各单元公平性 / Equity by unit</source>
        <translation>各单元公平性 / Equity by unit</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="147"/>
        <source>1+N：人民坊与小型站点 / 1+N: hubs and small sites</source>
        <translation>1+N：人民坊与小型站点 / 1+N: hubs and small sites</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="147"/>
        <source>{0:g} 分钟内有人民坊 / 人民坊 within {0:g} min</source>
        <translation>{0:g} 分钟内有人民坊 / 人民坊 within {0:g} min</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="147"/>
        <source>{0:g} 分钟内小型站点数 / Small sites within {0:g} min</source>
        <translation>{0:g} 分钟内小型站点数 / Small sites within {0:g} min</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="147"/>
        <source>人均可达小型站点 / Small sites per resident</source>
        <translation>人均可达小型站点 / Small sites per resident</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="158"/>
        <source>定义 / Definitions. t_ij：居民 i 到设施 j 的步行分钟数，与步行覆盖的计算完全一致；距路网超过最大接入距离的居民和设施不参与 / walking minutes as in the walking coverage; points beyond the snap distance take no part.</source>
        <translation>定义 / Definitions. t_ij：居民 i 到设施 j 的步行分钟数，与步行覆盖的计算完全一致；距路网超过最大接入距离的居民和设施不参与 / walking minutes as in the walking coverage; points beyond the snap distance take no part.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="158"/>
        <source>W(t)：2SFCA 在服务范围内为 1；E2SFCA 为所在时段的权重；高斯为 exp(−t²/β)，β 使 W(服务范围) = 0.01；超出服务范围一律为 0 / W(t): 1 within the catchment (2SFCA), the band weight (E2SFCA), exp(−t²/β) with W(catchment) = 0.01 (Gaussian); 0 beyond the catchment.</source>
        <translation>W(t)：2SFCA 在服务范围内为 1；E2SFCA 为所在时段的权重；高斯为 exp(−t²/β)，β 使 W(服务范围) = 0.01；超出服务范围一律为 0 / W(t): 1 within the catchment (2SFCA), the band weight (E2SFCA), exp(−t²/β) with W(catchment) = 0.01 (Gaussian); 0 beyond the catchment.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="158"/>
        <source>R_j = S_j / Σ_k P_k·W(t_kj)（无人可达的设施无 R_j）；A_i = Σ_j R_j·W(t_ij)（一处都不可达为 0）；可达供给 = 1000·A_i / R_j = capacity over the weighted cohort within reach (none when no one reaches it); A_i = Σ_j R_j·W(t_ij) (0 when none is reached); acc = 1000·A_i.</source>
        <translation>R_j = S_j / Σ_k P_k·W(t_kj)（无人可达的设施无 R_j）；A_i = Σ_j R_j·W(t_ij)（一处都不可达为 0）；可达供给 = 1000·A_i / R_j = capacity over the weighted cohort within reach (none when no one reaches it); A_i = Σ_j R_j·W(t_ij) (0 when none is reached); acc = 1000·A_i.</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="158"/>
        <source>平均值和第10百分位按人口加权；基尼系数 = Σ_i Σ_j P_i P_j |acc_i − acc_j| / (2 (ΣP)² 平均值) / mean and 10th percentile weighted by the cohort; Gini = Σ_i Σ_j P_i P_j |acc_i − acc_j| / (2 (ΣP)² mean).</source>
        <translation>平均值和第10百分位按人口加权；基尼系数 = Σ_i Σ_j P_i P_j |acc_i − acc_j| / (2 (ΣP)² 平均值) / mean and 10th percentile weighted by the cohort; Gini = Σ_i Σ_j P_i P_j |acc_i − acc_j| / (2 (ΣP)² mean).</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/report/accessibility.py" line="158"/>
        <source>责任范围：每位居民归入服务范围内最近的设施（网络 Voronoi）/ Responsibility catchments: every resident is assigned to the nearest facility within the catchment (network Voronoi).</source>
        <translation>责任范围：每位居民归入服务范围内最近的设施（网络 Voronoi）/ Responsibility catchments: every resident is assigned to the nearest facility within the catchment (network Voronoi).</translation>
    </message>
</context>
<context>
    <name>ReserveBoard</name>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="126"/>
        <source>◀ Earlier</source>
        <translation>◀ 提前</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="127"/>
        <source>Move the selected projects one column left (Ctrl+Left)</source>
        <translation>将所选项目左移一列（Ctrl+←）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="128"/>
        <source>Later ▶</source>
        <translation>推后 ▶</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="129"/>
        <source>Move the selected projects one column right (Ctrl+Right)</source>
        <translation>将所选项目右移一列（Ctrl+→）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="130"/>
        <source>Unschedule</source>
        <translation>取消排期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="131"/>
        <source>Take the selected projects out of the plan years</source>
        <translation>将所选项目移出规划年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="213"/>
        <source>{0} ×10k CNY</source>
        <translation>{0} 万元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="216"/>
        <source>year {0}</source>
        <translation>{0}年</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="266"/>
        <source>Totals unavailable: {0}</source>
        <translation>无法汇总：{0}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="268"/>
        <source>Unscheduled</source>
        <translation>未排期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="268"/>
        <source>{0}</source>
        <translation>{0}年</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="270"/>
        <source>{0} card(s)</source>
        <translation>{0} 个项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="273"/>
        <source>{0} project(s) · {1} ×10k CNY</source>
        <translation>{0} 个项目 · {1} 万元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="276"/>
        <source>{0} without budget</source>
        <translation>{0} 个未填预算</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="60"/>
        <source>Works started: the year cannot change.</source>
        <translation>已开工：年度不可更改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="135"/>
        <source>Order by impact</source>
        <translation>按成效排序</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="137"/>
        <source>Largest gain first in every column (needs the impact of the projects)</source>
        <translation>各列按新增覆盖人口从多到少排列（需先计算项目成效）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="140"/>
        <source>Compute impact…</source>
        <translation>计算成效…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="141"/>
        <source>Run &apos;Project impact and schedule&apos; on this layer, starting from the inputs of its last run</source>
        <translation>对本图层运行“项目成效与排序”，沿用上次运行的输入</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="227"/>
        <source>+{0} residents</source>
        <translation>+{0}人</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/reserve_board.py" line="288"/>
        <source>Impact of {0} project(s) kept with the layer.</source>
        <translation>已将 {0} 个项目的成效保存到图层。</translation>
    </message>
</context>
<context>
    <name>SampleDistrictAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="94"/>
        <source>Sample district</source>
        <translation>示例街道</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="97"/>
        <source>Data preparation</source>
        <translation>数据准备</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="112"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="115"/>
        <source>Sample district GeoPackage</source>
        <translation>示例街道 GeoPackage</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="115"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="118"/>
        <source>Layer {0}</source>
        <translation>图层 {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="126"/>
        <source>Save the sample district as a .gpkg file, not &apos;{0}&apos;.</source>
        <translation>请将示例街道保存为 .gpkg 文件，而不是“{0}”。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="152"/>
        <source>Cannot write layer &apos;{0}&apos; to {1}: {2}</source>
        <translation>无法将图层“{0}”写入 {1}：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="159"/>
        <source>{0} (seed {1}, {2:.2f} km²): {3:,} residents in {4} compounds, {5:.1f} km of roads, {6} facilities, {7} candidate sites, {8} basic units; written to {9}</source>
        <translation>{0}（随机种子 {1}，{2:.2f} km²）：{4} 个小区共 {3:,} 名居民，道路 {5:.1f} km，设施 {6} 处，候选点位 {7} 处，基本单元 {8} 个；已写入 {9}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="133"/>
        <source>{0} already holds other layers ({1}), which writing the sample district would delete. Choose a new file.</source>
        <translation>{0} 中已有其他图层（{1}），写入示例街道会删除它们。请选择新文件。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="171"/>
        <source>Sample district {0}</source>
        <translation>示例街道 {0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="177"/>
        <source>Street boundary</source>
        <translation>街道边界</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="177"/>
        <source>Basic units</source>
        <translation>基本单元</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="177"/>
        <source>Creek</source>
        <translation>河道</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="178"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="178"/>
        <source>Residential compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="179"/>
        <source>Compound gates</source>
        <translation>小区出入口</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="179"/>
        <source>Residential buildings</source>
        <translation>居民楼</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="180"/>
        <source>Existing facilities</source>
        <translation>现状设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="180"/>
        <source>Candidate sites</source>
        <translation>候选点位</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="181"/>
        <source>Transit stops</source>
        <translation>公共交通站点</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="181"/>
        <source>Public green space</source>
        <translation>公共绿地</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/sample_district.py" line="100"/>
        <source>Writes a fictional but realistic sample street (丹浦桥街道, about 3 km² in Huangpu, Shanghai) to a GeoPackage, for trying every LifeCircle tool: roads with gated compound paths, an elevated expressway closed to walkers and a creek crossed by two bridges; residential compounds of about 60,000 residents with their gates and building points; existing facilities with deliberate service gaps; candidate sites from 60 to 1,500 m²; transit stops, parks, basic units and the street boundary. The same seed always gives the same district. CRS: EPSG:4549.

Compounds and buildings carry age cohorts (pop_60plus, pop_0_3, pop_3_6, pop_6_12) and facilities a capacity, for the accessibility tool: these are GENERATED (random shares and floor area per place), not census or survey figures.</source>
        <translation>将一个虚构但贴近实际的示例街道（丹浦桥街道，约 3 km²，位于上海黄浦区）写入 GeoPackage，用于试用 LifeCircle 的各项工具：含设门禁的小区内部道路、禁止步行的高架快速路和仅有两座桥可过的河道；约 60,000 名居民的居住小区及其出入口和建筑点位；有意留出服务缺口的现状设施；60 至 1,500 m² 的候选点位；公共交通站点、公园、基本单元和街道边界。相同的随机种子总是生成相同的街道。坐标参照系：EPSG:4549。

居住小区和建筑点位带有年龄人群字段（pop_60plus、pop_0_3、pop_3_6、pop_6_12），设施带有容量字段，供“供需可达性”工具使用：这些数值均为随机生成（比例和每个服务位的建筑面积随机抽取），并非人口普查或调查数据。</translation>
    </message>
</context>
<context>
    <name>ServiceAreasAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="40"/>
        <source>Walking catchments (service areas)</source>
        <translation>步行服务范围</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="43"/>
        <source>Life-circle analysis</source>
        <translation>生活圈分析</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="46"/>
        <source>Polygons of the ground reachable on foot from facilities within one or several time bands (default 5, 10 and 15 minutes), one per service or one per facility.

Each polygon is built from the walking network itself: the streets walked within the band, whole or the part reached from each end, widened by a walkable buffer. Nothing is interpolated between streets, so a river crossed only at bridges, or a facility on a detached part of the network (island), gives the shape the walk really has. Bands nest: the 5-minute polygon lies inside the 10-minute one.

Services: codes or Chinese names separated by commas (e.g. health,为老服务); empty for every service the facilities offer. Dissolved (default): one polygon per service and band, walking from all its facilities at once. Per facility: one polygon per facility, service and band.

With a residents layer, 'population' sums the residents whose access point is reached within the band over the network (not those merely inside the polygon: a buffer may spill across a wall or river the walk does not cross).

Facilities farther than the snap distance from the network, or without geometry, are listed in the second output with the reason.</source>
        <translation>按一个或多个时间圈层（默认 5、10、15 分钟）生成从设施出发步行可达的范围面，每项服务一个或每个设施一个。

每个面都由步行网络本身生成：取圈层时间内走过的道路（整段，或从两端各自到达的部分），向两侧扩展可步行缓冲。道路之间不做插值，因此只能经桥梁跨越的河流、位于路网孤岛上的设施，都会呈现真实步行的形状。圈层相互嵌套：5 分钟面位于 10 分钟面之内。

服务：代码或中文名称，以逗号分隔（如 health,为老服务）；留空则为设施提供的全部服务。按服务融合（默认）：每项服务、每个圈层一个面，从该服务的全部设施同时出发。按设施：每个设施、每项服务、每个圈层一个面。

提供居民图层时，“population”统计在圈层时间内经路网可到达其接入点的居民（而不是仅位于面内的居民：缓冲可能越过步行无法穿越的围墙或河流）。

距路网超过最大接入距离或没有几何图形的设施列在第二个输出中，并注明原因。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="67"/>
        <source>Bands (minutes, comma separated)</source>
        <translation>时间圈层（分钟，以逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="70"/>
        <source>One polygon per facility (else dissolved per service)</source>
        <translation>每个设施单独成面（否则按服务融合）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="73"/>
        <source>Walkable buffer on each side of the walked streets (m)</source>
        <translation>步行道路两侧的可步行缓冲宽度（m）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="77"/>
        <source>Walking catchments</source>
        <translation>步行服务范围</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="79"/>
        <source>Facilities that cannot be reached</source>
        <translation>无法到达的设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="91"/>
        <source>No band given: list the minutes of each band, e.g. 5,10,15.</source>
        <translation>未给出时间圈层：请列出各圈层的分钟数，如 5,10,15。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="93"/>
        <source>Band &apos;{0}&apos; in &apos;{1}&apos; is not a positive number of minutes: list the minutes of each band separated by commas, e.g. 5,10,15.</source>
        <translation>“{1}”中的圈层“{0}”不是正的分钟数：请以逗号分隔列出各圈层的分钟数，如 5,10,15。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="133"/>
        <source>{0} catchment polygon(s) for {1} service(s) and bands {2} min ({3}).</source>
        <translation>已生成 {0} 个服务范围面：{1} 项服务，时间圈层 {2} 分钟（{3}）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="133"/>
        <source>per facility</source>
        <translation>按设施</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="133"/>
        <source>dissolved per service</source>
        <translation>按服务融合</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="149"/>
        <source>{0} facilities of &apos;{1}&apos; cannot be reached (farther than {2:g} m from the network, or without geometry) and have no catchment: {3}</source>
        <translation>“{1}”中有 {0} 个设施无法到达（距路网超过 {2:g} m 或没有几何图形），没有服务范围：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="156"/>
        <source>{0} facilities of &apos;{1}&apos; sit on a detached part of the network (island); their catchments cover only that part: {2}</source>
        <translation>“{1}”中有 {0} 个设施位于路网中不连通的部分（孤岛），其服务范围只覆盖该部分：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="162"/>
        <source>No facility offering {0} {1} reaches the network: that service has no catchment.</source>
        <translation>提供 {0} {1} 的设施都无法接入路网：该服务没有服务范围。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="218"/>
        <source>farther than {0:g} m from the walking network</source>
        <translation>距步行网络超过 {0:g} m</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="219"/>
        <source>no geometry</source>
        <translation>无几何图形</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="242"/>
        <source>A catchment cannot be transformed to {0}. Check the network layer&apos;s CRS.</source>
        <translation>服务范围无法转换至 {0}。请检查路网图层的坐标参照系。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="115"/>
        <source>Walking from the facilities and drawing the catchments</source>
        <translation>从设施出发计算步行范围并绘制服务范围</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/service_areas.py" line="144"/>
        <source>No facility of layer &apos;{0}&apos; offering the chosen services lies within {1:g} m of the walking network. Check that the layers cover the same area and CRS, or raise the snap distance.</source>
        <translation>图层“{0}”中提供所选服务的设施都不在步行网络 {1:g} m 范围内。请检查各图层是否覆盖同一地区、坐标参照系是否一致，或增大最大接入距离。</translation>
    </message>
</context>
<context>
    <name>SuggestSitesAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="150"/>
        <source>Suggest sites for 六艺亭 / 人民坊</source>
        <translation>六艺亭 / 人民坊 选址建议</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="153"/>
        <source>Life-circle planning</source>
        <translation>生活圈规划</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="206"/>
        <source>Candidate sites (points or polygons)</source>
        <translation>候选点位（点或面）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="209"/>
        <source>Floor area field of the candidates (m²)</source>
        <translation>候选点位建筑面积字段（m²）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="213"/>
        <source>Kind of site</source>
        <translation>设施类型</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="213"/>
        <source>六艺亭 Six-Arts Pavilion</source>
        <translation>六艺亭</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="213"/>
        <source>人民坊 People's Hub</source>
        <translation>人民坊</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="216"/>
        <source>Number of new sites</source>
        <translation>新增点位数量</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="219"/>
        <source>Or: share of residents to reach (0–1; 0 = use the number of sites)</source>
        <translation>或：目标可达居民比例（0–1；0 = 按新增点位数量）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="222"/>
        <source>Walking minutes (empty: 5 for 六艺亭, 15 for 人民坊)</source>
        <translation>步行时间（分钟；留空：六艺亭 5 分钟，人民坊 15 分钟）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="225"/>
        <source>Residents within reach that justify a 200–400 m² 六艺亭</source>
        <translation>设置 200–400 m² 六艺亭所需的可达居民数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="230"/>
        <source>Minimum floor area of a 人民坊 (m²)</source>
        <translation>人民坊最小建筑面积（m²）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="234"/>
        <source>Preferred near: transit stops</source>
        <translation>优先靠近：公共交通站点</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="234"/>
        <source>Preferred near: public green space</source>
        <translation>优先靠近：公共绿地</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="234"/>
        <source>Preferred near: living streets</source>
        <translation>优先靠近：生活性街道</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="239"/>
        <source>Time limit of the optimisation (seconds)</source>
        <translation>优化求解时限（秒）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="242"/>
        <source>Suggested sites</source>
        <translation>建议点位</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="244"/>
        <source>Candidate audit</source>
        <translation>候选点位核查</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="248"/>
        <source>Share of residents within reach before</source>
        <translation>选址前可达居民比例</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="250"/>
        <source>Share of residents within reach after</source>
        <translation>选址后可达居民比例</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="252"/>
        <source>Proven optimal</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="253"/>
        <source>New sites suggested</source>
        <translation>建议新增点位数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="269"/>
        <source>Choose the floor area field of layer &apos;{0}&apos;.</source>
        <translation>请选择图层“{0}”的建筑面积字段。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="276"/>
        <source>Layer &apos;{0}&apos;: {1} candidate(s) have a NULL floor area in &apos;{2}&apos; and cannot be judged or chosen (features {3}). Fill in their floor area to consider them.</source>
        <translation>图层“{0}”：{1} 个候选点位的“{2}”（建筑面积）为空值，无法判断，也不能入选（要素 {3}）。补填建筑面积后方可参与比选。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="282"/>
        <source>Layer '{0}': {1} candidate(s) have a floor area in '{2}' that is not a positive number of m² and cannot be chosen (features {3}). Correct them to consider them.</source>
        <translation>图层“{0}”：{1} 个候选点位的“{2}”（建筑面积）不是正的 m² 数，不能入选（要素 {3}）。改正后方可参与比选。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="293"/>
        <source>No facilities layer: nothing counts as covered before.</source>
        <translation>未提供设施图层：选址前均按未覆盖计。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="301"/>
        <source>{0} of {1} facilities of '{2}' combine at least two services and count as existing 人民坊; {3} offering a single service are no hub.</source>
        <translation>“{2}”的 {1} 个设施中有 {0} 个综合两项以上服务，计为现状人民坊；{3} 个只提供单项服务，不算人民坊。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="315"/>
        <source>{0} facilities of &apos;{1}&apos; count as existing sites.</source>
        <translation>“{1}”中有 {0} 个设施计为现状点位。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="346"/>
        <source>Preference layer &apos;{0}&apos; has no usable geometry; it is ignored.</source>
        <translation>优先靠近图层“{0}”没有可用的几何图形，已忽略。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="375"/>
        <source>Suggesting {0} sites: residents within {1:g} minutes on foot ({2:.0f} m).</source>
        <translation>{0}选址：按步行 {1:g} 分钟（{2:.0f} m）内的居民计算。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="468"/>
        <source>Shortest walks from every candidate and existing site</source>
        <translation>计算各候选点位和现状点位的最短步行路径</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="482"/>
        <source>{0} existing site(s) of &apos;{1}&apos; are farther than {2:g} m from the network and cover no one: {3}</source>
        <translation>“{1}”中有 {0} 个现状点位距路网超过 {2:g} m，不覆盖任何居民：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="503"/>
        <source>None of the {0} candidates of layer &apos;{1}&apos; may host a {2}: {3}. See the rules in the help; add candidates or correct their floor areas.</source>
        <translation>图层“{1}”的 {0} 个候选点位都不能设置{2}：{3}。规则见帮助；请增加候选点位或改正其建筑面积。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="512"/>
        <source>{0} new sites asked for, but only {1} of the {2} candidates of layer &apos;{3}&apos; are eligible for a {4} (not eligible: {5}). Lower the number of sites or add candidates.</source>
        <translation>要求新增 {0} 个点位，但图层“{3}”的 {2} 个候选点位中只有 {1} 个符合{4}条件（不符合：{5}）。请减少点位数量或增加候选点位。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="516"/>
        <source>{0} of {1} candidates are eligible for a {2}.</source>
        <translation>{1} 个候选点位中有 {0} 个符合{2}条件。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="519"/>
        <source>Not eligible: {0}.</source>
        <translation>不符合条件：{0}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="522"/>
        <source>{0} candidate(s) of &apos;{1}&apos; are farther from the walking network than the snap distance and cannot be chosen: {2}</source>
        <translation>“{1}”中有 {0} 个候选点位距步行网络超过最大接入距离，不能入选：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="532"/>
        <source>Choosing the sites</source>
        <translation>正在选址</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="535"/>
        <source>Target share {0:.1%} given: the fewest sites reaching it are sought and the number of sites ({1}) is ignored.</source>
        <translation>已设目标比例 {0:.1%}：求达到该比例的最少点位数，忽略新增点位数量（{1}）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="542"/>
        <source>A share of {0:.1%} of residents cannot be reached even with every eligible candidate: at most {1:.1%}. Lower the target share, add candidates or lengthen the walking time.</source>
        <translation>即使启用全部符合条件的候选点位，也无法使 {0:.1%} 的居民可达：最多为 {1:.1%}。请降低目标比例、增加候选点位或延长步行时间。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="557"/>
        <source>Walking coverage of the ten essentials, to propose hub services</source>
        <translation>计算十全服务步行覆盖，以提出人民坊服务配置</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="579"/>
        <source>Before: {0:.1%} of {1:,.0f} residents live within {2:g} minutes of one of the {3} existing sites.</source>
        <translation>选址前：{1:,.0f} 名居民中有 {0:.1%} 居住在 {3} 个现状点位之一的步行 {2:g} 分钟范围内。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="582"/>
        <source>After: {0:.1%} ({1:,.0f} residents) with {2} new {3}.</source>
        <translation>选址后：新增 {2} 处{3}，可达比例 {0:.1%}（{1:,.0f} 名居民）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="585"/>
        <source>Only {0} of the {1} sites asked for are suggested: no other eligible candidate brings a resident within {2:g} minutes who is not within reach already.</source>
        <translation>要求 {1} 个点位，仅建议 {0} 个：其余符合条件的候选点位都不能让更多居民在 {2:g} 分钟内可达。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="589"/>
        <source>The solution is proven optimal ({0}, {1:.1f} s).</source>
        <translation>该方案已证明最优（{0}，{1:.1f} s）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="592"/>
        <source>The number of sites is NOT proven minimal within the time limit: {0} new sites found, at least {1:.0f} are needed ({2}, {3:.1f} s). Raise the time limit to narrow the gap.</source>
        <translation>在求解时限内未能证明点位数最少：已找到 {0} 个新增点位，至少需要 {1:.0f} 个（{2}，{3:.1f} s）。延长求解时限可缩小差距。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="597"/>
        <source>The solution is NOT proven optimal within the time limit: it is at most {0:.2%} below the best possible ({1}, {2:.1f} s). Raise the time limit to narrow the gap.</source>
        <translation>在求解时限内未能证明该方案最优：与最优解相差至多 {0:.2%}（{1}，{2:.1f} s）。延长求解时限可缩小差距。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="604"/>
        <source>Unit {0}: {1:.1%} → {2:.1%} of its residents within {3:g} minutes of a {4}.</source>
        <translation>基本单元 {0}：步行 {3:g} 分钟内可达{4}的居民比例 {1:.1%} → {2:.1%}。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="609"/>
        <source>No 人民坊 (existing or suggested) within {0:g} minutes of any resident of unit(s): {1}. The aim is one within reach in every unit: add candidates there or raise the number of sites.</source>
        <translation>以下基本单元的居民步行 {0:g} 分钟内均无人民坊（现状或建议）可达：{1}。目标是每个基本单元都有可达的人民坊：请在这些单元增加候选点位，或增加点位数量。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="156"/>
        <source>Chooses among candidate sites (stock buildings, vacant lots: points or polygons) the ones that bring the most residents within a walk of a 六艺亭 (Six-Arts Pavilion) or a 人民坊 (People's Hub), as a maximal covering problem solved exactly (MILP) within the time limit.

Existing coverage: the features of the facilities layer are existing sites, kept open in the model. For a 六艺亭 every facility listing a service counts; for a 人民坊 only facilities combining at least two 十全十美 services (a one-stop hub by definition) and, when the facilities have the candidates' floor-area field, at least MIN_HUB_AREA_M2 of floor area. Residents within MINUTES of them are covered before; the new sites are ranked by the residents they add.

MINUTES: empty = 5 for a 六艺亭, 15 for a 人民坊. COUNT new sites (default 3), or, when TARGET_SHARE (0–1) is above 0, the fewest new sites bringing that share of all residents (those covered before included) within reach; COUNT is then ignored.

Size rules (the blueprint reviewer's thresholds): a 六艺亭 of up to {soft:g} m² is eligible; above {soft:g} and up to {hard:g} m² only where the residents within MINUTES of the site (all of them, covered or not) number at least HIGH_DEMAND_POP, and it is marked needs_justification; above {hard:g} m² never. A 人民坊 needs at least MIN_HUB_AREA_M2 (default {hub:g} m²) and combines at least two services: for each suggested hub the ten essentials are ranked by the residents within its reach who lack them within MINUTES today (per-service walking coverage from the facilities layer, each hub on its own), and the most-lacking ones are proposed (at most {most}, at least two; ties go to the 十全 order, party service first). Candidates with a NULL or non-numeric floor area, or farther from the network than the snap distance, are never chosen; the audit output says why for each.

Preference layers (transit stops, green space, living streets; optional): the straight-line distance from each candidate to the nearest feature is recorded, and features within {cite:g} m are cited by name ('name' field) in the reasons. Among candidates reaching exactly the same residents the one with area status ok, then nearest to a preference feature, is suggested (an exact tie-break: coverage is unchanged).

Units: the covered share before and after is logged per unit. For a 人民坊 the aim is one within reach of every unit; the covering solver takes no per-unit side constraint, so after solving each unit is checked for a chosen or existing hub within MINUTES of any of its residents, and units still without one are listed as a warning.

Outputs: the suggested sites ranked (rank, new_covered_pop, cum_share, floor_area_m2, area_status, services for a 人民坊, reason_zh, reason_en) and an audit of every candidate (eligible, the rule that excluded it and why). The log gives the covered share before and after and whether the solution is proven optimal.</source>
        <translation>从候选点位（存量建筑、闲置地块：点或面）中选出能让最多居民步行可达六艺亭或人民坊的点位，按最大覆盖问题在求解时限内精确求解（混合整数线性规划，MILP）。

现状覆盖：设施图层的要素作为现状点位，在模型中保持开放。对六艺亭，列有任一服务的设施均计入；对人民坊，只计入综合两项以上十全十美服务（按定义为一站式综合服务中心）、且设施图层带有候选点位的建筑面积字段时建筑面积不少于 MIN_HUB_AREA_M2 的设施。现状点位 MINUTES 分钟内的居民计为已覆盖；新点位按新增覆盖的居民数排序。

MINUTES：留空时六艺亭为 5 分钟，人民坊为 15 分钟。新增 COUNT 个点位（默认 3 个）；TARGET_SHARE（0–1）大于 0 时，改为求使全部居民中（含已覆盖者）达到该可达比例所需的最少新增点位，此时忽略 COUNT。

面积规则（蓝图审查的标准）：建筑面积不超过 {soft:g} m² 的六艺亭符合条件；超过 {soft:g} m²、不超过 {hard:g} m² 的，仅当点位 MINUTES 分钟内的居民（无论是否已覆盖）不少于 HIGH_DEMAND_POP 时符合条件，并标记为 needs_justification（需说明理由）；超过 {hard:g} m² 的一律不符合。人民坊建筑面积不少于 MIN_HUB_AREA_M2（默认 {hub:g} m²），且综合至少两项服务：对每个建议的人民坊，按其可达范围内目前 MINUTES 分钟内缺少该服务的居民数对十全服务排序（按设施图层分服务计算步行覆盖，各人民坊分别计算），提出最缺的几项（最多 {most} 项，至少两项；数量相同时按十全顺序，党群服务优先）。建筑面积为空值或非数值、或距路网超过最大接入距离的候选点位不会入选；核查输出逐一说明原因。

优先靠近图层（公共交通站点、公共绿地、生活性街道；可选）：记录每个候选点位到最近要素的直线距离，{cite:g} m 内的要素在理由中按名称（“name”字段）引用。覆盖居民完全相同的候选点位中，优先建议面积状态为 ok 的，其次是距优先靠近要素最近的（精确的同分裁决：覆盖不变）。

基本单元：日志按基本单元列出选址前后的覆盖比例。人民坊的目标是每个基本单元都有一处可达；覆盖模型不含分单元约束，因此求解后逐一检查每个基本单元是否有居民能在 MINUTES 分钟内到达已选或现状人民坊，仍没有的单元以警告列出。

输出：排序的建议点位（rank、new_covered_pop、cum_share、floor_area_m2、area_status、人民坊的 services、reason_zh、reason_en）以及全部候选点位的核查表（eligible、排除所依据的规则及原因）。日志给出选址前后的覆盖比例，以及方案是否已证明最优。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="310"/>
        <source>{0} of them have a floor area '{1}' under {2:g} m² and are no 人民坊: {3}</source>
        <translation>其中 {0} 个的“{1}”（建筑面积）小于 {2:g} m²，不算人民坊：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="193"/>
        <source>Report (optional): one HTML file with a map of the suggested sites, the eligible candidates not chosen, the existing sites and the residents covered before, newly covered and still uncovered; a chart of the covered share per unit before and after (without units: the cumulative share by rank); the ranked sites, the audit summary, the parameters, data sources and credits. The same report is written as PDF beside it.</source>
        <translation>报告（可选）：一个 HTML 文件，含地图（建议点位、未入选的符合条件候选点位、现状点位，以及选址前已覆盖、新增覆盖和仍未覆盖的居民）、各基本单元选址前后的覆盖比例图（无基本单元时为按排名的累计覆盖比例）、排序的建议点位、核查汇总、运行参数、数据来源和致谢。同一报告另以 PDF 存于同一目录。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="449"/>
        <source>Preparing the report&apos;s maps and tables</source>
        <translation>正在准备报告的地图和表格</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/suggest_sites.py" line="508"/>
        <source>{0} new sites asked for, but layer &apos;{1}&apos; has only {2} candidates. Lower the number of sites or add candidates.</source>
        <translation>要求新增 {0} 处选址，但图层“{1}”只有 {2} 个候选地块。请减少选址数量或增加候选地块。</translation>
    </message>
</context>
<context>
    <name>ValidateBlueprintAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="57"/>
        <source>Validate community blueprint</source>
        <translation>社区蓝图校核</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="60"/>
        <source>Community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="84"/>
        <source>Blueprint projects layer</source>
        <translation>社区蓝图项目图层</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="86"/>
        <source>First year of the plan (empty: from the blueprint&apos;s metadata)</source>
        <translation>规划期首年（留空：取自蓝图元数据）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="89"/>
        <source>Year of the annual list being prepared (empty: the plan&apos;s first year)</source>
        <translation>拟编制实施清单的年度（留空：规划期首年）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="92"/>
        <source>Minimum floor area of a People's Hub (m²)</source>
        <translation>人民坊最小建筑面积（m²）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="101"/>
        <source>Walking time to a People&apos;s Hub and to each essential service (minutes)</source>
        <translation>到人民坊及各项十全服务的步行时间（分钟）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="108"/>
        <source>Share of a unit&apos;s residents that must be covered (%)</source>
        <translation>基本单元居民应覆盖比例（%）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="111"/>
        <source>Findings</source>
        <translation>校核结果</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="114"/>
        <source>Errors found</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="115"/>
        <source>Warnings found</source>
        <translation>警告数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="124"/>
        <source>Layer &apos;{0}&apos; carries no plan window (it is not a blueprint GeoPackage made by &apos;Create community blueprint&apos;, or its &apos;lifecircle_plan&apos; table is missing). Give the first year of the plan.</source>
        <translation>图层“{0}”没有规划期信息（不是由“创建社区蓝图”生成的蓝图 GeoPackage，或缺少“lifecircle_plan”表）。请填写规划期首年。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="145"/>
        <source>Layer &apos;{0}&apos; lacks the fields {1}; they count as empty. Upgrade it with &apos;Create community blueprint&apos;.</source>
        <translation>图层“{0}”缺少字段 {1}，按空值处理。请用“创建社区蓝图”升级该图层。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="153"/>
        <source>Plan window: {0}, {1}–{2}; annual list of {3}.</source>
        <translation>规划期：{0}，{1}–{2} 年；{3} 年度实施清单。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="163"/>
        <source>Residents were given without a walking network: the unit rules (hub within reach, essential services) are skipped.</source>
        <translation>提供了居民但未提供步行网络：跳过基本单元规则（人民坊可达、十全服务）。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="169"/>
        <source>{0} error(s), {1} warning(s) in {2} project(s).</source>
        <translation>{2} 个项目中共有 {0} 个错误、{1} 个警告。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="207"/>
        <source>The unit rules need residents and basic units besides the walking network; give both or leave the network empty.</source>
        <translation>基本单元规则除步行网络外还需要居民和基本单元；请同时提供两者，或将步行网络留空。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="240"/>
        <source>{0} planned or built project(s) count as facilities.</source>
        <translation>{0} 个规划或已建项目计为设施。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="113"/>
        <source>Review report (HTML with a map; a PDF is written beside it)</source>
        <translation>审查报告（含地图的 HTML，并在同一目录另存 PDF）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="105"/>
        <source>Per-service thresholds (CSV: service, minutes; empty: the walking time above)</source>
        <translation>各项服务的时间阈值（CSV：service, minutes；留空：使用上面的步行时间）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="175"/>
        <source>Preparing the review report&apos;s map and tables</source>
        <translation>正在准备审查报告的地图和表格</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="140"/>
        <source>a community blueprint</source>
        <translation>社区蓝图</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/validate_blueprint.py" line="63"/>
        <source>The district reviewer's check of a blueprint layer. Every project is checked against the rules: Six-Arts Pavilions (六艺亭) over 400 m², or over 200 m² without a demand justification; People's Hubs (人民坊) with fewer than two services or under the minimum floor area; missing annual-list columns for projects of the coming year; reserve years outside the plan window; duplicate project IDs; missing or invalid geometries; and more (see the rule column).

With a walking network, residents and basic units, the planned projects (all but cancelled ones) are added to the existing facilities and the check also reports units whose residents cannot reach a People's Hub within the walking time, and units whose residents do not reach each essential (十全) service within its threshold (the walking time, or the STANDARDS file as in walking coverage: the same file gives the same figures) once the planned projects are built. A unit passes when at least the target share of its residents is covered.

The plan window (street, first year) is read from the blueprint GeoPackage; FIRST_YEAR overrides it and is needed for layers stored elsewhere. The coming year defaults to the first year of the plan.

Outputs: a findings table (rule, severity, project_id, field, unit_id, message_zh, message_en) and, optionally, a bilingual review report: one HTML file with a map of the projects by their most severe finding, a chart of each unit's coverage (with a network), the findings, a summary by rule, the parameters and the data sources, and the same report as PDF beside it.</source>
        <translation>区规划资源局对社区蓝图图层的校核。逐个项目按规则检查：六艺亭超过 400 m²，或超过 200 m² 但未说明需求理由；人民坊服务少于两项或低于最小建筑面积；实施年度的项目缺少年度项目实施清单的必填列；储备年度超出规划期；项目编号重复；几何图形缺失或无效；等等（见 rule 列）。

提供步行网络、居民和基本单元时，规划项目（已取消的除外）与现状设施一并计入，校核还会报告居民在步行时间内无法到达人民坊的基本单元，以及规划项目建成后居民在各项十全服务时间阈值内（步行时间，或与步行覆盖相同的 STANDARDS 文件：同一文件得出相同数字）覆盖不足的基本单元。基本单元内被覆盖的居民不低于目标比例即为通过。

规划期（街镇、首年）读取自蓝图 GeoPackage；FIRST_YEAR 可覆盖该值，存放在其他位置的图层必须填写。实施年度默认为规划期首年。

输出：校核结果表（rule、severity、project_id、field、unit_id、message_zh、message_en），以及可选的中英双语审查报告：一个 HTML 文件，含按最严重问题分色的项目地图、各基本单元覆盖率图（提供步行网络时）、校核结果、按规则汇总、运行参数和数据来源，并在同一目录另存相同内容的 PDF。</translation>
    </message>
</context>
<context>
    <name>WalkingCoverageAlgorithm</name>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="48"/>
        <source>15-minute walking coverage</source>
        <translation>15分钟步行覆盖</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="51"/>
        <source>Life-circle analysis</source>
        <translation>生活圈分析</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="78"/>
        <source>Search limit (minutes): farther facilities are reported as NULL</source>
        <translation>搜索上限（分钟）：更远的设施记为 NULL</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="82"/>
        <source>Residents with walking minutes</source>
        <translation>居民步行时间</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="84"/>
        <source>Coverage by unit and service</source>
        <translation>分基本单元、分服务覆盖率</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="87"/>
        <source>Residents missing essential services</source>
        <translation>缺少十全服务的居民</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="91"/>
        <source>Share of residents reaching all ten essentials</source>
        <translation>十全服务全部可达的居民比例</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="93"/>
        <source>Residents counted</source>
        <translation>统计居民数</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="109"/>
        <source>Shortest walks, one pass per service</source>
        <translation>逐项服务计算最短步行路径</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="130"/>
        <source>{0:.1f}% of {1:,.0f} residents reach all ten essentials within their thresholds.</source>
        <translation>{1:,.0f} 名居民中有 {0:.1f}% 可在时间阈值内步行到达全部十全服务。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="138"/>
        <source>  {0} {1}: {2:.1f}% within {3:g} min ({4} facilities)</source>
        <translation>  {0} {1}：{3:g} 分钟内 {2:.1f}%（{4} 处设施）</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="159"/>
        <source>No facility of layer &apos;{0}&apos; lies within {1:g} m of the walking network. Check that the layers cover the same area and CRS, or raise the snap distance.</source>
        <translation>图层“{0}”没有任何设施位于步行网络 {1:g} m 范围内。请检查各图层是否覆盖同一地区、坐标参照系是否一致，或增大最大接入距离。</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="163"/>
        <source>{0} facilities of &apos;{1}&apos; are farther than {2:g} m from the network and cannot be reached: {3}</source>
        <translation>“{1}”中有 {0} 个设施距路网超过 {2:g} m，无法到达：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="168"/>
        <source>{0} residents of &apos;{1}&apos; are farther than {2:g} m from the network; they are kept with NULL minutes and count as not covered: {3}</source>
        <translation>“{1}”中有 {0} 个居民要素距路网超过 {2:g} m；予以保留，步行时间为 NULL，计为未覆盖：{3}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="172"/>
        <source>{0} residents of &apos;{1}&apos; sit on a detached part of the network (island) and reach only that part: {2}</source>
        <translation>“{1}”中有 {0} 个居民要素位于路网中不连通的部分（孤岛），只能到达该部分：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="172"/>
        <source>{0} facilities of &apos;{1}&apos; sit on a detached part of the network (island) and serve only that part: {2}</source>
        <translation>“{1}”中有 {0} 个设施位于路网中不连通的部分（孤岛），只服务该部分：{2}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="133"/>
        <source>Residents by number of essentials within reach: {0}</source>
        <translation>按可达十全服务项数统计的居民比例：{0}</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="146"/>
        <source>Preparing the report&apos;s maps and tables</source>
        <translation>正在准备报告的地图和表格</translation>
    </message>
    <message>
        <location filename="../processing_algorithms/walking_coverage.py" line="54"/>
        <source>For every resident feature, the minutes on foot along the walking network to the nearest facility of each 十全十美 service, whether it lies within the service's threshold, and how many of the ten essentials are within reach.

Facilities list their services in one field, as codes (health) or Chinese names (医疗卫生), several separated by , ; or 、. Residents are points or compound polygons with a population field; polygons are entered through the gates layer when given, else from a point inside.

Thresholds (THRESHOLDS): 0 = uniform, MINUTES for every service; 1 = the Shanghai tiered standard shipped with the plugin (resources/standards_tiered.csv: 5-minute elderly care and public space, 10-minute childcare and daily life, MINUTES for the rest); 2 = your own CSV (columns service, minutes) given as STANDARDS. A STANDARDS file, when given, is used whatever the choice (scripts may give STANDARDS alone). Points farther than the snap distance from the network are reported, never tied to a far road.

Outputs: residents with min_health, min_elderly, … (minutes; NULL when nothing is reachable within the search limit) and ok_health, ok_elderly, …; a unit × service summary table with a whole-area row (ALL); and the residents missing at least one essential service. Optionally a report: one HTML file with a map, charts and tables, and the same as PDF beside it.</source>
        <translation>对每个居民要素，计算沿步行网络到各项十全十美服务最近设施的步行时间（分钟）、是否在该服务的时间阈值之内，以及可达的十全服务项数。

设施在一个字段中列出其服务，填代码（health）或中文名称（医疗卫生），多项以 , ; 或 、 分隔。居民为带人口字段的点或小区面；提供出入口图层时经出入口进出小区面，否则从面内一点进出。

时间阈值（THRESHOLDS）：0 = 统一阈值，各项服务均为 MINUTES；1 = 插件自带的上海分级标准（resources/standards_tiered.csv：为老服务和公共空间 5 分钟，保育托幼和生活服务 10 分钟，其余为 MINUTES）；2 = 自定义文件，即作为 STANDARDS 提供的 CSV（列：service、minutes）。只要提供了 STANDARDS 文件，无论上述选择如何都使用该文件（脚本可只提供 STANDARDS）。距路网超过最大接入距离的点会在日志中列出，不会被接到远处的道路上。

输出：带 min_health、min_elderly 等（分钟；搜索上限内无可达设施时为 NULL）和 ok_health、ok_elderly 等字段的居民图层；分基本单元 × 服务的汇总表，含全域行（ALL）；以及至少缺少一项十全服务的居民。可选输出报告：一个含地图、图表和表格的 HTML 文件，并在同一目录另存相同内容的 PDF。</translation>
    </message>
</context>
</TS>
