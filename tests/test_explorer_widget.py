"""The explorer widget (anywidget), for real.

In this process: its traits, the lazy columns, the missing-dependency error. In a real
Jupyter kernel (jupyter_client, ipykernel): the test is the widget's front end, takes the
state the kernel opens the widget's comm with and sends comm messages as anywidget's
JavaScript does (``model.save_changes()``: method ``update``; ``model.send()``: method
``custom``). In Chromium: the module the kernel sent, rendered with a model that carries
every message to and from that same kernel. Skipped, with the reason, without anywidget,
a kernel or Chromium."""

from __future__ import annotations

import builtins
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from marks import needs_anywidget, needs_kernel

import orggraph as og
from orggraph.render.explorer import widget as wmod
from orggraph.render.explorer.data import explorer_data
from orggraph.render.explorer.widget import MORE_PREFIX, ExplorerWidget, subset, widget_esm

pytestmark = needs_anywidget
TIMEOUT = 60  # seconds for one kernel reply (a cold kernel imports orggraph and anywidget)
NEW = "import orggraph as og\n{name} = og.datasets.load('ecommerce').explore({options})\n{name}"


@pytest.fixture(scope="module")
def org() -> og.Org:
    return og.datasets.load("ecommerce")


def sent_by(w: Any) -> list[Any]:
    out: list[Any] = []
    w.send = lambda content, buffers=None: out.append(content)
    return out


def loaded(data: dict[str, Any]) -> list[str]:
    """The unit ids in widget columns, placeholders left out."""
    return [i for i in data["id"] if not i.startswith(MORE_PREFIX)]


# -- in this process ---------------------------------------------------------------------


def test_whole_organisation_below_the_threshold(org: og.Org) -> None:
    w = org.explore(widget=True)
    assert type(w).__name__ == "ExplorerWidget" and not w.lazy
    # one class (traitlets' add_traits, which anywidget calls, derives one per instance)
    assert isinstance(w, wmod._widget_class()) and isinstance(ExplorerWidget(org), type(w).__base__)
    assert w._data["id"] == org.units()  # everything, no placeholder
    assert w._data["depth"] == 2  # decided in Python (page_data), once
    assert w.selected is None and w.expanded == [] and w.height == 640
    assert w._esm == widget_esm() and ".orggraph-explorer" in w._css
    assert "export default" in w._esm and "function start()" not in w._esm


def test_subset_of_every_row_is_the_data(org: og.Org) -> None:
    data = explorer_data(org)
    assert subset(data, list(range(len(data["id"]))), {}) == data


def test_lazy_sends_the_top_levels_with_placeholders(org: og.Org) -> None:
    w = ExplorerWidget(org, lazy=True, depth=1)
    ids = w._data["id"]
    assert ids[:3] == ["ceo", "coo", MORE_PREFIX + "coo"]
    assert loaded(w._data) == ["ceo", *org.children("ceo")]
    at = ids.index(MORE_PREFIX + "coo")
    assert w._data["p"][at] == ids.index("coo")
    assert w._data["n"][1][at] == f"{len(org.children('coo'))} …"
    # figures stay the whole organisation's
    assert w._data["f"]["seats"]["v"][0] == explorer_data(org)["f"]["seats"]["v"][0]


def test_lazy_default_depth_loads_two_levels_and_their_children(org: og.Org) -> None:
    w = ExplorerWidget(org, lazy=True)  # 44 units: depth 2, levels 0-2 loaded
    assert w._data["depth"] == 2
    assert {org.depth(u) for u in loaded(w._data)} == {0, 1, 2}


def test_default_depth_is_one_above_200_units() -> None:
    kids = [
        {"id": f"u{k}", "name": f"U{k}", "units": [{"id": f"v{k}", "name": f"V{k}"}]}
        for k in range(100)
    ]
    wide = og.from_dict({"units": [{"id": "top", "name": "Top", "units": kids}]})  # 201
    w = ExplorerWidget(wide, lazy=True)
    assert w._data["depth"] == 1  # page_data's default, the page's too
    assert loaded(w._data) == ["top", *wide.children("top")]


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
    wmod._widget_class.cache_clear()
    try:
        with pytest.raises(og.MissingDependencyError, match=r"orggraph\[widget\]"):
            org.explore(widget=True)
    finally:
        monkeypatch.undo()
        wmod._widget_class.cache_clear()


# -- in a real kernel, this test as the front end ----------------------------------------


