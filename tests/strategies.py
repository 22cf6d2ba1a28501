"""Hypothesis strategies: random valid organisation documents and ways to break them.

Documents are plain data in the file format (what ``yaml.safe_load`` of a file gives):
random forests written nested, flat (top-level units with ``parent:``) or both, in a
shuffled order; names as text or ``{zh, en}`` mappings of arbitrary Unicode; posts with
unknown and known seats and salaries; numeric and null attrs; shared responsibilities;
dotted and collaboration links (never from a unit to itself).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "BAD_LITERALS",
    "BAD_VALUES",
    "corrupt_data",
    "corrupt_text",
    "documents",
    "ids",
    "names",
    "people_documents",
    "plain_values",
    "rich_documents",
    "table_documents",
    "texts",
]

LANGS = ("zh", "en")
TYPES = ("company", "executive", "department", "group", "team", None)
ATTR_KEYS = ("fte", "contractors", "rooms")

# Any Unicode text (no lone surrogates: neither YAML nor JSON can carry them), with the
# characters that break quoting drawn more often.
texts = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("'\"\\\n\r\t#:-{}[],&*!|>%@` \x85\u2028\ufeff"),
    ),
    max_size=10,
)
# A plain-text name must have something besides white space.
plain_names = texts.filter(lambda s: s.strip() != "")
names = st.one_of(
    plain_names,
    st.dictionaries(st.sampled_from(LANGS), texts, min_size=1, max_size=2),
)
# Ids: text without surrounding white space or control characters (the schema's rule).
ids = st.text(st.characters(codec="utf-8", min_codepoint=32), min_size=1, max_size=8).filter(
    lambda s: s == s.strip()
)

numbers = st.one_of(
    st.integers(0, 10**6),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def posts(draw: st.DrawFn) -> dict[str, Any]:
    post: dict[str, Any] = {"title": draw(names)}
    seats_known: int | None = 1  # absent means 1
    if draw(st.booleans()):
        post["seats"] = seats_known = draw(st.none() | st.integers(0, 50))
    if draw(st.booleans()):
        top = 50 if seats_known is None else seats_known
        post["filled"] = draw(st.none() | st.integers(0, top))
    if draw(st.booleans()):
        post["salary"] = draw(st.none() | numbers)
    if draw(st.booleans()):
        post["pay"] = draw(texts)
    if draw(st.booleans()):
        # Holders fit the seats, and a filled count beside them agrees (else the
        # organisation is refused: tests/test_people.py).
        most = 3 if seats_known is None else min(3, seats_known)
        post["holders"] = draw(st.lists(plain_names, max_size=most, unique=True))
        if "filled" in post:
            post["filled"] = len(post["holders"])
    return post


@st.composite
def units(draw: st.DrawFn, uid: str, responsibilities: list[str]) -> dict[str, Any]:
    unit: dict[str, Any] = {"id": uid, "name": draw(names)}
    kind = draw(st.sampled_from(TYPES))
    if kind is not None:
        unit["type"] = kind
    if draw(st.booleans()):
        unit["aliases"] = draw(st.lists(names, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        unit["description"] = draw(names)
    if draw(st.booleans()):
        unit["head"] = draw(posts())
    if draw(st.booleans()):
        unit["staff"] = draw(st.lists(posts(), max_size=3))
    if draw(st.booleans()) and responsibilities:
        unit["responsibilities"] = draw(
            st.lists(st.sampled_from(responsibilities), unique=True, max_size=3)
        )
    if draw(st.booleans()):
        unit["attrs"] = draw(
            st.dictionaries(st.sampled_from(ATTR_KEYS), st.none() | numbers, max_size=3)
        )
    return unit


@st.composite
def documents(draw: st.DrawFn, max_units: int = 8) -> dict[str, Any]:
    """A random valid organisation document."""
    n = draw(st.integers(1, max_units))
    n_resp = draw(st.integers(0, 4))
    all_ids = draw(st.lists(ids, min_size=n + n_resp, max_size=n + n_resp, unique=True))
    unit_ids, resp_ids = all_ids[:n], all_ids[n:]
    # Unit i reports to an earlier unit, or to nobody (a root): no cycles by construction.
    parents: list[int | None] = [None]
    for i in range(1, n):
        p = draw(st.integers(-1, i - 1))
        parents.append(None if p < 0 else p)
    entries = [draw(units(uid, resp_ids)) for uid in unit_ids]
    top: list[dict[str, Any]] = []
    for entry, parent in zip(entries, parents, strict=True):
        if parent is None:
            top.append(entry)
        elif draw(st.booleans()):  # nested under its parent
            entries[parent].setdefault("units", []).append(entry)
        else:  # flat, anywhere at the top level
            entry["parent"] = unit_ids[parent]
            top.append(entry)
    doc: dict[str, Any] = {"units": draw(st.permutations(top))}
    if draw(st.booleans()):
        doc["org"] = draw(names)
    if draw(st.booleans()):
        doc["lang"] = list(draw(st.sampled_from([LANGS, LANGS[::-1], ("en",)])))
    if draw(st.booleans()) or resp_ids:
        doc["responsibilities"] = [
            {"id": rid, "name": draw(names)}
            | ({"description": draw(names)} if draw(st.booleans()) else {})
            for rid in resp_ids
        ]
    if n > 1 and draw(st.booleans()):
        pair = st.tuples(st.sampled_from(unit_ids), st.sampled_from(unit_ids)).filter(
            lambda ab: ab[0] != ab[1]
        )
        links = []
        for a, b in draw(st.lists(pair, max_size=4)):
            link: dict[str, Any] = {
                "kind": draw(st.sampled_from(["dotted", "collaboration"])),
                "from": a,
                "to": b,
            }
            if draw(st.booleans()):
                link["relation"] = draw(names)
            if draw(st.booleans()):
                link["mutual"] = draw(st.booleans())
            links.append(link)
        doc["links"] = links
    if draw(st.booleans()):
        doc["attrs"] = draw(
            st.dictionaries(st.sampled_from(ATTR_KEYS), st.none() | numbers, max_size=2)
        )
    return doc


# -- corruptions ----------------------------------------------------------------------------

BAD_VALUES: list[Any] = [
    -1,
    -0.5,
    2.5,
    0,
    10**30,
    float("inf"),
    float("-inf"),
    float("nan"),
    True,
    False,
    None,
    "",
    " ",
    "text",
    "nope",
    "\x00",
    [],
    [1],
    {},
    {"x": 1},
    {"zh": 3},
    [None],
    "dotted",
]


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *node* (keys of mappings, indexes of lists)."""
    out = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        out.append((*at, key))
        out.extend(_paths(value, (*at, key)))
    return out


