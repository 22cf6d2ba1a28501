"""Write data/xingchen.yaml, the invented people-level sample, from the tables below, and
data/xingchen-people.csv, its people-level export (``to_csv(rows="people")``: one row
per person in a post and per open seat, as an HR system exports; needs orggraph).

    python scripts/make_xingchen.py            # (re)write both files
    python scripts/make_xingchen.py --check    # exit 1 when either file is stale

Deterministic: no randomness, so a rerun gives the same bytes. People get ids e001, e002,
... in the order the chart walk first meets them (board first, then depth-first), and
names from NAMES in that order. The header's counts are computed here with the rules of
the people format (issue 12, docs/format.md), and tests/test_datasets_people.py
checks them against the core.
"""

from __future__ import annotations

import json
import math
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parent.parent / "data" / "xingchen.yaml"
PEOPLE_CSV = OUT.with_name("xingchen-people.csv")
DOMAIN = "xingchen.example"  # .example is reserved (RFC 2606)

# (zh, surname pinyin, given-name pinyin), in the order people are met.
NAMES = """
王芳 Wang Fang|李伟 Li Wei|张敏 Zhang Min|顾立新 Gu Lixin|沈红梅 Shen Hongmei|刘洋 Liu Yang
陈静 Chen Jing|杨磊 Yang Lei|黄丽 Huang Li|赵强 Zhao Qiang|吴娜 Wu Na|周杰 Zhou Jie
徐涛 Xu Tao|孙艳 Sun Yan|马超 Ma Chao|朱婷 Zhu Ting|胡斌 Hu Bin|郭颖 Guo Ying
何鹏 He Peng|高雪 Gao Xue|林浩然 Lin Haoran|罗欣怡 Luo Xinyi|郑宇轩 Zheng Yuxuan|梁嘉怡 Liang Jiayi
谢俊杰 Xie Junjie|宋佳琪 Song Jiaqi|唐文博 Tang Wenbo|许梓萱 Xu Zixuan|韩一鸣 Han Yiming|冯雨桐 Feng Yutong
邓天佑 Deng Tianyou|曹亚楠 Cao Yanan|彭立新 Peng Lixin|曾国强 Zeng Guoqiang|肖红梅 Xiao Hongmei|田建华 Tian Jianhua
董春燕 Dong Chunyan|袁振宇 Yuan Zhenyu|潘博 Pan Bo|于凯 Yu Kai|蒋琳 Jiang Lin|蔡慧 Cai Hui
余倩 Yu Qian|杜辉 Du Hui|叶飞 Ye Fei|程宁 Cheng Ning|苏瑶 Su Yao|魏晶 Wei Jing
丁昊 Ding Hao|任帆 Ren Fan|沈睿 Shen Rui|姚璐 Yao Lu|卢蕾 Lu Lei|姜旭东 Jiang Xudong
崔少华 Cui Shaohua|钟文静 Zhong Wenjing|谭晓燕 Tan Xiaoyan|陆永康 Lu Yongkang|汪德明 Wang Deming|范家豪 Fan Jiahao
金梦瑶 Jin Mengyao|石诗雨 Shi Shiyu|廖若曦 Liao Ruoxi|贾泽宇 Jia Zeyu|夏雅婷 Xia Yating|韦海峰 Wei Haifeng
付宏伟 Fu Hongwei|方丹 Fang Dan|白蓉 Bai Rong|邹彬 Zou Bin|孟毅 Meng Yi|熊锋 Xiong Feng
秦骏 Qin Jun|邱楠 Qiu Nan|江薇 Jiang Wei|尹志强 Yin Zhiqiang|薛海燕 Xue Haiyan|闫晓明 Yan Xiaoming
段秀英 Duan Xiuying|雷刚 Lei Gang|侯平 Hou Ping|龙霞 Long Xia|史军 Shi Jun|陶勇 Tao Yong
黎娟 Li Juan|贺明 He Ming|顾桂英 Gu Guiying|毛思远 Mao Siyuan|郝晨 Hao Chen|龚子涵 Gong Zihan
邵文 Shao Wen|万鑫 Wan Xin|钱丽华 Qian Lihua|严俊 Yan Jun|武晓东 Wu Xiaodong|戴玉兰 Dai Yulan
莫志华 Mo Zhihua|孔祥瑞 Kong Xiangrui|向阳 Xiang Yang|汤敏 Tang Min|王建军 Wang Jianjun|李秀兰 Li Xiulan
张伟 Zhang Wei|刘芳 Liu Fang|陈浩 Chen Hao|杨帆 Yang Fan|黄志伟 Huang Zhiwei|赵雅琴 Zhao Yaqin
吴昊天 Wu Haotian|周雪梅 Zhou Xuemei|徐明远 Xu Mingyuan|孙丽娟 Sun Lijuan|马骁 Ma Xiao|朱晨曦 Zhu Chenxi
胡海洋 Hu Haiyang|郭嘉欣 Guo Jiaxin|何立军 He Lijun|高婉清 Gao Wanqing|林志远 Lin Zhiyuan|罗文斌 Luo Wenbin
郑佳慧 Zheng Jiahui|梁振华 Liang Zhenhua|谢雨萱 Xie Yuxuan|宋子豪 Song Zihao|唐静怡 Tang Jingyi|韩冰 Han Bing
冯晓丽 Feng Xiaoli|邓浩宇 Deng Haoyu|曹梦琪 Cao Mengqi|彭伟华 Peng Weihua|曾小燕 Zeng Xiaoyan|潘雨辰 Pan Yuchen
"""

