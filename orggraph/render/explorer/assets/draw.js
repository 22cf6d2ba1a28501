/* orggraph explorer (MIT, part of orggraph): drawing the units in view, reporting lines, paging boxes, overlays; export.
   page.py joins the assets in order inside one function with "use strict". */
// ------------------------------------------------------------------ drawing
Explorer.prototype.style = function (i) {
  var t = this.theme, ty = this.d.ty[i], name = ty >= 0 ? this.d.s[ty] : null;
  return (name && t.types[name]) || t["default"];
};

// One unit's <g data-id>: box, lines of text (as DOM text), badges, assistants, toggle.
Explorer.prototype.unitElement = function (i, withText) {
  var m = this.m, c = this.content(i), st = this.style(i), W = this.W[i], H = this.H[i], w = this.words();
  var g = sv("g", {
    "class": "og-unit", "data-id": m.d.id[i], role: "treeitem", id: this.uid + "u" + i,
    "aria-level": String(m.depth[i] + 1), "aria-label": c.title ? c.name + ", " + c.title : c.name
  });
  if (m.nkids(i)) g.setAttribute("aria-expanded", this.expanded[i] ? "true" : "false");
  g.setAttribute("aria-selected", i === this.selected ? "true" : "false");
  if (i === this.selected) g.classList.add("og-selected");
  if (i === this.hit) g.classList.add("og-hit");
  if (i === this.active) g.classList.add("og-active");
  txt(sv("title", {}, g), c.title ? c.name + "\n" + c.title : c.name);
  sv("rect", { "class": "og-box", x: -W / 2, y: 0, width: W, height: H, rx: 4, fill: st[0], stroke: st[1], "stroke-width": st[3] }, g);
  if (this.apart()[i]) { // a board: a dashed frame around its box
    g.classList.add("og-apart");
    sv("rect", { "class": "og-frame", x: -W / 2 - 4, y: -4, width: W + 8, height: H + 8, rx: 6, fill: "none", stroke: st[1], "stroke-dasharray": "5,3" }, g);
  }
  if (withText) {
    var me = this.measure, max = W - 2 * PAD_X, y = PAD_Y + NAME_PX, small = SMALL_PX * LINE;
    txt(sv("text", { x: 0, y: y, "font-weight": "bold", "font-size": NAME_PX, fill: st[2], "text-anchor": "middle" }, g), me.fit(c.name, true, max));
    y += 0.32 * NAME_PX + SMALL_PX;
    if (c.title) {
      txt(sv("text", { x: 0, y: y, "font-size": SMALL_PX, fill: st[2], "text-anchor": "middle" }, g), me.fit(c.title, false, max));
      y += small;
    }
    if (c.people) {
      txt(sv("text", { "class": "og-people", x: 0, y: y, "font-size": SMALL_PX, fill: st[2] === "#ffffff" ? "#ffffff" : "#1f5fa8", "text-anchor": "middle", "font-style": "italic" }, g), me.fit(c.people, false, max));
      y += small;
    } else if (c.vacant) {
      this.badge(g, 0, y, w.vacant, "#fdecea", "#c0392b", "#a61b1b");
      y += small;
    }
    if (c.figures) {
      var rows = c.figures.split("\n"), fg = sv("g", { "class": "og-figures" }, g);
      for (var r = 0; r < rows.length; r++) {
        txt(sv("text", { x: 0, y: y, "font-size": SMALL_PX, fill: st[2], "text-anchor": "middle" }, fg), me.fit(rows[r], false, max));
        y += small;
      }
    }
    if (c.open) this.badge(g, 0, y, say(w.nVacant, { n: c.open }), "#fff4e0", "#d9822b", "#8a4b00");
  }
  if (c.assistants.length) this.assistants(g, i, c, withText);
  if (m.nkids(i)) {
    var tg = sv("g", { "class": "og-toggle", transform: "translate(0," + H + ")" }, g);
    var label = (this.expanded[i] ? "− " : "+ ") + fmt(m.nkids(i));
    var tw = Math.max(30, this.measure.width(label, false) + 14);
    sv("rect", { x: -tw / 2, y: -8, width: tw, height: 16, rx: 8, fill: "#ffffff", stroke: st[1] }, tg);
    if (withText) txt(sv("text", { x: 0, y: 4, "font-size": 10.5, fill: "#1f2933", "text-anchor": "middle" }, tg), label);
    txt(sv("title", {}, tg), (this.expanded[i] ? w.collapse : w.expand) + " (" + say(w.units, { n: fmt(m.nkids(i)) }) + ")");
  }
  return g;
};