def _all_ids(doc: dict[str, Any]) -> list[str]:
    """Every id the document uses: units', responsibilities', parents' and links' ends."""
    return [
        value
        for path in _paths(doc)
        if path[-1] in ("id", "parent", "from", "to") and isinstance(value := _get(doc, path), str)
    ]


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _id_paths(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Paths to every id-valued place: unit and responsibility ids, parents, link ends,
    responsibility references."""
    return [
        path
        for path in _paths(doc)
        if path[-1] in ("id", "parent", "from", "to")
        or (
            len(path) > 1
            and path[-2] == "responsibilities"
            and isinstance(path[-1], int)
            and isinstance(_get(doc, path), str)
        )
    ]


@st.composite
def corrupt_data(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    """*doc* with a few values replaced, keys renamed or dropped, ids duplicated or left
    dangling, or parents added (cycles, self-reports, conflicts with the nesting)."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["value", "id", "dangling", "parent", "drop", "rename"]))
        paths = _id_paths(doc) if action in ("id", "dangling") else _paths(doc)
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        key = path[-1]
        if action == "value":
            parent[key] = draw(st.sampled_from(BAD_VALUES))
        elif action == "id":  # another id of the document: duplicates, self-links, cycles
            known = _all_ids(doc)
            if known:
                parent[key] = draw(st.sampled_from(known))
        elif action == "dangling":
            parent[key] = draw(ids)
        elif action == "parent":
            units = _walk_units(doc)
            known = [u["id"] for u in units if isinstance(u.get("id"), str)]
            if units and known:
                draw(st.sampled_from(units))["parent"] = draw(st.sampled_from(known))
        elif action == "drop":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            new_key = draw(st.sampled_from(["nmae", "parent", "units", "seat", "ids", f"{key}s"]))
            parent[new_key] = parent.pop(key)
    return doc


def _walk_units(doc: Any) -> list[dict[str, Any]]:
    """Every unit mapping in *doc*, as far as the (possibly broken) structure allows."""
    out = []
    top = doc.get("units") if isinstance(doc, dict) else None
    stack = list(top) if isinstance(top, list) else []
    while stack:
        unit = stack.pop()
        if isinstance(unit, dict):
            out.append(unit)
            inner = unit.get("units")
            if isinstance(inner, list):
                stack.extend(inner)
    return out


# YAML values that parse but may not construct or validate.
BAD_LITERALS = [
    "-1",
    "2.5",
    "-0.5",
    ".nan",
    ".inf",
    "-.inf",
    "~",
    "[]",
    "{}",
    "yes",
    "no",
    "''",
    '"\\x00"',
    "1e400",
    "0x1F",
    "0o17",
    "9" * 5000,
    "2020-13-45",
    "2020-01-01",
    "12:30:00",
    "!!binary x",
    "!!int abc",
    "!!float abc",
    "!!timestamp 2020-99",
    "!!set {a}",
    "!!omap [a: 1]",
    "!!python/object:os.system x",
    "!custom x",
    "&a x",
    "*nowhere",
    "<<: *nowhere",
    "? [a, b]",
    "[a, [b, {c: d}]]",
    "{[1]: x}",
    "|\n  text",
    ">-",
    "%TAG",
    "@x",
    "`x`",
]


@st.composite
def corrupt_text(draw: st.DrawFn, text: str) -> str:
    """*text* with a few characters deleted, inserted or replaced, two lines swapped, or a
    value replaced by a YAML literal that may not construct or validate."""
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["delete", "insert", "replace", "swap", "value", "value"]))
        n = len(text)
        if action == "value":
            colons = [i for i in range(n - 1) if text[i : i + 2] == ": "]
            if colons:
                i = draw(st.sampled_from(colons)) + 2
                end = text.find("\n", i)
                end = n if end < 0 else end
                text = text[:i] + draw(st.sampled_from(BAD_LITERALS)) + text[end:]
            continue
        if action == "swap":
            lines = text.split("\n")
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                text = "\n".join(lines)
            continue
        i = draw(st.integers(0, n))
        j = min(n, i + draw(st.integers(0, 8)))
        chunk = draw(
            st.text(
                st.sampled_from(" \n\t-:{}[],'\"&*!|>#?%@`\\0123456789abxyz.\xff"),
                min_size=1,
                max_size=4,
            )
        )
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "insert":
            text = text[:i] + chunk + text[i:]
        else:
            text = text[:i] + chunk + text[j:]
    return text