# Extra data for people met under a label (the others are plain staff).
EXTRA: dict[str, dict[str, Any]] = {
    "ceo": {"hired": "2012-03-01", "attrs": {"founder": True}},
    "cto": {"hired": "2012-03-01", "attrs": {"founder": True}},
    "indep1": {
        "email": None,
        "attrs": {"type": "non-executive", "background": "professor of electrical engineering"},
    },
    "indep2": {
        "email": None,
        "attrs": {"type": "non-executive", "background": "certified public accountant"},
    },
    "contractor": {
        "email": None,
        "attrs": {
            "type": "contractor",
            "agency": "成都云测信息技术有限公司",
            "until": "2026-06-30",
        },
    },
    "seconded": {"attrs": {"home_unit": "rd_hw_mech"}},
}


def post(
    zh: str,
    en: str,
    grade: str | None = None,
    salary: int | tuple[int, int] | None = None,
    seats: int = 1,
    hold: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """A post spec. *hold*: n (n new people), a list of labels/assignments, or None
    for no ``holders`` key (unknown holders)."""
    spec: dict[str, Any] = {"title": {"zh": zh, "en": en}}
    if "id" in extra:
        spec = {"id": extra.pop("id"), **spec}
    if seats != 1:
        spec["seats"] = seats
    for key in ("kind", "counts", "fte", "filled", "status"):
        if key in extra:
            spec[key] = extra.pop(key)
    if grade:
        spec["grade"] = grade
    if isinstance(salary, tuple):
        spec["salary"] = {"min": salary[0], "max": salary[1]}
    elif salary is not None:
        spec["salary"] = salary
    spec.update(extra)
    spec["_hold"] = hold
    return spec


def unit(uid: str, zh: str, en: str, kind: str, **spec: Any) -> dict[str, Any]:
    return {"id": uid, "name": {"zh": zh, "en": en}, "type": kind, **spec}


def note(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


SALES = {"pay": "commission"}

# The tables are laid out as the chart reads: keep the formatter out of them.
# fmt: off

TREE = unit(
    "board", "董事会", "Board of Directors", "board", site="Shanghai",
    description=note(
        "董事会由五名董事组成，其中两名为独立董事；董事长由总裁兼任。",
        "Five directors, two of them independent; the CEO also chairs the board.",
    ),
    head=post("董事长", "Chairman of the Board", id="chair", counts=False, hold=["ceo"]),
    staff=[
        post("执行董事", "Executive director", seats=2, counts=False, hold=["cto", "cfo"]),
        post("独立董事", "Independent director", seats=2, counts=False, salary=150000,
             salary_period="year", hold=["indep1", "indep2"]),
    ],
    responsibilities=["corporate_governance"],
    units=[unit(
        "ceo_office", "总裁办公室", "CEO Office", "executive",
        head=post("总裁", "Chief Executive Officer", "E1", 150000, id="ceo", hold=["ceo"]),
        staff=[
            post("总裁助理", "Executive assistant", "P6", 18000, kind="assistant", hold=1),
            post("战略与投资经理", "Strategy and investment manager", "P8", 38000, hold=1),
            post("法务顾问", "Legal counsel", "P8", (30000, 40000), id="legal-counsel", hold=[]),
        ],
        responsibilities=["company_strategy"],
        units=[
            unit(
                "rd", "研发中心", "R&D Centre", "division",
                head=post("首席技术官", "Chief Technology Officer", "M4", 85000, id="cto", hold=["cto"]),
                staff=[post("研发项目经理", "R&D programme manager", "P7", 30000, seats=2, hold=2)],
                responsibilities=["product_roadmap"],
                units=[
                    unit(
                        "rd_hw", "硬件研发部", "Hardware Engineering", "department", site="Shenzhen",
                        head=post("硬件研发总监", "Director of Hardware Engineering", "M3", 52000,
                                  id="hw-director", hold=1),
                        responsibilities=["hardware_design", "new_product_introduction"],
                        units=[
                            unit(
                                "rd_hw_circuit", "电路设计组", "Circuit Design", "team",
                                head=post("电路设计组组长", "Circuit design lead", "M1", 34000,
                                          id="circuit-lead", hold=1),
                                staff=[
                                    post("高级硬件工程师", "Senior hardware engineer", "P7", 29000, seats=2, hold=2),
                                    post("硬件工程师", "Hardware engineer", "P5", 17000, seats=3, hold=3),
                                ],
                            ),
                            unit(
                                "rd_hw_mech", "结构设计组", "Mechanical Design", "team",
                                head=post("结构设计组组长", "Mechanical design lead", "M1", 32000,
                                          id="mech-lead", hold=1),
                                # One engineer is on secondment to the plant's NPI team.
                                staff=[post("结构工程师", "Mechanical engineer", "P6", 21000, seats=3, hold=2)],
                            ),
                            unit(
                                "rd_hw_test", "测试验证组", "Test and Validation", "team",
                                head=post("测试验证组组长", "Test and validation lead", "M1", 30000,
                                          id="hwtest-lead", hold=1),
                                staff=[post("测试工程师", "Test engineer", "P5", 15000, seats=3, hold=3)],
                            ),
                        ],
                    ),
                    unit(
                        "rd_sw", "软件研发部", "Software Engineering", "department", site="Chengdu",
                        head=post("软件研发总监", "Director of Software Engineering", "M3", 50000,
                                  id="sw-director", hold=1),
                        units=[
                            unit(
                                "rd_sw_firmware", "嵌入式软件组", "Embedded Software", "team",
                                responsibilities=["embedded_software"],
                                head=post("嵌入式软件组负责人", "Head of Embedded Software", "M2", 38000,
                                          id="firmware-lead", hold=["fw_lead"]),
                                staff=[
                                    post("高级嵌入式工程师", "Senior embedded engineer", "P7", 28000, seats=2, hold=2),
                                    post("嵌入式工程师", "Embedded engineer", "P5", 16000, seats=3, hold=3),
                                ],
                            ),
                            unit(
                                "rd_sw_cloud", "云平台组", "Cloud Platform", "team",
                                responsibilities=["iot_cloud"],
                                head=post("云平台组负责人", "Head of Cloud Platform", "M2", 38000, id="cloud-lead",
                                          hold=[{"person": "fw_lead", "role": "acting", "note": note(
                                              "原负责人离职，招聘期间由嵌入式软件组负责人代理",
                                              "acting while the post is recruited; the head of "
                                              "Embedded Software keeps their own post",
                                          )}]),
                                staff=[
                                    post("后端工程师", "Backend engineer", "P6", 21000, seats=4, hold=4),
                                    post("运维工程师", "DevOps engineer", "P6", 21000, hold=1),
                                    post("外包测试工程师", "Contract QA engineer", counts=False, hold=["contractor"]),
                                ],
                            ),
                            unit(
                                "rd_sw_app", "移动应用组", "Mobile Apps", "team",
                                head=post("移动应用组组长", "Mobile apps lead", "M1", 30000, id="app-lead", hold=1),
                                staff=[
                                    post("移动开发工程师", "Mobile developer", "P5", 16000, seats=3, hold=2),
                                    post("交互设计师", "UX designer", "P6", 19000, hold=1),
                                ],
                            ),
                        ],
                    ),
                    unit(
                        "rd_algo", "算法组", "Algorithms Group", "group", site="Shanghai",
                        head=post("算法组负责人", "Head of Algorithms", "M2", 45000, id="algo-lead", hold=1),
                        staff=[
                            post("算法工程师", "Algorithm engineer", "P7", 32000, seats=2, hold=2),
                            post("资深算法专家", "Principal algorithm scientist", "P9", (45000, 60000),
                                 id="principal-scientist", hold=[]),
                        ],
                    ),
                ],
            ),
            unit(
                "sales", "销售中心", "Sales", "division",
                head=post("销售副总裁", "Vice President of Sales", "M4", 80000, id="vp-sales", hold=1),
                staff=[post("销售运营专员", "Sales operations specialist", "P5", 14000, hold=1)],
                responsibilities=["key_accounts"],
                units=[
                    unit(
                        "sales_east", "华东大区", "East China Region", "region",
                        head=post("华东大区总监", "East China regional director", "M3", 50000,
                                  id="east-director", hold=1),
                        staff=[post("售前工程师", "Pre-sales engineer", "P6", 20000, hold=1)],
                        units=[
                            unit(
                                "sales_east_sh", "上海销售组", "Shanghai Sales", "team",
                                head=post("上海销售经理", "Shanghai sales manager", "M1", 30000,
                                          id="shanghai-sales-lead", hold=1),
                                staff=[
                                    post("大客户经理", "Key account manager", "P7", 25000, seats=2, hold=2, **SALES),
                                    post("销售代表", "Sales representative", "P5", 12000, seats=2, hold=2, **SALES),
                                ],
                            ),
                            unit(
                                "sales_east_hz", "杭州销售组", "Hangzhou Sales", "team", site="Hangzhou",
                                head=post("杭州销售经理", "Hangzhou sales manager", "M1", 28000,
                                          id="hangzhou-sales-lead", hold=1),
                                staff=[post("销售代表", "Sales representative", "P5", 11000, seats=3, hold=3, **SALES)],
                            ),
                        ],
                    ),
                    unit(
                        "sales_south", "华南大区", "South China Region", "region", site="Shenzhen",
                        description=note(
                            "大区总监空缺，招聘期间由华东大区总监代管（虚线汇报）。",
                            "The regional director's post is vacant; the East China director "
                            "oversees the region meanwhile (dotted line).",
                        ),
                        head=post("华南大区总监", "South China regional director", "M3", (45000, 60000),
                                  id="south-director", hold=[]),
                        staff=[
                            post("大客户经理", "Key account manager", "P7", 24000, seats=2, hold=2, **SALES),
                            post("销售代表", "Sales representative", "P5", 11000, seats=3, hold=3, **SALES),
                        ],
                    ),
                    unit(
                        "sales_west", "西南大区", "Southwest Region", "region", site="Chengdu",
                        head=post("西南大区总监", "Southwest regional director", "M3", 45000,
                                  id="west-director", hold=1),
                        staff=[post("销售代表", "Sales representative", "P5", 10000, seats=3, hold=2, **SALES)],
                    ),
                    unit(
                        "sales_intl", "海外业务部", "International Sales", "department", site="Shenzhen",
                        head=post("海外业务总监", "Director of International Sales", "M3", 52000,
                                  id="intl-director", hold=1),
                        staff=[post("海外销售经理", "Overseas sales manager", "P7", 26000, seats=2, hold=2, **SALES)],
                    ),
                ],
            ),
            unit(
                "marketing", "市场部", "Marketing", "department",
                head=post("市场总监", "Marketing Director", "M3", 50000, id="marketing-director", hold=1),
                units=[
                    unit(
                        "mkt_brand", "品牌与传播组", "Brand and Communications", "team",
                        responsibilities=["brand_building"],
                        head=post("品牌经理", "Brand manager", "M1", 28000, id="brand-lead", hold=1),
                        staff=[
                            post("品牌专员", "Brand specialist", "P5", 13000, seats=2, hold=2),
                            post("平面设计师", "Graphic designer", "P5", 14000, hold=1),
                        ],
                    ),
                    unit(
                        "mkt_product", "产品市场组", "Product Marketing", "team",
                        responsibilities=["product_roadmap"],
                        head=post("产品市场负责人", "Head of Product Marketing", "M1", 32000, id="pmm-lead", hold=1),
                        staff=[post("产品市场经理", "Product marketing manager", "P6", 22000, seats=2, hold=2)],
                    ),
                    unit(
                        "mkt_digital", "数字营销组", "Digital Marketing", "team",
                        head=post("数字营销经理", "Digital marketing manager", "M1", 27000, id="digital-lead", hold=1),
                        staff=[post("新媒体运营专员", "Social media specialist", "P4", 11000, seats=2, hold=2)],
                    ),
                ],
            ),
            unit(
                "ops", "运营与制造中心", "Operations and Manufacturing", "division", site="Shenzhen",
                head=post("首席运营官", "Chief Operating Officer", "M4", 80000, id="coo", hold=1),
                units=[
                    unit(
                        "ops_plant", "深圳工厂", "Shenzhen Plant", "plant",
                        head=post("厂长", "Plant manager", "M3", 48000, id="plant-manager", hold=1),
                        responsibilities=["production"],
                        units=[
                            unit(
                                "ops_smt", "SMT车间", "SMT Workshop", "workshop",
                                head=post("SMT车间主任", "SMT workshop supervisor", "M1", 22000,
                                          id="smt-supervisor", hold=1),
                                staff=[post("SMT技术员", "SMT technician", "P4", 10000, seats=3, hold=3)],
                            ),
                            unit(
                                "ops_assembly", "总装车间", "Final Assembly", "workshop",
                                head=post("总装车间主任", "Final assembly supervisor", "M1", 22000,
                                          id="assembly-supervisor", hold=1),
                                staff=[
                                    post("班组长", "Line leader", "P3", 8500, seats=2, hold=2),
                                    # Operators are on the plant's shift roster, not named here.
                                    post("装配操作工", "Assembly operator", "P2", 6500, seats=24, filled=22,
                                         id="assembly-operators", hold=None),
                                ],
                            ),
                            unit(
                                "ops_quality", "质量组", "Quality", "team",
                                responsibilities=["quality_control"],
                                head=post("质量经理", "Quality manager", "M2", 30000, id="quality-manager", hold=1),
                                staff=[
                                    post("质量工程师", "Quality engineer", "P5", 15000, seats=2, hold=2),
                                    post("检验员", "Inspector", "P3", 8000, seats=3, hold=3),
                                ],
                            ),
                            unit(
                                "ops_npi", "新产品导入组", "New Product Introduction", "team",
                                responsibilities=["new_product_introduction"],
                                head=post("新产品导入组组长", "NPI lead", "M1", 30000, id="npi-lead", hold=1),
                                staff=[post("NPI工程师", "NPI engineer", "P6", 21000, seats=2, hold=[
                                    "new",
                                    {"person": "seconded", "role": "secondment", "note": note(
                                        "自结构设计组借调一年，至2026年6月",
                                        "seconded from Mechanical Design for a year, until June 2026",
                                    )},
                                ])],
                            ),
                        ],
                    ),
                    unit(
                        "ops_supply", "供应链部", "Supply Chain", "department",
                        head=post("供应链总监", "Supply chain director", "M3", 45000, id="supply-director", hold=1),
                        units=[
                            unit(
                                "ops_purchasing", "采购组", "Purchasing", "team",
                                responsibilities=["procurement"],
                                head=post("采购经理", "Purchasing manager", "M1", 26000, id="purchasing-lead", hold=1),
                                staff=[post("采购工程师", "Buyer", "P5", 14000, seats=3, hold=3)],
                            ),
                            unit(
                                "ops_logistics", "物流仓储组", "Logistics and Warehousing", "team",
                                head=post("物流经理", "Logistics manager", "M1", 24000, id="logistics-lead", hold=1),
                                staff=[
                                    post("计划员", "Production planner", "P5", 14000, hold=1),
                                    post("仓库管理员", "Warehouse keeper", "P3", 8000, seats=2, hold=2),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
            unit(
                "hr", "人力资源部", "Human Resources", "department",
                head=post("人力资源总监", "HR Director", "M3", 45000, id="hr-director", hold=1),
                units=[
                    unit(
                        "hr_talent", "招聘与培训组", "Talent", "team",
                        responsibilities=["recruiting_training"],
                        head=post("招聘与培训经理", "Talent manager", "M1", 26000, id="talent-lead", hold=1),
                        staff=[
                            post("招聘专员", "Recruiter", "P5", 13000, seats=2, hold=1),
                            post("培训专员", "Training specialist", "P5", 13000, hold=1),
                        ],
                    ),
                    unit(
                        "hr_comp", "薪酬与员工关系组", "Compensation and Employee Relations", "team",
                        responsibilities=["payroll"],
                        head=post("薪酬经理", "Compensation manager", "M1", 26000, id="comp-lead", hold=1),
                        staff=[
                            post("薪酬专员", "Payroll specialist", "P5", 14000, hold=[
                                {"person": "share1", "fte": 0.5, "note": note("岗位分担：周一至周三上午", "job share: Monday to Wednesday noon")},
                                {"person": "share2", "fte": 0.5, "note": note("岗位分担：周三下午至周五", "job share: Wednesday afternoon to Friday")},
                            ]),
                            post("员工关系专员", "Employee relations specialist", "P4", 11000, hold=1),
                        ],
                    ),
                ],
            ),
            unit(
                "finance", "财务部", "Finance", "department",
                head=post("首席财务官", "Chief Financial Officer", "M4", 75000, id="cfo", hold=["cfo"]),
                units=[
                    unit(
                        "fin_accounting", "会计组", "Accounting", "team",
                        responsibilities=["financial_reporting"],
                        head=post("会计主管", "Chief accountant", "M1", 28000, id="chief-accountant", hold=1),
                        staff=[
                            post("会计", "Accountant", "P5", 13000, seats=3, hold=3),
                            post("出纳", "Cashier", "P4", 9000, fte=0.5, hold=[{"person": "new", "fte": 0.5}]),
                        ],
                    ),
                    unit(
                        "fin_fpa", "财务分析组", "Financial Planning and Analysis", "team",
                        responsibilities=["budgeting"],
                        head=post("财务分析经理", "FP&A manager", "M1", 30000, id="fpa-lead", hold=1),
                        staff=[post("财务分析师", "Financial analyst", "P6", 20000, seats=2, hold=1)],
                    ),
                ],
            ),
        ],
    )],
)

RESPONSIBILITIES = [
    ("corporate_governance", "公司治理与重大事项决策", "Corporate governance and major decisions"),
    ("company_strategy", "制定公司战略与年度经营计划", "Set the company strategy and the annual business plan"),
    ("product_roadmap", "规划产品路线图", "Plan the product roadmap"),
    ("hardware_design", "硬件设计与验证", "Design and validate the hardware"),
    ("embedded_software", "开发设备固件", "Develop the device firmware"),
    ("iot_cloud", "运营物联网云平台", "Run the IoT cloud platform"),
    ("key_accounts", "开发与维护大客户", "Win and keep key accounts"),
    ("brand_building", "品牌建设与市场传播", "Build the brand and run communications"),
    ("new_product_introduction", "新产品导入量产", "Bring new products into volume production"),
    ("production", "按计划组织生产与交付", "Run production and deliver to plan"),
    ("quality_control", "产品质量控制与ISO 9001体系维护", "Control product quality and keep ISO 9001"),
    ("procurement", "物料采购与供应商管理", "Buy materials and manage suppliers"),
    ("recruiting_training", "招聘与培训", "Recruit and train staff"),
    ("payroll", "薪酬核算与发放", "Calculate and pay salaries"),
    ("financial_reporting", "会计核算与财务报告", "Keep the books and report"),
    ("budgeting", "编制预算与经营分析", "Set budgets and analyse the business"),
]

LINKS = [
    ("dotted", "sales_east", "sales_south", False,
     note("华南大区总监空缺期间由华东大区总监代管", "oversees South China while its director's post is vacant")),
    ("dotted", "ceo_office", "ops_quality", False,
     note("质量问题直接向总裁汇报", "reports quality issues straight to the CEO")),
    ("dotted", "rd_hw", "ops_npi", False,
     note("新产品导入的技术标准由硬件研发部把关", "sets the technical bar for new product introduction")),
    ("collaboration", "mkt_product", "sales", True,
     note("共同制定产品定价与上市计划", "set prices and launch plans together")),
    ("collaboration", "rd_sw_cloud", "sales_intl", False,
     note("支持海外客户的云平台部署", "supports overseas customers' cloud deployments")),
    ("collaboration", "hr_talent", "rd", False,
     note("校园招聘与技术培训", "campus recruitment and technical training")),
    ("collaboration", "fin_fpa", "ops_supply", False,
     note("物料成本分析", "analyses material costs")),
]

# fmt: on


# -- building the data ------------------------------------------------------------------


class Builder:
    """Walks TREE, turning hold specs into holders and declaring people as met."""

    def __init__(self) -> None:
        self.names = [n.split(" ", 1) for n in NAMES.replace("\n", "|").split("|") if n.strip()]
        self.people: list[dict[str, Any]] = []
        self.labels: dict[str, str] = {}
        self.emails: set[str] = set()

    def new_person(self, site: str, grade: str | None, label: str | None = None) -> str:
        k = len(self.people)
        zh, en = self.names[k]
        pid = f"e{k + 1:03d}"
        extra = EXTRA.get(label or "", {})
        surname, given = en.split(" ")
        email = f"{surname}.{given}".lower()
        n = 2
        while email in self.emails:  # two people with one pinyin name
            email, n = f"{surname}.{given}{n}".lower(), n + 1
        self.emails.add(email)
        person: dict[str, Any] = {"id": pid, "name": {"zh": zh, "en": en}}
        if extra.get("email", "") is not None:
            person["email"] = f"{email}@{DOMAIN}"
        attrs: dict[str, Any] = {}
        if extra.get("attrs", {}).get("type") not in ("non-executive", "contractor"):
            attrs = {"location": site, "hired": extra.get("hired") or hired(k, grade)}
        attrs.update(extra.get("attrs", {}))
        person["attrs"] = attrs
        self.people.append(person)
        if label:
            self.labels[label] = pid
        return pid

    def resolve(self, ref: str, site: str, grade: str | None) -> str:
        if ref == "new":
            return self.new_person(site, grade)
        return self.labels.get(ref) or self.new_person(site, grade, ref)

    def post(self, spec: dict[str, Any], site: str) -> dict[str, Any]:
        out = {k: v for k, v in spec.items() if k != "_hold"}
        hold, grade = spec["_hold"], spec.get("grade")
        if hold is None:
            return out
        if isinstance(hold, int):
            out["holders"] = [self.new_person(site, grade) for _ in range(hold)]
            return out
        holders: list[Any] = []
        for item in hold:
            if isinstance(item, str):
                holders.append(self.resolve(item, site, grade))
            else:
                holders.append({**item, "person": self.resolve(item["person"], site, grade)})
        out["holders"] = holders
        return out

    def unit(self, spec: dict[str, Any], site: str) -> dict[str, Any]:
        site = spec.get("site", site)
        out: dict[str, Any] = {
            k: spec[k] for k in ("id", "name", "type", "description") if k in spec
        }
        if "head" in spec:
            out["head"] = self.post(spec["head"], site)
        if spec.get("staff"):
            out["staff"] = [self.post(p, site) for p in spec["staff"]]
        if spec.get("responsibilities"):
            out["responsibilities"] = spec["responsibilities"]
        if "site" in spec:
            out["attrs"] = {"site": spec["site"]}
        if spec.get("units"):
            out["units"] = [self.unit(u, site) for u in spec["units"]]
        return out


def hired(k: int, grade: str | None) -> str:
    """A fixed hire date: seniors joined early, juniors late (no randomness)."""
    first, span = {"E": (2012, 2), "M": (2013, 9), "P": (2015, 11)}.get(
        (grade or "P")[0], (2015, 11)
    )
    year = first + (k * 7) % span
    return f"{year}-{(k * 5) % 12 + 1:02d}-{(k * 11) % 28 + 1:02d}"


def build() -> dict[str, Any]:
    b = Builder()
    units = [b.unit(TREE, "Shanghai")]
    return {
        "org": {"zh": "星辰科技", "en": "Xingchen Technology"},
        "lang": ["zh", "en"],
        "currency": "CNY",
        "salary_period": "month",
        "attrs": {
            "sample": "invented",
            "founded": "2012-03-01",
            "headquarters": "Shanghai",
            "business": "smart sensors and IoT modules: design, manufacture and cloud service",
        },
        "people": b.people,
        "units": units,
        "responsibilities": [{"id": i, "name": note(zh, en)} for i, zh, en in RESPONSIBILITIES],
        "links": [
            {"kind": k, "from": a, "to": z, **({"mutual": True} if m else {}), "relation": r}
            for k, a, z, m, r in LINKS
        ],
    }


# -- the figures the header states (the rules of the people format) ----------------------


def walk(u: dict[str, Any], depth: int = 1) -> Any:
    yield u, depth
    for child in u.get("units", []):
        yield from walk(child, depth + 1)


def counts(data: dict[str, Any]) -> dict[str, Any]:
    posts = [
        p
        for u, _ in walk(data["units"][0])
        for p in ([u["head"]] if "head" in u else []) + u.get("staff", [])
    ]
    counting = [p for p in posts if p.get("counts", True)]
    seats = filled = vacancies = 0
    fte = budget = 0.0
    open_posts = 0
    persons: set[str] = set()
    for p in counting:
        n = p.get("seats", 1)
        if "holders" in p:
            ids = [h if isinstance(h, str) else h["person"] for h in p["holders"]]
            total = sum(1.0 if isinstance(h, str) else h.get("fte", 1.0) for h in p["holders"])
            f = min(n, max(1, math.ceil(total))) if ids else 0
            persons.update(ids)
        else:
            f = p["filled"]
        seats, filled, vacancies = seats + n, filled + f, vacancies + n - f
        open_posts += n > f
        fte += p.get("fte", n * 1.0)
        pay = p["salary"]  # every counting post has one; a band counts at its midpoint
        budget += n * ((pay["min"] + pay["max"]) / 2 if isinstance(pay, dict) else pay)
    return {
        "units": sum(1 for _ in walk(data["units"][0])),
        "depth": max(d for _, d in walk(data["units"][0])),
        "people": len(data["people"]),
        "employees": len(persons),
        "posts": len(posts),
        "counting_posts": len(counting),
        "seats": seats,
        "filled": filled,
        "vacancies": vacancies,
        "open_posts": open_posts,
        "fte": fte,
        "budget": budget,
    }


# -- writing YAML that reads naturally ---------------------------------------------------


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    # Plain when it reads back as the same text inside a flow mapping, else quoted.
    try:
        if text and text == text.strip() and yaml.safe_load(f"{{k: {text}}}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


WIDTH = 110  # display columns (a Chinese character takes two)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped(value: dict[str, Any], head: str) -> list[str] | None:
    """*value* as one flow mapping after *head*, continued on more lines when long; None
    when a line would still be too long."""
    items = [f"{k}: {flow(v)}" for k, v in value.items()]
    pad = " " * (width(head) + 1)
    lines, line = [], head + "{" + items[0]
    for item in items[1:]:
        if width(line) + width(item) + 3 > WIDTH:
            lines.append(line + ",")
            line = pad + item
        else:
            line += ", " + item
    lines.append(line + "}")
    return lines if all(width(x) <= WIDTH for x in lines) else None


def emit(
    value: Any,
    indent: str,
    lines: list[str],
    key: str | None = None,
    dash: bool = False,
    block: bool = False,
) -> None:
    """Write *value* (under *key*; as a list item when *dash*) in flow style, on one line
    or continued on a few, else as a block whose parts again flow when they fit."""
    head = indent + ("- " if dash else "") + (f"{key}: " if key is not None else "")
    text = flow(value)
    fits = width(head) + width(text) <= WIDTH and not block
    if isinstance(value, str) and not fits and key is not None:
        lines.append(head + ">-")  # long prose: folded, as in data/ecommerce.yaml
        pad = indent + ("    " if dash else "  ")
        lines.extend(pad + part for part in textwrap.wrap(value, WIDTH - width(pad)))
        return
    if not isinstance(value, (dict, list)) or not value or fits:
        lines.append(head + text)
        return
    # A mapping without lists of mappings (a post whose holders are ids, a person) stays
    # in flow style, continued on more lines; holders with assignments go in a block.
    nested = isinstance(value, list) or any(
        isinstance(v, list) and any(isinstance(x, dict) for x in v) for v in value.values()
    )
    folded = None if nested or block else wrapped(value, head)
    if folded:
        lines.extend(folded)
        return
    if key is not None:
        lines.append(head.rstrip())
        child = indent + ("    " if dash else "  ")
        if isinstance(value, dict):
            for k, v in value.items():
                emit(v, child, lines, key=k)
        else:
            for item in value:
                emit(item, child, lines, dash=True)
        return
    assert isinstance(value, dict), "no lists of lists here"
    for i, (k, v) in enumerate(value.items()):
        first = i == 0
        emit(v, indent if first or not dash else indent + "  ", lines, key=k, dash=dash and first)


def write_unit(u: dict[str, Any], indent: str, lines: list[str]) -> None:
    lines.append(f"{indent}- id: {scalar(u['id'])}")
    inner = indent + "  "
    for key in ("name", "type", "description", "head", "staff", "responsibilities", "attrs"):
        if key in u:
            emit(u[key], inner, lines, key=key)
    if "units" in u:
        lines.append(f"{inner}units:")
        for child in u["units"]:
            write_unit(child, inner + "  ", lines)


def header(c: dict[str, Any]) -> str:
    return f"""\
# 星辰科技 / Xingchen Technology: an invented sample organisation, people level.
#
# Invented: the company, its people, names, e-mails and pay are made up (names are common
# Chinese names, e-mails use the reserved .example domain). It shows the people-in-posts
# format: a mid-size maker of smart sensors and IoT modules, head office in Shanghai,
# hardware R&D, sales and the plant in Shenzhen, software R&D in Chengdu.
# Generated by scripts/make_xingchen.py: edit the tables there and rerun it.
#
# What it shows:
# - {c["units"]} units nested {c["depth"]} levels deep: a board whose posts do not count
#   (`counts: false`; five directors, two of them independent outsiders paid a yearly fee),
#   the CEO office with an executive assistant (`kind: assistant`), six departments and
#   their teams; explicit post ids on every head; grades E1, M1-M4, P2-P9; monthly salaries in CNY,
#   three of them bands (`{{min, max}}`) on posts being recruited.
# - Vacancies: posts with `holders: []` (legal counsel, a principal scientist, the South
#   China regional director, whose region still has staff: the one intended warning), and
#   posts with fewer holders than seats.
# - A job share (two payroll specialists at fte 0.5 in one seat), a part-time cashier
#   (`fte: 0.5`), an acting head (the head of Embedded Software also acts as head of Cloud
#   Platform: two posts, one person), a contractor (a `counts: false` post; the person has
#   `attrs: {{type: contractor}}`), an engineer on secondment from Mechanical Design to the
#   plant's NPI team, and the assembly operators: holders unknown (no `holders` key),
#   `filled: 22` of 24 seats.
# - {len(RESPONSIBILITIES)} responsibilities owned by units; {len(LINKS)} links (dotted and collaboration).
#
# Counts: {c["people"]} people declared ({c["employees"]} in posts that count, plus two
# independent directors and one contractor); {c["posts"]} posts ({c["counting_posts"]} that count);
# {c["seats"]} seats, {c["filled"]} filled, {c["vacancies"]} vacant in {c["open_posts"]} posts; \
planned FTE {c["fte"]:g};
# salary budget CNY {c["budget"]:,.0f} a month (seats x salary, bands at their midpoint).
# The 22 assembly operators are not named, so they are not among the people.
"""


def render() -> str:
    data = build()
    lines: list[str] = []
    for key in ("org", "lang", "currency", "salary_period", "attrs"):
        emit(data[key], "", lines, key=key)
    lines.append("")
    lines.append("people:")
    for person in data["people"]:
        emit(person, "  ", lines, dash=True)
    lines.append("")
    lines.append("units:")
    for u in data["units"]:
        write_unit(u, "  ", lines)
    lines.append("")
    lines.append("responsibilities:")
    for r in data["responsibilities"]:
        emit(r, "  ", lines, dash=True)
    lines.append("")
    lines.append("links:")
    for link in data["links"]:
        emit(link, "  ", lines, dash=True, block=True)  # links in blocks, as in data/ecommerce.yaml
    text = header(counts(data)) + "\n" + "\n".join(lines) + "\n"
    assert yaml.safe_load(text) == data, "the YAML writer lost something"
    return text


def people_csv(text: str) -> str:
    """The people-level export of the organisation *text* describes, as CSV text."""
    import warnings

    import orggraph as og

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # the vacant regional head
        org = og.loads(text, "yaml")
    csv = org.to_csv(rows="people")
    assert isinstance(csv, str)
    return csv


def main(argv: list[str]) -> int:
    text = render()
    files = {OUT: text, PEOPLE_CSV: people_csv(text)}
    if "--check" in argv:
        stale = [path for path, want in files.items() if path.read_bytes() != want.encode()]
        for path in stale:
            print(f"{path} is stale: run python scripts/make_xingchen.py", file=sys.stderr)
        return 1 if stale else 0
    for path, want in files.items():
        path.write_bytes(want.encode())  # bytes: the same line ends on every system
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
