"""The explorer as a Jupyter widget (``pip install orggraph[widget]``, built on anywidget).

Two-way: :attr:`ExplorerWidget.selected` follows the unit clicked in the page and, set
from Python, selects and centres a unit; :attr:`ExplorerWidget.expanded` lists the
expanded units. The page is the explorer's own JavaScript and CSS (``assets/``), inlined
into the widget's module: nothing is fetched.

Lazy loading: above :data:`LAZY_UNITS` units (or with ``lazy=True``) the page gets only
the levels it opens with; a unit whose children are not loaded has one placeholder child
(``"{n} units…"``). Expanding it sends the kernel ``{"type": "children", "id": ...}``;
:meth:`ExplorerWidget.children` answers with the loaded units' columns (the previous
ones and the new children) and the page draws them. Figures are always the whole
organisation's rollups; search finds loaded units only.

>>> import orggraph as og
>>> w = ExplorerWidget(og.datasets.load("ecommerce"), lazy=True, depth=1)  # doctest: +SKIP
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from orggraph.errors import MissingDependencyError, OrgError, UnknownIdError
from orggraph.render.explorer.page import SCRIPTS, asset, page_data
from orggraph.render.options import LINK_KINDS
from orggraph.render.theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["INSTALL_HINT", "LAZY_UNITS", "MORE_PREFIX", "ExplorerWidget", "subset", "widget_esm"]

INSTALL_HINT = (
    "the explorer widget needs the anywidget package: pip install 'orggraph[widget]' "
    "(or org.explore() without widget=True for the inline page)"
)
LAZY_UNITS = 5000
"""Above this many units the widget loads children from the kernel on expand."""
MORE_PREFIX = "\x1fmore:"
"""The id of a placeholder child: this prefix and its parent's id (no unit id has it)."""


def _anywidget() -> Any:
    try:
        import anywidget
    except ImportError as exc:
        raise MissingDependencyError(INSTALL_HINT) from exc
    return anywidget


def widget_esm() -> str:
    """The widget's ES module: the explorer's scripts (not the page starter) and
    ``widget.js``, which exports ``render``. Modules are strict mode already.

    >>> "export default" in widget_esm(), "function start()" in widget_esm()
    (True, False)
    """
    body = "\n".join(asset(n) for n in SCRIPTS if n != "start.js")
    return body + "\n" + asset("widget.js")


def _rows_of(values: list[Any], keep: list[int]) -> list[Any]:
    return [values[i] for i in keep]


def subset(data: dict[str, Any], keep: list[int], more: dict[int, int]) -> dict[str, Any]:
    """*data* (:func:`~orggraph.render.explorer.data.explorer_data`) cut to the rows
    *keep* (in chart order), with one placeholder child after each row of *more*
    (row: how many children it has that are not loaded). Strings and people stay whole."""
    order: list[int] = []  # rows of data, -1 - parent row for a placeholder
    for i in keep:
        order.append(i)
        if i in more:
            order.append(-1 - i)
    at = {i: k for k, i in enumerate(order) if i >= 0}
    ids, parents, names = data["id"], data["p"], data["n"]
    out = dict(data)
    out["id"] = [ids[i] if i >= 0 else MORE_PREFIX + ids[-1 - i] for i in order]
    out["p"] = [(-1 if parents[i] < 0 else at[parents[i]]) if i >= 0 else at[-1 - i] for i in order]
    out["ty"] = [data["ty"][i] if i >= 0 else -1 for i in order]
    out["n"] = [[col[i] if i >= 0 else f"{more[-1 - i]:,} …" for i in order] for col in names]
    for key in ("al", "d"):
        pairs = [(at[i], v) for i, v in zip(data[key]["i"], data[key]["v"], strict=True) if i in at]
        out[key] = {"i": [a for a, _ in pairs], "v": [v for _, v in pairs]}
    out["f"] = {
        m: {c: [col[i] if i >= 0 else 0 for i in order] for c, col in f.items()}
        for m, f in data["f"].items()
    }
    po = data["po"]
    start = [0]
    for c in po["c"]:
        start.append(start[-1] + c)
    posts = [j for i in order if i >= 0 for j in range(start[i], start[i + 1])]
    out["po"] = {
        k: (
            [po["c"][i] if i >= 0 else 0 for i in order]
            if k == "c"
            else "".join(po["k"][j] for j in posts)
            if k == "k"
            else [_rows_of(col, posts) for col in v]
            if k == "t"
            else _rows_of(v, posts)
        )
        for k, v in po.items()
    }
    ln = data["ln"]
    links = [k for k in range(len(ln["k"])) if ln["a"][k] in at and ln["b"][k] in at]
    out["ln"] = {
        "k": _rows_of(ln["k"], links),
        "a": [at[ln["a"][k]] for k in links],
        "b": [at[ln["b"][k]] for k in links],
        "r": [_rows_of(col, links) for col in ln["r"]],
        "m": _rows_of(ln["m"], links),
    }
    rs = data["rs"]
    owned = [(r, [at[u] for u in us if u in at]) for r, us in enumerate(rs["u"])]
    owned = [(r, us) for r, us in owned if us]
    out["rs"] = {
        "n": [[col[r] for r, _ in owned] for col in rs["n"]],
        "u": [us for _, us in owned],
    }
    return out


