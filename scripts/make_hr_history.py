"""Write tests/data/hr_history.csv: a made-up HR history export (BambooHR's *Job
Information* table with an employment status column) of a company of about 200 people
through 2025: joiners, leavers, moves between departments, changes of manager,
promotions, a rehire, and one reorganisation (Engineering split into Platform and
Product on 2025-07-01).

    python scripts/make_hr_history.py            # (re)write the file
    python scripts/make_hr_history.py --check    # exit 1 when the file is stale

Deterministic (a seeded ``random.Random``): a rerun gives the same bytes. Like real
exports: one row per person per change, dates as US m/d/YYYY, rows grouped by person
with the newest first (so not in date order), and three rows exported twice.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "hr_history.csv"
HEADER = [
    "Effective Date", "Employee ID", "First Name", "Last Name", "Job Title", "Department",
    "Division", "Reports To", "Location", "Employment Status",
]  # fmt: skip
FIRST = [
    "Amelia",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Isla",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
    "Aled",
    "Bianca",
    "Carlos",
    "Dana",
    "Emeka",
    "Fleur",
    "Gita",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
]
LAST = [
    "Hart",
    "Okafor",
    "Dubois",
    "Patel",
    "Rossi",
    "Haddad",
    "Kim",
    "Laurent",
    "Murphy",
    "Berg",
    "Adeyemi",
    "Walsh",
    "Cohen",
    "Silva",
    "Novak",
    "Ortiz",
    "Reid",
    "Santos",
    "Nguyen",
    "Shah",
    "Iqbal",
    "Costa",
    "Zhang",
    "Puig",
    "Haddad",
    "Fischer",
    "Evans",
    "Moretti",
    "Ramos",
    "Byrne",
    "Eze",
    "Martin",
    "Rao",
    "Sato",
    "Petrov",
    "Lin",
    "Mensah",
    "Vogel",
    "Garcia",
    "Aziz",
]
LOCATIONS = ("London", "Manchester", "Remote")
START = datetime.date(2025, 1, 1)
REORG = datetime.date(2025, 7, 1)
# Department -> (division, head title, team lead title, staff titles, teams)
DEPARTMENTS = {
    "Engineering": ("Technology", "VP Engineering", "Engineering Manager",
                    ("Software Engineer", "Senior Software Engineer", "QA Engineer"), 5),
    "Sales": ("Commercial", "Sales Director", "Sales Manager",
              ("Account Executive", "Sales Development Rep"), 3),
    "Marketing": ("Commercial", "Marketing Director", "Marketing Manager",
                  ("Marketing Specialist", "Content Writer"), 2),
    "Finance": ("Corporate", "Finance Director", "Finance Manager",
                ("Accountant", "Financial Analyst"), 2),
    "People": ("Corporate", "People Director", "People Partner Lead",
               ("People Partner", "Recruiter"), 1),
    "Operations": ("Corporate", "COO", "Operations Manager",
                   ("Operations Analyst", "Office Coordinator"), 2),
}  # fmt: skip


class Company:
    """The company's people as they are, and every row written so far."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: dict[str, dict[str, str]] = {}
        self.active: set[str] = set()
        self.rows: list[dict[str, str]] = []
        self.next_id = 1001
        self.leads: dict[str, list[str]] = {}  # department -> team leads
        self.heads: dict[str, str] = {}

    def new_id(self) -> str:
        pid = str(self.next_id)
        self.next_id += 1
        return pid

    def emit(self, day: datetime.date, pid: str, status: str = "Active") -> None:
        person = self.people[pid]
        self.rows.append({**person, "Effective Date": f"{day.month}/{day.day}/{day.year}",
                          "Employment Status": status})  # fmt: skip

    def hire(self, day: datetime.date, title: str, dept: str, boss: str) -> str:
        pid = self.new_id()
        self.people[pid] = {
            "Employee ID": pid, "First Name": self.rng.choice(FIRST),
            "Last Name": self.rng.choice(LAST), "Job Title": title, "Department": dept,
            "Division": DEPARTMENTS.get(dept, ("Technology",))[0], "Reports To": boss,
            "Location": self.rng.choice(LOCATIONS),
        }  # fmt: skip
        self.active.add(pid)
        self.emit(day, pid)
        return pid

    def change(self, day: datetime.date, pid: str, **cells: str) -> None:
        self.people[pid].update(cells)
        self.emit(day, pid)

    def staff(self) -> list[str]:
        """Active people who lead nothing and manage nobody."""
        bosses = {self.people[p]["Reports To"] for p in self.active}
        bosses.update(self.heads.values(), *self.leads.values())
        return sorted(p for p in self.active if p not in bosses)

    def reports(self, pid: str) -> list[str]:
        return sorted(p for p in self.active if self.people[p]["Reports To"] == pid)


