"""Chinese aliases of the fields LifeCircle writes (and of the sample district's), in the glossary's words
(i18n/glossary.md). The stored names stay English for scripts; QGIS shows the alias in attribute tables
and forms. Pure Python: the Processing layer applies them when an output loads."""
from .services import BY_CODE

ALL_REQUIRED_ZH = "全部十全服务"  # the summary row of residents reaching all ten

FIXED = {
    # walkingcoverage
    "n_required_ok": "可达十全服务数",
    "all_required": "全部十全服务达标",
    "snap_m": "接入距离（米）",
    "island": "孤岛编号（0 = 主网）",
    "unit_id": "基本单元编号",
    "service": "服务代码",
    "service_zh": "服务",
    "population": "人口",
    "covered_pop": "已覆盖人口",
    "share": "覆盖比例（0–1）",
    "share_pct": "覆盖率（%）",
    "threshold_min": "时间阈值（分钟）",
    "source_fid": "源要素编号",
    "name": "名称",
    "n_missing": "缺少十全服务数",
    "missing": "缺少的服务（代码）",
    "missing_zh": "缺少的服务",
    # serviceareas
    "band_min": "时间圈层（分钟）",
    "facility_fid": "设施要素编号",
    "facility_name": "设施名称",
    "area_m2": "面积（平方米）",
    "fid": "要素编号",
    "services": "服务",
    "reason": "原因",
    # suggestsites
    "rank": "排名",
    "kind": "类型",
    "new_covered_pop": "新增覆盖人口",
    "cum_share": "累计覆盖比例",
    "floor_area_m2": "建筑面积（平方米）",
    "area_status": "面积判定",
    "pop_within_reach": "可达范围内人口",
    "services_zh": "服务（中文）",
    "reason_zh": "理由",
    "reason_en": "理由（英文）",
    "eligible": "符合条件",
    "rule": "规则",
    "chosen": "已选中",
    "transit_m": "距公共交通站点（米）",
    "green_m": "距公共绿地（米）",
    "street_m": "距生活性街道（米）",
    # validateblueprint
    "severity": "严重程度",
    "project_id": "项目编号",
    "field": "字段",
    "message_zh": "说明",
    "message_en": "说明（英文）",
    # classifyfacilities
    "matched_by": "匹配方式",
    "category": "类别",
    "count": "数量",
    # preparenetwork
    "edge_id": "边编号",
    "length_m": "长度（米）",
    "cost_factor": "通行成本系数",
    "is_connector": "连接线",
    # the sample district's own layers
    "code": "代码",
    "road_id": "道路编号",
    "highway": "道路类型（highway）",
    "foot": "步行许可（foot）",
    "access": "通行许可（access）",
    "bridge": "桥梁（bridge）",
    "living_street": "生活性街道",
    "households": "户数",
    "gate_id": "出入口编号",
    "compound": "小区",
    "building_no": "楼号",
    "facility_id": "设施编号",
    "site_id": "点位编号",
    "kind_hint": "类型建议",
}


def alias_zh(field_name):
    """The Chinese alias of an output field, or None for a field LifeCircle did not name (the user's own)."""
    prefix, _, code = field_name.partition("_")
    if code in BY_CODE and prefix == "min":
        return f"{BY_CODE[code].name_zh}步行时间（分钟）"
    if code in BY_CODE and prefix == "ok":
        return f"{BY_CODE[code].name_zh}达标"
    return FIXED.get(field_name)
