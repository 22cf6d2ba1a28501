/* orggraph explorer (MIT, part of orggraph): one explorer: its page, zoom and pan, events, the search box, the API.
   Every text from the organisation reaches the DOM through textContent or createTextNode.
   page.py joins the assets in order inside one function with "use strict". */
// ------------------------------------------------------------------ one explorer
function Explorer(root, data) {
  this.root = root;
  this.m = new Model(data);
  this.d = data;
  this.L = data.lang || 0;
  this.theme = data.theme;
  this.family = "'" + data.theme.font + "', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
  this.measure = new Measure(this.family);
  var n = this.m.n;
  EXPLORERS += 1;
  this.uid = "og" + EXPLORERS + "-"; // element ids stay unique with several explorers on a page
  // A dated organisation's days (data.py date_columns): the page's data is day dt.at's;
  // setDate patches a copy of it into another day's.
  this.base = data;
  this.dt = data.dt || null;
  this.day = this.dt ? this.dt.at : -1; // the day shown: a row of dt.d
  this.iso = this.dt ? this.dt.d[this.day] : null; // the date asked for (on or after it)
  this.alloc(n);
  if (this.dt) { // layout.js counts every row; a dated page's rows include other days' units
    var relayout = this.relayout;
    this.relayout = function () {
      relayout.call(this);
      this.status.textContent = say(this.words().status, { shown: fmt(this.count), total: fmt(this.m.units) });
    };
  }
  this.count = 0;
  this.more = [];
  this.T = { x: 0, y: 0, k: 1 };
  this.selected = -1;
  this.hit = -1;
  this.active = -1;
  this.overlays = { dotted: true, collaboration: true };
  this.hover = -1; // the unit under the pointer
  this.linksMax = LINKS_MAX; // more overlay lines in view: only the focused units' drawn (draw.js)
  this.linksDrawn = [];
  this.listeners = {};
  this.drawn = new Map();
  this.mode = "";
  this.pending = false;
  var depth = this.depth0 = data.depth; // page_data decides the default
  this.met = new Uint8Array(n); // units seen on a day shown (a dated page's rows hold every day's)
  for (var i = 0; i < n; i++) {
    if (data.p[i] === -2) continue;
    this.met[i] = 1;
    if (this.m.depth[i] < depth) this.expanded[i] = 1;
  }
  this.links = this.d.ln;
  this.overlays.dotted = data.show.indexOf("dotted") >= 0;
  this.overlays.collaboration = data.show.indexOf("collaboration") >= 0;
  this.build();
  this.relayout();
  this.fit();
  this.fromHash(true);
  var self = this;
  window.addEventListener("hashchange", function () { self.fromHash(false); });
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  idle(function () { self.m.index(); });
}

// The per-unit arrays, for n rows.
Explorer.prototype.alloc = function (n) {
  this.expanded = new Uint8Array(n);
  this.limit = new Int32Array(n); // children shown of a wide span (0: one page)
  this.shown = new Uint8Array(n);
  this.stacked = new Uint8Array(n); // its children stack in columns
  this.W = new Float32Array(n);
  this.NW = new Float32Array(n); // natural widths (W: widened to a stack column's widest)
  this.bus = new Float32Array(n); // a stacked unit's bus x, relative to its parent
  this.H = new Float32Array(n);
  this.A = new Float32Array(n); // width the assistants add on the right
  this.X = new Float64Array(n);
  this.Y = new Float64Array(n);
  this.sized = new Int32Array(n).fill(-1); // the language the size was measured in
  this.order = new Int32Array(0);
};

Explorer.prototype.words = function () {
  var lang = (this.d.langs[this.L] || "en").split("-")[0];
  return UI[lang] || UI.en;
};

