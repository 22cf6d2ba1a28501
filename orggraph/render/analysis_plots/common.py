"""What the analysis plots share: colours, axes, text fitting."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from orggraph.core.rows import fit_width
from orggraph.ops.analysis.structure import (
    department_of,
    departments,
)
from orggraph.render import fonts
from orggraph.render.plots import chart_text

if TYPE_CHECKING:
    from orggraph.core.org import Org

#: Bars outside the target band, the target band's shading.
OUTSIDE_COLOR = "#DD8452"
TARGET_SHADE = "#DCEFD9"
#: Department colours, in chart order of the departments (then repeated).
PALETTE = (
    "#4C72B0",
    "#DD8452",
    "#55A868",
    "#C44E52",
    "#8172B3",
    "#937860",
    "#DA8BC3",
    "#BCBD22",
    "#FFB000",
    "#64B5CD",
    "#1F3A60",
    "#A0522D",
    "#2E7D32",
    "#7B1FA2",
    "#00838F",
    "#AD1457",
)
#: Cell borders of the responsibility heatmap.
GRID_COLOR = "#E3E3E3"
#: Units above every department.
NO_DEPARTMENT_COLOR = "#B0B0B0"

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "span_title": "Span of control: {n} managers, median {median} direct reports",
        "span_outside": "{k} of {n} outside the target band {band}",
        "span_x": "Direct reports (span of control)",
        "span_y": "Managers (units with direct reports)",
        "span_target": "target band {band}",
        "span_off": "outside the target",
        "span_none": "no unit has direct reports",
        "pspan_title": "Span of control by people: {n} managers, median {median} direct reports",
        "pspan_x": "Direct reports: people (assistants apart)",
        "pspan_y": "Managers (people with direct reports)",
        "pspan_none": "nobody has direct reports",
        "ppyr_title": "People per layer of the manager tree (layer 1 is the top)",
        "ppyr_people": "{people} people",
        "ppyr_person": "{people} person",
        "ppyr_managers": "{managers} managers",
        "ppyr_manager": "{managers} manager",
        "ppyr_hatched": "hatched: some posts' holders unknown (≥ = at least)",
        "vac_title": "Vacancies: {open} open of {seats} planned seats ({rate})",
        "vac_rate": "vacancy rate {rate}",
        "vac_no_rate": "vacancy rate unknown",
        "vac_top": "the {top} units with most open seats of {n}",
        "vac_unknown": "{n} units with unknown figures",
        "vac_x": "Open seats in the unit's own posts",
        "vac_bar": "{open} open · {rate}",
        "vac_none": "no known open seat",
        "vac_hatched": "hatched: some figures unknown (≥ = at least)",
        "pyr_title": "Headcount per layer (layer 1 is the top)",
        "pyr_layer": "Layer {layer}",
        "pyr_seats": "{seats} seats",
        "pyr_seat": "{seats} seat",
        "pyr_units": "{units} units",
        "pyr_unit": "{units} unit",
        "pyr_hatched": "hatched: some seat counts unknown (≥ = at least)",
        "heat_title": "Responsibility matrix: {r} responsibilities x {u} units",
        "heat_shared": "Shared responsibilities: {r} responsibilities x {u} units",
        "heat_across": "Responsibilities shared across departments: {r} x {u} units",
        "heat_top": "the {top} with most owners of {m}",
        "heat_hidden": "{n} units owning none of these not shown",
        "heat_owners": "owners",
        "heat_empty": "no responsibility to show",
        "no_dept": "(no department)",
        "net_title": "Collaboration network: {n} units, {m} links, {c} communities (shaded)",
        "net_dotted": "dashed: dotted (matrix) reporting lines",
        "net_silos": "no collaboration outside the department: {names}",
        "net_size": "node size: betweenness (brokers are big)",
        "net_empty": "no collaboration links",
        "sep": ", ",
    },
    "zh": {
        "span_title": "管理幅度：{n} 个管理单位，直接下属中位数 {median}",
        "span_outside": "{n} 个中有 {k} 个在目标区间 {band} 之外",
        "span_x": "直接下属单位数（管理幅度）",
        "span_y": "管理单位数",
        "span_target": "目标区间 {band}",
        "span_off": "目标区间之外",
        "span_none": "没有单位有直接下属",
        "pspan_title": "按人员计的管理幅度：{n} 名管理者，直接下属中位数 {median}",
        "pspan_x": "直接下属人数（助理另计）",
        "pspan_y": "管理者人数",
        "pspan_none": "没有人有直接下属",
        "ppyr_title": "汇报关系各层级人数（第 1 层为最高层）",
        "ppyr_people": "{people} 人",
        "ppyr_person": "{people} 人",
        "ppyr_managers": "{managers} 名管理者",
        "ppyr_manager": "{managers} 名管理者",
        "ppyr_hatched": "斜线：部分岗位任职人员未知（≥ 表示至少）",
        "vac_title": "空缺：编制 {seats} 个席位中空缺 {open} 个（{rate}）",
        "vac_rate": "空缺率 {rate}",
        "vac_no_rate": "空缺率未知",
        "vac_top": "{n} 个单位中空缺最多的 {top} 个",
        "vac_unknown": "{n} 个单位的数字未知",
        "vac_x": "本单位岗位的空缺席位数",
        "vac_bar": "空缺 {open} · {rate}",
        "vac_none": "没有已知的空缺",
        "vac_hatched": "斜线：部分数字未知（≥ 表示至少）",
        "pyr_title": "各层级编制人数（第 1 层为最高层）",
        "pyr_layer": "第 {layer} 层",
        "pyr_seats": "{seats} 人",
        "pyr_seat": "{seats} 人",
        "pyr_units": "{units} 个单位",
        "pyr_unit": "{units} 个单位",
        "pyr_hatched": "斜线：部分编制人数未知（≥ 表示至少）",
        "heat_title": "职责矩阵：{r} 项职责 × {u} 个单位",
        "heat_shared": "共同承担的职责：{r} 项职责 × {u} 个单位",
        "heat_across": "跨部门共同承担的职责：{r} 项 × {u} 个单位",
        "heat_top": "承担单位最多的 {top} 项（共 {m} 项）",
        "heat_hidden": "未显示不承担这些职责的 {n} 个单位",
        "heat_owners": "承担单位数",
        "heat_empty": "没有可显示的职责",
        "no_dept": "（不属于任何部门）",
        "net_title": "协作网络：{n} 个单位，{m} 条协作关系，{c} 个社群（阴影）",
        "net_dotted": "虚线：虚线汇报关系",
        "net_silos": "与部门外没有协作：{names}",
        "net_size": "圆点大小：中介中心性（越大越是桥梁）",
        "net_empty": "没有协作关系",
        "sep": "、",
    },
}


def messages(org: Org, lang: str | None) -> dict[str, str]:
    """The analysis charts' phrases in *lang* (see :func:`orggraph.render.plots.chart_text`)."""
    return chart_text(_TEXT, org, lang)


def shorten(s: str, limit: int) -> str:
    """*s* cut to *limit* display columns (CJK counts 2) with an ellipsis."""
    return fit_width(s, limit, strip=" ,;:(（")


def wrap(s: str, width: int) -> str:
    """Wrap *s* for a node label: at spaces for Latin text, every *width* // 2 for CJK."""
    if fonts.has_cjk(s) and " " not in s:
        step = max(1, width // 2)
        return "\n".join(s[i : i + step] for i in range(0, len(s), step))
    return textwrap.fill(s, width=width, break_long_words=False) or s


def palette_for(org: Org, level: str | int | None) -> tuple[dict[str, str | None], dict[str, str]]:
    """Each unit's department and each department's colour."""
    dept = department_of(org, level=level)
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(departments(org, level=level))}
    return dept, colour


def unit_colour(uid: str, dept: dict[str, str | None], colour: dict[str, str]) -> str:
    d = dept[uid]
    return NO_DEPARTMENT_COLOR if d is None else colour[d]


def within_band(span: int, lo: int, hi: int | None) -> bool:
    return span >= lo and (hi is None or span <= hi)