# -- richer documents: every writer's round trip ------------------------------------------

# Plain data an `attrs` value may hold: text, booleans, whole numbers within the
# figures' range of +-10^18 (beyond a double's 2^53), finite floats in that range, null,
# and lists and mappings of them.
plain_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(-1e18, 1e18, allow_nan=False, allow_infinity=False),
    texts,
)
plain_values = st.recursive(
    plain_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
attr_keys = st.sampled_from(ATTR_KEYS) | texts
# Figures at the edges of their range (a salary is at most 10^12): zero, fractions,
# the largest whole salaries, floats near the top.
money = st.one_of(
    numbers,
    st.integers(10**12 - 1000, 10**12),
    st.floats(0, 1e12, allow_nan=False, allow_infinity=False),
)


@st.composite
def rich_documents(draw: st.DrawFn, max_units: int = 6) -> dict[str, Any]:
    """:func:`documents` with richer data on some units: attrs of any plain data (any
    keys), salaries past 2^53 and huge floats, and the organisation's own attrs."""
    doc = draw(documents(max_units=max_units))
    for unit in _walk_units(doc):
        if draw(st.integers(0, 2)) == 0:
            unit["attrs"] = draw(st.dictionaries(attr_keys, plain_values, max_size=3))
        for post in [unit.get("head"), *unit.get("staff", [])]:
            if post is not None and draw(st.integers(0, 2)) == 0:
                post["salary"] = draw(money)
    if draw(st.booleans()):
        doc["attrs"] = draw(st.dictionaries(attr_keys, plain_values, max_size=3))
    return doc


# Cell text: no control characters (Excel cannot hold them) nor lone surrogates; spaces
# at the ends and ';' drawn often (both are what a table writer must carry or refuse).
cell_texts = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(" ;,\"'=+-@"),
    ),
    min_size=1,
    max_size=8,
).filter(lambda s: s.strip() != "")