function el(tag, attrs, parent) {
  var e = document.createElement(tag);
  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function sv(tag, attrs, parent) {
  var e = document.createElementNS(SVGNS, tag);
  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function txt(e, value) { e.textContent = value; return e; }

// The page around the chart: bar, chart, details panel, status line.
Explorer.prototype.build = function () {
  var self = this, root = this.root, d = this.d;
  var bar = el("div", { "class": "og-bar", role: "toolbar" }, root);
  this.h1 = el("h1", {}, bar);
  var search = el("div", { "class": "og-search" }, bar);
  this.input = el("input", {
    type: "search", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
    "aria-controls": this.uid + "hits", autocomplete: "off", spellcheck: "false"
  }, search);
  this.hits = el("ul", { "class": "og-hits", id: this.uid + "hits", role: "listbox", hidden: "" }, search);
  var g1 = el("div", { "class": "og-group" }, bar);
  this.buttons = {};
  var add = function (group, key, fn) {
    var b = el("button", { type: "button", "data-action": key }, group);
    b.addEventListener("click", fn);
    self.buttons[key] = b;
    return b;
  };
  add(g1, "expandAll", function () { self.expandAll(); });
  add(g1, "collapseAll", function () { self.collapseAll(); });
  add(g1, "fit", function () { self.fit(); });
  add(g1, "zoomIn", function () { self.zoomBy(1.25); }).textContent = "+";
  add(g1, "zoomOut", function () { self.zoomBy(0.8); }).textContent = "−";
  var g2 = el("div", { "class": "og-group" }, bar);
  this.checks = {};
  ["dotted", "collaboration"].forEach(function (kind) {
    var has = false;
    for (var k = 0; k < d.ln.k.length; k++) if (d.ln.k[k] === (kind === "dotted" ? 0 : 1)) has = true;
    var label = el("label", {}, g2);
    if (!has) label.hidden = true;
    var box = el("input", { type: "checkbox", "data-overlay": kind }, label);
    box.checked = self.overlays[kind];
    box.addEventListener("change", function () {
      self.overlays[kind] = box.checked;
      self.draw(true);
    });
    self.checks[kind] = label.appendChild(document.createElement("span"));
  });
  var g3 = el("div", { "class": "og-group" }, bar);
  this.dateSelect = el("select", { "data-action": "date" }, g3);
  if (this.dt) {
    this.dt.d.forEach(function (iso, k) { // not the days without the chart's root (dates.js)
      if (self.dt.x[k] !== null) txt(el("option", { value: String(k) }, self.dateSelect), iso);
    });
    this.dateSelect.value = String(this.day);
    this.dateSelect.addEventListener("change", function () {
      self.setDate(self.dt.d[Number(self.dateSelect.value)]);
    });
  } else this.dateSelect.hidden = true;
  this.langSelect = el("select", { "data-action": "language" }, g3);
  d.langs.forEach(function (code, k) {
    var o = el("option", { value: String(k) }, self.langSelect);
    o.textContent = code || "—";
  });
  this.langSelect.value = String(this.L);
  if (d.langs.length < 2) this.langSelect.hidden = true;
  this.langSelect.addEventListener("change", function () {
    self.setLanguage(d.langs[Number(self.langSelect.value)]);
  });
  add(g3, "exportSvg", function () { self.download("svg"); });
  add(g3, "exportPng", function () { self.download("png"); });
  var main = el("div", { "class": "og-main" }, root);
  this.svg = sv("svg", { "class": "og-chart", role: "tree", tabindex: "0" }, main);
  this.defs = sv("defs", {}, this.svg);
  this.markers(this.defs);
  this.vp = sv("g", { "class": "og-viewport" }, this.svg);
  this.edgePath = sv("path", { "class": "og-edges", fill: "none", stroke: this.theme.reporting, "stroke-width": "1.2" }, this.vp);
  this.overview = sv("g", { "class": "og-overview" }, this.vp);
  this.linkLayer = sv("g", { "class": "og-links", fill: "none" }, this.vp);
  this.moreLayer = sv("g", { "class": "og-pages" }, this.vp);
  this.nodeLayer = sv("g", { "class": "og-nodes" }, this.vp);
  this.panel = el("aside", { "class": "og-details", hidden: "", "aria-live": "polite" }, main);
  this.status = el("div", { "class": "og-status", role: "status", "aria-live": "polite" }, main);
  this.labels();
  this.events();
};

Explorer.prototype.markers = function (defs) {
  var t = this.theme;
  [[this.uid + "dotted", t.dotted], [this.uid + "collaboration", t.collaboration]].forEach(function (m) {
    var mk = sv("marker", { id: m[0], viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
    sv("path", { d: "M0,1L10,5L0,9z", fill: m[1] }, mk);
  });
};

// The bar's words in the language shown (names come from the data).
Explorer.prototype.labels = function () {
  var w = this.words(), d = this.d, b = this.buttons;
  var title = this.m.pick(d.title.map(function (x) { return [x]; }), 0, this.L);
  this.h1.textContent = title;
  // The day shown, as the static charts' subtitle says it; inside the h1 so that the
  // exported SVG's title (the h1's text) carries it too.
  var asOf = this.dt ? say(this.dt.w[this.L] || this.dt.w[0], { date: this.iso }) : "";
  if (asOf) txt(el("span", { "class": "og-asof" }, this.h1), (title ? " · " : "") + asOf);
  this.h1.hidden = !title && !asOf;
  this.dateSelect.setAttribute("aria-label", w.date);
  this.input.setAttribute("placeholder", w.search);
  this.input.setAttribute("aria-label", w.search);
  this.svg.setAttribute("aria-label", (title ? title + ": " : "") + w.chart);
  var names = { expandAll: w.expandAll, collapseAll: w.collapseAll, fit: w.fit };
  for (var k in names) if (Object.prototype.hasOwnProperty.call(names, k)) b[k].textContent = names[k];
  b.zoomIn.setAttribute("aria-label", w.zoomIn);
  b.zoomOut.setAttribute("aria-label", w.zoomOut);
  b.exportSvg.textContent = w.exportSvg;
  b.exportSvg.setAttribute("aria-label", w.exportSvgLabel);
  b.exportPng.textContent = w.exportPng;
  b.exportPng.setAttribute("aria-label", w.exportPngLabel);
  this.langSelect.setAttribute("aria-label", w.language);
  this.checks.dotted.textContent = w.dotted;
  this.checks.collaboration.textContent = w.collaboration;
  this.panel.setAttribute("aria-label", w.details);
};

// ------------------------------------------------------------------ zoom and pan
Explorer.prototype.view = function () {
  var r = this.svg.getBoundingClientRect();
  return { w: r.width || 800, h: r.height || 600 };
};
Explorer.prototype.fit = function () {
  var v = this.view(), b = this.box, pad = 24;
  var k = Math.min((v.w - 2 * pad) / b.w, (v.h - 2 * pad) / b.h, 1);
  k = Math.max(k, 0.02);
  this.T = { k: k, x: (v.w - b.w * k) / 2 - b.x * k, y: pad - b.y * k + Math.max(0, (v.h - 2 * pad - b.h * k) / 2) };
  this.draw(false);
};
// After expand or collapse all and a day change: fit what is drawn as Fit does, unless
// that would shrink the boxes below LEGIBLE; then show the width of as many top levels as
// stay legible (at LEGIBLE when a level is left out, so as much of it shows as can), the
// first root at the top and in view (a wide chart is read by panning from there).
Explorer.prototype.fitLegible = function () {
  var v = this.view(), b = this.box, pad = 24, m = this.m, room = v.w - 2 * pad;
  if (Math.min(room / b.w, (v.h - 2 * pad) / b.h) >= LEGIBLE) return this.fit();
  var lo = [], hi = [], top = Infinity, i, k, d, x1 = Infinity, x2 = -Infinity, a, z, e;
  for (k = 0; k < this.order.length; k++) {
    i = this.order[k];
    d = m.depth[i];
    e = this.extent(i); // with its assistants, on whichever side they were laid out
    lo[d] = Math.min(lo[d] === undefined ? Infinity : lo[d], e[0]);
    hi[d] = Math.max(hi[d] === undefined ? -Infinity : hi[d], e[1]);
    top = Math.min(top, this.Y[i]);
  }
  for (d = 0; d < lo.length; d++) {
    if (lo[d] === undefined) continue;
    a = Math.min(x1, lo[d]);
    z = Math.max(x2, hi[d]);
    if (d > 0 && (z - a) * LEGIBLE > room) break;
    x1 = a;
    x2 = z;
  }
  // a level left out: as small as stays legible, the chart centred, to show as much of
  // every level as that allows
  var r = m.roots[0], out = d < lo.length, kk = out ? LEGIBLE : Math.max(LEGIBLE, Math.min(1, room / (x2 - x1)));
  var re = this.extent(r), x = v.w / 2 - (out ? b.x + b.w / 2 : (x1 + x2) / 2) * kk, rl = re[0], rr = re[1];
  // keep the root's box on screen when even the top level is wider than the window
  x = Math.min(x, v.w - pad - rr * kk);
  x = Math.max(x, pad - rl * kk);
  this.T = { k: kk, x: x, y: pad - top * kk };
  this.draw(false);
};
// After a day change: fit legibly; a selected unit stays in view (centred if the fit
// leaves it off screen), as the page opened on a unit shows it.
Explorer.prototype.fitDay = function () {
  this.fitLegible();
  var i = this.selected;
  if (i >= 0 && this.shown[i] && !this.inWindow(i)) this.centre(i);
};
// Whether unit i's box (with its assistants) is wholly in the window.
Explorer.prototype.inWindow = function (i) {
  var v = this.view(), T = this.T, e = this.extent(i), top = this.Y[i] * T.k + T.y;
  return e[0] * T.k + T.x >= 0 && e[1] * T.k + T.x <= v.w && top >= 0 && top + this.H[i] * T.k <= v.h;
};
Explorer.prototype.zoomBy = function (f, px, py) {
  var v = this.view(), T = this.T;
  if (px === undefined) { px = v.w / 2; py = v.h / 2; }
  var k = Math.max(0.02, Math.min(4, T.k * f));
  this.T = { k: k, x: px - (px - T.x) * k / T.k, y: py - (py - T.y) * k / T.k };
  this.schedule();
};
Explorer.prototype.schedule = function () {
  var self = this;
  this.vp.setAttribute("transform", "translate(" + this.T.x + "," + this.T.y + ") scale(" + this.T.k + ")");
  if (this.pending) return;
  this.pending = true;
  requestAnimationFrame(function () {
    self.pending = false;
    self.draw(false);
  });
};
Explorer.prototype.centre = function (i) {
  var v = this.view(), T = this.T, k = T.k < 0.6 ? 1 : T.k;
  this.T = { k: k, x: v.w / 2 - this.X[i] * k, y: v.h / 2 - (this.Y[i] + this.H[i] / 2) * k };
  this.draw(false);
};
// keep unit i where it is on screen across a relayout
Explorer.prototype.anchored = function (i, change) {
  var sx = this.X[i] * this.T.k + this.T.x, sy = this.Y[i] * this.T.k + this.T.y;
  change();
  this.T.x = sx - this.X[i] * this.T.k;
  this.T.y = sy - this.Y[i] * this.T.k;
  this.relayout();
};

// ------------------------------------------------------------------ events
Explorer.prototype.events = function () {
  var self = this, svg = this.svg, drag = null;
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    self.zoomBy(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.0018)), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  svg.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, tx: self.T.x, ty: self.T.y, moved: false, id: e.pointerId };
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(drag.id);
      svg.classList.add("og-dragging");
    }
    self.T.x = drag.tx + dx;
    self.T.y = drag.ty + dy;
    self.schedule();
  });
  var end = function () {
    if (drag && drag.moved) svg.classList.remove("og-dragging");
    drag = null;
  };
  svg.addEventListener("pointerup", function (e) {
    var moved = drag && drag.moved;
    end();
    if (!moved) self.click(e);
  });
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("pointerover", function (e) { // the hovered unit's overlay lines (draw.js)
    var g = e.target.closest && e.target.closest(".og-unit"), i = g ? self.m.row(g.getAttribute("data-id")) : -1;
    if (i === self.hover || drag) return;
    self.hover = i;
    self.refocusLinks();
  });
  svg.addEventListener("dblclick", function (e) {
    var g = e.target.closest && e.target.closest(".og-unit");
    if (g && !e.target.closest(".og-toggle")) self.toggle(g.getAttribute("data-id"));
  });
  svg.addEventListener("keydown", function (e) { self.key(e); });
  this.root.addEventListener("keydown", function (e) {
    if (e.key === "/" && e.target !== self.input && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      self.input.focus();
      self.input.select();
    } else if (e.key === "Escape" && !self.panel.hidden && e.target !== self.input) {
      self.closePanel();
    }
  });
  var timer = null;
  this.input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { self.listHits(); }, self.m.n > 20000 ? 120 : 30);
  });
  this.input.addEventListener("keydown", function (e) { self.hitKey(e); });
  this.input.addEventListener("blur", function () {
    setTimeout(function () { self.showHits(false); }, 150);
  });
  this.input.addEventListener("focus", function () { self.m.index(); });
  if (window.ResizeObserver) {
    var first = true;
    new ResizeObserver(function () {
      if (first) { first = false; return; }
      self.draw(false);
    }).observe(svg);
  }
};