# A factory named like a class: the class exists only once anywidget imports.
def ExplorerWidget(
    org: Org,
    *,
    lazy: bool | None = None,
    height: int = 640,
    lang: str | None = None,
    depth: int | None = None,
    root: str | None = None,
    links: tuple[str, ...] = LINK_KINDS,
    people: bool = True,
    theme: Theme = DEFAULT_THEME,
) -> Any:
    """*org*'s explorer as an anywidget widget; options as
    :func:`~orggraph.render.explorer.page.explorer_html`; *lazy*: load children from the
    kernel on expand (default: above :data:`LAZY_UNITS` units); *height* in pixels."""
    return _widget_class()(
        org,
        lazy=lazy,
        height=height,
        lang=lang,
        depth=depth,
        root=root,
        links=links,
        people=people,
        theme=theme,
    )


class _Mixin:
    """The widget's Python side (mixed into the anywidget class when anywidget imports)."""

    def __init__(
        self,
        org: Org,
        *,
        lazy: bool | None,
        height: int,
        lang: str | None,
        depth: int | None,
        root: str | None,
        links: tuple[str, ...],
        people: bool,
        theme: Theme,
    ) -> None:
        full, _ = page_data(
            org, lang=lang, depth=depth, root=root, links=links, people=people, theme=theme
        )
        n = len(full["id"])
        self._full = full
        self._row = {u: i for i, u in enumerate(full["id"])}
        self._kids: list[list[int]] = [[] for _ in range(n)]
        level = [0] * n
        for i, p in enumerate(full["p"]):
            if p >= 0:
                self._kids[p].append(i)
                level[i] = level[p] + 1
        self.lazy = n > LAZY_UNITS if lazy is None else bool(lazy)
        opened = max(full["depth"], 1)  # the levels open at first and their children
        self._loaded = [not self.lazy or level[i] <= opened for i in range(n)]
        super().__init__(_data=self._page(), height=height)  # type: ignore[call-arg]
        self.on_msg(self._on_msg)  # type: ignore[attr-defined]
        self.observe(self._on_selected, names="selected")  # type: ignore[attr-defined]

    def _page(self) -> dict[str, Any]:
        keep = [i for i, on in enumerate(self._loaded) if on]
        more = {
            i: len(self._kids[i])
            for i in keep
            if self._kids[i] and not self._loaded[self._kids[i][0]]
        }
        return subset(self._full, keep, more)

    def _need(self, unit: str) -> int:
        row = self._row.get(unit)
        if row is None:
            raise UnknownIdError(unit, choices=list(self._row))
        return row

    def children(self, unit: str) -> dict[str, Any]:
        """Load *unit*'s children: the reply to the page's ``children`` message, with
        the ids of the children (``ids``) and the loaded units' columns (``data``)."""
        row = self._need(unit)
        for k in self._kids[row]:
            self._loaded[k] = True
        return {
            "type": "children",
            "id": unit,
            "ids": [self._full["id"][k] for k in self._kids[row]],
            "data": self._page(),
        }

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "children":
            try:
                reply = self.children(str(content.get("id")))
            except OrgError as err:
                reply = {"type": "error", "id": content.get("id"), "message": str(err)}
            self.send(reply)  # type: ignore[attr-defined]

    def _on_selected(self, change: dict[str, Any]) -> None:
        """A unit selected from Python whose ancestors' children are not loaded: load
        them and send the page the new columns before it selects the unit."""
        unit = change["new"]
        if unit is None or unit.startswith(MORE_PREFIX):
            return
        try:
            row = self._need(unit)
        except OrgError:
            self.selected = change["old"]  # refuse the unknown id
            raise
        if self._loaded[row]:
            return
        p = self._full["p"][row]
        while p >= 0:
            for k in self._kids[p]:
                self._loaded[k] = True
            p = self._full["p"][p]
        self.send({"type": "data", "data": self._page()})  # type: ignore[attr-defined]


@cache  # the one class: traitlets classes are costly and the module is big
def _widget_class() -> type[Any]:
    base: Any = _anywidget().AnyWidget
    import traitlets

    class ExplorerWidget(_Mixin, base):  # type: ignore[misc]
        __qualname__ = "ExplorerWidget"  # as help() and tracebacks should name it
        _esm = traitlets.Unicode(widget_esm()).tag(sync=True)
        _css = traitlets.Unicode(asset("explorer.css")).tag(sync=True)
        _data = traitlets.Dict().tag(sync=True)
        selected = traitlets.Unicode(None, allow_none=True).tag(sync=True)
        expanded = traitlets.List(traitlets.Unicode()).tag(sync=True)
        height = traitlets.Int(640).tag(sync=True)

    return ExplorerWidget