@st.composite
def table_documents(draw: st.DrawFn, max_units: int = 6) -> dict[str, Any]:
    """A document shaped for one row per unit (what ``tabular.to_csv`` can hold, give or
    take what it must carry or refuse): one head and at most one staff post, names all
    in the same languages, every unit with the same numeric or null attrs, owned
    responsibilities named by their ids, dotted links (some with a relation)."""
    n = draw(st.integers(1, max_units))
    table_ids = ids.filter(lambda s: ";" not in s)
    uids = draw(st.lists(table_ids, min_size=n, max_size=n, unique=True))
    langs = draw(st.sampled_from([(), ("zh", "en")]))

    def name() -> Any:
        return {lang: draw(cell_texts) for lang in langs} if langs else draw(cell_texts)

    measures = draw(st.lists(st.sampled_from(ATTR_KEYS), unique=True, max_size=2))
    pool = draw(
        st.lists(
            cell_texts.filter(lambda s: s == s.strip() and s not in uids), max_size=3, unique=True
        )
    )
    owned: set[str] = set()
    units = []
    for i, uid in enumerate(uids):
        unit: dict[str, Any] = {"id": uid, "name": name()}
        if i and draw(st.integers(0, 4)):
            unit["parent"] = uids[draw(st.integers(0, i - 1))]
        if draw(st.booleans()):
            unit["head"] = {"title": name(), "salary": draw(st.none() | numbers)}
        if draw(st.booleans()):
            unit["staff"] = [
                {
                    "title": name(),
                    "seats": draw(st.none() | st.integers(0, 50)),
                    "salary": draw(st.none() | numbers),
                }
            ]
        rids = draw(st.lists(st.sampled_from(pool), unique=True)) if pool else []
        if rids:
            unit["responsibilities"] = rids
            owned.update(rids)
        if measures:
            unit["attrs"] = {m: draw(st.none() | numbers) for m in measures}
        units.append(unit)
    links = []
    for _ in range(draw(st.integers(0, 2)) if n > 1 else 0):
        a, b = draw(st.sampled_from(uids)), draw(st.sampled_from(uids))
        if a != b and all((x["from"], x["to"]) != (a, b) for x in links):
            link: dict[str, Any] = {"kind": "dotted", "from": a, "to": b}
            if draw(st.integers(0, 3)) == 0:
                link["relation"] = name()
            links.append(link)
    doc: dict[str, Any] = {"units": units}
    if langs:
        doc["lang"] = list(langs)
    resp = [{"id": r, "name": r} for r in pool if r in owned]
    if resp:
        doc["responsibilities"] = resp
    if links:
        doc["links"] = links
    return doc


# -- people in posts: every writer's round trip of people ---------------------------------

ROLES = ("primary", "acting", "interim", "secondment")


def _resolve(key: str, declared: dict[str, set[str]]) -> str:
    """The person a plain holder text stands for (the rule of orggraph.core.people)."""
    if key in declared:
        return key
    found = [pid for pid, names in declared.items() if key in names]
    return found[0] if len(found) == 1 else key


@st.composite
def _holders(
    draw: st.DrawFn, seats: int | None, declared: dict[str, set[str]], plain: list[str], marker: str
) -> list[Any]:
    """Holders of one post: declared ids, plain names and assignments, each person once,
    at most one per seat (so their FTE fits)."""
    most = 3 if seats is None else min(3, seats)
    out: list[Any] = []
    seen: set[str] = set()
    for _ in range(draw(st.integers(0, most))):
        how = draw(st.sampled_from(["id", "name", "assignment"]))
        if how == "name" or not declared:
            if not plain:
                continue
            key = draw(st.sampled_from(plain))
            holder: Any = key
        else:
            key = draw(st.sampled_from(sorted(declared)))
            holder = key
            if how == "assignment":
                holder = {"person": key}
                if draw(st.booleans()):
                    holder["fte"] = draw(st.sampled_from([0.25, 0.5, 1, 0.8]))
                if draw(st.booleans()):
                    holder["role"] = draw(st.sampled_from(ROLES))
                if draw(st.booleans()):
                    note = draw(names)
                    holder["note"] = (
                        marker + note
                        if isinstance(note, str)
                        else {k: marker + v for k, v in note.items()}
                    )
        person = _resolve(key, declared)
        if person not in seen:
            seen.add(person)
            out.append(holder)
    return out