def build() -> list[dict[str, str]]:
    rng = random.Random(20250101)
    co = Company(rng)
    ceo = co.hire(START, "Chief Executive Officer", "Executive", "")
    co.people[ceo]["Division"] = "Corporate"
    co.rows[-1]["Division"] = "Corporate"
    for dept, (_, head_title, lead_title, titles, teams) in DEPARTMENTS.items():
        head = co.heads[dept] = co.hire(START, head_title, dept, ceo)
        for _ in range(teams):
            lead = co.hire(START, lead_title, dept, head)
            co.leads.setdefault(dept, []).append(lead)
            for _ in range(rng.randint(8, 12)):
                co.hire(START, rng.choice(titles), dept, lead)
    rehire: str | None = None
    for month in range(1, 13):
        days = sorted(rng.sample(range(2, 28), 8))
        for n, d in enumerate(days):
            day = datetime.date(2025, month, d)
            if month == 7 and n == 0:
                reorganise(co, REORG)
            event = rng.choice(("join",) * 4 + ("leave",) * 3 + ("move", "promote", "manager"))
            if month == 2 and n == 1:
                rehire = co.staff()[5]
                leave(co, day, rehire)
            elif month == 9 and n == 1 and rehire is not None:
                co.active.add(rehire)
                dept = co.people[rehire]["Department"]
                dept = dept if dept in co.leads else "Product"
                co.change(day, rehire, Department=dept, **{"Reports To": co.leads[dept][0]})
            elif event == "join":
                dept = rng.choice(sorted(co.leads))
                titles = DEPARTMENTS.get(dept, DEPARTMENTS["Engineering"])[3]
                co.hire(day, rng.choice(titles), dept, rng.choice(co.leads[dept]))
            elif event == "leave":
                leave(co, day, rng.choice(co.staff()))
            elif event == "move":
                move(co, day, rng.choice(co.staff()))
            elif event == "promote":
                pid = rng.choice(co.staff())
                co.change(day, pid, **{"Job Title": "Senior " + co.people[pid]["Job Title"]})
            else:
                lead_leaves(co, day)
    # Three rows exported twice, as exports sometimes do.
    for k in (10, 200, 300):
        co.rows.append(dict(co.rows[k]))
    return co.rows


def lead_leaves(co: Company, day: datetime.date) -> None:
    """A team lead leaves: one of their team is promoted to lead it (a change of manager
    for the rest); sometimes the team goes to the department's head instead."""
    dept = co.rng.choice(sorted(co.leads))
    leads = co.leads[dept]
    lead = leads[co.rng.randrange(len(leads))]
    team = co.reports(lead)
    if (len(leads) > 1 and co.rng.random() < 0.3) or not team:
        leads.remove(lead)
        successor = co.heads[dept]
    else:
        successor = team.pop(0)
        leads[leads.index(lead)] = successor
        title = DEPARTMENTS.get(dept, DEPARTMENTS["Engineering"])[2]
        co.change(day, successor, **{"Job Title": title, "Reports To": co.heads[dept]})
    for pid in team:
        co.change(day, pid, **{"Reports To": successor})
    leave(co, day, lead)


def leave(co: Company, day: datetime.date, pid: str) -> None:
    co.active.discard(pid)
    co.emit(day, pid, "Terminated")


def move(co: Company, day: datetime.date, pid: str) -> None:
    """A move to a team of another department, with a title of that department."""
    here = co.people[pid]["Department"]
    dept = co.rng.choice(sorted(d for d in co.leads if d != here))
    titles = DEPARTMENTS.get(dept, DEPARTMENTS["Engineering"])[3]
    co.change(day, pid, **{"Department": dept, "Reports To": co.rng.choice(co.leads[dept]),
                           "Job Title": co.rng.choice(titles),
                           "Division": DEPARTMENTS.get(dept, ("Technology",))[0]})  # fmt: skip


def reorganise(co: Company, day: datetime.date) -> None:
    """Engineering splits: its first team lead becomes Head of Platform (with the first
    half of its teams), the VP Engineering heads Product (the rest)."""
    leads = co.leads.pop("Engineering")
    vp = co.heads.pop("Engineering")
    platform_head, platform, product = leads[0], leads[1 : len(leads) // 2 + 1], leads[len(leads) // 2 + 1 :]  # fmt: skip
    co.change(day, vp, **{"Job Title": "VP Product Engineering", "Department": "Product"})
    for pid in co.reports(vp):  # people the VP manages directly, not through a team
        if pid not in leads:
            co.change(day, pid, Department="Product")
    co.change(day, platform_head, **{"Job Title": "Head of Platform", "Department": "Platform",
                                     "Reports To": co.people[vp]["Reports To"]})  # fmt: skip
    for pid in co.reports(platform_head):
        co.change(day, pid, Department="Platform")
    for dept, dept_leads, head in (("Platform", platform, platform_head), ("Product", product, vp)):
        co.heads[dept] = head
        co.leads[dept] = dept_leads
        for lead in dept_leads:
            co.change(day, lead, Department=dept, **{"Reports To": head})
            for pid in co.reports(lead):
                co.change(day, pid, Department=dept)


def text(rows: list[dict[str, str]]) -> str:
    def order(row: dict[str, str]) -> tuple[int, int]:
        m, d, y = map(int, row["Effective Date"].split("/"))
        return int(row["Employee ID"]), -datetime.date(y, m, d).toordinal()

    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=order))  # by person, newest first (stable: dupes)
    return out.getvalue()


def main(argv: list[str]) -> int:
    new = text(build())
    if "--check" in argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == new
        print(f"{OUT} is {'up to date' if same else 'stale'}")
        return 0 if same else 1
    OUT.write_text(new, encoding="utf-8")
    print(f"wrote {OUT}: {new.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
