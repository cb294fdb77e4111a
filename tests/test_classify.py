"""POI category -> 十全十美 classification: built-in table, OSM tags, AMap paths, user files."""
import json

import pytest

from conftest import shared_data
from lifecircle.lifecircle_plugin.core.classify import (
    MappingFileError,
    classify,
    count_unmapped,
    load_mapping,
    read_mapping_file,
)
from lifecircle.lifecircle_plugin.core.services import SERVICE_CODES, UnknownServiceError

HEADER = "source,key,value,requires,services,note\n"


@pytest.fixture(scope="module")
def builtin():
    return load_mapping()


def one(record, mapping, **options):
    return classify([record], mapping, **options)[0]


def write_csv(tmp_path, text, name="user_mapping.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_builtin_table_covers_all_twenty_services_and_documents_every_row(builtin):
    covered = {code for row in builtin.rows for code in row.services}
    assert covered == set(SERVICE_CODES)
    assert all(row.note for row in builtin.rows)


@pytest.mark.parametrize("tags, expected", [
    ({"amenity": "clinic"}, ("health",)),
    ({"amenity": "doctors", "name": "诊所"}, ("health",)),
    ({"amenity": "pharmacy", "opening_hours": "24/7"}, ("health", "allday_health")),
    ({"healthcare": "alternative"}, ("health",)),  # healthcare=* wildcard
    ({"social_facility": "nursing_home", "amenity": "social_facility"}, ("elderly", "elderly_wellness")),
    ({"amenity": "social_facility", "social_facility:for": "senior"}, ("elderly",)),
    ({"amenity": "kindergarten"}, ("nursery",)),
    ({"amenity": "childcare"}, ("nursery",)),
    ({"amenity": "kindergarten", "after_school": "yes"}, ("childcare_after_school",)),
    ({"amenity": "community_centre"}, ("culture",)),
    ({"leisure": "park"}, ("public_space", "ecology")),
    ({"leisure": "fitness_station"}, ("sports",)),
    ({"amenity": "library"}, ("culture", "learning")),
    ({"amenity": "marketplace"}, ("daily_life",)),
    ({"shop": "convenience"}, ("daily_life",)),
    ({"emergency": "defibrillator"}, ("emergency",)),
    ({"amenity": "fire_station"}, ("emergency",)),
    ({"amenity": "recycling"}, ("municipal",)),
    ({"amenity": "toilets"}, ("municipal",)),
    ({"office": "employment_agency"}, ("employment",)),
    ({"office": "coworking"}, ("innovation",)),
    ({"amenity": "parcel_locker"}, ("daily_life", "smart")),
    ({"tourism": "museum"}, ("culture_spread",)),
])
def test_osm_tags(builtin, tags, expected):
    result = one(tags, builtin)
    assert result.services == tuple(code for code in SERVICE_CODES if code in expected)
    assert result.unmapped == frozenset()
    assert not result.kept


def test_osm_services_are_merged_over_tags_and_semicolon_values(builtin):
    result = one({"amenity": "community_centre", "leisure": "fitness_centre"}, builtin)
    assert result.services == ("culture", "sports")
    assert one({"amenity": "clinic;pharmacy"}, builtin).services == ("health",)
    hospital = one({"amenity": "hospital", "healthcare": "hospital", "emergency": "yes"}, builtin)
    assert hospital.services == ("health", "emergency", "allday_health")


def test_osm_requirement_that_does_not_hold_leaves_the_tag_unmapped(builtin):
    record = {"amenity": "social_facility", "social_facility": "shelter", "social_facility:for": "homeless"}
    result = one(record, builtin)
    assert result.services == ()
    assert result.unmapped == {"social_facility=shelter"}  # the social_facility=* row needs for=senior
    assert result.ignored == {"amenity=social_facility"}


def test_transport_and_schools_are_ignored_not_unmapped(builtin):
    bus_stop = one({"highway": "bus_stop", "public_transport": "platform", "name": "打浦路"}, builtin)
    assert bus_stop.services == ()
    assert bus_stop.unmapped == frozenset()
    assert bus_stop.ignored == {"highway=bus_stop", "public_transport=platform"}
    school = one({"amenity": "school", "building": "yes"}, builtin)
    assert school.services == () and school.unmapped == frozenset()
    assert school.ignored == {"amenity=school", "building=yes"}


def test_record_without_category_values(builtin):
    result = one({"name": "某某", "amenity": None, "shop": "", "leisure": float("nan"), "office": "NULL"}, builtin)
    assert result.services == () and result.unmapped == frozenset() and result.ignored == frozenset()


@pytest.mark.parametrize("amap_type, services, ignored", [
    ("医疗保健服务;综合医院;三级甲等医院", ("health",), False),
    ("医疗保健服务;急救中心;急救中心", ("health", "emergency"), False),
    ("医疗保健服务;动物医疗场所;宠物诊所", (), True),  # more specific than 医疗保健服务 -> health
    ("科教文化服务;学校;幼儿园", ("nursery",), False),  # more specific than 学校 -> ignored
    ("科教文化服务;学校;中学", (), True),
    ("科教文化服务;学校;成人教育", ("learning",), False),
    ("体育休闲服务;运动场馆;健身中心", ("sports",), False),
    ("风景名胜;公园广场;公园", ("public_space", "ecology"), False),
    ("风景名胜;公园广场;城市广场", ("public_space",), False),
    ("政府机构及社会团体;政府机关;乡镇以下级政府及事业单位", ("party", "deliberation"), False),
    ("生活服务;人才市场;人才市场", ("employment",), False),
    ("公共设施;公共厕所;公共厕所", ("municipal",), False),
    ("交通设施服务;公交车站;普通公交站", (), True),
])
def test_amap_paths_most_specific_prefix_wins(builtin, amap_type, services, ignored):
    result = one({"type": amap_type}, builtin, source="amap")
    assert result.services == services
    assert bool(result.ignored) == ignored
    assert result.unmapped == frozenset()


def test_amap_multiple_types_fullwidth_separators_and_type_field(builtin):
    record = {"typename": " 医疗保健服务；诊所；诊所 ｜体育休闲服务;运动场馆;游泳馆"}
    result = one(record, builtin, source="amap", type_field="typename")
    assert result.services == ("health", "sports")
    assert one({"type": None}, builtin, source="amap").services == ()


def test_unmapped_categories_are_reported_with_counts(builtin):
    records = [
        {"amenity": "police"},
        {"amenity": "police", "name": "打浦桥派出所"},
        {"tourism": "hotel"},
        {"amenity": "clinic"},
    ]
    results = classify(records, builtin)
    assert count_unmapped(results) == {"amenity=police": 2, "tourism=hotel": 1}
    amap = classify([{"type": "事件活动;公众活动;节日庆典"}] * 3, builtin, source="amap")
    assert count_unmapped(amap).most_common() == [("事件活动;公众活动;节日庆典", 3)]


def test_user_rows_take_precedence_over_builtin_rows(tmp_path, builtin):
    path = write_csv(tmp_path, HEADER + (
        "osm,amenity,community_centre,,culture;deliberation;党群服务,our centres host 议事 and 党群\n"
        "osm,amenity,pharmacy,,,we count pharmacies as shops only\n"
        "osm,amenity,police,,emergency,local choice\n"
        "amap,type,科教文化服务;学校;小学,,learning,evening classes\n"
    ))
    mapping = load_mapping(path)
    assert len(mapping) == len(builtin) + 2  # two rows replaced, two added
    assert one({"amenity": "community_centre"}, mapping).services == ("party", "deliberation", "culture")
    pharmacy = one({"amenity": "pharmacy"}, mapping)
    assert pharmacy.services == () and pharmacy.ignored == {"amenity=pharmacy"}
    assert one({"amenity": "police"}, mapping).services == ("emergency",)
    assert one({"amenity": "clinic"}, mapping).services == ("health",)  # built-in rows still apply
    assert one({"type": "科教文化服务;学校;小学"}, mapping, source="amap").services == ("learning",)
    assert one({"type": "科教文化服务;学校;中学"}, mapping, source="amap").services == ()


def test_user_file_alone_and_excel_bom(tmp_path):
    path = write_csv(tmp_path, HEADER + "osm,amenity,clinic,,医疗卫生,only clinics\n", encoding="utf-8-sig")
    mapping = load_mapping(path, extend_builtin=False)
    assert len(mapping) == 1
    assert one({"amenity": "clinic"}, mapping).services == ("health",)
    hospital = one({"amenity": "hospital"}, mapping)  # no built-in rows any more
    assert hospital.services == () and hospital.unmapped == {"amenity=hospital"}


def test_existing_services_field_is_kept(builtin):
    records = [
        {"amenity": "community_centre", "services": "党群服务、社区议事"},
        {"amenity": "community_centre", "services": "  "},
        {"amenity": "community_centre", "services": None},
    ]
    kept, blank, missing = classify(records, builtin, services_field="services")
    assert kept.kept and kept.services == ("party", "deliberation")
    assert not blank.kept and blank.services == ("culture",)
    assert not missing.kept and missing.services == ("culture",)
    with pytest.raises(UnknownServiceError, match="'helth' in field 'services' of record 1"):
        classify([{"services": "health"}, {"services": "helth"}], builtin, services_field="services")


@pytest.mark.parametrize("body, message", [
    ("osm,amenity,clinic,,helth,typo\n", r"user_mapping.csv line 2: unknown service 'helth'.*value 'helth'"),
    ("osm,amenity,clinic,,health,ok\nweb,amenity,doctors,,health,x\n", r"line 3: source 'web'"),
    ("osm,,clinic,,health,x\n", r"line 2: key is empty"),
    ("osm,amenity,,,health,x\n", r"line 2: value is empty"),
    ("amap,typecode,090100,,health,x\n", r"line 2: amap rows need key 'type'"),
    ("amap,type,医疗保健服务;;诊所,,health,x\n", r"line 2: AMap type path .* empty level"),
    ("osm,amenity,clinic,opening_hours,health,x\n", r"line 2: requires condition 'opening_hours'"),
    ("osm,amenity,clinic,,health,x\n\nosm,amenity,clinic,,culture,y\n", r"line 4: duplicates the row at user_mapping.csv line 2"),
    ("osm,amenity,clinic,,health,a,b\n", r"line 2: more fields than header columns"),
    ("", r"no mapping rows"),
])
def test_malformed_mapping_files_name_file_line_and_value(tmp_path, body, message):
    path = write_csv(tmp_path, HEADER + body)
    with pytest.raises(MappingFileError, match=message):
        load_mapping(path)


def test_mapping_file_header_and_encoding_errors(tmp_path):
    with pytest.raises(MappingFileError, match=r"line 1: missing column\(s\) services"):
        load_mapping(write_csv(tmp_path, "source,key,value\nosm,amenity,clinic\n"))
    # Chinese Excel saves "CSV" as GBK: read like UTF-8
    gbk_rows = read_mapping_file(write_csv(tmp_path, HEADER + "osm,amenity,clinic,,医疗卫生,x\n", encoding="gbk"))
    assert [(r.value, r.services) for r in gbk_rows] == [("clinic", ("health",))]
    with pytest.raises(MappingFileError, match="Cannot read the CSV file .*absent.csv"):
        load_mapping(tmp_path / "absent.csv")


def test_unknown_source_argument(builtin):
    with pytest.raises(ValueError, match="Unknown POI source 'baidu'"):
        classify([{}], builtin, source="baidu")


def test_dapuqiao_osm_public_services(builtin):
    """Real data: 打浦桥 public services from OpenStreetMap (© OpenStreetMap contributors, ODbL)."""
    path = shared_data("dapuqiao-osm", "public_services.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    records = [feature["properties"] for feature in features]
    results = classify(records, builtin)
    by_name = {record.get("name"): result for record, result in zip(records, results)}

    assert by_name["打浦桥社区卫生中心"].services == ("health",)
    assert by_name["上海市黄浦区顺昌医院"].services == ("health",)
    assert by_name["上海药房"].services == ("health",)
    assert by_name["小骑士幼儿园"].services == ("nursery",)
    assert by_name["思南88"].services == ("culture",)
    assert by_name["海华小学"].services == () and by_name["海华小学"].ignored == {"amenity=school"}

    transport = [result for record, result in zip(records, results) if record["service_group"] == "public_transport"]
    assert len(transport) == 73
    assert all(result.services == () and result.ignored and not result.unmapped for result in transport)

    served = [result.services for result in results if result.services]
    assert len(served) == 8  # 3 health, 3 community centres, 1 kindergarten, 1 market
    assert sorted(code for services in served for code in services) == sorted(
        ["health"] * 3 + ["culture"] * 3 + ["nursery", "daily_life"]
    )
    assert count_unmapped(results) == {}
