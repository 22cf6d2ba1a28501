/* orggraph explorer (MIT, part of orggraph): the Jupyter widget (anywidget). widget.py
   joins the explorer's scripts (not start.js) and this file into one ES module.
   The model's traits: _data (the columns), selected, expanded, height. Lazy loading: a
   unit whose children are not loaded has one placeholder child (id MORE + its id);
   expanding it sends {type: "children", id} and the kernel answers with the columns. */
var MORE = "\u001fmore:";

// In a notebook the page's URL is the notebook's: the widget leaves the hash alone.
Explorer.prototype.toHash = function () {};
Explorer.prototype.fromHash = function () {};

function WidgetHost(model, el) {
  this.model = model;
  this.el = el;
  this.x = null;
  this.pending = null; // a unit selected from Python before its columns arrived
  this.loading = {};
  el.classList.add("orggraph-explorer");
  el.style.height = model.get("height") + "px";
  this.start(model.get("_data"), null);
}
WidgetHost.prototype.ids = function () {
  var x = this.x, out = [];
  for (var i = 0; i < x.m.n; i++) if (x.expanded[i] && x.m.nkids(i)) out.push(x.m.d.id[i]);
  return out;
};
// (Re)start the explorer on new columns, keeping what was expanded, the view and the language.
WidgetHost.prototype.start = function (data, keep) {
  var self = this, el = this.el;
  el.textContent = "";
  var x = this.x = new Explorer(el, data);
  el.orggraph = api(x);
  if (keep) {
    x.expanded.fill(0);
    keep.expanded.forEach(function (id) { var i = x.m.row(id); if (i >= 0) x.expanded[i] = 1; });
    if (keep.L !== x.L) x.setLanguage(x.d.langs[keep.L]);
    x.T = keep.T;
    x.relayout();
  }
  x.listeners.select = [function (e) {
    if (e.id.indexOf(MORE) === 0) self.expandedOne(e.id.slice(MORE.length)); // a placeholder
    else self.set("selected", e.id);
  }];
  var sync = function () { self.set("expanded", self.ids()); };
  x.listeners.collapse = [sync];
  x.listeners.expand = [function (e) { sync(); self.expandedOne(e.id); }];
  var want = this.pending || this.model.get("selected");
  if (want && x.m.row(want) >= 0) { this.pending = null; this.show(want); }
};
WidgetHost.prototype.set = function (name, value) {
  if (JSON.stringify(this.model.get(name)) === JSON.stringify(value)) return;
  this.model.set(name, value);
  this.model.save_changes();
};
WidgetHost.prototype.show = function (id) {
  var x = this.x;
  if (x.selected >= 0 && x.m.d.id[x.selected] === id) return;
  x.focus(id);
  x.select(id);
};
// A unit expanded whose only child is a placeholder: ask the kernel for its children.
WidgetHost.prototype.expandedOne = function (id) {
  var x = this.x, i = x.m.row(id);
  if (x.m.nkids(i) !== 1 || x.m.d.id[x.m.kid(i, 0)] !== MORE + id || this.loading[id]) return;
  this.loading[id] = true;
  this.model.send({ type: "children", id: id });
};
WidgetHost.prototype.keep = function () {
  var x = this.x;
  return { expanded: this.ids(), T: x.T, L: x.L };
};
WidgetHost.prototype.message = function (msg) {
  if (!msg || (msg.type !== "children" && msg.type !== "data")) return;
  if (msg.type === "children") delete this.loading[msg.id];
  this.start(msg.data, this.keep());
};
WidgetHost.prototype.fromPython = function () {
  var id = this.model.get("selected");
  if (!id) return;
  if (this.x.m.row(id) < 0) { this.pending = id; return; } // its columns are on their way
  this.show(id);
};
WidgetHost.prototype.expandFromPython = function () {
  var x = this.x, want = this.model.get("expanded") || [];
  if (JSON.stringify(want) === JSON.stringify(this.ids())) return;
  x.expanded.fill(0);
  want.forEach(function (id) { var i = x.m.row(id); if (i >= 0) x.expanded[i] = 1; });
  x.relayout();
};

function render(ctx) {
  var model = ctx.model, host = new WidgetHost(model, ctx.el);
  var onSelected = function () { host.fromPython(); };
  var onExpanded = function () { host.expandFromPython(); };
  var onData = function () { host.start(model.get("_data"), host.keep()); };
  var onMsg = function (msg) { host.message(msg); };
  model.on("change:selected", onSelected);
  model.on("change:expanded", onExpanded);
  model.on("change:_data", onData);
  model.on("msg:custom", onMsg);
  return function () {
    model.off("change:selected", onSelected);
    model.off("change:expanded", onExpanded);
    model.off("change:_data", onData);
    model.off("msg:custom", onMsg);
  };
}

export default { render: render };
