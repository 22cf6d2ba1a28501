"""The seed organisation, data/ecommerce.yaml, checked against the seed document.

The expected figures below are copied by hand from the staffing table of
"电子商务企业(或部门)的基本组织架构" (/work/shared/seeds/000_1ac3c4ac26cda1ff.txt),
not computed from the YAML, so these tests catch transcription errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import orggraph as og

SEED = Path(__file__).resolve().parent.parent / "data" / "ecommerce.yaml"

# Staffing table rows 1-17: sub-unit -> (row, seats, salary per seat, 总计 total, pay).
TABLE = {
    "ops_product_analysis": (1, 2, 5000, 10000, "commission"),  # 产品分析组
    "ops_sales": (2, 2, 5000, 10000, "commission"),  # 销售组
    "ops_promotions": (3, 2, 3000, 6000, "commission"),  # 促销组
    "pe_web_planning": (4, 2, 3500, 7000, "commission"),  # 网站策划
    "pe_web_editing": (5, 2, 3500, 7000, "commission"),  # 网站编辑
    "pe_art_photo": (6, 3, 8000, 24000, "commission"),  # 美工摄影
    "cs_presales": (7, 5, 2500, 12500, "commission"),  # 售前
    "cs_aftersales": (8, 1, 2500, 2500, "commission"),  # 售后
    "pl_purchasing": (9, 1, 5000, 5000, "bonus"),  # 采购组
    "pl_warehouse_ops": (10, 1, 5000, 5000, "bonus"),  # 仓储组 / 仓储运营
    "pl_supply_chain": (11, 1, 5000, 5000, "bonus"),  # 仓储组 / 供应链优化
    "pl_order_processing": (12, 2, 3000, 6000, "bonus"),  # 订单处理
    "pl_packing_delivery": (13, 10, 2000, 20000, "bonus"),  # 配送组 / 包装及配送
    "pl_delivery_audit": (14, 2, 2000, 4000, "bonus"),  # 配送组 / 配送稽核
    "mkt_media": (15, 1, 6000, 6000, "bonus"),  # 媒介合作
    "mkt_events": (16, 1, 5000, 5000, "bonus"),  # 活动推广
    "mkt_analysis": (17, 1, 5000, 5000, "bonus"),  # 营销分析
}

# Department heads: id -> (head's post, monthly salary or None when the table has none).
HEADS = {
    "ceo": ("CEO", 20000),
    "coo": ("COO", 20000),
    "web_operations": ("运营总监", 15000),
    "planning_editing": ("设计总监", 15000),
    "customer_service": ("客服总监", 8000),
    "procurement_logistics": ("仓库总监", 8000),
    "marketing": ("市场总监", 15000),
    "technology": ("技术总监", None),
    "hr": ("HR主管", None),
}

COO_DEPARTMENTS = {
    "web_operations",
    "planning_editing",
    "customer_service",
    "procurement_logistics",
    "marketing",
}

# Headcount under the COO, by hand from the table:
#   heads: COO + 运营总监 + 设计总监 + 客服总监 + 仓库总监 + 市场总监 = 6
#   运营部 2+2+2 = 6; 策划编辑 2+2+3 = 7; 客服部 5+1 = 6;
#   仓库部 1+1+1+2+10+2 = 17; 市场部 1+1+1 = 3          -> staff 39
COO_HEADCOUNT = 45
# Monthly budget under the COO, by hand from the table:
#   heads: 20000 + 15000 + 15000 + 8000 + 8000 + 15000 = 81000
#   运营部 10000+10000+6000 = 26000; 策划编辑 7000+7000+24000 = 38000;
#   客服部 12500+2500 = 15000; 仓库部 5000+5000+5000+6000+20000+4000 = 45000;
#   市场部 6000+5000+5000 = 16000                          -> staff 140000
COO_BUDGET = 221000
# The whole company: COO's 45 + CEO + 技术总监 + HR主管 + 出纳 + 会计.
COMPANY_KNOWN_HEADCOUNT = 50
# The prose's customer supervisors (客户主管) have no count in the seed, and the
# table gives no seats to the prose's training and audit groups.
COO_UNKNOWN = {"cs_operations", "cs_training", "cs_performance_audit"}


@pytest.fixture(scope="module")
def org() -> og.Org:
    return og.load(str(SEED))


def all_units(org: og.Org) -> list[str]:
    return [org.root, *org.descendants(org.root)]


# --- the staffing table -------------------------------------------------------------


@pytest.mark.parametrize("unit_id", sorted(TABLE))
def test_table_row(org: og.Org, unit_id: str) -> None:
    row, seats, salary, total, pay = TABLE[unit_id]
    assert seats * salary == total  # the seed's own arithmetic
    unit = org.unit(unit_id)
    assert unit["attrs"]["table_row"] == row
    assert unit["attrs"]["table_total"] == total
    [post] = unit["staff"]
    assert (post["seats"], post["salary"], post["pay"]) == (seats, salary, pay)
    assert post["seats"] * post["salary"] == unit["attrs"]["table_total"]


def test_every_table_total_is_checked(org: og.Org) -> None:
    with_total = {u for u in all_units(org) if "table_total" in org.unit(u)["attrs"]}
    assert with_total == set(TABLE)


@pytest.mark.parametrize("unit_id", sorted(HEADS))
def test_heads(org: og.Org, unit_id: str) -> None:
    title, salary = HEADS[unit_id]
    head = org.unit(unit_id)["head"]
    assert head is not None
    assert head["title"]["zh"] == title
    assert head["seats"] == 1
    assert head["salary"] == salary


def test_finance_has_no_head(org: og.Org) -> None:
    assert org.unit("finance")["head"] is None


@pytest.mark.parametrize("unit_id", ["tech_web_dev", "tech_sys_dev", "tech_sys_maint", "hr_exec"])
def test_empty_cells_are_unknown_not_zero(org: og.Org, unit_id: str) -> None:
    [post] = org.unit(unit_id)["staff"]
    assert post["seats"] is None
    assert post["salary"] is None


@pytest.mark.parametrize("unit_id", ["fin_cashier", "fin_accounting"])
def test_finance_posts(org: og.Org, unit_id: str) -> None:
    [post] = org.unit(unit_id)["staff"]
    assert post["seats"] == 1
    assert post["salary"] is None


# --- reporting lines ----------------------------------------------------------------


def test_ceo_heads_everything(org: og.Org) -> None:
    assert org.root == "ceo"
    assert org.parent("ceo") is None
    for unit_id in all_units(org):
        chain = org.chain(unit_id)
        assert chain[0] == unit_id
        assert chain[-1] == "ceo"


def test_ceo_direct_reports(org: og.Org) -> None:
    assert set(org.children("ceo")) == {"coo", "technology", "hr", "finance"}
    for unit_id in ("technology", "hr", "finance"):
        assert org.parent(unit_id) == "ceo"


def test_coo_heads_exactly_the_five_departments(org: og.Org) -> None:
    assert set(org.children("coo")) == COO_DEPARTMENTS
    assert org.parent("coo") == "ceo"
    assert org.depth("coo") == 1


def test_departments(org: og.Org) -> None:
    assert set(org.units(unit_type="department")) == COO_DEPARTMENTS | {
        "technology",
        "hr",
        "finance",
    }


def test_readings_of_merged_cells(org: og.Org) -> None:
    # 仓储组 = rows 10-11, 配送组 = rows 13-14; 订单处理 reports to the department.
    assert set(org.children("pl_warehousing")) == {"pl_warehouse_ops", "pl_supply_chain"}
    assert set(org.children("pl_delivery")) == {"pl_packing_delivery", "pl_delivery_audit"}
    assert org.parent("pl_order_processing") == "procurement_logistics"
    # The table's 售前/售后 are the service specialists of CS operations.
    assert set(org.children("cs_operations")) == {"cs_presales", "cs_aftersales"}


# --- rollups ------------------------------------------------------------------------


def test_coo_headcount(org: og.Org) -> None:
    rollup = org.headcount("coo")
    assert rollup.value == COO_HEADCOUNT
    assert set(rollup.unknown) == COO_UNKNOWN


def test_coo_budget(org: og.Org) -> None:
    rollup = org.budget("coo")
    assert rollup.value == COO_BUDGET
    assert set(rollup.unknown) == COO_UNKNOWN


def test_company_headcount(org: og.Org) -> None:
    rollup = org.headcount()
    assert rollup.value == COMPANY_KNOWN_HEADCOUNT
    assert {"tech_web_dev", "tech_sys_dev", "tech_sys_maint", "hr_exec"} <= set(rollup.unknown)


def test_company_budget_counts_only_known_salaries(org: og.Org) -> None:
    rollup = org.budget()
    assert rollup.value == 20000 + COO_BUDGET
    assert {"technology", "hr", "fin_cashier", "fin_accounting"} <= set(rollup.unknown)


# --- prose: names, responsibilities, links ------------------------------------------


def test_every_unit_has_zh_and_en_names(org: og.Org) -> None:
    for unit_id in all_units(org):
        name = org.unit(unit_id)["name"]
        assert isinstance(name, dict), unit_id
        assert name.get("zh") and name.get("en"), unit_id
        assert org.name(unit_id, lang="en") == name["en"]
        assert org.name(unit_id, lang="zh") == name["zh"]


@pytest.mark.parametrize(
    ("text", "unit_id"),
    [
        ("运营部", "web_operations"),  # the table's name
        ("网站运营部", "web_operations"),  # the prose's name
        ("仓库部", "procurement_logistics"),
        ("采购及物流部", "procurement_logistics"),
        ("媒介推广", "mkt_media"),
        ("活动公关组", "mkt_events"),
    ],
)
def test_find_by_either_name(org: og.Org, text: str, unit_id: str) -> None:
    assert unit_id in org.find(text)


def test_shared_responsibilities(org: og.Org) -> None:
    for duty in ("optimise_shopping_flow", "improve_shopping_experience", "优化购物流程"):
        assert {"web_operations", "marketing"} <= set(org.responsible_for(duty))
    assert {"customer_service", "marketing", "mkt_media"} <= set(
        org.responsible_for("raise_order_conversion")
    )
    assert "optimise_shopping_flow" in org.responsibilities("web_operations")


def test_collaborations(org: og.Org) -> None:
    def others(unit_id: str) -> set[str]:
        return {other for other, _relation, _direction in org.collaborators(unit_id)}

    assert "procurement_logistics" in others("web_operations")
    assert {"mkt_analysis", "web_operations", "ops_promotions"} <= others("mkt_media")
    assert {"procurement_logistics", "customer_service", "marketing"} <= others("technology")
    assert {"cs_training", "cs_performance_audit"} <= others("cs_operations")
    assert "marketing" in others("planning_editing")