Explorer.prototype.click = function (e) {
  var t = e.target;
  if (!t.closest) return;
  var more = t.closest(".og-more");
  if (more) {
    var p = this.m.row(more.getAttribute("data-more"));
    var self = this;
    this.anchored(p, function () { self.limit[p] = self.page(p) + PAGE; });
    return;
  }
  var g = t.closest(".og-unit");
  if (!g && this.mode === "overview") { // plain boxes: find the one under the pointer
    var r = this.svg.getBoundingClientRect(), x = (e.clientX - r.left - this.T.x) / this.T.k, y = (e.clientY - r.top - this.T.y) / this.T.k;
    for (var k = 0; k < this.count; k++) {
      var i = this.order[k];
      if (Math.abs(x - this.X[i]) <= this.W[i] / 2 && y >= this.Y[i] && y <= this.Y[i] + this.H[i]) {
        this.focus(this.m.d.id[i]);
        return;
      }
    }
    return;
  }
  if (!g) return;
  var id = g.getAttribute("data-id");
  if (t.closest(".og-toggle")) this.toggle(id);
  else this.select(id);
  this.setActive(this.m.row(id), false);
};

Explorer.prototype.key = function (e) {
  var m = this.m, i = this.active >= 0 && this.shown[this.active] ? this.active : m.roots[0], j = -1;
  switch (e.key) {
    case "ArrowUp": j = m.d.p[i]; break;
    case "ArrowDown":
      if (m.nkids(i)) {
        if (!this.expanded[i]) this.expand(m.d.id[i]);
        j = m.kid(i, 0);
      }
      break;
    case "ArrowLeft":
    case "ArrowRight":
      var sibs = m.d.p[i] < 0 ? m.roots : null, p = m.d.p[i], pos;
      if (sibs) pos = sibs.indexOf(i); else pos = m.kidIndex(i);
      pos += e.key === "ArrowLeft" ? -1 : 1;
      var count = sibs ? sibs.length : this.page(p);
      if (pos >= 0 && pos < count) j = sibs ? sibs[pos] : m.kid(p, pos);
      break;
    case "Enter": this.toggle(m.d.id[i]); j = i; break;
    case " ": this.select(m.d.id[i]); j = i; break;
    case "Home": j = m.roots[0]; break;
    case "+": case "=": this.zoomBy(1.25); break;
    case "-": this.zoomBy(0.8); break;
    case "0": this.fit(); break;
    default: return;
  }
  e.preventDefault();
  if (j >= 0) this.setActive(j, true);
};