def _person_name(draw: st.DrawFn, i: int, marker: str) -> Any:
    """A person's name in one or two languages: unique to them (prefixed ``N<i>:``)."""
    name = draw(names)
    if isinstance(name, str):
        return f"{marker}N{i}:{name}"
    return {lang: f"{marker}N{i}{lang}:{text}" for lang, text in name.items()}


@st.composite
def _people(draw: st.DrawFn, marker: str) -> list[dict[str, Any]]:
    pids = draw(st.lists(ids.filter(lambda s: "#" not in s), max_size=5, unique=True))
    people = []
    for i, pid in enumerate(pids):
        person: dict[str, Any] = {"id": pid, "name": _person_name(draw, i, marker)}
        if draw(st.booleans()):
            person["email"] = f"{marker}{draw(texts)}@example.org"
        if draw(st.integers(0, 2)) == 0:
            person["photo"] = f"{marker}photos/{draw(texts)}.jpg"
        if draw(st.booleans()):
            person["attrs"] = {
                k: marker + v if isinstance(v, str) else v
                for k, v in draw(st.dictionaries(attr_keys, plain_values, max_size=3)).items()
            }
        people.append(person)
    return people


def _post_details(draw: st.DrawFn, post: dict[str, Any], kind: str, n: int) -> None:
    """The people model's keys of a post besides its holders: id, kind, grade, a band,
    a period, a planned FTE, counts and status."""
    if draw(st.integers(0, 2)) == 0:
        post["id"] = f"post{n}"  # no '#': never one of the default ids
    if kind != "staff" or draw(st.integers(0, 3)) == 0:
        post["kind"] = kind
    if draw(st.integers(0, 2)) == 0:
        post["grade"] = draw(texts)
    if draw(st.integers(0, 3)) == 0:
        low, high = sorted(draw(st.lists(numbers, min_size=2, max_size=2)))
        post["salary"] = {"min": low, "max": high}
    if draw(st.integers(0, 3)) == 0:
        post["salary_period"] = draw(st.sampled_from(["month", "year"]))
    if draw(st.integers(0, 3)) == 0:
        post["fte"] = draw(st.sampled_from([0.5, 1, 2.5, 10]))
    if draw(st.integers(0, 4)) == 0:
        post["counts"] = False
    if draw(st.integers(0, 4)) == 0:
        post["status"] = "eliminated"


@st.composite
def people_documents(draw: st.DrawFn, max_units: int = 5, marker: str = "") -> dict[str, Any]:
    """:func:`documents` with people in posts: declared people (names in one or two
    languages, e-mails, photos, attrs of any plain data), posts with ids, kinds
    (assistants beside a head), grades, salary bands, periods, planned FTE, ``counts:
    false`` and eliminated posts, held by declared ids, plain names (implicit people, the
    same name in two posts being one person) and assignments (fte, role, note), vacant
    (``holders: []``) or unknown; the organisation's currency and salary period. Every
    text about a person starts with *marker* (to look for it in written bytes)."""
    doc = draw(documents(max_units=max_units))
    people = draw(_people(marker))
    if people:
        doc["people"] = people
    declared: dict[str, set[str]] = {}
    for p in people:
        name = p["name"]
        declared[p["id"]] = {name} if isinstance(name, str) else set(name.values())
    plain = [f"{marker}H{j}:{t}" for j, t in enumerate(draw(st.lists(plain_names, max_size=3)))]
    n = 0
    for unit in _walk_units(doc):
        head = unit.get("head")
        for post in [head, *unit.get("staff", [])]:
            if post is None:
                continue
            n += 1
            kind = "head" if post is head else "staff"
            if kind == "staff" and head is not None and draw(st.integers(0, 3)) == 0:
                kind = "assistant"
            _post_details(draw, post, kind, n)
            post.pop("holders", None)
            post.pop("filled", None)
            choice = draw(st.integers(0, 4))
            if choice == 0:
                post["holders"] = []
            elif choice > 1:
                post["holders"] = draw(_holders(post.get("seats", 1), declared, plain, marker))
    if draw(st.booleans()):
        doc["currency"] = draw(st.sampled_from(["CNY", "EUR", "GBP"]))
    if draw(st.booleans()):
        doc["salary_period"] = draw(st.sampled_from(["month", "year"]))
    return doc
