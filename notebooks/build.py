"""Write the tutorial notebooks in this folder from the cell sources below.

The notebooks are kept in git without outputs; this script is their source of truth, so
that a change to a tutorial is reviewed as Python text and not as notebook JSON:

    .venv/bin/python notebooks/build.py            # (re)write every notebook
    .venv/bin/python notebooks/build.py --check    # exit 1 if a notebook is out of date

``tests/test_notebooks.py`` checks that running this script reproduces the committed
notebooks byte for byte, that they carry no outputs, and executes each one.

Each notebook is a list of cells: :func:`md` for Markdown, :func:`code` for Python. The
notebooks run from this folder (Jupyter's working directory is the notebook's folder), so
the repository's data files are ``../data/...``; everything they write goes to a
temporary directory, never into the repository.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

Cell = tuple[str, str]


def md(source: str) -> Cell:
    """A Markdown cell (the text is dedented and stripped)."""
    return ("markdown", textwrap.dedent(source).strip("\n"))


def code(source: str) -> Cell:
    """A code cell (the text is dedented and stripped)."""
    return ("code", textwrap.dedent(source).strip("\n"))


# -- 01 exploring the e-commerce organisation ---------------------------------------------

EXPLORE = [
    md("""
    # Exploring an organisation: 明星电商企业 (Mingxing E-commerce)

    This notebook is a first tour of **orggraph** for people who work with organisation
    charts: HR, finance and strategy analysts. You will

    1. load the organisation that ships with orggraph, a Chinese e-commerce company;
    2. walk its reporting lines: who reports to whom, how deep the hierarchy is;
    3. look up units, posts, responsibilities and collaborations;
    4. roll up headcount and salary budget, and see how orggraph treats *unknown* figures;
    5. draw the organisation chart in Chinese and in English, and bar charts of the figures.

    The company comes from a Chinese document, "电子商务企业(或部门)的基本组织架构" (*The
    basic organisation of an e-commerce company*): a staffing table plus prose on what each
    department does. Every unit has a Chinese name (the original) and an English one (a
    translation), so every result below can be shown in either language.
    """),
    md("""
    ## 1. Load the organisation

    `og.datasets.load("ecommerce")` returns the seed organisation as an `Org`. You can also
    load a file of your own with `og.load("path/to/org.yaml")` (the format is described in
    `docs/format.md`), or a CSV export of your HR system (see notebook 04).
    """),
    code("""
    import orggraph as og

    org = og.datasets.load("ecommerce")
    print(org)
    print("name in each language:", org.org_name)
    print("languages, default first:", org.lang)
    """),
    md("""
    The organisation has 44 units under one root. Its names are in Chinese (`zh`) and
    English (`en`); Chinese comes first in the file, so it is the default language. Every
    function that shows a name takes `lang=` to choose another.

    In a notebook, an `Org` shows itself as its organisation chart. Each box gives the
    unit's name, the title of the post that heads it, and the seats and monthly salary
    budget of the unit and everything under it:
    """),
    code("""
    org
    """),
    md("""
    The same chart in English: `org.chart(lang="en")` draws the chart that `render` draws
    with the same options, and the notebook shows it scaled to the cell, like `org`
    itself. (`render` writes files, see section 6.)
    """),
    code("""
    org.chart(lang="en")
    """),
    md("""
    ## 2. Walk the reporting lines

    Units are referred to by their **id**, a short stable code such as `customer_service`.
    Names change and exist in several languages; ids do not. `org.name(id, lang=...)` gives
    the name. A small helper shows both languages side by side:
    """),
    code("""
    def both(uid):
        \"\"\"The unit's Chinese and English names.\"\"\"
        return f"{org.name(uid, lang='zh')} / {org.name(uid, lang='en')}"


    print("root:", org.root, "=", both(org.root))
    print("the CEO's direct reports:")
    for uid in org.children(org.root):
        print("   ", uid, "=", both(uid))
    """),
    md("""
    `children` goes one level down, `parent` one level up. `chain` gives a unit and then
    every superior up to the top: the escalation path of a pre-sales agent.
    """),
    code("""
    print(org.parent("customer_service"))
    for uid in org.chain("cs_presales"):
        print(f"depth {org.depth(uid)}:", both(uid))
    """),
    md("""
    `descendants` lists everything under a unit, and `common_superior` finds the lowest
    unit two units both report to: the place where a conflict between them is settled.
    """),
    code("""
    print([org.name(u, lang="en") for u in org.descendants("marketing")])
    print(both(org.common_superior("cs_presales", "mkt_media")))
    print(both(org.common_superior("cs_presales", "tech_web_dev")))
    """),
    md("""
    `org.units()` lists every unit top-down, in chart order, so the whole hierarchy prints
    as an indented tree in a few lines. `org.units(unit_type="department")` keeps one unit type.
    """),
    code("""
    for uid in org.units():
        print("    " * org.depth(uid) + both(uid))
    """),
    code("""
    print("unit types:", org.types())
    print("departments:", [org.name(u, lang="en") for u in org.units(unit_type="department")])
    """),
    md("""
    ## 3. Look things up

    `org.unit(id)` is everything the file says about a unit: its type, the **head** post
    (title, seats, monthly salary), the **staff** posts, other names (aliases) and a
    description. It is read-only; to change an organisation see notebook 02.
    """),
    code("""
    unit = org.unit("customer_service")
    print(unit["type"], "|", unit["head"]["title"], "|", unit["head"]["salary"], "a month")
    print("also called:", unit["aliases"])
    print(unit["description"]["en"])
    """),
    md("""
    Staff posts say how many **seats** (planned positions) they have, the monthly salary
    of each, and how the pay works (here `commission`, 提成). A unit may have several posts;
    the pre-sales team has one:
    """),
    code("""
    for post in org.unit("cs_presales")["staff"]:
        title = f"{post['title']['zh']} / {post['title']['en']}"
        print(f"{title} | seats: {post['seats']} | salary: {post['salary']} | pay: {post['pay']}")
    """),
    md("""
    `find` searches names, aliases and post titles, in every language and ignoring case,
    so a Chinese or an English word finds the same units:
    """),
    code("""
    print(org.find("客服"))
    print(org.find("delivery"))
    print(org.find("总监"))  # units headed by a director (总监)
    """),
    md("""
    ### Responsibilities

    The seed's prose lists what each department is responsible for. `responsibilities(id)`
    gives a unit's responsibility ids; `org.name` works on them too. `responsible_for`
    answers the reverse question, by id or by any part of the name, in either language:
    """),
    code("""
    for rid in org.responsibilities("customer_service"):
        print(f"{rid:28} {org.name(rid, lang='zh')} / {org.name(rid, lang='en')}")
    """),
    code("""
    print(org.responsible_for("购物流程"))
    print(org.responsible_for("shopping flow"))
    print([both(u) for u in org.responsible_for("conversion rate")])
    """),
    md("""
    ### Collaboration and dotted lines

    Besides the reporting lines, the file records who works with whom. `collaborators`
    gives each partner of a unit, what the collaboration is, and its direction (`out`: the
    unit does something for the partner, `in`: the other way round, `both`: mutual).
    `dotted` lists dotted-line (matrix) managers and reports; the seed has none.
    """),
    code("""
    for c in org.collaborators("web_operations", lang="en"):
        print(f"{c.direction:4} {org.name(c.unit, lang='en'):25} {c.relation}")
    print(org.dotted("web_operations"))
    """),
    md("""
    ### A part of the organisation

    `subtree(id)` cuts out a unit with everything under it as an organisation of its own,
    with its responsibilities and the links among its units. Every query, rollup and chart
    works on it:
    """),
    code("""
    mkt = org.subtree("marketing")
    print(mkt, "root:", mkt.root)
    mkt
    """),
    md("""
    ## 4. Headcount and budget

    `headcount(id)` adds up the planned seats of a unit and everything under it (the head
    posts included); `budget(id)` adds up the monthly salaries (seats x salary). Without an
    id they cover the whole organisation.

    Staffing tables have gaps. orggraph **never counts an unknown figure as zero**: a
    rollup is the sum of what is known, plus the list of units whose figure is missing.
    Printed, it reads "at least ...":
    """),
    code("""
    total = org.headcount()
    print(repr(total))
    print("headcount:", total)
    print("known seats:", total.value, "| complete:", total.complete)
    print("monthly budget of the COO's side:", org.budget("coo"))
    print("monthly budget of customer service:", org.budget("customer_service"))
    """),
    md("""
    Which figures are missing? For each unit in `total.unknown`, the posts whose number of
    seats the source leaves blank:
    """),
    code("""
    for uid in total.unknown:
        unit = org.unit(uid)
        posts = [unit["head"], *unit["staff"]] if unit["head"] else unit["staff"]
        gaps = [p["title"]["en"] for p in posts if p["seats"] is None]
        print(f"{both(uid):45} seats unknown: {', '.join(gaps)}")
    """),
    md("""
    The staffing table has empty cells for the technology groups and HR's executives, and
    the prose mentions customer service's trainers, auditors and supervisors without saying
    how many there are. The rollup counts the 50 seats it knows and names the 7 units it
    could not count, so nobody mistakes "at least 50" for "50".

    ### Every unit at once

    `rollup_table()` computes the rollups of every unit in one pass (fast even for big
    organisations, see notebook 04). `.rows(lang=...)` gives one plain dict per unit, ready
    for pandas: the known value, and in `*_unknown` how many units below miss a figure.
    """),
    code("""
    import pandas as pd

    table = org.rollup_table(["seats", "budget"])
    df = pd.DataFrame(table.rows(lang="en"))
    df[df["depth"] <= 2]
    """),
    code("""
    print(table["marketing"])
    print(table.value("coo", "budget"), table.unknown_count("coo", "budget"))
    """),
    md("""
    ## 5. Bar charts of the figures

    `orggraph.render.plots` draws the rollups with matplotlib. Each function returns the
    figure, which the notebook displays; save it with `fig.savefig(...)`. A bar whose
    rollup lacks some figures is hatched and labelled `≥`. Chart text follows `lang`:
    """),
    code("""
    from orggraph.render import plots

    plots.headcount_by_unit(org, root="coo", lang="en")
    """),
    code("""
    plots.budget_by_unit(org, lang="zh")
    """),
    md("""
    `level=2` goes two levels down. `span_of_control` counts managers by their number of
    direct reports, and `responsibilities_per_unit` how many duties each unit owns
    (notebook 03 goes further with both):
    """),
    code("""
    plots.headcount_by_unit(org, level=2, root="coo", sort="chart", lang="en")
    """),
    code("""
    plots.responsibilities_per_unit(org, top=12, lang="zh")
    """),
    md("""
    ## 6. Organisation charts: parts, options and files

    `render` takes the same options whatever it writes, and `chart` takes them too:

    - `lang`: the language of the names;
    - `root` and `depth`: draw a part; units deeper than `depth` levels below `root` are
      folded into their superior's box ("+3 units");
    - `responsibilities=True`: list each unit's duties in its box;
    - `links`: which extra links to draw (collaboration, dotted lines), `links=()` for none;
    - `engine`: `"graphviz"` (the `dot` program), `"tidy"` (built in, for very big charts)
      or `"auto"` (the default: Graphviz for charts of up to 300 boxes when `dot` is
      installed, tidy otherwise).

    The COO's side, one level down, in English:
    """),
    code("""
    org.chart(lang="en", root="coo", depth=1)
    """),
    md("""
    Customer service with its responsibilities, in Chinese:
    """),
    code("""
    org.chart(lang="zh", root="customer_service", responsibilities=True)
    """),
    md("""
    To share a chart, give `render` a file name; the suffix picks the format (`.svg`,
    `.png`, `.pdf`, `.dot`). Here the files go to a temporary folder:
    """),
    code("""
    import tempfile
    from pathlib import Path

    out = Path(tempfile.mkdtemp())
    files = [
        org.render(out / "ecommerce-zh.svg", lang="zh"),
        org.render(out / "ecommerce-en.png", lang="en"),
        org.render(out / "marketing-en.png", lang="en", root="marketing", engine="tidy"),
    ]
    fig = plots.headcount_by_unit(org, lang="en")
    fig.savefig(out / "headcount.png", dpi=150)
    for path in [*files, out / "headcount.png"]:
        print(f"{path.name:22} {path.stat().st_size:>9,} bytes")
    """),
    md("""
    For a wiki or a README, `orggraph.render.mermaid.to_mermaid` writes the chart as a Mermaid
    diagram, which GitHub and GitLab draw from plain text:
    """),
    code("""
    from orggraph.render import mermaid

    print(mermaid.to_mermaid(org, lang="en", root="customer_service", figures=False))
    """),
    md("""
    ## Next

    - **02-split-scenario**: change the organisation (split a department) and see the
      difference in figures and on the chart.
    - **03-analytics**: spans of control and layers, the responsibility matrix, and the
      collaboration network.
    - **04-large-organisation**: 20,000 units from a CSV file, in seconds.

    The same queries exist on the command line: `orggraph show`, `orggraph stats` and
    `orggraph render` (see the README).
    """),
]


# -- 02 the split scenario ----------------------------------------------------------------

SPLIT = [
    md("""
    # A reorganisation: splitting procurement and logistics

    The seed document says of the company's procurement and logistics department
    (采购及物流部):

    > 采购和物流其实是可以分开的,在规模到达一定程度以后,会裂变成采购部和仓储物流部两个部门。
    >
    > Procurement and logistics can in fact be separated: once the business reaches a
    > certain size, the department splits into a Procurement Department (采购部) and a
    > Warehousing and Logistics Department (仓储物流部).

    This notebook plans that split the way an HR or organisation-design team would:

    1. look at the department as it is today;
    2. write the change down as a **scenario** file, effective on a day (2027-01-01), and
       apply it: the result is **one dated organisation**, the old structure until
       2026-12-31 and the new one from 2027-01-01;
    3. see **what changed** between the two days, unit by unit, and the **impact** on
       headcount and budget;
    4. draw the **difference chart**;
    5. try variants in Python, let orggraph catch mistakes, and save the result.

    Every reorganisation function returns a **new** organisation and leaves the one it was
    given untouched, so the old and new versions can always be compared.
    """),
    code("""
    import tempfile
    from pathlib import Path

    import pandas as pd

    import orggraph as og
    from orggraph.ops import reorg

    DATA = Path("..") / "data"  # this notebook runs from notebooks/; the data is in data/
    seed = og.datasets.load("ecommerce")
    print(seed)
    """),
    md("""
    ## 1. The department today

    Procurement and logistics (采购及物流部) is headed by the Warehouse Director (仓库总监)
    and has four groups. Its figures, responsibilities and collaborations:
    """),
    code("""
    dept = "procurement_logistics"
    print(seed.name(dept, lang="zh"), "/", seed.name(dept, lang="en"))
    print("headcount:", seed.headcount(dept), "| monthly budget:", seed.budget(dept))
    print("groups:", [seed.name(u, lang="en") for u in seed.children(dept)])
    print("responsibilities:")
    for rid in seed.responsibilities(dept):
        print("   ", seed.name(rid, lang="zh"), "/", seed.name(rid, lang="en"))
    print("collaborations:")
    for c in seed.collaborators(dept, lang="en"):
        print("   ", c.direction, seed.name(c.unit, lang="en"), ":", c.relation)
    """),
    code("""
    seed.chart(root=dept, lang="zh")
    """),
    md("""
    ## 2. The scenario

    A **scenario** is a YAML file with a list of `operations`; each names its `op` (`move`,
    `rename`, `add_unit`, `remove_unit`, `set_staff`, `split`, `merge`) and its arguments.
    Being a file, it can be reviewed, versioned and applied again. This one holds a single
    `split`:

    - `into` describes the two new departments, as in the organisation file format: ids,
      names in both languages, type, description, and for procurement a new head post
      (采购总监, Procurement Director) whose salary the seed does not give;
    - `assign` shares out what the old department had: its groups (`children`), its
      posts (`staff`, here the old head goes to warehousing and logistics), its
      `responsibilities` and its collaboration `links` (technology builds both new
      departments' systems, so both keep that link).

    The file starts with comments explaining these readings; here is its content:
    """),
    code("""
    scenario = DATA / "ecommerce-split.scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    start = text.index("name:")  # after the comments at the top
    print(text[start:])
    """),
    md("""
    `reorg.apply_scenario` applies the operations in order. orggraph checks every one
    against the organisation first: every group, post and link of the old department must
    go somewhere, or the split is refused with a message saying what is left (see
    section 5).

    The scenario says `effective: 2027-01-01`: the split is planned for that day. So the
    result does not replace the present: it is **one dated organisation** that is the seed
    until 2026-12-31 and the split organisation from 2027-01-01 (units closed and opened,
    groups moved, links ended and started on that day). It also ships with orggraph, as the
    dataset `"ecommerce-split"`.

    A dated organisation answers an undated question as of *today*; so we always name the
    day we ask about, with `split.as_of(day)`:
    """),
    code("""
    split = reorg.apply_scenario(seed, scenario)
    print(split, "| changes on:", [str(day) for day in split.dates()])
    print("as shipped:", split.to_dict() == og.datasets.load("ecommerce-split").to_dict())
    before, after = split.as_of("2026-12-31"), split.as_of("2027-01-01")
    print("2026-12-31 is the seed:", before == seed)
    print("the old department on 2026-12-31:", dept in before, "| on 2027-01-01:", dept in after)
    for uid in after.children("coo"):
        print("   ", after.name(uid, lang="zh"), "/", after.name(uid, lang="en"))
    """),
    md("""
    The new organisation carries a **change log**: what changed, from which units, into
    which, with the note of the scenario. It is written to the file when the organisation
    is saved, so the history travels with it.
    """),
    code("""
    change = after.changes[-1]
    print(change)
    print(change.note["zh"])
    print(change.note["en"])
    print("groups given to each new department:", change.details["children"])
    """),
    md("""
    The COO's side on each day, in English (`links=()` leaves out the collaboration
    links, which would cover these small charts; section 4 shows them). On 2026-12-31:
    """),
    code("""
    before.chart(root="coo", depth=1, links=(), lang="en")
    """),
    md("""
    and on 2027-01-01, the day the split takes effect:
    """),
    code("""
    after.chart(root="coo", depth=1, links=(), lang="en")
    """),
    md("""
    The **timeline** lists the dated changes themselves:
    """),
    code("""
    for event in split.timeline():
        if event.kind in ("created", "closed", "moved"):
            print(event)
    """),
    md("""
    ## 3. What changed, and what it costs

    `og.diff(a, b)` compares two organisations unit by unit (matched by id), whatever
    produced them: two versions of an HR export work as well as a scenario. For two days of
    one dated organisation, `split.changes_between(day1, day2)` is
    `og.diff(split.as_of(day1), split.as_of(day2))`. Across the day of the split:
    """),
    code("""
    d = split.changes_between("2026-12-31", "2027-01-01")
    print("the same as og.diff(seed, after):", d.to_rows() == og.diff(seed, after).to_rows())
    d
    """),
    md("""
    `to_rows` gives one row per difference, in either language, ready for a table: units
    added, removed and moved, responsibilities whose owners changed, links re-pointed.
    """),
    code("""
    pd.DataFrame(d.to_rows(lang="zh"))
    """),
    code("""
    for moved in d.of("moved"):
        print(after.name(moved.id, lang="en"), ":", moved.old, "->", moved.new)
    """),
    md("""
    The **impact** gives the headcount (seats) and monthly budget of the top-level units
    before and after. Unknown stays unknown: the new Procurement Director adds a seat, but
    the seed gives no salary, so the budget change is "+0 and something unknown", and
    `budget_unknown` names the unit responsible.
    """),
    code("""
    impact = pd.DataFrame(d.impact_rows(lang="en")).set_index("id")
    impact.drop(columns="seats_unknown")
    """),
    code("""
    from orggraph.ops.diff import format_delta

    coo = next(i for i in d.impact if i.id == "coo")
    h, b = coo.headcount, coo.budget
    print(f"COO headcount: {h.before} -> {h.after} | change {format_delta(h.delta)}")
    print(f"COO budget:    {b.before} -> {b.after} | change {format_delta(b.delta)} {b.delta.unknown}")
    """),
    md("""
    ## 4. The difference chart

    `d.chart(...)` shows (and `d.render(path, ...)` writes) the new organisation with the
    changes marked: added units green, the removed one grey and dashed where it was, moved
    units blue with their old parent, changed ones amber. Boxes whose figures changed show
    the old ones ("before: ..."). `root=` draws one part, and `caption=` replaces the line
    under the title (by default the two organisations' file names and the counts). (This
    chart needs the Graphviz `dot` program.)
    """),
    code("""
    plan = reorg.load_scenario(scenario)["name"]  # the scenario's name, in both languages
    print(plan)
    d.chart(root="coo", lang="en", caption=f"{plan['en']}: {d.summary()}")
    """),
    md("""
    In Chinese, without the collaboration links:
    """),
    code("""
    d.chart(root="coo", lang="zh", links=(), caption=plan["zh"])
    """),
    md("""
    ## 5. Variants in Python

    Scenarios are convenient for the agreed plan; for trying ideas, the same operations
    are Python functions in `orggraph.ops.reorg`. Each returns a new organisation, so variants
    are cheap. Applied to `after.without_history()` (the organisation of 2027-01-01 alone)
    without a date, they give variants of that day (on a dated organisation itself an
    undated operation warns that it drops the other days); with `effective=` they add
    dated changes to `split` itself.

    The finance team proposes a salary for the new director (8,000 a month, as the
    warehouse director earns): `set_staff` replaces the head post.
    """),
    code("""
    costed = reorg.set_staff(
        after.without_history(),
        "procurement",
        head={"title": {"zh": "采购总监", "en": "Procurement Director"}, "salary": 8000},
        note="salary proposed by finance",
    )
    coo = next(i for i in og.diff(seed, costed).impact if i.id == "coo")
    print("COO budget change:", format_delta(coo.budget.delta))
    seats, budget = costed.headcount("procurement"), costed.budget("procurement")
    print(f"procurement: {seats} seats, {budget} a month")
    """),
    md("""
    Now the cost of the split is known exactly: 8,000 a month for one more seat. The same
    proposal as a dated change of the plan: the day before stays the seed, and from the
    split on the director has a salary.
    """),
    code("""
    planned = reorg.set_staff(
        split,
        "procurement",
        head={"title": {"zh": "采购总监", "en": "Procurement Director"}, "salary": 8000},
        effective="2027-01-01",
    )
    for day in ("2026-12-31", "2027-01-01"):
        print(day, "| COO monthly budget:", planned.as_of(day).budget("coo"))
    """),
    md("""
    A variant: should order processing (订单处理) go to procurement instead? `move` it and
    compare the two plans with `diff`:
    """),
    code("""
    variant = reorg.move(costed, "pl_order_processing", "procurement", note="orders with purchasing?")
    for row in og.diff(costed, variant).to_rows(lang="en"):
        print(row["change"], row["name"], ":", row["before"], "->", row["after"])
    for uid in ("procurement", "warehousing_logistics"):
        was, now = costed.headcount(uid), variant.headcount(uid)
        print(f"{variant.name(uid, lang='en'):26} {was} -> {now} seats")
    print([str(c) for c in variant.changes])
    """),
    md("""
    ### Mistakes are caught, with the ids and the choices

    An operation that would lose something or break the tree is refused, and the message
    says what is wrong and what would be valid. All these errors are `og.OrgError`s:
    """),
    code("""
    attempts = {
        "split forgetting three groups": lambda: reorg.split(
            seed,
            dept,
            into=["procurement", "warehousing_logistics"],
            assign={"procurement": {"children": ["pl_purchasing"]}},
        ),
        "a typo in an id": lambda: reorg.move(after, "pl_order_procesing", "procurement"),
        "a unit under its own subordinate": lambda: reorg.move(after, "coo", "pl_delivery"),
    }
    for what, attempt in attempts.items():
        try:
            attempt()
        except og.OrgError as err:
            print(f"{what}:\\n    {type(err).__name__}: {err}\\n")
    """),
    md("""
    ### The diff as a check

    Writing the split by hand, it is easy to forget a part of `assign`. This version lists
    the groups, posts and links but not the warehouse responsibilities. It is accepted
    (a responsibility listed nowhere is copied to every new unit), and comparing it with
    the reviewed scenario shows the consequence at once:
    """),
    code("""
    by_hand = reorg.split(
        seed,
        dept,
        into=[
            {
                "id": "procurement",
                "name": {"zh": "采购部", "en": "Procurement"},
                "type": "department",
                "head": {"title": {"zh": "采购总监", "en": "Procurement Director"}},
            },
            {
                "id": "warehousing_logistics",
                "name": {"zh": "仓储物流部", "en": "Warehousing and Logistics"},
                "type": "department",
            },
        ],
        assign={
            "procurement": {
                "children": ["pl_purchasing"],
                "responsibilities": ["tender_and_purchase"],
                "links": ["web_operations", "technology"],
            },
            "warehousing_logistics": {
                "children": ["pl_warehousing", "pl_order_processing", "pl_delivery"],
                "staff": ["head"],
                "links": ["technology"],
            },
        },
    )
    check = og.diff(by_hand, after)
    print(check)
    for row in check.to_rows(lang="en"):
        print(f"{row['change']:14} {row['name'][:40]:40} {row['before']}  ->  {row['after']}")
    """),
    md("""
    In the hand-written version procurement would also own the eight warehousing and
    delivery duties ("before" is the hand-written version, "after" the scenario), and the
    descriptions and the alias 仓库部 are missing. The scenario file gets this right.

    ## 6. Save the new organisation

    `dump` writes YAML (or JSON), change log included; `og.load` reads it back. Here into
    a temporary folder:
    """),
    code("""
    out = Path(tempfile.mkdtemp())
    path = costed.dump(out / "ecommerce-split-costed.yaml")
    again = og.load(path)
    print(path.name, "| same organisation:", again == costed)
    for c in again.changes:
        print("   ", c)
    """),
    md("""
    The same from a shell:

    ```
    orggraph apply data/ecommerce.yaml data/ecommerce-split.scenario.yaml -o split.yaml
    orggraph diff data/ecommerce.yaml split.yaml --as-of 2027-01-01 --lang en --chart diff-en.svg
    ```

    (`--effective DATE` on `orggraph apply` gives the day when the scenario does not, or
    overrides it.)

    `docs/reorganisation.md` describes every operation and its options.
    """),
]


# -- 03 analytics ---------------------------------------------------------------------------

ANALYTICS = [
    md("""
    # Analytics: spans and layers, responsibilities, collaboration

    An organisation review asks three kinds of question:

    - **Shape**: how wide is each manager's span of control, how many layers are there, and
      where does the headcount sit?
    - **Responsibilities**: who owns which duty; which duties are shared, which are owned by
      nobody, which units own none?
    - **Collaboration**: who actually works with whom; do the working communities match
      the formal departments; are there silos?

    `orggraph.ops.analysis` answers each with one function. This notebook runs them on the
    seed company, 明星电商企业 (Mingxing E-commerce), and says what the answers mean.
    """),
    code("""
    import orggraph as og
    from orggraph.ops import analysis as an

    org = og.datasets.load("ecommerce")
    org
    """),
    md("""
    ## Results are rows

    Every analysis returns `Rows`: a list of plain dicts, one per row, with the same keys
    (listed in `.columns`). Printed, it is an aligned table; `.select(...)` keeps some
    columns; `.to_dataframe()` hands it to pandas; `.plot()` draws its chart. Names come in
    the language you ask for with `lang=`.

    ## 1. Spans of control

    A **manager** here is a unit with at least one unit reporting to it, and its **span of
    control** is the number of those direct reports. Layers count from the top: the CEO
    office is layer 1. `band` is the span band used by organisation-design tools such as
    OrgVue (1, 2-3, 4-7, 8-12, 13-16, 17+).
    """),
    code("""
    spans = an.spans(org, lang="en")
    print(spans)
    """),
    code("""
    spans.to_dataframe().groupby("layer")["span"].describe()
    """),
    md("""
    `span_bands` counts the managers in each band, and `outside_band` lists those outside a
    target band (4-7 by default), each marked `below` (too narrow) or `above` (too wide):
    """),
    code("""
    print(an.span_bands(org))
    print()
    print(an.outside_band(org, lang="zh").select("name", "layer", "span", "side"))
    """),
    md("""
    Twelve of the fifteen managers are below the usual 4-7 target and none above it: the
    company is narrow and deep for its size, with many managers of two or three units each.
    That is typical of a young company that has named a group for every activity; a review
    would ask which of these groups need a manager of their own.

    The chart shades the target band and colours the bars outside it:
    """),
    code("""
    an.span_bands(org).plot(lang="en")
    """),
    md("""
    ## 2. Layers: the pyramid

    `layers` counts per layer the units, the managers and the planned seats of the layer's
    own posts. Unknown is not zero: `headcount_unknown` counts the layer's units whose seat
    count is missing, so read `headcount` as "at least" there (the chart hatches them).
    """),
    code("""
    layers = an.layers(org)
    print(layers)
    """),
    code("""
    layers.plot(lang="zh")
    """),
    md("""
    Five layers for about 50 seats; most seats are in layers 4 and 5, the groups and teams
    that do the work. The missing seat counts (technology's groups, HR's executives and
    customer service's groups) sit in layers 3 and 4.

    ## 3. Who owns which responsibility

    `responsibility_matrix` is the classic units x responsibilities table: one row per unit,
    one true/false column per responsibility. As a DataFrame it is easy to slice:
    """),
    code("""
    matrix = an.responsibility_matrix(org, lang="en").to_dataframe().set_index("unit")
    duties = matrix.drop(columns="name")
    print(duties.shape, "units x responsibilities")
    print(duties.sum(axis=1).sort_values(ascending=False).head(8))
    """),
    md("""
    Three questions come straight out of the matrix. Which responsibilities are
    **shared**? `across=True` keeps only those shared by different departments (a department
    sharing a duty with one of its own groups is normal delegation):
    """),
    code("""
    print(an.shared_responsibilities(org, lang="en").select("name", "owners", "units"))
    print()
    print(an.shared_responsibilities(org, across=True, lang="zh").select("name", "departments"))
    """),
    md("""
    Which responsibilities does **nobody** own, and which units own **none**?
    """),
    code("""
    print(len(an.unowned_responsibilities(org)), "responsibilities have no owner")
    idle = an.units_without_responsibilities(org, lang="en")
    print(len(idle), "units own no responsibility")
    print(idle.select("name", "layer", "type"))
    """),
    md("""
    Every duty has an owner. Only three are shared across departments: customer service
    and marketing both raise the order conversion rate; website operations and marketing
    both optimise the shopping flow and the shopping experience. Those are the places to
    agree who leads. The units without responsibilities are mostly teams whose work the
    source describes only at department level, plus the CEO and COO offices, HR and
    finance, for which it describes none.

    The heatmap shows the matrix; `top=` keeps the responsibilities with most owners and
    `only="across"` those shared across departments. Marks are coloured by department:
    """),
    code("""
    an.responsibility_matrix(org).plot(lang="en", top=20)
    """),
    code("""
    an.shared_responsibilities(org, across=True).plot(lang="zh")
    """),
    md("""
    ## 4. The collaboration network

    The file records 10 collaboration links ("media promotion must combine marketing
    analysis", and so on). `collaboration` turns them into a network and gives each unit:

    - its **department** (by default the units of type `department`; `level=` chooses
      another type or a depth);
    - its **degree** (number of partners) and **links**;
    - its **betweenness**: the share of shortest paths between other units that pass
      through it. High betweenness marks a broker, a unit that holds others together;
    - its **community** (Louvain modularity, with a fixed `seed` so the result repeats).
    """),
    code("""
    print(an.departments(org))
    brokers = an.collaboration(org, lang="en")
    print(brokers.select("name", "department", "degree", "betweenness", "community"))
    """),
    md("""
    Technology is the main broker: it builds the systems of procurement, customer service
    and marketing. Together with procurement and logistics, website operations and media
    cooperation it holds the business departments together: if one of these four units is
    overloaded, collaboration across the company slows down.

    Do the communities match the formal departments? `purity` is the share of a
    community's units in its largest department (1: the community is one department's own):
    """),
    code("""
    communities = an.communities_vs_departments(org, lang="en")
    print(communities.select("community", "units", "main_name", "purity"))
    """),
    md("""
    Only customer service's groups form a community of their own; the other communities
    cut across departments, which is what the links were for. **Silos** are departments none
    of whose units work with anyone outside the department:
    """),
    code("""
    print(an.silos(org, lang="zh"))
    """),
    md("""
    The network chart puts it together: units coloured by department and sized by
    betweenness, communities shaded, silos named in the title.
    """),
    code("""
    an.collaboration(org).plot(lang="zh")
    """),
    md("""
    ## 5. Going further with networkx

    The analyses are built on networkx, and so is the organisation: `org.tree` is the
    reporting tree as a `networkx.DiGraph` and `an.collaboration_graph(org)` the
    collaboration network as a weighted `networkx.Graph`. Any networkx algorithm runs on
    them, for example the shortest chain of collaborations between two units:
    """),
    code("""
    import networkx as nx

    net = an.collaboration_graph(org)
    path = nx.shortest_path(net, "customer_service", "mkt_analysis")
    print(" -> ".join(org.name(u, lang="en") for u in path))
    print("separate groups of collaborating units:", nx.number_connected_components(net))
    print("longest reporting chain:", nx.dag_longest_path_length(org.tree), "steps")
    """),
    md("""
    A request from customer service to marketing analysis passes through four other
    units. And customer service's three groups form a second, separate network: they work
    closely with each other and with nobody else; only the reporting line through their
    department connects them to the rest of the company.
    """),
    md("""
    The same analyses run from the shell: `orggraph analyse data/ecommerce.yaml --what
    spans` (or `bands`, `layers`, `responsibilities`, `collaboration`, `silos`), with
    `--format csv` or `json` and `--plot chart.png`. `docs/analysis.md` describes every
    column.
    """),
]


# -- 04 a large synthetic organisation ------------------------------------------------------

LARGE = [
    md("""
    # A large organisation: 20,000 units from a CSV file

    Real HR data is big: a national retailer or a bank has tens of thousands of units. This
    notebook shows that orggraph's everyday operations stay fast at that size:

    1. generate a synthetic organisation of 20,000 units and write it as a CSV file, the
       way an HR system exports one (one row per unit, an id and a parent column);
    2. read the CSV back, timing the import;
    3. roll up seats, budget and a custom measure (FTE) for every unit at once;
    4. draw the whole chart with the built-in **tidy** engine, and a readable zoom on one
       division.

    Timings are printed as the notebook runs; on a small laptop the whole notebook takes
    well under a minute.
    """),
    code("""
    import tempfile
    import time
    from pathlib import Path

    import pandas as pd

    from orggraph import datasets
    from orggraph.io import tables as tabular
    from orggraph.io import tables_out
    from orggraph.ops import analysis as an

    out = Path(tempfile.mkdtemp())  # every file of this notebook goes here
    timings = {}
    """),
    md("""
    ## 1. A synthetic organisation, written as CSV

    `synthetic(n, seed=...)` builds a plausible organisation of `n` units: a company,
    divisions, departments, groups and teams, with spans mostly between 3 and 12 and some
    flat groups of 20-40, head posts with salaries, staff with seats, a few figures left
    unknown on purpose, some dotted lines, and an `fte` (full-time equivalents) figure per
    unit. The same seed always gives the same organisation. Names are in English and
    Chinese.
    """),
    code("""
    start = time.perf_counter()
    generated = datasets.synthetic(20_000, seed=0)
    timings["generate"] = time.perf_counter() - start
    print(generated, f"generated in {timings['generate']:.2f} s")
    """),
    md("""
    `tables_out.to_csv` writes the canonical columns: `id`, `parent`, names per language
    (`name_en`, `name_zh`), `type`, the head post, one staff post, dotted-line managers, and
    every numeric attribute as an `attrs.<key>` column (here `attrs.fte`). A blank cell
    means "unknown".
    """),
    code("""
    csv_path = tables_out.to_csv(generated, out / "synthetic-20000.csv")
    print(f"{csv_path.name}: {csv_path.stat().st_size / 1e6:.1f} MB")
    with open(csv_path, encoding="utf-8") as fh:
        for _ in range(4):
            print(fh.readline().rstrip())
    """),
    md("""
    ## 2. Import the CSV

    `tabular.from_csv` reads the file in one streaming pass and validates it as it goes
    (unknown parents, cycles, duplicate ids and bad numbers are reported with their line
    numbers). `attrs.<key>` columns are figures to roll up; `measures=["fte"]` names
    others (an `fte` column, or here `attrs.fte`); any other column is ignored. Exports
    with other column names (`Reports_To`, `Supervisor ID`, ...) are mapped with keyword
    arguments, see `docs/tables.md`.
    """),
    code("""
    start = time.perf_counter()
    big = tabular.from_csv(csv_path, measures=["fte"])
    timings["load CSV"] = time.perf_counter() - start
    print(f"loaded {len(big):,} units in {timings['load CSV']:.2f} s")
    print("same organisation as generated:", big == generated)
    """),
    md("""
    Every query of notebook 01 works the same on 20,000 units. The root, its divisions, and
    one unit deep down:
    """),
    code("""
    print(big.root, big.name(big.root, lang="zh"), "/", big.name(big.root, lang="en"))
    print(len(big.children(big.root)), "divisions, for example:")
    for uid in big.children(big.root)[:3]:
        print("   ", uid, big.name(uid, lang="zh"), "/", big.name(uid, lang="en"))
    deepest = max(big.units(), key=big.depth)
    print("a deepest unit:", big.name(deepest, lang="en"), "at depth", big.depth(deepest))
    print(" <- ".join(big.chain(deepest)))
    """),
    md("""
    The top of the chart: the company and its divisions (`depth=1`). Each division's box
    sums up everything under it and says how many units it hides. The synthetic company
    has about a hundred dotted (matrix) lines between units deep down; drawn between the
    boxes that hide them they would hide the chart, so `links=()` leaves them out.
    (Displaying `big` itself would draw as many top levels as fit in 150 boxes.)
    """),
    code("""
    big.chart(depth=1, links=(), lang="en")
    """),
    md("""
    ## 3. Rollups for every unit at once

    `org.headcount(id)` walks the units under `id` each time it is called; for a report on
    every unit, `rollup_table` computes all the rollups in one pass over the tree. Here
    seats, monthly budget and FTE for all 20,000 units:
    """),
    code("""
    start = time.perf_counter()
    table = big.rollup_table(["seats", "budget", "fte"])
    timings["rollup table"] = time.perf_counter() - start
    print(f"rolled up {len(table):,} units x 3 measures in {timings['rollup table']:.2f} s")
    for measure, rollup in table[big.root].items():
        print(f"  {measure:7} {rollup}")
    """),
    md("""
    As with the seed, unknown figures are never zero: the totals read "at least", and count
    the units whose figure is missing. Into pandas for the usual reporting, here the
    divisions by budget:
    """),
    code("""
    start = time.perf_counter()
    df = pd.DataFrame(table.rows(lang="en"))
    timings["rows to DataFrame"] = time.perf_counter() - start
    divisions = df[df["depth"] == 1].sort_values("budget", ascending=False)
    divisions[["id", "name", "seats", "seats_unknown", "budget", "fte"]].head(8)
    """),
    md("""
    `headcount_by_unit` charts any measure, here FTE by division. The chart is an ordinary
    matplotlib figure: a custom measure has no built-in caption, so set one yourself.
    """),
    code("""
    from orggraph.render import plots

    fig = plots.headcount_by_unit(big, measure="fte", lang="zh")
    fig.axes[0].set_title("各事业部全职当量（FTE）")
    fig.axes[0].set_xlabel("全职当量（FTE）")
    fig
    """),
    md("""
    The analyses of notebook 03 run at this size too. The synthetic generator makes mostly
    spans of 3-12, with some very flat groups:
    """),
    code("""
    start = time.perf_counter()
    bands = an.span_bands(big)
    timings["span bands"] = time.perf_counter() - start
    print(bands)
    print(an.layers(big))
    """),
    code("""
    bands.plot(lang="en")
    """),
    md("""
    ## 4. Charts of 20,000 boxes

    Graphviz, the default engine for small charts, lays out a chart in more than linear
    time: fine for a few hundred boxes, slow for thousands. The **tidy** engine is built
    into orggraph and runs in linear time: it places the boxes with a tidy-tree layout and
    stacks long rows of leaf teams in columns. Compare them on 2,000 units:
    """),
    code("""
    from orggraph.render.graphviz import find_dot

    sample = datasets.synthetic(2_000, seed=0)
    for engine in ("graphviz", "tidy"):
        if engine == "graphviz" and find_dot() is None:
            print("graphviz: the dot program is not installed")
            continue
        start = time.perf_counter()
        sample.render(format="svg", engine=engine)
        print(f"{engine:8} {time.perf_counter() - start:.2f} s for {len(sample):,} units")
    """),
    md("""
    With `engine="auto"` (the default) orggraph switches to tidy by itself above 300
    boxes. The whole chart of 20,000 units, as SVG in the temporary folder (open it in a
    browser and zoom):
    """),
    code("""
    start = time.perf_counter()
    chart = big.render(out / "synthetic-20000.svg", engine="tidy", lang="en")
    timings["tidy chart (SVG)"] = time.perf_counter() - start
    print(f"{chart.name}: {chart.stat().st_size / 1e6:.1f} MB in {timings['tidy chart (SVG)']:.2f} s")
    """),
    md("""
    Ten megabytes of SVG is too much for a notebook. To look at one part, draw a sub-chart
    with `root=` and `depth=`: here the division with the largest budget, two levels down,
    in Chinese. Groups with many teams are stacked in columns; the boxes cut off by
    `depth` say how many units they hide (另有 ... 个单位), and their figures still cover
    everything under them. The dotted lines are matrix reporting lines.
    """),
    code("""
    division = divisions["id"].iloc[0]
    names = f"{big.name(division, lang='zh')} / {big.name(division, lang='en')}"
    print(division, names, f"({len(big.descendants(division)):,} units under it)")
    start = time.perf_counter()
    zoom = big.chart(engine="tidy", root=division, depth=2, lang="zh")
    timings["zoomed chart"] = time.perf_counter() - start
    zoom
    """),
    md("""
    A part can also become an organisation of its own with `subtree`, to analyse or to
    share with the division's managers as a file:
    """),
    code("""
    part = big.subtree(division)
    print(part, "| headcount:", part.headcount())
    tables_out.to_csv(part, out / f"{division}.csv")
    print(sorted(p.name for p in out.iterdir()))
    """),
    md("""
    ## Timings

    Everything above, for 20,000 units:
    """),
    code("""
    for step, seconds in timings.items():
        print(f"timing: {step:20} {seconds:6.2f} s")
    """),
    md("""
    The same from a shell:

    ```
    orggraph generate 20000 -o big.csv
    orggraph stats big.csv
    orggraph render big.csv -o big.svg
    ```

    `benchmarks/bench.py` compares these timings with plain networkx and with `dot`.
    """),
]


# -- 05 an HR export: people, vacancies and spans ----------------------------------------

HR_EXPORT = [
    md("""
    # Reading an HR export: 星辰科技 (Xingchen Technology)

    HR systems (Workday, BambooHR, SAP SuccessFactors, Personio) export people, not
    units: one row per person in a post, with an employee id, a name, a job title and the
    id of the person's manager; open positions appear as rows without a person. This
    notebook reads such an export the way an HR or finance analyst would, and answers the
    usual first questions:

    1. map the export's columns and read it with `og.read_people`;
    2. headcount, FTE and people;
    3. vacancies, and the vacancy rate by department;
    4. spans of control counted by people, in OrgVue's bands;
    5. one person's chain of managers;
    6. a copy of the organisation without personal data, to share;
    7. people and vacancies on the chart;
    8. a history export (one row per person per change): headcount by month.

    The export is `data/xingchen-people.csv`: 星辰科技, an invented maker of smart sensors
    with about 120 people, written by orggraph itself from the sample organisation
    `og.datasets.load("xingchen")` with `org.to_csv(path, rows="people")`.
    """),
    code("""
    import tempfile
    import warnings
    from pathlib import Path

    import pandas as pd

    import orggraph as og
    from orggraph.ops import analysis as an

    EXPORT = Path("../data/xingchen-people.csv")
    out = Path(tempfile.mkdtemp())  # every file of this notebook goes here
    """),
    md("""
    ## 1. The export and its columns

    A first look with pandas, as text (`dtype=str`), the way the file is:
    """),
    code("""
    raw = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    print(f"{len(raw)} rows, {raw['person_id'].replace('', pd.NA).nunique()} distinct people")
    shown = ["person_id", "name_en", "title_en", "kind", "counts", "role", "fte"]
    raw[[*shown, "unit_name_en", "manager_id"]].head(10)
    """),
    md("""
    Three things to notice before reading it:

    - **A person can be on several rows.** 王芳 (Wang Fang, `e001`) chairs the board *and*
      is the CEO; the head of Embedded Software (`e025`) also acts as head of Cloud
      Platform. Each row is a post; the person is one.
    - **Open positions are rows without a person** (blank `person_id` and name): each is
      one open seat.
    - **Not every post is a job**: the board's seats and a contractor's post say
      `counts = False`; their holders are not employees and stay out of every figure.

    `og.read_people` takes the name of the column that holds each thing:

    | option | column | what it is |
    |---|---|---|
    | `id` | `person_id` | the employee id; the same id on several rows is one person in several posts |
    | `manager` | `manager_id` | the manager's employee id (blank: the top) |
    | `name` | `name_en` | the person's name (the Chinese one, `name_zh`, is kept as an attribute) |
    | `title` | `title_en` | the post's job title |
    | `department` | `unit_name_en` | the department: each becomes a unit |
    | `fte` | `fte` | the share of a full-time job the person works in the post |
    | `role` | `role` | primary, acting, interim or secondment: a person's primary row places them |
    | `counts` | `counts` | no (False) for posts whose holders are not employees |
    | `assistant` | `kind` | `assistant` marks an assistant post (`head` and `staff` do not) |
    | `email`, `salary` | `email`, `salary` | the e-mail; the monthly salary of the post |

    `structure="departments"` makes the departments the units, nested by who manages whom
    (the default, `"managers"`, makes each manager's team a unit). Every column not
    mapped (location, hiring date, grade) is kept with the person as text.
    """),
    code("""
    columns = dict(
        id="person_id",
        manager="manager_id",
        name="name_en",
        title="title_en",
        department="unit_name_en",
        fte="fte",
        role="role",
        counts="counts",
        assistant="kind",
        email="email",
        salary="salary",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        org = og.read_people(
            EXPORT, **columns, structure="departments", org="Xingchen Technology", currency="CNY"
        )
    for w in caught:
        print("warning:", str(w.message).split(": ", 1)[1])
    print(org)
    """),
    md("""
    The warnings are worth reading, not silencing: the two independent directors have no
    manager (they sit on the board, which is nobody's line manager), so the board is a
    second root beside the company. A person's other columns stay with them:
    """),
    code("""
    wang = org.person("e001")
    print(wang.name, "/", wang.attrs["name_zh"], "|", wang.email, "|", wang.attrs["attrs.location"])
    for post in org.posts_of("e001"):
        print(f"   {post.title:<22} in {post.unit:<18} counts: {post.counts}")
    """),
    md("""
    ## 2. Headcount, FTE and people

    orggraph counts **seats** (planned positions, filled or not: its `headcount`), the
    **filled** seats, the **vacancies**, the planned **FTE**, and the distinct **people**
    in posts that count (someone in two posts is one person):
    """),
    code("""
    for measure in ("seats", "filled", "vacancies", "fte", "people"):
        print(f"{measure:<10} {org.rollup(measure)}")
    print(f"{'budget':<10} CNY {org.budget()} a month")
    """),
    md("""
    The budget reads "at least": three open posts are advertised with a salary band
    (`salary_min` to `salary_max`), not one salary, so their pay is unknown, and orggraph
    never counts an unknown figure as zero.

    The export does not hold everything the organisation file does: the plant's 22
    assembly operators are counted (`filled: 22`) but not named, so no row stands for
    them, and two payroll specialists share one seat (a job share), which a table of one
    row per person shows as two seats. `docs/hr-exports.md` lists what comes back and what
    cannot. The original, for comparison:
    """),
    code("""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its vacant regional head, shown in notebook 03
        original = og.datasets.load("xingchen")
    for measure in ("seats", "filled", "vacancies", "fte"):
        export, before = org.rollup(measure).value, original.rollup(measure).value
        print(f"{measure:<10} export {export:>6}   original {before:>6}")
    same = all(org.manager(p) == original.manager(p) for p in original.people())
    print("same manager for every person:", same)
    """),
    md("""
    ## 3. Vacancies

    `org.vacancies()` lists the posts with open seats; `an.vacancies(org)` gives each
    department's own seats, filled seats and vacancy rate (open / planned seats):
    """),
    code("""
    for v in org.vacancies():
        print(f"{v.unit:<32} {v.title:<32} {v.open} open")
    """),
    code("""
    rates = an.vacancies(org)
    open_units = rates.to_dataframe().query("vacancies > 0")
    print(f"{len(open_units)} of the {len(rates)} departments with seats have open seats")
    open_units[["unit", "seats", "filled", "vacancies", "vacancy_rate"]]
    """),
    md("""
    By top-level department, everything under it included (`an.stats` with `depth=1`; the
    CEO office row is the whole company):
    """),
    code("""
    top = an.stats(org, ["seats", "vacancies", "vacancy_rate", "fte", "people"], depth=1)
    company = next(r for r in top if r["id"] == "CEO Office")
    print(f"company vacancy rate: {company['vacancy_rate']:.1%}")
    top.to_dataframe()[["id", "seats", "vacancies", "vacancy_rate", "fte", "people"]].round(3)
    """),
    code("""
    rates.plot(lang="en")
    """),
    md("""
    ## 4. Spans of control, by people

    A manager's span of control is the number of people reporting to them directly:
    the people in the staff posts of the units they head and the heads of the units below
    (an assistant is counted apart). OrgVue's bands group the spans; 4-7 is the usual
    target, and many spans of 1-3 point to a layered, narrow organisation.
    """),
    code("""
    spans = an.spans(org, by="people")
    print(f"{len(spans)} managers; the widest spans:")
    wide = spans.to_dataframe().sort_values("span", ascending=False).head(6)
    shown = ["person", "name", "unit", "layer", "span", "band", "assistants"]
    print(wide[shown].to_string(index=False))
    print()
    print(an.span_bands(org, by="people").select("band", "managers", "share"))
    """),
    md("""
    Most managers here (25 of 35) have two or three direct reports: a narrow, layered
    organisation. Two are in 8-12: the head of Embedded Software, whose span includes the
    Cloud Platform team they cover, and the VP of Sales, who also manages the South China
    region while its director's seat is open. (The Final Assembly supervisor shows a span
    of 2: the 22 unnamed operators are not in the export; in the organisation file they
    count, for a span of 24.)
    """),
    code("""
    spans.plot(lang="en")
    """),
    md("""
    ## 5. One person's chain of managers

    `org.manager(pid)` follows a person's primary post up to the nearest head post above
    that someone holds (a vacant head is passed over). Deng Tianyou, a backend engineer
    in Cloud Platform, whose head acts for the team while it recruits:
    """),
    code("""
    def chain(pid):
        \"\"\"pid and their managers up to the top.\"\"\"
        people = [pid]
        while (boss := org.manager(people[-1])) is not None:
            people.append(boss)
        return people


    steps = chain("e031")
    print(" -> ".join(f"{org.person(p).name} ({org.posts_of(p)[0].title})" for p in steps))
    """),
    md("""
    Xie Junjie holds two posts: their own (primary) and the one they cover (acting). The
    acting row did not move them in the reporting tree: their primary row placed them.
    """),
    code("""
    for a in org.assignments("e025"):
        print(f"{a.role:<8} {a.post:<22} in {a.unit}")
    print("manager:", org.person(org.manager("e025")).name)
    """),
    md("""
    ## 6. Sharing without personal data

    To share the structure and its figures outside HR, write it with `people=False`: no
    names, ids of people, e-mails or attributes; each post keeps its filled seats, so the
    figures stay (the same as `orggraph convert ... --no-people` on the command line).
    """),
    code("""
    shared_path = og.dump(org, out / "xingchen-shared.yaml", people=False)
    shared_text = shared_path.read_text(encoding="utf-8")
    personal = [wang.name, wang.attrs["name_zh"], wang.email, "e001", "2012-03-01"]
    print("personal data in the shared file:", [x for x in personal if x in shared_text])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the board is a second root, as above
        shared = og.load(shared_path)
    print("people:", shared.people())
    for measure in ("seats", "filled", "vacancies", "fte"):
        print(f"{measure:<10} {shared.rollup(measure)}")
    """),
    md("""
    The same from a shell, with the column options as flags (or `--columns map.yaml`):

    ```
    orggraph stats xingchen-people.csv --rows people --structure departments \\
        --id person_id --manager manager_id --name name_en --title title_en \\
        --department unit_name_en --fte fte --role role --counts counts --assistant kind
    orggraph analyse xingchen-people.csv --rows people ... --what bands
    ```
    """),
    md("""
    ## 7. People and vacancies on the chart

    The chart of the sample organisation (`original`, loaded in section 2) puts the people
    on the boxes (`people="names"`, the default): each unit's head by name, with an acting
    mark for a head who covers the post, and the staff of small units; every open post
    reads **Vacant** where the box lists its people. `org.chart(...)` takes the options of
    `render` and shows the chart scaled to the cell (`links=()` leaves the collaboration
    links out):
    """),
    code("""
    original.chart(lang="en", links=())
    """),
    md("""
    At this width the names are small: draw one branch to read them, here Sales in
    Chinese, where an open post reads 空缺 (vacant). `.save("sales.svg")` (or `.html`)
    writes a chart to a file, `render` any other format.
    """),
    code("""
    sales = original.chart(lang="zh", root="sales")
    sales.save(out / "sales.svg")
    sales
    """),
    md("""
    For a chart that will be shared outside HR, `people="off"` (or `people=False`) leaves
    the names out; the boxes keep their titles and figures:
    """),
    code("""
    original.chart(lang="en", links=(), people="off")
    """),
    md("""
    ## 8. A history export: headcount by month

    HR systems also export *history*: one row per person per change, with the date it
    takes effect (BambooHR's Job Information table, ChartHop's historical import).
    `../tests/data/hr_history.csv` is a made-up one: about 200 people through 2025, with
    joiners, leavers, moves, a rehire, and Engineering split into Platform and Product on
    1 July. `effective=` names the column of effective dates and `status=` the column
    that says who left; the result is **one dated organisation**, and `as_of(day)` is the
    organisation on any day (see `docs/hr-exports.md`).
    """),
    code("""
    import datetime

    history = og.read_people(
        "../tests/data/hr_history.csv",
        id="Employee ID",
        manager="Reports To",
        name=["First Name", "Last Name"],
        title="Job Title",
        department="Department",
        effective="Effective Date",
        status="Employment Status",
        structure="departments",
        as_of="2025-12-31",
    )
    months = [datetime.date(2025, m, 1) for m in range(1, 13)] + [datetime.date(2026, 1, 1)]
    headcount = pd.Series(
        {day: history.as_of(day).rollup("people").value for day in months}, name="headcount"
    )
    first, last = history.dates()[0], history.dates()[-1]
    print(f"{len(history.dates())} days with changes, from {first} to {last}")
    for day, people in headcount.items():
        print(f"{day}  {people}")
    """),
    md("""
    The same count straight from the rows, without orggraph: on each day, each person's
    latest row, if it is not a leaving row. The two agree:
    """),
    code("""
    rows = pd.read_csv("../tests/data/hr_history.csv", dtype=str)
    rows["day"] = pd.to_datetime(rows["Effective Date"], format="%m/%d/%Y").dt.date


    def counted(day):
        latest = rows[rows["day"] <= day].sort_values("day").groupby("Employee ID").last()
        return int((latest["Employment Status"] != "Terminated").sum())


    print("as_of agrees with the raw rows:", all(counted(d) == n for d, n in headcount.items()))
    """),
    md("""
    Headcount by department through the year: Engineering until the reorganisation,
    Platform and Product after it.
    """),
    code("""
    def by_unit(day):
        at = history.as_of(day)
        return {u: at.rollup("people", u).value for u in at.children("Executive")}


    # a department missing on a day (Engineering after July) has no one in it that day
    by_department = pd.DataFrame({day: by_unit(day) for day in months}).T.fillna(0).astype(int)
    by_department.loc[[datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)]]
    """),
    code("""
    %matplotlib inline
    by_department.plot(kind="area", figsize=(9, 4), title="Headcount by department, 2025");
    """),
]


NOTEBOOKS: dict[str, list[Cell]] = {
    "01-explore-ecommerce.ipynb": EXPLORE,
    "02-split-scenario.ipynb": SPLIT,
    "03-analytics.ipynb": ANALYTICS,
    "04-large-organisation.ipynb": LARGE,
    "05-hr-export.ipynb": HR_EXPORT,
}


def notebook(cells: list[Cell]) -> nbformat.NotebookNode:
    """A notebook of *cells*: no outputs, no execution counts, stable cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    for i, (kind, source) in enumerate(cells, start=1):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(make(source, id=f"cell-{i:02d}"))
    nbformat.validate(nb)
    return nb


def text(name: str) -> str:
    """The file content of notebook *name*, as written to disk."""
    return nbformat.writes(notebook(NOTEBOOKS[name])) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name in NOTEBOOKS:
        path = HERE / name
        content = text(name)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(name)
        if not check:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path}")
    if check and stale:
        print("out of date (run notebooks/build.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