@dataclass
class Kernel:
    """A Python kernel running this checkout of orggraph, and its client."""

    manager: Any
    client: Any

    def run(self, code: str) -> list[dict[str, Any]]:
        """Run *code*; the messages it published (AssertionError if it failed)."""
        msgs: list[dict[str, Any]] = []
        reply = self.client.execute_interactive(code, output_hook=msgs.append, timeout=TIMEOUT)
        errors = [m["content"] for m in msgs if m["msg_type"] == "error"]
        assert reply["content"]["status"] == "ok", errors
        return msgs

    def value(self, expr: str) -> Any:
        """*expr* evaluated in the kernel (through JSON)."""
        msgs = self.run(f"import json as _json\nprint(_json.dumps({expr}))")
        return json.loads("".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream"))

    def send(self, comm_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Send *data* on the comm as a front end does; the messages the kernel
        published while it handled it."""
        msg = self.client.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.client.shell_channel.send(msg)
        out: list[dict[str, Any]] = []
        while True:
            got = self.client.get_iopub_msg(timeout=TIMEOUT)
            if got["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            if got["msg_type"] == "status" and got["content"]["execution_state"] == "idle":
                return out
            out.append(got)

    def open(self, name: str, options: str) -> tuple[str, dict[str, Any]]:
        """Create widget *name* in the kernel (``org.explore(OPTIONS)``) and display it:
        its comm id and the state the kernel opened the comm with."""
        msgs = self.run(NEW.format(name=name, options=options))
        (opened,) = [
            m["content"]
            for m in msgs
            if m["msg_type"] == "comm_open"
            and m["content"]["data"]["state"]["_model_name"] == "AnyModel"
        ]
        (shown,) = [m["content"]["data"] for m in msgs if m["msg_type"] == "execute_result"]
        view = shown["application/vnd.jupyter.widget-view+json"]
        assert opened["target_name"] == "jupyter.widget" and view["model_id"] == opened["comm_id"]
        return opened["comm_id"], opened["data"]["state"]


def on_comm(msgs: list[dict[str, Any]], comm_id: str) -> list[dict[str, Any]]:
    """The data of the messages sent on *comm_id*."""
    return [
        m["content"]["data"]
        for m in msgs
        if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
    ]


def update(**state: Any) -> dict[str, Any]:
    """What ``model.save_changes()`` sends after ``model.set(...)``."""
    return {"method": "update", "state": state, "buffer_paths": []}


def custom(**content: Any) -> dict[str, Any]:
    """What ``model.send(content)`` sends."""
    return {"method": "custom", "content": content}


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    from jupyter_client.manager import KernelManager

    here = str(Path(og.__file__).resolve().parents[1])  # this checkout, not an installed copy
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
    manager = KernelManager(kernel_name="python3", transport="ipc")
    manager.start_kernel(env={**os.environ, "PYTHONPATH": path})
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        yield Kernel(manager, client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@needs_kernel
def test_kernel_opens_the_widget_with_its_state(kernel: Kernel, org: og.Org) -> None:
    _, state = kernel.open("w0", "widget=True, lazy=True, depth=1")
    assert kernel.value("og.__file__") == og.__file__  # this checkout's code
    assert state["_model_module"] == "anywidget" and state["_view_name"] == "AnyView"
    assert state["_anywidget_id"].endswith(".ExplorerWidget")
    assert state["_esm"] == widget_esm() and ".orggraph-explorer" in state["_css"]
    assert state["selected"] is None and state["expanded"] == [] and state["height"] == 640
    data = state["_data"]  # lazy: the top levels, a placeholder for each unloaded family
    assert data["depth"] == 1 and loaded(data) == ["ceo", *org.children("ceo")]
    assert MORE_PREFIX + "coo" in data["id"]


@needs_kernel
def test_front_end_expands_and_selects_in_a_kernel(kernel: Kernel, org: og.Org) -> None:
    comm, _ = kernel.open("w1", "widget=True, lazy=True, depth=1")
    # expanding coo: the page asks for its children, the kernel sends their columns
    (reply,) = on_comm(kernel.send(comm, custom(type="children", id="coo")), comm)
    assert reply["method"] == "custom"
    answer = reply["content"]
    kids = org.children("coo")
    assert answer["type"] == "children" and answer["id"] == "coo" and answer["ids"] == kids
    data = answer["data"]
    for kid in kids:
        assert data["id"][data["p"][data["id"].index(kid)]] == "coo"
    assert set(loaded(data)) == {"ceo", *org.children("ceo"), *kids}  # still lazy below
    assert MORE_PREFIX + "web_operations" in data["id"]
    # a click in the page: the selection and what is expanded, readable from Python
    echoed = on_comm(kernel.send(comm, update(selected="web_operations")), comm)
    assert echoed == [{**update(selected="web_operations"), "method": "echo_update"}]
    kernel.send(comm, update(expanded=["ceo", "coo"]))
    assert kernel.value("[w1.selected, w1.expanded]") == ["web_operations", ["ceo", "coo"]]
    # an unknown id from the page is refused: the kernel sets the selection back
    msgs = kernel.send(comm, update(selected="nope"))
    assert on_comm(msgs, comm)[-1] == update(selected="web_operations")
    assert any(m["msg_type"] == "error" and "nope" in m["content"]["evalue"] for m in msgs)
    assert kernel.value("w1.selected") == "web_operations"
    (refused,) = on_comm(kernel.send(comm, custom(type="children", id="nope")), comm)
    assert refused["content"]["type"] == "error" and "nope" in refused["content"]["message"]
    # selected from Python: the page gets the selection, then the columns of its path
    deep = org.children("marketing")[0]
    sel, more = on_comm(kernel.run(f"w1.selected = {deep!r}"), comm)
    assert sel == update(selected=deep)
    assert more["content"]["type"] == "data" and deep in more["content"]["data"]["id"]


# -- in Chromium, wired to the kernel ------------------------------------------------------

# anywidget's front-end model (get/set/on/off/save_changes/send, "change:NAME" and
# "msg:custom" events) over a comm: what the page sends waits in an outbox that the
# test carries to the kernel; the kernel's messages come back through __fromKernel.
HOST = """
async (state) => {
  const handlers = {}, values = {...state}, outbox = [];
  let dirty = {};
  const fire = (name, arg) => (handlers[name] || []).slice().forEach((f) => f(arg));
  const model = {
    get: (k) => values[k],
    set: (k, v) => { values[k] = v; dirty[k] = v; fire("change:" + k); },
    save_changes: () => {
      if (Object.keys(dirty).length) {
        outbox.push({method: "update", state: dirty, buffer_paths: []});
      }
      dirty = {};
    },
    on: (name, f) => { (handlers[name] = handlers[name] || []).push(f); },
    off: (name, f) => { handlers[name] = (handlers[name] || []).filter((g) => g !== f); },
    send: (content) => outbox.push({method: "custom", content}),
  };
  window.__take = () => outbox.splice(0);
  window.__fromKernel = (data) => {
    if (data.method === "update") {
      for (const [k, v] of Object.entries(data.state)) { values[k] = v; fire("change:" + k); }
    } else if (data.method === "custom") fire("msg:custom", data.content);
  };
  const style = document.createElement("style");
  style.textContent = state._css;
  document.head.append(style);
  const url = URL.createObjectURL(new Blob([state._esm], {type: "text/javascript"}));
  const mod = await import(url);
  mod.default.render({model, el: document.getElementById("host")});
  return true;
}
"""


@dataclass
class Wired:
    """The widget's page in Chromium and its model's comm to the kernel."""

    page: Any
    kernel: Kernel
    comm: str

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def deliver(self, msgs: list[dict[str, Any]]) -> None:
        """The kernel's messages on the comm to the page (echoes need nothing: the page
        has the value it sent)."""
        for data in on_comm(msgs, self.comm):
            if data["method"] != "echo_update":
                self.js("(d) => window.__fromKernel(d)", data)

    def pump(self) -> list[dict[str, Any]]:
        """Carry messages both ways until the page sends no more; what the page sent."""
        sent: list[dict[str, Any]] = []
        while out := self.js("window.__take()"):
            for data in out:
                sent.append(data)
                self.deliver(self.kernel.send(self.comm, data))
        return sent

    def run(self, code: str) -> None:
        """Run *code* in the kernel; what it sends on the comm reaches the page."""
        self.deliver(self.kernel.run(code))
        self.pump()


@pytest.fixture
def wired(kernel: Kernel) -> Iterator[Wired]:
    from playwright.sync_api import sync_playwright

    comm, state = kernel.open("w2", "widget=True, lazy=True, depth=1, lang='en'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            page = b.new_page(viewport={"width": 1200, "height": 800})
            page.set_default_timeout(10_000)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.set_content('<div id="host"></div>')
            assert page.evaluate(HOST, state)
            yield Wired(page, kernel, comm)
            assert not errors, errors
        finally:
            b.close()


@pytest.mark.browser
@needs_kernel
def test_widget_in_chromium_with_a_kernel(wired: Wired, org: og.Org) -> None:
    page, api = wired.page, "document.getElementById('host').orggraph"
    page.wait_for_selector("#host g.og-unit[data-id=coo]")
    assert wired.js(f"{api}.visible()") == ["ceo", *org.children("ceo")]
    # a click selects: the kernel's widget has the selection
    page.click("#host g.og-unit[data-id=technology]")
    assert wired.pump() == [update(selected="technology")]
    assert wired.kernel.value("w2.selected") == "technology"
    # expanding coo (its toggle) asks the kernel for the children it has not sent yet
    assert not page.locator("#host g.og-unit[data-id=web_operations]").count()
    page.click("#host g.og-unit[data-id=coo] .og-toggle")
    sent = wired.pump()
    assert custom(type="children", id="coo") in sent
    assert update(expanded=["ceo", "coo"]) in sent
    # the kernel's answer is drawn, coo still expanded
    page.wait_for_selector("#host g.og-unit[data-id=web_operations]")
    assert set(org.children("coo")) <= set(wired.js(f"{api}.visible()"))
    assert wired.kernel.value("w2.expanded") == ["ceo", "coo"]
    # a unit selected from Python whose path is not loaded: loaded, shown and selected
    deep = org.children("marketing")[0]
    assert deep not in wired.js(f"{api}.visible()")
    wired.run(f"w2.selected = {deep!r}")
    assert wired.js(f"{api}.selected()") == deep
    page.wait_for_selector(f"#host g.og-unit[data-id={deep}]")
    assert wired.kernel.value("w2.selected") == deep
