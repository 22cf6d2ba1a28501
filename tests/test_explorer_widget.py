"""The explorer widget (anywidget): its traits, selection from Python, the children
message, the missing-dependency error, and its module in Chromium with a stub of
anywidget's model (get/set/on/off/send/save_changes)."""

from __future__ import annotations

import builtins
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

import orggraph as og
from orggraph.render.explorer import widget as wmod
from orggraph.render.explorer.data import explorer_data
from orggraph.render.explorer.widget import MORE_PREFIX, ExplorerWidget, subset, widget_esm

pytest.importorskip("anywidget")


@pytest.fixture(scope="module")
def org() -> og.Org:
    return og.datasets.load("ecommerce")


def sent_by(w: Any) -> list[Any]:
    out: list[Any] = []
    w.send = lambda content, buffers=None: out.append(content)
    return out


def test_whole_organisation_below_the_threshold(org: og.Org) -> None:
    w = org.explore(widget=True)
    assert type(w).__name__ == "ExplorerWidget" and not w.lazy
    assert w._data["id"] == org.units()  # everything, no placeholder
    assert w.selected is None and w.expanded == [] and w.height == 640
    assert "export default" in w._esm and ".orggraph-explorer" in w._css


def test_subset_of_every_row_is_the_data(org: og.Org) -> None:
    data = explorer_data(org)
    assert subset(data, list(range(len(data["id"]))), {}) == data


def test_lazy_sends_the_top_levels_with_placeholders(org: og.Org) -> None:
    w = ExplorerWidget(org, lazy=True, depth=1)
    ids = w._data["id"]
    assert ids[:3] == ["ceo", "coo", MORE_PREFIX + "coo"]
    assert [i for i in ids if not i.startswith(MORE_PREFIX)] == ["ceo", *org.children("ceo")]
    at = ids.index(MORE_PREFIX + "coo")
    assert w._data["p"][at] == ids.index("coo")
    assert w._data["n"][1][at] == f"{len(org.children('coo'))} …"
    # figures stay the whole organisation's
    assert w._data["f"]["seats"]["v"][0] == explorer_data(org)["f"]["seats"]["v"][0]


def test_children_message_answers_with_the_units_columns(org: og.Org) -> None:
    w = ExplorerWidget(org, lazy=True, depth=1)
    sent = sent_by(w)
    w._on_msg(w, {"type": "children", "id": "coo"}, [])
    (reply,) = sent
    kids = org.children("coo")
    assert reply["type"] == "children" and reply["id"] == "coo" and reply["ids"] == kids
    data, full = reply["data"], explorer_data(org)
    for kid in kids:
        i, j = data["id"].index(kid), full["id"].index(kid)
        assert data["id"][data["p"][i]] == "coo"
        assert [col[i] for col in data["n"]] == [col[j] for col in full["n"]]
        assert data["f"]["seats"]["v"][i] == full["f"]["seats"]["v"][j]
        assert data["po"]["c"][i] == full["po"]["c"][j]
    assert MORE_PREFIX + "coo" not in data["id"]
    w._on_msg(w, {"type": "children", "id": "nope"}, [])
    assert sent[-1]["type"] == "error" and "nope" in sent[-1]["message"]


def test_selected_from_python_loads_the_path(org: og.Org) -> None:
    w = ExplorerWidget(org, lazy=True, depth=1)
    sent = sent_by(w)
    deep = max(org.units(), key=org.depth)
    w.selected = deep
    assert w.selected == deep
    assert sent[-1]["type"] == "data" and deep in sent[-1]["data"]["id"]
    w.selected = "ceo"  # loaded already: nothing to send
    assert len(sent) == 1
    with pytest.raises(og.UnknownIdError):
        w.selected = "nope"
    assert w.selected == "ceo"


def test_expanded_is_a_list_of_ids(org: og.Org) -> None:
    w = ExplorerWidget(org)
    w.expanded = ["ceo", "coo"]
    assert w.expanded == ["ceo", "coo"]


def test_bad_options(org: og.Org) -> None:
    with pytest.raises(og.OrgError, match="depth"):
        ExplorerWidget(org, depth=-1)
    with pytest.raises(og.OrgError, match="language"):
        ExplorerWidget(org, lang="fr")


def test_missing_anywidget_says_how_to_install(
    org: og.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = builtins.__import__

    def no_anywidget(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "anywidget":
            raise ImportError("No module named 'anywidget'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_anywidget)
    wmod._base.cache_clear()
    try:
        with pytest.raises(og.MissingDependencyError, match=r"orggraph\[widget\]"):
            org.explore(widget=True)
    finally:
        monkeypatch.undo()
        wmod._base.cache_clear()


# -- the widget's module in Chromium ------------------------------------------------------

HOST = """
async ({esm, data}) => {
  const changes = {}, msgs = [], values = {_data: data, selected: null, expanded: [], height: 600};
  window.__log = {set: [], sent: []};
  const model = {
    get: (k) => values[k],
    set: (k, v) => { values[k] = v; window.__log.set.push([k, v]);
                     (changes["change:" + k] || []).forEach(f => f()); },
    save_changes: () => {},
    on: (name, f) => { (changes[name] = changes[name] || []).push(f); },
    off: (name, f) => { changes[name] = (changes[name] || []).filter(g => g !== f); },
    send: (m) => window.__log.sent.push(m),
  };
  window.__model = model;
  window.__fromPython = (k, v) => { values[k] = v; (changes["change:" + k] || []).forEach(f => f()); };
  window.__reply = (m) => (changes["msg:custom"] || []).forEach(f => f(m));
  const style = document.createElement("style");
  style.textContent = window.__css;
  document.head.append(style);
  const url = URL.createObjectURL(new Blob([esm], {type: "text/javascript"}));
  const mod = await import(url);
  const el = document.getElementById("host");
  mod.default.render({model, el});
  return true;
}
"""


@pytest.fixture
def widget_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 1200, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.set_content('<div id="host" style="height:600px"></div>')
        yield page, errors
        b.close()


@pytest.mark.browser
def test_widget_module_in_chromium(org: og.Org, widget_page: Any) -> None:
    page, errors = widget_page
    w = ExplorerWidget(org, lazy=True, depth=1)
    page.evaluate("css => { window.__css = css; }", w._css)
    assert page.evaluate(HOST, {"esm": widget_esm(), "data": w._data})
    page.wait_for_selector("#host g.og-unit[data-id=coo]")
    # a click selects: the selection reaches model.set("selected", ...)
    page.click("#host g.og-unit[data-id=technology]")
    assert ["selected", "technology"] in page.evaluate("window.__log.set")
    # expanding a unit whose children are not loaded asks the kernel
    page.evaluate("document.getElementById('host').orggraph.expand('coo')")
    assert page.evaluate("window.__log.sent") == [{"type": "children", "id": "coo"}]
    assert ["expanded", ["ceo", "coo"]] in page.evaluate("window.__log.set")
    # the kernel's answer is drawn, coo still expanded
    reply = json.loads(json.dumps(w.children("coo")))
    page.evaluate("m => window.__reply(m)", reply)
    page.wait_for_selector("#host g.og-unit[data-id=web_operations]")
    visible = page.evaluate("document.getElementById('host').orggraph.visible()")
    assert set(org.children("coo")) <= set(visible)
    # selected set from Python selects and reveals the unit in the page
    page.evaluate("() => window.__fromPython('selected', 'web_operations')")
    assert page.evaluate("document.getElementById('host').orggraph.selected()") == "web_operations"
    assert not errors, errors