// The keyboard's unit: outlined, announced, scrolled into view.
Explorer.prototype.setActive = function (i, reveal) {
  var old = this.drawn.get(this.active);
  if (old) old.classList.remove("og-active");
  this.active = i;
  if (reveal) {
    var v = this.view(), sx = this.X[i] * this.T.k + this.T.x, sy = this.Y[i] * this.T.k + this.T.y;
    if (sx < 20 || sx > v.w - 20 || sy < 20 || sy > v.h - 40) this.centre(i);
  }
  var g = this.drawn.get(i);
  if (g) g.classList.add("og-active");
  this.svg.setAttribute("aria-activedescendant", this.uid + "u" + i);
  this.refocusLinks();
};

// ------------------------------------------------------------------ search
Explorer.prototype.showHits = function (on) {
  this.hits.hidden = !on;
  this.input.setAttribute("aria-expanded", on ? "true" : "false");
};
Explorer.prototype.listHits = function () {
  var q = this.input.value, w = this.words(), m = this.m, hits = m.search(q), self = this;
  this.hits.textContent = "";
  this.hitRows = hits.slice(0, PAGE);
  this.hitAt = -1;
  this.input.removeAttribute("aria-activedescendant");
  if (!q.trim()) { this.showHits(false); return; }
  if (!hits.length) {
    txt(el("li", { "class": "og-note", role: "presentation" }, this.hits), w.nothing);
  }
  this.hitRows.forEach(function (i, n) {
    var li = el("li", { role: "option", id: self.uid + "hit" + n, "data-id": m.d.id[i], "aria-selected": "false" }, self.hits);
    txt(el("span", { "class": "og-hit-name" }, li), m.name(i, self.L));
    var path = [], p = m.d.p[i];
    while (p >= 0) { path.unshift(m.name(p, self.L)); p = m.d.p[p]; }
    if (path.length) txt(el("span", { "class": "og-hit-path" }, li), path.join(" › "));
    var why = m.why(i, q, self.L);
    if (why) txt(el("span", { "class": "og-hit-why" }, li), why);
    li.addEventListener("mousedown", function (e) { e.preventDefault(); self.choose(n); });
  });
  if (hits.length > PAGE) txt(el("li", { "class": "og-note", role: "presentation" }, this.hits), say(w.moreHits, { n: fmt(hits.length - PAGE) }));
  this.input.setAttribute("aria-label", w.search + " — " + say(w.found, { n: hits.length }));
  this.showHits(true);
};
Explorer.prototype.hitKey = function (e) {
  var rows = this.hitRows || [];
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    if (!rows.length) return;
    e.preventDefault();
    var at = this.hitAt + (e.key === "ArrowDown" ? 1 : -1);
    this.markHit(Math.max(0, Math.min(rows.length - 1, at)));
  } else if (e.key === "Enter") {
    e.preventDefault();
    if (this.hits.hidden) this.listHits();
    if (rows.length) this.choose(this.hitAt >= 0 ? this.hitAt : 0);
  } else if (e.key === "Escape") {
    this.showHits(false);
  }
};
Explorer.prototype.markHit = function (n) {
  var items = this.hits.querySelectorAll("[role=option]");
  for (var k = 0; k < items.length; k++) {
    items[k].classList.toggle("og-active", k === n);
    items[k].setAttribute("aria-selected", k === n ? "true" : "false");
  }
  this.hitAt = n;
  this.input.setAttribute("aria-activedescendant", this.uid + "hit" + n);
  if (items[n] && items[n].scrollIntoView) items[n].scrollIntoView({ block: "nearest" });
};
Explorer.prototype.choose = function (n) {
  var i = this.hitRows[n];
  this.showHits(false);
  this.focus(this.m.d.id[i]);
};

