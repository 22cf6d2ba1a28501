/* orggraph explorer (MIT, part of orggraph): drawing the units in view, reporting lines, paging boxes, overlays (routed by route.js); export.
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
// More than LINKS_MAX lines in view bury the chart: then only those of the selected,
// focused or hovered unit are drawn, and a note says how many there are.
var LINKS_MAX = 20;
Explorer.prototype.drawLinks = function (layer) {
  layer.textContent = "";
  var ln = this.d.ln, t = this.theme, k, seen = new Set(), want = [];
  if (!this.routes) { // emptied by each relayout
    this.routes = new Map();
    this.used = new Map();
  }
  this.placedLabels = [];
  // a big chart on screen: only the lines whose ends' span meets the view are routed and drawn
  var onScreen = layer === this.linkLayer, view = onScreen && this.count > CULL_MIN ? this.viewRect() : null;
  for (k = 0; k < ln.k.length; k++) {
    var kind = ln.k[k] === 0 ? "dotted" : "collaboration";
    if (!this.overlays[kind]) continue;
    var a = this.boxOf(ln.a[k]), b = this.boxOf(ln.b[k]);
    if (a < 0 || b < 0 || a === b || seen.has(kind + a + "," + b)) continue;
    seen.add(kind + a + "," + b);
    if (view && !(Math.max(this.X[a], this.X[b]) >= view[0] && Math.min(this.X[a], this.X[b]) <= view[2] &&
      Math.max(this.Y[a], this.Y[b]) >= view[1] && Math.min(this.Y[a], this.Y[b]) <= view[3])) continue;
    want.push([k, kind, a, b]);
  }
  var thin = onScreen && want.length > this.linksMax, near = thin ? this.linkFocus() : [];
  if (onScreen) this.linksDrawn = [];
  for (var w = 0; w < want.length; w++) {
    k = want[w][0];
    kind = want[w][1];
    a = want[w][2];
    b = want[w][3];
    if (thin && near.indexOf(a) < 0 && near.indexOf(b) < 0) continue;
    if (onScreen) this.linksDrawn.push([kind, this.m.d.id[ln.a[k]], this.m.d.id[ln.b[k]], this.m.d.id[a], this.m.d.id[b]]);
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
    if (rel && (!onScreen || this.mode === "text")) this.linkLabel(g, pts, rel, color);
  }
  if (onScreen) this.linkNote(thin ? want : null, near);
};
// The boxes whose lines are drawn when there are too many: the selected unit's, the
// hovered one's and the keyboard's (each where it is shown).
Explorer.prototype.linkFocus = function () {
  var out = [], rows = [this.selected, this.hover, this.active];
  for (var k = 0; k < rows.length; k++) if (rows[k] >= 0 && rows[k] < this.m.n && this.shown[rows[k]]) out.push(rows[k]);
  return out;
};
// The note over the chart while lines are left out: how many there are in view and whose
// are drawn ("24 dotted lines: select a unit to see its own"); hidden otherwise.
Explorer.prototype.linkNote = function (want, near) {
  if (!this.linkNoteEl) this.linkNoteEl = el("div", { "class": "og-status og-link-note", role: "status", "aria-live": "polite" }, this.status.parentNode);
  var note = this.linkNoteEl;
  note.hidden = !want;
  if (!want) return;
  var w = this.words(), both = want.some(function (x) { return x[1] !== "dotted"; });
  var head = say(both ? w.nLinksBoth : w.nLinks, { n: fmt(want.length) });
  var who = near.length ? near[0] : -1, mine = this.linksDrawn.length;
  note.textContent = head + ": " + (who < 0 ? w.pickUnit : say(mine ? w.linksOf : w.linksNone, { k: fmt(mine), name: this.m.name(who, this.L) }));
};
// Lines drawn again for the unit now selected, focused or hovered, when some are left out.
Explorer.prototype.refocusLinks = function () {
  if (this.linkNoteEl && !this.linkNoteEl.hidden) this.drawLinks(this.linkLayer);
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