Explorer.prototype.badge = function (g, x, y, label, fill, stroke, color) {
  var bw = this.measure.width(label, false) + 12;
  sv("rect", { "class": "og-badge", x: x - bw / 2, y: y - SMALL_PX + 1, width: bw, height: SMALL_PX + 4, rx: 7, fill: fill, stroke: stroke, "stroke-width": 0.8 }, g);
  txt(sv("text", { x: x, y: y, "font-size": SMALL_PX - 1, "font-weight": "bold", fill: color, "text-anchor": "middle" }, g), label);
};

// Unit i's assistants beside its box where the layout put them (Explorer.assistantBoxes).
Explorer.prototype.assistants = function (g, i, c, withText) {
  var boxes = this.assistantBoxes(i), k, w = this.words(), me = this.measure;
  for (k = 0; k < boxes.length; k++) {
    var b = boxes[k], a = c.assistants[b.k], x = b.x + b.w / 2;
    var ag = sv("g", { "class": "og-assistant" }, g);
    sv("path", { d: "M" + b.link.join("L"), stroke: this.theme.reporting, fill: "none" }, ag);
    sv("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: 4, fill: "#ffffff", stroke: "#a0acb9", "stroke-dasharray": "4,2" }, ag);
    txt(sv("title", {}, ag), w.assistant + ": " + a.title + (a.people ? " — " + a.people : ""));
    if (!withText) continue;
    txt(sv("text", { x: x, y: b.y + PAD_Y + SMALL_PX - 2, "font-size": SMALL_PX, fill: "#1f2933", "text-anchor": "middle" }, ag), me.fit(a.title, false, b.w - 8));
    if (a.people) txt(sv("text", { x: x, y: b.y + PAD_Y + 2 * SMALL_PX + 1, "font-size": SMALL_PX, fill: "#1f5fa8", "font-style": "italic", "text-anchor": "middle" }, ag), me.fit(a.people, false, b.w - 8));
    else if (a.vacant) this.badge(ag, x, b.y + PAD_Y + 2 * SMALL_PX + 1, w.vacant, "#fdecea", "#c0392b", "#a61b1b");
  }
};

// The part of the chart on screen, with a margin: [x1, y1, x2, y2].
Explorer.prototype.viewRect = function () {
  var T = this.T, r = this.svg.getBoundingClientRect(), pad = 300 / T.k;
  return [-T.x / T.k - pad, -T.y / T.k - pad, (r.width - T.x) / T.k + pad, (r.height - T.y) / T.k + pad];
};

// The units in view (all of them below CULL_MIN): rows of this.order.
Explorer.prototype.inView = function () {
  if (this.count <= CULL_MIN) return this.order;
  var T = this.T, r = this.svg.getBoundingClientRect(), pad = 300 / T.k;
  var x1 = -T.x / T.k - pad, x2 = (r.width - T.x) / T.k + pad, y1 = -T.y / T.k - pad, y2 = (r.height - T.y) / T.k + pad;
  var out = [], i, k;
  for (k = 0; k < this.count; k++) {
    i = this.order[k];
    if (this.X[i] + this.W[i] / 2 + this.A[i] >= x1 && this.X[i] - this.W[i] / 2 - this.A[i] <= x2 && this.Y[i] + this.H[i] >= y1 && this.Y[i] <= y2) out.push(i);
  }
  return out;
};

// Draw what is in view, reusing the elements of units already drawn.
Explorer.prototype.draw = function (full) {
  var T = this.T, rows = this.inView(), mode = rows.length > OVERVIEW_MAX ? "overview" : T.k < LOW_ZOOM ? "low" : "text";
  this.vp.setAttribute("transform", "translate(" + T.x + "," + T.y + ") scale(" + T.k + ")");
  this.svg.classList.toggle("og-low", mode !== "text");
  if (mode !== this.mode || full) {
    this.nodeLayer.textContent = "";
    this.drawn = new Map();
    this.mode = mode;
  }
  this.overview.textContent = "";
  var keep = new Set(), k, i, g;
  if (mode === "overview") {
    this.overviewBoxes(rows);
  } else {
    for (k = 0; k < rows.length; k++) {
      i = rows[k];
      keep.add(i);
      g = this.drawn.get(i);
      if (!g) {
        g = this.unitElement(i, mode === "text");
        this.drawn.set(i, g);
        this.nodeLayer.appendChild(g);
      }
      g.setAttribute("transform", "translate(" + this.X[i] + "," + this.Y[i] + ")");
    }
    var self = this;
    this.drawn.forEach(function (el2, row) {
      if (!keep.has(row)) {
        el2.remove();
        self.drawn["delete"](row);
      }
    });
  }
  this.edgePath.setAttribute("d", this.edges(rows));
  if (!this.apartPath) {
    this.apartPath = sv("path", { "class": "og-edges og-apart", fill: "none", stroke: this.theme.reporting, "stroke-width": "1.2", "stroke-dasharray": "5,3" });
    this.edgePath.after(this.apartPath);
  }
  this.apartPath.setAttribute("d", this.edges(rows, true));
  this.drawMore(mode === "text");
  this.drawLinks(this.linkLayer);
};

Explorer.prototype.overviewBoxes = function (rows) {
  var byFill = new Map(), k, i;
  for (k = 0; k < rows.length; k++) {
    i = rows[k];
    var st = this.style(i), key = st[0] + "|" + st[1], d = byFill.get(key) || [];
    d.push("M" + (this.X[i] - this.W[i] / 2) + "," + this.Y[i] + "h" + this.W[i] + "v" + this.H[i] + "h" + -this.W[i] + "z");
    byFill.set(key, d);
  }
  var self = this;
  byFill.forEach(function (d, key) {
    var parts = key.split("|");
    sv("path", { d: d.join(""), fill: parts[0], stroke: parts[1] }, self.overview);
  });
};

// Reporting lines of the drawn units (Explorer.connectors): the lines of their parents
// and their own; a board's lines (drawn apart) dashed, in a path of their own.
Explorer.prototype.edges = function (rows, dashed) {
  var m = this.m, out = [], k, i, p, done = new Set(), ap = this.apart();
  var add = function (u, d) {
    if (done.has(u) || !d) return;
    done.add(u);
    if (!dashed === !ap[u]) out.push(d);
  };
  for (k = 0; k < rows.length; k++) {
    i = rows[k];
    p = m.d.p[i];
    if (p >= 0) add(p, this.lines.get(p));
    add(i, this.lines.get(i));
  }
  return out.join("");
};

Explorer.prototype.drawMore = function (withText) {
  this.moreLayer.textContent = "";
  var w = this.words(), k;
  for (k = 0; k < this.more.length; k++) {
    var mo = this.more[k], left = mo.total - mo.shown, step = Math.min(PAGE, left);
    var g = sv("g", { "class": "og-more", "data-more": this.m.d.id[mo.parent], transform: "translate(" + mo.x + "," + mo.y + ")", role: "button" }, this.moreLayer);
    var label = say(w.more, { k: fmt(step), n: fmt(left) });
    g.setAttribute("aria-label", label);
    sv("rect", { x: -MORE_W / 2, y: 0, width: MORE_W, height: MORE_H, rx: 17, fill: "#f6f8fa", stroke: "#8796a8", "stroke-dasharray": "4,3" }, g);
    if (withText) txt(sv("text", { x: 0, y: MORE_H / 2 + 4, "font-size": SMALL_PX, fill: "#1f2933", "text-anchor": "middle" }, g), label);
  }
};

// The drawn box that stands for unit i: itself, or its nearest shown ancestor.
Explorer.prototype.boxOf = function (i) {
  while (i >= 0 && !this.shown[i]) i = this.m.d.p[i];
  return i;
};

// Dotted and collaboration links over the tree (they never steer the layout), routed
// around the boxes (Explorer.route), with their relation written on the longest run.
Explorer.prototype.drawLinks = function (layer) {
  layer.textContent = "";
  var ln = this.d.ln, t = this.theme, k, seen = new Set();
  if (!this.routes) { // emptied by each relayout
    this.routes = new Map();
    this.used = new Map();
  }
  this.placedLabels = [];
  // a big chart on screen: only the lines whose ends' span meets the view are routed and drawn
  var view = layer === this.linkLayer && this.count > CULL_MIN ? this.viewRect() : null;
  for (k = 0; k < ln.k.length; k++) {
    var kind = ln.k[k] === 0 ? "dotted" : "collaboration";
    if (!this.overlays[kind]) continue;
    var a = this.boxOf(ln.a[k]), b = this.boxOf(ln.b[k]);
    if (a < 0 || b < 0 || a === b || seen.has(kind + a + "," + b)) continue;
    seen.add(kind + a + "," + b);
    if (view && !(Math.max(this.X[a], this.X[b]) >= view[0] && Math.min(this.X[a], this.X[b]) <= view[2] &&
      Math.max(this.Y[a], this.Y[b]) >= view[1] && Math.min(this.Y[a], this.Y[b]) <= view[3])) continue;
    var key = a + "," + b, pts = this.routes.get(key);
    if (pts === undefined) {
      pts = this.route(a, b);
      this.routes.set(key, pts);
    }
    var color = kind === "dotted" ? t.dotted : t.collaboration, g = sv("g", { "class": "og-link-" + kind }, layer);
    var path = sv("path", {
      "class": "og-link og-" + kind, d: "M" + pts.join("L"), stroke: color,
      "stroke-width": kind === "dotted" ? 1.6 : 1.3, "stroke-dasharray": kind === "dotted" ? "1.5,3" : "6,4",
      "stroke-linecap": "round", "stroke-linejoin": "round", "marker-end": "url(#" + this.uid + kind + ")", fill: "none"
    }, g);
    if (ln.m[k]) path.setAttribute("marker-start", "url(#" + this.uid + kind + ")");
    var rel = this.m.pick(ln.r, k, this.L);
    txt(sv("title", {}, path), this.m.name(ln.a[k], this.L) + " → " + this.m.name(ln.b[k], this.L) + (rel ? ": " + rel : ""));
    this.obstacles();
    if (rel && (layer !== this.linkLayer || this.mode === "text")) this.linkLabel(g, pts, rel, color);
  }
};
// The relation along one of the route's horizontal runs (the longest first, at its
// middle, else nearer its ends) where it overlaps no box and no other relation, over a
// halo of the background; where it fits nowhere, only the line's tooltip says it.
Explorer.prototype.linkLabel = function (g, pts, rel, color) {
  var runs = [], k, at = [0.5, 0.3, 0.7, 0.15, 0.85], px = SMALL_PX - 1;
  for (k = 1; k < pts.length; k++) {
    if (Math.abs(pts[k][1] - pts[k - 1][1]) < 0.5) runs.push([Math.abs(pts[k][0] - pts[k - 1][0]), pts[k - 1], pts[k]]);
  }
  runs.sort(function (p, q) { return q[0] - p[0]; });
  for (k = 0; k < runs.length; k++) {
    var len = runs[k][0], label = this.measure.fit(rel, false, Math.min(260, len - 10) * SMALL_PX / px);
    if (len < 50 || !label) continue;
    var w = this.measure.width(label, false) * px / SMALL_PX + 6, y = runs[k][1][1];
    for (var j = 0; j < at.length; j++) {
      var x = runs[k][1][0] + (runs[k][2][0] - runs[k][1][0]) * at[j], r = [x - w / 2, y - px / 2 - 1, x + w / 2, y + px / 2 + 1];
      if (r[0] < Math.min(runs[k][1][0], runs[k][2][0]) || r[2] > Math.max(runs[k][1][0], runs[k][2][0])) continue;
      if (this.blocked(r[0], r[1], r[2], r[3], 0.5)) continue;
      if (this.placedLabels.some(function (q) { return r[2] > q[0] && r[0] < q[2] && r[3] > q[1] && r[1] < q[3]; })) continue;
      this.placedLabels.push(r);
      txt(sv("text", {
        "class": "og-link-label", x: x, y: y + 3.5, "font-size": px, fill: color, "text-anchor": "middle",
        stroke: this.theme.background, "stroke-width": 3, "paint-order": "stroke", "stroke-linejoin": "round"
      }, g), label);
      return;
    }
  }
};

// ------------------------------------------------------------------ routing overlays
// Every box laid out (units, assistants, paging boxes) as [x1, y1, x2, y2], and a grid
// of cells (ROUTE_CELL wide) listing the boxes that meet each: made once per layout.
var ROUTE_GAP = 7, ROUTE_CELL = 160, ROUTE_BEND = 60;
Explorer.prototype.obstacles = function () {
  if (this.obs && this.obs.layout === this.order) return this.obs;
  var rects = [], k, i, j;
  for (k = 0; k < this.count; k++) {
    i = this.order[k];
    rects.push([this.X[i] - this.W[i] / 2, this.Y[i], this.X[i] + this.W[i] / 2, this.Y[i] + this.H[i], i]);
    var side = this.assistantBoxes(i);
    for (j = 0; j < side.length; j++) {
      var s = side[j];
      rects.push([this.X[i] + s.x, this.Y[i] + s.y, this.X[i] + s.x + s.w, this.Y[i] + s.y + s.h, -1]);
    }
  }
  for (k = 0; k < this.more.length; k++) {
    var mo = this.more[k];
    rects.push([mo.x - MORE_W / 2, mo.y, mo.x + MORE_W / 2, mo.y + MORE_H, -1]);
  }
  var cells = new Map(), cell = function (v) { return Math.floor(v / ROUTE_CELL); };
  for (k = 0; k < rects.length; k++) {
    var r = rects[k];
    for (var cx = cell(r[0] - ROUTE_GAP); cx <= cell(r[2] + ROUTE_GAP); cx++) {
      for (var cy = cell(r[1] - ROUTE_GAP); cy <= cell(r[3] + ROUTE_GAP); cy++) {
        var key = cx * 65536 + cy, list = cells.get(key);
        if (!list) cells.set(key, (list = []));
        list.push(k);
      }
    }
  }
  this.obs = { layout: this.order, rects: rects, cells: cells, cell: cell };
  return this.obs;
};
// Whether the horizontal or vertical segment (x1, y1)-(x2, y2) passes through a box
// grown by less than ROUTE_GAP (a route keeps that far from every box but at its ends).
Explorer.prototype.blocked = function (x1, y1, x2, y2, grow) {
  var o = this.obs, g = grow === undefined ? ROUTE_GAP - 0.5 : grow, lx = Math.min(x1, x2), hx = Math.max(x1, x2), ly = Math.min(y1, y2), hy = Math.max(y1, y2);
  for (var cx = o.cell(lx); cx <= o.cell(hx); cx++) {
    for (var cy = o.cell(ly); cy <= o.cell(hy); cy++) {
      var list = o.cells.get(cx * 65536 + cy);
      if (!list) continue;
      for (var k = 0; k < list.length; k++) {
        var r = o.rects[list[k]];
        if (hx > r[0] - g && lx < r[2] + g && hy > r[1] - g && ly < r[3] + g) return true;
      }
    }
  }
  return false;
};
// An orthogonal route from unit a's box to unit b's that crosses no box: from the middle
// of a side of a, ROUTE_GAP out, along the lines ROUTE_GAP outside the boxes' edges,
// to the middle of a side of b (A* over that grid, each bend costing ROUTE_BEND and
// each step along a line other routes take costing more: they run apart where they can), looked
// for among the boxes near the two first, then further. Points: [[x, y], ...].
Explorer.prototype.route = function (a, b) {
  this.obstacles();
  var A = this.sides(a), B = this.sides(b);
  var lo = [Math.min(A.box[0], B.box[0]), Math.min(A.box[1], B.box[1])], hi = [Math.max(A.box[2], B.box[2]), Math.max(A.box[3], B.box[3])];
  var all = this.box, tries = [[150, 20000], [Math.max(all.w, all.h), 400000]];
  for (var k = 0; k < tries.length; k++) {
    var pad = tries[k][0], got = this.routeSearch(A, B, lo[0] - pad, lo[1] - pad, hi[0] + pad, hi[1] + pad, tries[k][1]);
    if (got) return got;
  }
  // no way round (boxes enclosing one end): the straight elbow, drawn all the same
  var p = A.ports[2], q = B.ports[0];
  return [p[0], [p[0][0], (p[0][1] + q[0][1]) / 2], [q[0][0], (p[0][1] + q[0][1]) / 2], q[0]];
};
// Unit i's box and its four ports (top, right, bottom, left): the middle of the side and
// the point ROUTE_GAP out from it.
Explorer.prototype.sides = function (i) {
  var x1 = this.X[i] - this.W[i] / 2, x2 = this.X[i] + this.W[i] / 2, y1 = this.Y[i], y2 = this.Y[i] + this.H[i];
  var cx = this.X[i], cy = (y1 + y2) / 2, G = ROUTE_GAP;
  return {
    box: [x1, y1, x2, y2],
    ports: [[[cx, y1], [cx, y1 - G]], [[x2, cy], [x2 + G, cy]], [[cx, y2], [cx, y2 + G]], [[x1, cy], [x1 - G, cy]]]
  };
};
// A* over the lines ROUTE_GAP outside the edges of the boxes in the window (lines closer
// than ROUTE_MERGE merged: a route still keeps clear of every box) and the lines through
// the ports. Between consecutive lines each cell is inside a grown box or not: a step
// along a line is barred when the cells on both its sides are inside one.
var ROUTE_MERGE = 3, ROUTE_GREED = 2; // the estimate weighed double: a route at worst twice the shortest, found far sooner
Explorer.prototype.routeSearch = function (A, B, wx1, wy1, wx2, wy2, most) {
  var o = this.obs, G = ROUTE_GAP, xs = [], ys = [], inside = [], k, r, i, j;
  for (k = 0; k < o.rects.length; k++) {
    r = o.rects[k];
    if (r[2] + G < wx1 || r[0] - G > wx2 || r[3] + G < wy1 || r[1] - G > wy2) continue;
    inside.push(r);
    xs.push(r[0] - G, r[2] + G);
    ys.push(r[1] - G, r[3] + G);
  }
  xs.push(wx1, wx2);
  ys.push(wy1, wy2);
  var ends = A.ports.concat(B.ports), ex = [], ey = [];
  for (k = 0; k < ends.length; k++) { ex.push(ends[k][1][0]); ey.push(ends[k][1][1]); }
  xs = routeLines(xs, ex);
  ys = routeLines(ys, ey);
  var NX = xs.length, NY = ys.length, CX = NX - 1, cells = new Uint8Array(CX * (NY - 1));
  for (k = 0; k < inside.length; k++) {
    r = inside[k];
    var i0 = nearest(xs, r[0] - G), i1 = nearest(xs, r[2] + G), j0 = nearest(ys, r[1] - G), j1 = nearest(ys, r[3] + G);
    for (j = j0; j < j1; j++) for (i = i0; i < i1; i++) cells[j * CX + i] = 1;
  }
  var free = function (i, j, di, dj) { // the step from line crossing (i, j) to (i + di, j + dj)
    if (dj === 0) { // along line j: the cells above and below
      var c = Math.min(i, i + di);
      return !(j > 0 && j < NY - 1 && cells[(j - 1) * CX + c] && cells[j * CX + c]);
    }
    var rr = Math.min(j, j + dj);
    return !(i > 0 && i < NX - 1 && cells[rr * CX + i - 1] && cells[rr * CX + i]);
  };
  var size = NX * NY * 2, best = new Float64Array(size).fill(Infinity), from = new Int32Array(size).fill(-9);
  var goal = new Map(), heap = new Heap(), used = this.used;
  for (k = 0; k < 4; k++) goal.set(nearest(ys, B.ports[k][1][1]) * NX + nearest(xs, B.ports[k][1][0]), k);
  var hx = function (n) { // Manhattan distance to the nearest goal, and a bend if it is not in line
    var x = xs[n % NX], y = ys[(n / NX) | 0], d = Infinity;
    for (var g = 0; g < 4; g++) {
      var dx = Math.abs(B.ports[g][1][0] - x), dy = Math.abs(B.ports[g][1][1] - y);
      d = Math.min(d, dx + dy + (dx > 0.25 && dy > 0.25 ? ROUTE_BEND : 0));
    }
    return d;
  };
  for (k = 0; k < 4; k++) {
    var s = (nearest(ys, A.ports[k][1][1]) * NX + nearest(xs, A.ports[k][1][0])) * 2 + (k % 2 ? 0 : 1); // axis 1: vertical
    best[s] = 0;
    from[s] = -1 - k;
    heap.push(s, ROUTE_GREED * hx(s >> 1), 0);
  }
  // Among equal priorities the furthest along first: on open ground the search goes
  // straight to the goal instead of filling the rectangle between the two.
  var steps = 0, dirs = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  while (heap.size() && steps++ < most) {
    var top = heap.pop(), st = top[0], n = st >> 1, axis = st & 1, cost = best[st];
    if (top[2] > cost + 1e-6) continue; // stale entry
    if (goal.has(n)) return this.unwind(st, from, xs, ys, NX, A, B.ports[goal.get(n)]);
    var ix = n % NX, iy = (n / NX) | 0;
    for (k = 0; k < 4; k++) {
      var jx = ix + dirs[k][0], jy = iy + dirs[k][1];
      if (jx < 0 || jy < 0 || jx >= NX || jy >= NY || !free(ix, iy, dirs[k][0], dirs[k][1])) continue;
      var nAxis = k < 2 ? 0 : 1, m = jy * NX + jx, ns = m * 2 + nAxis;
      var step = Math.abs(xs[jx] - xs[ix]) + Math.abs(ys[jy] - ys[iy]), shared = used.size ? used.get(stepKey(xs[ix], ys[iy], xs[jx], ys[jy])) : 0;
      var c = cost + step * (shared ? 1 + shared : 1) + (nAxis !== axis ? ROUTE_BEND : 0);
      if (best[ns] <= c) continue;
      best[ns] = c;
      from[ns] = st;
      heap.push(ns, c + ROUTE_GREED * hx(m), c);
    }
  }
  return null;
};
// The sorted lines: values closer than ROUTE_MERGE to the last kept one merged into it,
// then the exact values of keep (the ports' lines) added.
function routeLines(v, keep) {
  v.sort(function (p, q) { return p - q; });
  var out = [], k;
  for (k = 0; k < v.length; k++) if (!out.length || v[k] - out[out.length - 1] > ROUTE_MERGE) out.push(v[k]);
  out = out.concat(keep).sort(function (p, q) { return p - q; });
  var u = [];
  for (k = 0; k < out.length; k++) if (!u.length || out[k] - u[u.length - 1] > 0.01) u.push(out[k]);
  return u;
}
// The index of the line nearest x.
function nearest(v, x) {
  var l = 0, h = v.length - 1;
  while (l < h) { var mid = (l + h) >> 1; if (v[mid] < x) l = mid + 1; else h = mid; }
  return l > 0 && x - v[l - 1] < v[l] - x ? l - 1 : l;
}
// A step along a line as a number: its lower or left end and its axis.
function stepKey(x1, y1, x2, y2) {
  var x = Math.round(Math.min(x1, x2)) + 1048576, y = Math.round(Math.min(y1, y2)) + 1048576;
  return (x * 2097152 + y) * 2 + (y1 === y2 ? 0 : 1);
}
Explorer.prototype.unwind = function (st, from, xs, ys, NX, A, end) {
  var pts = [end[0]], prev, last = null;
  for (;;) {
    var n = st >> 1, pt = [xs[n % NX], ys[(n / NX) | 0]];
    if (last) {
      var key = stepKey(last[0], last[1], pt[0], pt[1]);
      this.used.set(key, (this.used.get(key) || 0) + 1);
    }
    last = pt;
    prev = pts[pts.length - 1];
    if (Math.abs(prev[0] - pt[0]) > 0.01 || Math.abs(prev[1] - pt[1]) > 0.01) pts.push(pt);
    var f = from[st];
    if (f < 0) { pts.push(A.ports[-1 - f][0]); break; }
    st = f;
  }
  pts.reverse();
  var out = [];
  for (var k = 0; k < pts.length; k++) { // the points where the route turns
    var q = pts[k];
    if (out.length >= 2) {
      var p1 = out[out.length - 2], p2 = out[out.length - 1];
      if ((Math.abs(p1[0] - p2[0]) < 0.01 && Math.abs(p2[0] - q[0]) < 0.01) || (Math.abs(p1[1] - p2[1]) < 0.01 && Math.abs(p2[1] - q[1]) < 0.01)) {
        out[out.length - 1] = q;
        continue;
      }
    }
    out.push(q);
  }
  return this.straighten(out);
};
// Fewer bends: between the two points just outside the end boxes, each point joined to
// the furthest later one that one elbow reaches clear of the boxes (as clear as the
// search's lines, ROUTE_GAP - ROUTE_MERGE).
Explorer.prototype.straighten = function (pts) {
  if (pts.length < 6) return pts;
  var g = ROUTE_GAP - ROUTE_MERGE - 0.5, out = [pts[0], pts[1]], i = 1, last = pts.length - 2, self = this;
  var clear = function (p, q) { return !self.blocked(p[0], p[1], q[0], q[1], g); };
  while (i < last) {
    var p = pts[i], done = false;
    for (var j = last; j > i + 1 && !done; j--) {
      var q = pts[j], corners = [[q[0], p[1]], [p[0], q[1]]];
      for (var c = 0; c < 2; c++) {
        var e = corners[c];
        if (clear(p, e) && clear(e, q) && this.turnsWell(out[out.length - 2], p, e) && this.turnsWell(e, q, pts[j + 1])) {
          out.push(e, q);
          i = j;
          done = true;
          break;
        }
      }
    }
    if (!done) out.push(pts[++i]);
  }
  out.push(pts[pts.length - 1]);
  var keep = [];
  for (var k = 0; k < out.length; k++) { // drop repeats and points inside straight runs
    var r = out[k];
    if (keep.length && Math.abs(keep[keep.length - 1][0] - r[0]) < 0.01 && Math.abs(keep[keep.length - 1][1] - r[1]) < 0.01) continue;
    if (keep.length >= 2) {
      var a = keep[keep.length - 2], b = keep[keep.length - 1];
      if ((Math.abs(a[0] - b[0]) < 0.01 && Math.abs(b[0] - r[0]) < 0.01) || (Math.abs(a[1] - b[1]) < 0.01 && Math.abs(b[1] - r[1]) < 0.01)) {
        keep[keep.length - 1] = r;
        continue;
      }
    }
    keep.push(r);
  }
  return keep;
};
// Whether the route a -> b -> c does not double back on itself at b.
Explorer.prototype.turnsWell = function (a, b, c) {
  var ux = Math.sign(b[0] - a[0]), uy = Math.sign(b[1] - a[1]), vx = Math.sign(c[0] - b[0]), vy = Math.sign(c[1] - b[1]);
  return !(ux * vx + uy * vy < 0);
};
// A binary min-heap of (item, priority, cost so far) in three arrays: the lowest priority
// first, of equal ones the costliest so far.
function Heap() { this.it = []; this.pr = []; this.co = []; }
Heap.prototype.size = function () { return this.it.length; };
Heap.prototype.less = function (p, q) {
  var a = this.pr[p], b = this.pr[q];
  return a < b - 1e-9 || (a <= b + 1e-9 && this.co[p] > this.co[q]);
};
Heap.prototype.swap = function (p, q) {
  var t = this.it[p]; this.it[p] = this.it[q]; this.it[q] = t;
  t = this.pr[p]; this.pr[p] = this.pr[q]; this.pr[q] = t;
  t = this.co[p]; this.co[p] = this.co[q]; this.co[q] = t;
};
Heap.prototype.push = function (item, pri, cost) {
  var k = this.it.length;
  this.it.push(item); this.pr.push(pri); this.co.push(cost);
  while (k > 0) {
    var p = (k - 1) >> 1;
    if (!this.less(k, p)) break;
    this.swap(k, p);
    k = p;
  }
};
Heap.prototype.pop = function () {
  var top = [this.it[0], this.pr[0], this.co[0]], last = this.it.length - 1;
  this.swap(0, last);
  this.it.pop(); this.pr.pop(); this.co.pop();
  var k = 0, n = last;
  for (;;) {
    var l = 2 * k + 1, r = l + 1, m = k;
    if (l < n && this.less(l, m)) m = l;
    if (r < n && this.less(r, m)) m = r;
    if (m === k) break;
    this.swap(m, k);
    k = m;
  }
  return top;
};

// ------------------------------------------------------------------ export
// The whole chart as it is expanded now, as a standalone SVG document: text stays text.
Explorer.prototype.exportSVG = function () {
  var b = this.box, pad = 20, title = this.h1.textContent, top = title ? 34 : 0;
  var W = Math.ceil(b.w + 2 * pad), H = Math.ceil(b.h + 2 * pad + top);
  var svg = sv("svg", { xmlns: SVGNS, width: W, height: H, viewBox: "0 0 " + W + " " + H, "font-family": this.family });
  sv("rect", { width: W, height: H, fill: this.theme.background }, svg);
  if (title) txt(sv("text", { x: W / 2, y: 24, "font-size": 16, "font-weight": "bold", "text-anchor": "middle", fill: "#1f2933" }, svg), title);
  var defs = sv("defs", {}, svg);
  this.markers(defs);
  var g = sv("g", { transform: "translate(" + (pad - b.x) + "," + (pad + top - b.y) + ")" }, svg);
  sv("path", { d: this.edges(this.order), fill: "none", stroke: this.theme.reporting, "stroke-width": "1.2" }, g);
  sv("path", { d: this.edges(this.order, true), fill: "none", stroke: this.theme.reporting, "stroke-width": "1.2", "stroke-dasharray": "5,3" }, g);
  this.drawLinks(sv("g", { fill: "none" }, g));
  var keep = this.moreLayer;
  this.moreLayer = sv("g", {}, g);
  this.drawMore(true);
  this.moreLayer = keep;
  for (var k = 0; k < this.count; k++) {
    var i = this.order[k], u = this.unitElement(i, true);
    u.setAttribute("transform", "translate(" + this.X[i] + "," + this.Y[i] + ")");
    u.removeAttribute("id");
    g.appendChild(u);
  }
  return new XMLSerializer().serializeToString(svg);
};
// The same picture as PNG at the screen's resolution: a data: URL.
Explorer.prototype.exportPNG = function (scale) {
  var text = this.exportSVG(), ratio = scale || window.devicePixelRatio || 1;
  var match = /width="(\d+)" height="(\d+)"/.exec(text), W = Number(match[1]), H = Number(match[2]);
  ratio = Math.max(0.05, Math.min(ratio, 16384 / W, 16384 / H, Math.sqrt(2.5e8 / (W * H))));
  return new Promise(function (resolve, reject) {
    var img = new Image();
    img.onload = function () {
      var c = document.createElement("canvas");
      c.width = Math.round(W * ratio);
      c.height = Math.round(H * ratio);
      var ctx = c.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.drawImage(img, 0, 0, W, H);
      resolve(c.toDataURL("image/png"));
    };
    img.onerror = function () { reject(new Error("the SVG did not load as an image")); };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  });
};
Explorer.prototype.download = function (kind) {
  var self = this, name = (this.d.id[this.m.roots[0]] || "org") + "." + kind;
  var save = function (blob) {
    var a = el("a", { download: name });
    a.href = URL.createObjectURL(blob);
    self.root.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  };
  if (kind === "svg") {
    save(new Blob([this.exportSVG()], { type: "image/svg+xml" }));
  } else {
    this.exportPNG().then(function (url) {
      var bytes = atob(url.split(",")[1]), arr = new Uint8Array(bytes.length);
      for (var k = 0; k < bytes.length; k++) arr[k] = bytes.charCodeAt(k);
      save(new Blob([arr], { type: "image/png" }));
    });
  }
};