// ------------------------------------------------------------------ the API
Explorer.prototype.need = function (id) {
  var i = this.m.row(id);
  if (i < 0) throw new Error(this.missing(id)); // dates.js: says when a dated unit exists
  return i;
};
Explorer.prototype.expand = function (id) {
  var i = this.need(id), self = this;
  if (this.expanded[i] || !this.m.nkids(i)) return;
  this.anchored(i, function () { self.expanded[i] = 1; });
  this.emit("expand", { id: this.m.d.id[i] });
};
Explorer.prototype.collapse = function (id) {
  var i = this.need(id), self = this;
  if (!this.expanded[i]) return;
  this.anchored(i, function () { self.expanded[i] = 0; });
  this.emit("collapse", { id: this.m.d.id[i] });
};
Explorer.prototype.toggle = function (id) {
  var i = this.need(id);
  if (this.expanded[i]) this.collapse(id); else this.expand(id);
};
Explorer.prototype.expandAll = function () {
  var m = this.m;
  for (var i = 0; i < m.n; i++) if (m.nkids(i)) this.expanded[i] = 1;
  this.relayout();
  this.fitLegible();
};
Explorer.prototype.collapseAll = function () {
  this.expanded.fill(0);
  this.limit.fill(0);
  this.relayout();
  this.fitLegible();
};
// Expand every ancestor (and page wide spans) so unit i is drawn.
Explorer.prototype.reveal = function (i) {
  var m = this.m, c = i, p = m.d.p[c];
  while (p >= 0) {
    this.expanded[p] = 1;
    var at = m.kidIndex(c);
    if (at >= this.page(p)) this.limit[p] = (Math.floor(at / PAGE) + 1) * PAGE;
    c = p;
    p = m.d.p[c];
  }
  this.relayout();
};
Explorer.prototype.focus = function (id) {
  var i = this.need(id), old = this.drawn.get(this.hit);
  if (old) old.classList.remove("og-hit");
  this.hit = i;
  this.reveal(i);
  this.centre(i);
  var g = this.drawn.get(i);
  if (g) g.classList.add("og-hit");
  this.setActive(i, false);
  this.emit("focus", { id: this.m.d.id[i] });
};
Explorer.prototype.select = function (id) {
  var i = this.need(id), old = this.drawn.get(this.selected);
  if (old) { old.classList.remove("og-selected"); old.setAttribute("aria-selected", "false"); }
  this.selected = i;
  var g = this.drawn.get(i);
  if (g) { g.classList.add("og-selected"); g.setAttribute("aria-selected", "true"); }
  this.fillPanel(i);
  this.panel.hidden = false;
  this.refocusLinks();
  this.toHash(this.m.d.id[i]);
  this.emit("select", { id: this.m.d.id[i] });
};
Explorer.prototype.setLanguage = function (code) {
  var k = this.d.langs.indexOf(code);
  if (k < 0) throw new Error("no language " + JSON.stringify(String(code)) + "; the organisation has " + this.d.langs.join(", "));
  this.L = k;
  this.langSelect.value = String(k);
  this.root.setAttribute("lang", code);
  this.labels();
  this.relayout();
  if (this.selected >= 0 && !this.panel.hidden) this.fillPanel(this.selected);
  if (!this.hits.hidden) this.listHits();
  this.emit("language", { lang: code });
};
Explorer.prototype.visible = function () {
  var out = new Array(this.count);
  for (var k = 0; k < this.count; k++) out[k] = this.m.d.id[this.order[k]];
  return out;
};
Explorer.prototype.emit = function (name, detail) {
  var list = this.listeners[name] || [];
  for (var k = 0; k < list.length; k++) list[k](detail);
  this.root.dispatchEvent(new CustomEvent("orggraph:" + name, { detail: detail }));
};

function api(x) {
  return {
    expand: function (id) { x.expand(id); },
    collapse: function (id) { x.collapse(id); },
    toggle: function (id) { x.toggle(id); },
    expandAll: function () { x.expandAll(); },
    collapseAll: function () { x.collapseAll(); },
    search: function (text) { return x.m.search(text).map(function (i) { return x.m.d.id[i]; }); },
    focus: function (id) { x.focus(id); },
    select: function (id) { x.select(id); },
    selected: function () { return x.selected >= 0 ? x.m.d.id[x.selected] : null; },
    visible: function () { return x.visible(); },
    fit: function () { x.fit(); },
    zoom: function (factor) { x.zoomBy(factor); },
    languages: function () { return x.d.langs.slice(); },
    language: function () { return x.d.langs[x.L]; },
    setLanguage: function (code) { x.setLanguage(code); },
    dates: function () { return x.days(); },
    date: function () { return x.iso; },
    setDate: function (iso) { x.setDate(iso); },
    overlay: function (kind, on) {
      if (!(kind in x.overlays)) throw new Error("no overlay " + JSON.stringify(String(kind)));
      x.overlays[kind] = !!on;
      x.draw(true);
    },
    // the overlay lines drawn: [kind, from id, to id, id of from's box, id of to's box]
    overlaysDrawn: function () { return x.linksDrawn.map(function (l) { return l.slice(); }); },
    overlayLimit: function (n) {
      if (n !== undefined) { x.linksMax = Number(n); x.draw(true); }
      return x.linksMax;
    },
    exportSVG: function () { return x.exportSVG(); },
    exportPNG: function (scale) { return x.exportPNG(scale); },
    on: function (name, fn) { (x.listeners[name] = x.listeners[name] || []).push(fn); },
    off: function (name, fn) {
      var list = x.listeners[name] || [], at = list.indexOf(fn);
      if (at >= 0) list.splice(at, 1);
    },
    element: x.root
  };
}
