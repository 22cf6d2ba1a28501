/* orggraph explorer: an interactive org chart over the columns orggraph embeds in the page
   (orggraph/render/explorer/data.py describes them). Our own code, no library, no network:
   every text from the organisation reaches the DOM through textContent or createTextNode.
   MIT licence, part of orggraph. */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var PAGE = 50; // children drawn per page of a wide span ("next 50 of 800")
  var STACK_MIN = 3; // this many leaf children or more stack in two columns
  var CULL_MIN = 1500; // above this many laid-out units, draw only those on screen
  var OVERVIEW_MAX = 4000; // above this many on screen, draw plain boxes, no elements per unit
  var LOW_ZOOM = 0.3; // below this scale, boxes draw without text
  var GAP_X = 22, GAP_Y = 46, STACK_GAP = 12, STACK_X = 14, ASSIST_GAP = 18;
  var MIN_W = 120, MAX_W = 250, PAD_X = 10, PAD_Y = 7;
  var NAME_PX = 13, SMALL_PX = 11, LINE = 1.32;
  var MORE_W = 150, MORE_H = 34;

  var UI = {
    en: {
      search: "Search names, titles, people (/)", expandAll: "Expand all",
      collapseAll: "Collapse all", fit: "Fit", zoomIn: "Zoom in", zoomOut: "Zoom out",
      dotted: "Dotted lines", collaboration: "Collaborations", exportSvg: "SVG",
      exportPng: "PNG", exportSvgLabel: "Export the chart as SVG",
      exportPngLabel: "Export the chart as PNG", language: "Language", close: "Close",
      details: "Details", names: "Names", aliases: "Also called", description: "About",
      head: "Head", posts: "Posts", figures: "Figures", seats: "Seats",
      budget: "Monthly budget", people: "People", vacancies: "Vacant seats",
      unknownIn: "unknown in", andMore: "and {n} more", responsibilities: "Responsibilities",
      collaborations: "Collaborations", dottedLines: "Dotted lines", reportsTo: "Reports to",
      subunits: "Units below", vacant: "Vacant", nVacant: "{n} vacant",
      more: "Next {k} of {n}", found: "{n} found", nothing: "Nothing found",
      moreHits: "{n} more: type more to narrow", status: "{shown} of {total} units shown",
      manager: "dotted-line manager", report: "dotted-line report", both: "both ways",
      to: "towards", from: "from", holdersUnknown: "holders unknown", assistant: "Assistant",
      expand: "Expand", collapse: "Collapse", units: "{n} units", id: "id", type: "type",
      chart: "Organisation chart", matched: "matches"
    },
    zh: {
      search: "搜索单位、职位、人员 (/)", expandAll: "全部展开", collapseAll: "全部收起",
      fit: "适应窗口", zoomIn: "放大", zoomOut: "缩小", dotted: "虚线汇报",
      collaboration: "协作", exportSvg: "SVG", exportPng: "PNG",
      exportSvgLabel: "导出为 SVG", exportPngLabel: "导出为 PNG", language: "语言",
      close: "关闭", details: "详情", names: "名称", aliases: "别名", description: "说明",
      head: "负责人", posts: "岗位", figures: "数据", seats: "编制", budget: "月薪预算",
      people: "人数", vacancies: "空缺", unknownIn: "未知:", andMore: "等 {n} 个",
      responsibilities: "职责", collaborations: "协作", dottedLines: "虚线汇报",
      reportsTo: "上级", subunits: "下级单位", vacant: "空缺", nVacant: "空缺 {n}",
      more: "下 {k} 个 (共 {n})", found: "找到 {n} 个", nothing: "没有找到",
      moreHits: "另有 {n} 个: 请输入更多字", status: "显示 {shown} / {total} 个单位",
      manager: "虚线上级", report: "虚线下级", both: "双向", to: "对", from: "来自",
      holdersUnknown: "在岗人员未知", assistant: "助理", expand: "展开", collapse: "收起",
      units: "{n} 个单位", id: "编号", type: "类型", chart: "组织架构图", matched: "匹配"
    }
  };

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return values[k] === undefined ? m : String(values[k]);
    });
  }

  function fmt(v) {
    if (Math.round(v) === v) {
      return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    }
    var s = v.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
    var parts = s.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  // ------------------------------------------------------------------ the model
  function Model(d) {
    var n = d.id.length, i, p;
    this.d = d;
    this.n = n;
    var start = new Int32Array(n + 1), roots = [];
    for (i = 0; i < n; i++) {
      p = d.p[i];
      if (p < 0) roots.push(i); else start[p + 1]++;
    }
    for (i = 0; i < n; i++) start[i + 1] += start[i];
    var kids = new Int32Array(Math.max(start[n], 1)), fill = start.slice(0, n);
    for (i = 0; i < n; i++) {
      p = d.p[i];
      if (p >= 0) kids[fill[p]++] = i;
    }
    var ps = new Int32Array(n + 1);
    for (i = 0; i < n; i++) ps[i + 1] = ps[i] + d.po.c[i];
    var depth = new Int32Array(n);
    for (i = 0; i < n; i++) depth[i] = d.p[i] < 0 ? 0 : depth[d.p[i]] + 1;
    this.start = start;
    this.kids = kids;
    this.roots = roots;
    this.postStart = ps;
    this.depth = depth;
    this.rows = null;
    this.hay = null;
  }
  Model.prototype.nkids = function (i) { return this.start[i + 1] - this.start[i]; };
  Model.prototype.kid = function (i, k) { return this.kids[this.start[i] + k]; };
  Model.prototype.kidIndex = function (i) {
    var p = this.d.p[i], a = this.start[p], b = this.start[p + 1], k;
    for (k = a; k < b; k++) if (this.kids[k] === i) return k - a;
    return -1;
  };
  Model.prototype.row = function (id) {
    if (!this.rows) {
      this.rows = new Map();
      for (var i = 0; i < this.n; i++) this.rows.set(this.d.id[i], i);
    }
    var r = this.rows.get(String(id));
    return r === undefined ? -1 : r;
  };
  Model.prototype.pick = function (cols, j, L) {
    var s = this.d.s, v = cols[L] ? cols[L][j] : -1, k;
    if (v >= 0) return s[v];
    v = cols[0][j];
    if (v >= 0) return s[v];
    for (k = 1; k < cols.length; k++) if (cols[k][j] >= 0) return s[cols[k][j]];
    return "";
  };
  Model.prototype.name = function (i, L) { return this.d.n[L][i]; };
  Model.prototype.headPost = function (i) {
    var a = this.postStart[i];
    return a < this.postStart[i + 1] && this.d.po.k.charCodeAt(a) === 48 ? a : -1;
  };
  Model.prototype.title = function (i, L) {
    var h = this.headPost(i);
    return h < 0 ? "" : this.pick(this.d.po.t, h, L);
  };
  Model.prototype.holders = function (j) { return this.d.po.h ? this.d.po.h[j] : null; };
  Model.prototype.holderName = function (h, L) {
    return h >= 0 ? this.pick(this.d.pe.n, h, L) : this.d.s[-1 - h];
  };
  Model.prototype.holderNote = function (j, k) {
    var hn = this.d.po.hn ? this.d.po.hn[j] : null;
    return hn && hn[k] >= 0 ? this.d.s[hn[k]] : "";
  };
  Model.prototype.filled = function (j) {
    var hs = this.holders(j);
    if (this.d.po.f) return this.d.po.f[j];
    return hs ? Math.min(hs.length, this.d.po.s[j] < 0 ? hs.length : this.d.po.s[j]) : -1;
  };
  Model.prototype.open = function (j) {
    var s = this.d.po.s[j], f = this.filled(j);
    return s >= 0 && f >= 0 ? Math.max(0, s - f) : 0;
  };
  Model.prototype.vacant = function (j) {
    var hs = this.holders(j);
    return hs ? hs.length === 0 : this.d.po.f ? this.d.po.f[j] === 0 : false;
  };
  Model.prototype.figures = function (i, L) {
    var f = this.d.f, sv = f.seats.v[i], su = f.seats.u[i], bv = f.budget.v[i], bu = f.budget.u[i];
    if (sv === 0 && !su && bv === 0 && !bu) return "";
    var w = this.d.words[L] || this.d.words[0], cur = this.d.currency;
    var n = su ? "≥ " + fmt(sv) : fmt(sv);
    var line = (sv === 1 && !su ? w.seat : w.seats).replace("{n}", n);
    if (bv || bu) {
      var m = fmt(bv);
      if (cur) m = cur + " " + m;
      if (bu) m = "≥ " + m;
      line += " · " + w.budget.replace("{n}", m);
    }
    return line;
  };
  // Units under i (and i) whose own figure for measure is unknown: the unknown counts of a
  // unit minus those of its children.
  Model.prototype.unknownUnits = function (i, measure) {
    var u = this.d.f[measure].u, out = [], stack = [i], v, k, below;
    while (stack.length) {
      v = stack.pop();
      if (!u[v]) continue;
      below = 0;
      for (k = this.start[v]; k < this.start[v + 1]; k++) {
        below += u[this.kids[k]];
        stack.push(this.kids[k]);
      }
      if (u[v] > below) out.push(v);
    }
    return out.sort(function (a, b) { return a - b; });
  };
  // The search haystack: every unit's texts in every language, lower-cased, in one string;
  // offsets[i] is where unit i's part starts, so one indexOf scan finds every hit.
  Model.prototype.index = function () {
    if (this.hay) return;
    var d = this.d, n = this.n, L = d.langs.length, parts = new Array(n), offsets = new Int32Array(n + 1);
    var alias = new Map(), i, j, k, h, pos = 0, t;
    for (k = 0; k < d.al.i.length; k++) alias.set(d.al.i[k], d.al.v[k]);
    for (i = 0; i < n; i++) {
      t = [d.id[i]];
      for (k = 0; k < L; k++) t.push(d.n[k][i]);
      var al = alias.get(i);
      if (al) for (k = 0; k < al.length; k++) t.push(d.s[al[k]]);
      for (j = this.postStart[i]; j < this.postStart[i + 1]; j++) {
        for (k = 0; k < L; k++) if (d.po.t[k][j] >= 0) t.push(d.s[d.po.t[k][j]]);
        var hs = this.holders(j);
        if (hs) {
          for (h = 0; h < hs.length; h++) {
            if (hs[h] >= 0) {
              for (k = 0; k < L; k++) if (d.pe.n[k][hs[h]] >= 0) t.push(d.s[d.pe.n[k][hs[h]]]);
            } else t.push(d.s[-1 - hs[h]]);
          }
        }
      }
      parts[i] = t.join("\u0001").toLowerCase() + "\u0002";
      offsets[i] = pos;
      pos += parts[i].length;
    }
    offsets[n] = pos;
    this.hay = parts.join("");
    this.offsets = offsets;
  };
  Model.prototype.search = function (text) {
    var q = String(text == null ? "" : text).trim().toLowerCase(), out = [];
    if (!q) return out;
    this.index();
    var hay = this.hay, off = this.offsets, pos = hay.indexOf(q), lo, hi, mid;
    while (pos >= 0) {
      lo = 0;
      hi = this.n - 1;
      while (lo < hi) { // the last unit starting at or before pos
        mid = (lo + hi + 1) >> 1;
        if (off[mid] <= pos) lo = mid; else hi = mid - 1;
      }
      out.push(lo);
      pos = hay.indexOf(q, off[lo + 1]);
    }
    return out;
  };
  // What a hit matched, for the list of hits: a title or a person, in the language shown.
  Model.prototype.why = function (i, q, L) {
    var d = this.d, j, k, h, hs, t;
    q = q.trim().toLowerCase();
    for (k = 0; k < d.langs.length; k++) if (d.n[k][i].toLowerCase().indexOf(q) >= 0) return "";
    for (j = this.postStart[i]; j < this.postStart[i + 1]; j++) {
      hs = this.holders(j);
      for (h = 0; hs && h < hs.length; h++) {
        t = this.holderName(hs[h], L);
        if (t.toLowerCase().indexOf(q) >= 0 || this.search1(hs[h], q)) {
          return t + " · " + this.pick(d.po.t, j, L);
        }
      }
      for (k = 0; k < d.langs.length; k++) {
        if (d.po.t[k][j] >= 0 && d.s[d.po.t[k][j]].toLowerCase().indexOf(q) >= 0) {
          return this.pick(d.po.t, j, L);
        }
      }
    }
    return "";
  };
  Model.prototype.search1 = function (h, q) {
    if (h < 0) return false;
    var d = this.d;
    for (var k = 0; k < d.langs.length; k++) {
      if (d.pe.n[k][h] >= 0 && d.s[d.pe.n[k][h]].toLowerCase().indexOf(q) >= 0) return true;
    }
    return false;
  };

  // ------------------------------------------------------------------ measuring text
  function Measure(family) {
    var canvas = document.createElement("canvas");
    this.ctx = canvas.getContext("2d");
    this.family = family;
    this.cache = [new Map(), new Map()];
  }
  Measure.prototype.width = function (text, bold) {
    var c = this.cache[bold ? 1 : 0], w = c.get(text);
    if (w === undefined) {
      this.ctx.font = (bold ? "bold " + NAME_PX : SMALL_PX) + "px " + this.family;
      w = this.ctx.measureText(text).width;
      c.set(text, w);
    }
    return w;
  };
  // text cut to max pixels, with an ellipsis
  Measure.prototype.fit = function (text, bold, max) {
    if (this.width(text, bold) <= max) return text;
    var lo = 0, hi = text.length, mid;
    while (lo < hi) {
      mid = (lo + hi + 1) >> 1;
      if (this.width(text.slice(0, mid) + "…", bold) <= max) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + "…";
  };

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
    this.expanded = new Uint8Array(n);
    this.limit = new Int32Array(n); // children shown of a wide span (0: one page)
    this.shown = new Uint8Array(n);
    this.stacked = new Uint8Array(n); // its children stack in two columns
    this.W = new Float32Array(n);
    this.H = new Float32Array(n);
    this.A = new Float32Array(n); // width the assistants add on the right
    this.X = new Float64Array(n);
    this.Y = new Float64Array(n);
    this.sized = new Int32Array(n).fill(-1); // the language the size was measured in
    this.order = new Int32Array(0);
    this.count = 0;
    this.more = [];
    this.T = { x: 0, y: 0, k: 1 };
    this.selected = -1;
    this.hit = -1;
    this.active = -1;
    this.overlays = { dotted: true, collaboration: true };
    this.listeners = {};
    this.drawn = new Map();
    this.mode = "";
    this.pending = false;
    var depth = data.depth == null ? (n > 200 ? 1 : 2) : data.depth;
    for (var i = 0; i < n; i++) if (this.m.depth[i] < depth) this.expanded[i] = 1;
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
      "aria-controls": "og-hits", autocomplete: "off", spellcheck: "false"
    }, search);
    this.hits = el("ul", { "class": "og-hits", id: "og-hits", role: "listbox", hidden: "" }, search);
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
    [["og-dotted", t.dotted], ["og-collaboration", t.collaboration]].forEach(function (m) {
      var mk = sv("marker", { id: m[0], viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
      sv("path", { d: "M0,1L10,5L0,9z", fill: m[1] }, mk);
    });
  };

  // The bar's words in the language shown (names come from the data).
  Explorer.prototype.labels = function () {
    var w = this.words(), d = this.d, b = this.buttons;
    var title = this.m.pick(d.title.map(function (x) { return [x]; }), 0, this.L);
    this.h1.textContent = title;
    this.h1.hidden = !title;
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

  // ------------------------------------------------------------------ box contents
  // What unit i's box says: name, head title, head holders (or a Vacant badge), figures,
  // open seats in its other posts, and its assistants (drawn beside it).
  Explorer.prototype.content = function (i) {
    var m = this.m, L = this.L, c = { name: m.name(i, L), title: m.title(i, L), people: "", vacant: false, figures: m.figures(i, L), open: 0, assistants: [] };
    var a = m.postStart[i], b = m.postStart[i + 1], j, kind;
    for (j = a; j < b; j++) {
      kind = m.d.po.k.charCodeAt(j) - 48;
      if (kind === 0) {
        c.vacant = m.vacant(j);
        c.people = this.people(j);
      } else if (kind === 1) {
        c.assistants.push({ title: m.pick(m.d.po.t, j, L), people: this.people(j), vacant: m.vacant(j) });
      } else {
        c.open += m.open(j);
      }
    }
    return c;
  };
  Explorer.prototype.people = function (j) {
    var m = this.m, hs = m.holders(j), out = [], k, note;
    if (!hs || !hs.length) return "";
    for (k = 0; k < hs.length && k < 2; k++) {
      note = m.holderNote(j, k);
      out.push(m.holderName(hs[k], this.L) + (note ? " (" + note + ")" : ""));
    }
    return out.join(", ") + (hs.length > 2 ? " +" + (hs.length - 2) : "");
  };

  Explorer.prototype.size = function (i) {
    if (this.sized[i] === this.L) return;
    var c = this.content(i), me = this.measure, w = me.width(c.name, true), h = NAME_PX * LINE;
    var lines = [c.title, c.people, c.figures];
    for (var k = 0; k < lines.length; k++) {
      if (lines[k]) {
        w = Math.max(w, me.width(lines[k], false));
        h += SMALL_PX * LINE;
      }
    }
    if (c.vacant && !c.people) h += SMALL_PX * LINE;
    if (c.open) h += SMALL_PX * LINE;
    this.W[i] = Math.min(MAX_W, Math.max(MIN_W, w + 2 * PAD_X));
    this.H[i] = h + 2 * PAD_Y + (this.m.nkids(i) ? 6 : 0);
    var aw = 0;
    for (k = 0; k < c.assistants.length; k++) {
      var a = c.assistants[k];
      aw = Math.max(aw, me.width(a.title, false), me.width(a.people || "", false));
    }
    this.A[i] = c.assistants.length ? ASSIST_GAP + Math.min(180, Math.max(80, aw + 2 * PAD_X)) : 0;
    this.sized[i] = this.L;
  };

  // ------------------------------------------------------------------ layout
  // The children drawn under an expanded unit: one page of a wide span at a time.
  Explorer.prototype.page = function (i) {
    var n = this.m.nkids(i);
    return Math.min(n, this.limit[i] || PAGE);
  };

  // A tidy tree of what is expanded: each subtree's left and right contour per level,
  // children packed left to right as close as their contours allow, parents centred over
  // their children; leaf children of a unit stack in two columns. Only units drawn are
  // laid out, so expanding one unit costs what is shown, not the organisation's size.
  Explorer.prototype.relayout = function () {
    var m = this.m, n = m.n, self = this;
    var order = [], stack = m.roots.slice().reverse(), i, k, c, P;
    this.shown.fill(0);
    this.stacked.fill(0);
    while (stack.length) {
      i = stack.pop();
      order.push(i);
      this.shown[i] = 1;
      this.size(i);
      if (this.expanded[i]) for (k = this.page(i) - 1; k >= 0; k--) stack.push(m.kid(i, k));
    }
    var maxH = MORE_H;
    for (k = 0; k < order.length; k++) maxH = Math.max(maxH, this.H[order[k]]);
    P = maxH + GAP_Y;
    this.P = P;
    var CL = new Array(n), CR = new Array(n), relX = this.X, relY = this.Y, more = [];
    var moreOf = new Map();
    for (var o = order.length - 1; o >= 0; o--) { // children before parents
      i = order[o];
      var own = [-this.W[i] / 2], ownR = [this.W[i] / 2 + this.A[i]];
      if (!this.expanded[i] || !m.nkids(i)) {
        CL[i] = own;
        CR[i] = ownR;
        continue;
      }
      var shown = this.page(i), items = [], leaves = true;
      for (k = 0; k < shown; k++) {
        c = m.kid(i, k);
        items.push(c);
        if ((this.expanded[c] && m.nkids(c)) || this.A[c]) leaves = false;
      }
      if (shown < m.nkids(i)) {
        var mo = { parent: i, shown: shown, total: m.nkids(i), x: 0, y: 0 };
        more.push(mo);
        moreOf.set(i, mo);
        items.push(-1);
      }
      var wOf = function (x) { return x < 0 ? MORE_W : self.W[x]; };
      var hOf = function (x) { return x < 0 ? MORE_H : self.H[x]; };
      if (leaves && items.length >= STACK_MIN) { // two columns either side of a spine
        var rows = Math.ceil(items.length / 2), pitch = 0, wl = 0, wr = 0;
        for (k = 0; k < items.length; k++) {
          pitch = Math.max(pitch, hOf(items[k]));
          if (k % 2) wr = Math.max(wr, wOf(items[k])); else wl = Math.max(wl, wOf(items[k]));
        }
        pitch += STACK_GAP;
        this.stacked[i] = 1;
        for (k = 0; k < items.length; k++) {
          var x = k % 2 ? STACK_X + wOf(items[k]) / 2 : -STACK_X - wOf(items[k]) / 2;
          var y = P + Math.floor(k / 2) * pitch;
          if (items[k] < 0) { moreOf.get(i).x = x; moreOf.get(i).y = y; } else { relX[items[k]] = x; relY[items[k]] = y; }
        }
        var levels = Math.max(1, Math.ceil((rows * pitch - STACK_GAP) / P));
        for (k = 0; k < levels; k++) {
          own.push(-STACK_X - wl);
          ownR.push(STACK_X + wr);
        }
        CL[i] = own;
        CR[i] = ownR;
        continue;
      }
      var accL = [], accR = [], offs = [];
      for (k = 0; k < items.length; k++) {
        c = items[k];
        var cl = c < 0 ? [-MORE_W / 2] : CL[c], cr = c < 0 ? [MORE_W / 2] : CR[c], shift = 0, l;
        if (k > 0) {
          shift = -Infinity;
          for (l = 0; l < cl.length && l < accR.length; l++) shift = Math.max(shift, accR[l] - cl[l] + GAP_X);
        }
        offs.push(shift);
        for (l = 0; l < cl.length; l++) {
          if (l >= accL.length) accL[l] = cl[l] + shift;
          accR[l] = cr[l] + shift;
        }
        if (c >= 0) { CL[c] = null; CR[c] = null; }
      }
      var mid = (offs[0] + offs[offs.length - 1]) / 2;
      for (k = 0; k < items.length; k++) {
        if (items[k] < 0) { moreOf.get(i).x = offs[k] - mid; moreOf.get(i).y = P; } else { relX[items[k]] = offs[k] - mid; relY[items[k]] = P; }
      }
      for (k = 0; k < accL.length; k++) {
        own.push(accL[k] - mid);
        ownR.push(accR[k] - mid);
      }
      CL[i] = own;
      CR[i] = ownR;
    }
    // the top units side by side, then absolute positions top-down
    var x0 = 0, right = [];
    for (k = 0; k < m.roots.length; k++) {
      var r = m.roots[k], sh = 0;
      if (k > 0) {
        sh = -Infinity;
        for (var lv = 0; lv < CL[r].length && lv < right.length; lv++) sh = Math.max(sh, right[lv] - CL[r][lv] + 2 * GAP_X);
        if (sh === -Infinity) sh = x0;
      }
      for (lv = 0; lv < CR[r].length; lv++) right[lv] = CR[r][lv] + sh;
      x0 = sh;
      relX[r] = sh;
      relY[r] = 0;
    }
    for (k = 0; k < order.length; k++) {
      i = order[k];
      var p = m.d.p[i];
      if (p >= 0) {
        this.X[i] = relX[i] + this.X[p];
        this.Y[i] = relY[i] + this.Y[p];
      }
    }
    for (k = 0; k < more.length; k++) {
      more[k].x += this.X[more[k].parent];
      more[k].y += this.Y[more[k].parent];
    }
    this.order = Int32Array.from(order);
    this.count = order.length;
    this.more = more;
    this.moreOf = moreOf;
    this.bounds();
    var w = this.words();
    this.status.textContent = say(w.status, { shown: fmt(this.count), total: fmt(n) });
    this.draw(true);
  };

  Explorer.prototype.bounds = function () {
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity, i, k;
    for (k = 0; k < this.order.length; k++) {
      i = this.order[k];
      x1 = Math.min(x1, this.X[i] - this.W[i] / 2);
      x2 = Math.max(x2, this.X[i] + this.W[i] / 2 + this.A[i]);
      y1 = Math.min(y1, this.Y[i]);
      y2 = Math.max(y2, this.Y[i] + this.H[i] + 8);
    }
    for (k = 0; k < this.more.length; k++) {
      var mo = this.more[k];
      x1 = Math.min(x1, mo.x - MORE_W / 2);
      x2 = Math.max(x2, mo.x + MORE_W / 2);
      y2 = Math.max(y2, mo.y + MORE_H);
    }
    this.box = { x: x1, y: y1, w: Math.max(1, x2 - x1), h: Math.max(1, y2 - y1) };
  };

  // ------------------------------------------------------------------ drawing
  Explorer.prototype.style = function (i) {
    var t = this.theme, ty = this.d.ty[i], name = ty >= 0 ? this.d.s[ty] : null;
    return (name && t.types[name]) || t["default"];
  };

  // One unit's <g data-id>: box, lines of text (as DOM text), badges, assistants, toggle.
  Explorer.prototype.unitElement = function (i, withText) {
    var m = this.m, c = this.content(i), st = this.style(i), W = this.W[i], H = this.H[i], w = this.words();
    var g = sv("g", {
      "class": "og-unit", "data-id": m.d.id[i], role: "treeitem", id: "og-u" + i,
      "aria-level": String(m.depth[i] + 1), "aria-label": c.title ? c.name + ", " + c.title : c.name
    });
    if (m.nkids(i)) g.setAttribute("aria-expanded", this.expanded[i] ? "true" : "false");
    g.setAttribute("aria-selected", i === this.selected ? "true" : "false");
    if (i === this.selected) g.classList.add("og-selected");
    if (i === this.hit) g.classList.add("og-hit");
    if (i === this.active) g.classList.add("og-active");
    txt(sv("title", {}, g), c.title ? c.name + "\n" + c.title : c.name);
    sv("rect", { "class": "og-box", x: -W / 2, y: 0, width: W, height: H, rx: 4, fill: st[0], stroke: st[1], "stroke-width": st[3] }, g);
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
        txt(sv("text", { x: 0, y: y, "font-size": SMALL_PX, fill: st[2], "text-anchor": "middle" }, g), me.fit(c.figures, false, max));
        y += small;
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

  Explorer.prototype.assistants = function (g, i, c, withText) {
    var W = this.W[i], aw = this.A[i] - ASSIST_GAP, ah = 2 * SMALL_PX * LINE + 2 * PAD_Y - 2, y0 = 4, k, w = this.words();
    for (k = 0; k < c.assistants.length; k++) {
      var a = c.assistants[k], y = y0 + k * (ah + 6), x = W / 2 + ASSIST_GAP;
      var ag = sv("g", { "class": "og-assistant" }, g);
      sv("path", { d: "M" + W / 2 + "," + (y + ah / 2) + "H" + x, stroke: this.theme.reporting, fill: "none" }, ag);
      sv("rect", { x: x, y: y, width: aw, height: ah, rx: 4, fill: "#ffffff", stroke: "#a0acb9", "stroke-dasharray": "4,2" }, ag);
      txt(sv("title", {}, ag), w.assistant + ": " + a.title + (a.people ? " — " + a.people : ""));
      if (!withText) continue;
      var me = this.measure;
      txt(sv("text", { x: x + aw / 2, y: y + PAD_Y + SMALL_PX - 2, "font-size": SMALL_PX, fill: "#1f2933", "text-anchor": "middle" }, ag), me.fit(a.title, false, aw - 8));
      if (a.people) txt(sv("text", { x: x + aw / 2, y: y + PAD_Y + 2 * SMALL_PX + 1, "font-size": SMALL_PX, fill: "#1f5fa8", "font-style": "italic", "text-anchor": "middle" }, ag), me.fit(a.people, false, aw - 8));
      else if (a.vacant) this.badge(ag, x + aw / 2, y + PAD_Y + 2 * SMALL_PX + 1, w.vacant, "#fdecea", "#c0392b", "#a61b1b");
    }
  };

  // The units in view (all of them below CULL_MIN): rows of this.order.
  Explorer.prototype.inView = function () {
    if (this.count <= CULL_MIN) return this.order;
    var T = this.T, r = this.svg.getBoundingClientRect(), pad = 300 / T.k;
    var x1 = -T.x / T.k - pad, x2 = (r.width - T.x) / T.k + pad, y1 = -T.y / T.k - pad, y2 = (r.height - T.y) / T.k + pad;
    var out = [], i, k;
    for (k = 0; k < this.count; k++) {
      i = this.order[k];
      if (this.X[i] + this.W[i] / 2 + this.A[i] >= x1 && this.X[i] - this.W[i] / 2 <= x2 && this.Y[i] + this.H[i] >= y1 && this.Y[i] <= y2) out.push(i);
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

  // Reporting lines of the drawn units: elbows to side-by-side children, a spine with
  // stubs to stacked ones.
  Explorer.prototype.edges = function (rows) {
    var m = this.m, out = [], k, i, done = new Set();
    for (k = 0; k < rows.length; k++) {
      i = rows[k];
      var p = m.d.p[i];
      if (p >= 0 && !done.has(p)) { done.add(p); this.edgesOf(p, out); }
    }
    for (k = 0; k < rows.length; k++) {
      i = rows[k];
      if (this.expanded[i] && m.nkids(i) && !done.has(i)) {
        done.add(i);
        this.edgesOf(i, out);
      }
    }
    return out.join("");
  };
  Explorer.prototype.edgesOf = function (p, out) {
    var m = this.m, n = this.page(p), k, c, xp = this.X[p], yb = this.Y[p] + this.H[p] + 8;
    if (!n) return;
    var mo = this.moreOf.get(p) || null;
    if (this.stacked[p]) {
      var last = 0;
      for (k = 0; k < n; k++) {
        c = m.kid(p, k);
        var yc = this.Y[c] + Math.min(this.H[c] / 2, 18);
        last = Math.max(last, yc);
        out.push("M" + xp + "," + yc + "H" + (this.X[c] < xp ? this.X[c] + this.W[c] / 2 : this.X[c] - this.W[c] / 2));
      }
      if (mo) {
        last = Math.max(last, mo.y + MORE_H / 2);
        out.push("M" + xp + "," + (mo.y + MORE_H / 2) + "H" + (mo.x < xp ? mo.x + MORE_W / 2 : mo.x - MORE_W / 2));
      }
      out.push("M" + xp + "," + (this.Y[p] + this.H[p]) + "V" + last);
      return;
    }
    var ym = this.Y[p] + this.P - GAP_Y / 2 + 4, x1 = Infinity, x2 = -Infinity;
    for (k = 0; k < n; k++) {
      c = m.kid(p, k);
      x1 = Math.min(x1, this.X[c]);
      x2 = Math.max(x2, this.X[c]);
      out.push("M" + this.X[c] + "," + ym + "V" + this.Y[c]);
    }
    if (mo) {
      x2 = Math.max(x2, mo.x);
      out.push("M" + mo.x + "," + ym + "V" + mo.y);
    }
    out.push("M" + xp + "," + (this.Y[p] + this.H[p]) + "V" + ym + "M" + Math.min(x1, xp) + "," + ym + "H" + Math.max(x2, xp));
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

  // Dotted and collaboration links over the tree (they never steer the layout).
  Explorer.prototype.drawLinks = function (layer) {
    layer.textContent = "";
    var ln = this.d.ln, t = this.theme, k, seen = new Set();
    for (k = 0; k < ln.k.length; k++) {
      var kind = ln.k[k] === 0 ? "dotted" : "collaboration";
      if (!this.overlays[kind]) continue;
      var a = this.boxOf(ln.a[k]), b = this.boxOf(ln.b[k]);
      if (a < 0 || b < 0 || a === b || seen.has(kind + a + "," + b)) continue;
      seen.add(kind + a + "," + b);
      var ax = this.X[a], ay = this.Y[a], bx = this.X[b], by = this.Y[b], d;
      if (Math.abs(ay - by) < 1) { // same row: an arc over the top
        var lift = 30 + Math.abs(bx - ax) * 0.12;
        d = "M" + ax + "," + ay + "C" + ax + "," + (ay - lift) + " " + bx + "," + (by - lift) + " " + bx + "," + by;
      } else {
        var down = by > ay, y1 = down ? ay + this.H[a] : ay, y2 = down ? by : by + this.H[b], my = (y1 + y2) / 2;
        d = "M" + ax + "," + y1 + "C" + ax + "," + my + " " + bx + "," + my + " " + bx + "," + y2;
      }
      var path = sv("path", {
        "class": "og-link og-" + kind, d: d, stroke: kind === "dotted" ? t.dotted : t.collaboration,
        "stroke-width": kind === "dotted" ? 1.6 : 1.3, "stroke-dasharray": kind === "dotted" ? "1.5,3" : "6,4",
        "stroke-linecap": "round", "marker-end": "url(#og-" + kind + ")", fill: "none"
      }, layer);
      if (ln.m[k]) path.setAttribute("marker-start", "url(#og-" + kind + ")");
      var rel = this.m.pick(ln.r, k, this.L);
      txt(sv("title", {}, path), this.m.name(ln.a[k], this.L) + " → " + this.m.name(ln.b[k], this.L) + (rel ? ": " + rel : ""));
    }
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
    this.svg.setAttribute("aria-activedescendant", "og-u" + i);
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
      var li = el("li", { role: "option", id: "og-hit" + n, "data-id": m.d.id[i], "aria-selected": "false" }, self.hits);
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
    this.input.setAttribute("aria-activedescendant", "og-hit" + n);
    if (items[n] && items[n].scrollIntoView) items[n].scrollIntoView({ block: "nearest" });
  };
  Explorer.prototype.choose = function (n) {
    var i = this.hitRows[n];
    this.showHits(false);
    this.focus(this.m.d.id[i]);
  };

  // ------------------------------------------------------------------ details panel
  Explorer.prototype.closePanel = function () {
    this.panel.hidden = true;
    var old = this.drawn.get(this.selected);
    if (old) { old.classList.remove("og-selected"); old.setAttribute("aria-selected", "false"); }
    this.selected = -1;
  };
  Explorer.prototype.unitButton = function (parent, i) {
    var self = this, b = el("button", { type: "button", "class": "og-link", "data-id": this.m.d.id[i] }, parent);
    b.textContent = this.m.name(i, this.L);
    b.addEventListener("click", function () { self.focus(self.m.d.id[i]); self.select(self.m.d.id[i]); });
    return b;
  };
  Explorer.prototype.figureRow = function (dl, label, i, measure) {
    var f = this.d.f[measure];
    if (!f) return;
    var w = this.words(), v = f.v[i], u = f.u[i], m = this.m, self = this;
    txt(el("dt", {}, dl), label);
    var dd = el("dd", {}, dl);
    var value = (measure === "budget" && this.d.currency ? this.d.currency + " " : "") + fmt(v);
    dd.appendChild(document.createTextNode(u ? "≥ " + value : value));
    if (u) {
      var note = el("div", { "class": "og-unknown" }, dd), units = m.unknownUnits(i, measure);
      note.appendChild(document.createTextNode(w.unknownIn + " "));
      units.slice(0, 8).forEach(function (x, k) {
        if (k) note.appendChild(document.createTextNode(", "));
        self.unitButton(note, x);
      });
      if (units.length > 8) note.appendChild(document.createTextNode(" " + say(w.andMore, { n: units.length - 8 })));
    }
  };
  Explorer.prototype.fillPanel = function (i) {
    var m = this.m, d = this.d, w = this.words(), L = this.L, p = this.panel, self = this, k, j;
    p.textContent = "";
    var close = el("button", { type: "button", "class": "og-close", "aria-label": w.close }, p);
    close.textContent = "×";
    close.addEventListener("click", function () { self.closePanel(); });
    txt(el("h2", {}, p), m.name(i, L));
    var sub = [w.id + ": " + d.id[i]];
    if (d.ty[i] >= 0) sub.push(w.type + ": " + d.s[d.ty[i]]);
    txt(el("div", { "class": "og-sub" }, p), sub.join(" · "));
    if (d.langs.length > 1) {
      txt(el("h3", {}, p), w.names);
      var dl = el("dl", {}, p);
      for (k = 0; k < d.langs.length; k++) {
        txt(el("dt", {}, dl), d.langs[k]);
        txt(el("dd", { lang: d.langs[k] }, dl), d.n[k][i]);
      }
    }
    var ai = d.al.i.indexOf(i);
    if (ai >= 0) {
      txt(el("h3", {}, p), w.aliases);
      txt(el("div", {}, p), d.al.v[ai].map(function (x) { return d.s[x]; }).join(" · "));
    }
    var di = d.d.i.indexOf(i);
    if (di >= 0) {
      txt(el("h3", {}, p), w.description);
      txt(el("p", {}, p), m.pick(d.d.v[di].map(function (x) { return [x]; }), 0, L));
    }
    if (d.p[i] >= 0) {
      txt(el("h3", {}, p), w.reportsTo);
      var chain = el("div", {}, p), up = [], q = d.p[i];
      while (q >= 0) { up.unshift(q); q = d.p[q]; }
      up.forEach(function (x, n) {
        if (n) chain.appendChild(document.createTextNode(" › "));
        self.unitButton(chain, x);
      });
    }
    var a = m.postStart[i], b = m.postStart[i + 1];
    if (b > a) {
      txt(el("h3", {}, p), w.posts);
      var ul = el("ul", {}, p);
      for (j = a; j < b; j++) {
        var kind = d.po.k.charCodeAt(j) - 48, li = el("li", {}, ul);
        var head = (kind === 0 ? w.head + ": " : kind === 1 ? w.assistant + ": " : "");
        var strong = el("strong", {}, li);
        strong.textContent = head + m.pick(d.po.t, j, L);
        var seats = d.po.s[j], filled = m.filled(j);
        li.appendChild(document.createTextNode(" · " + w.seats + " " + (seats < 0 ? "?" : fmt(seats)) + (filled >= 0 && seats >= 0 && filled !== seats ? " (" + fmt(filled) + "/" + fmt(seats) + ")" : "")));
        var hs = m.holders(j);
        if (hs && hs.length) {
          var who = [];
          for (k = 0; k < hs.length; k++) {
            var note = m.holderNote(j, k);
            who.push(m.holderName(hs[k], L) + (note ? " (" + note + ")" : ""));
          }
          txt(el("div", {}, li), who.join(", "));
        } else if (hs && !hs.length || (!hs && filled === 0)) {
          txt(el("span", { "class": "og-badge" }, el("div", {}, li)), w.vacant);
        } else if (d.po.h && !hs) {
          txt(el("div", { "class": "og-sub" }, li), w.holdersUnknown);
        }
        if (m.open(j) && filled > 0) {
          li.appendChild(document.createTextNode(" "));
          txt(el("span", { "class": "og-badge" }, li), say(w.nVacant, { n: m.open(j) }));
        }
      }
    }
    txt(el("h3", {}, p), w.figures);
    var fl = el("dl", {}, p);
    this.figureRow(fl, w.seats, i, "seats");
    this.figureRow(fl, w.budget, i, "budget");
    this.figureRow(fl, w.people, i, "people");
    this.figureRow(fl, w.vacancies, i, "vacancies");
    if (m.nkids(i)) {
      txt(el("dt", {}, fl), w.subunits);
      txt(el("dd", {}, fl), fmt(m.nkids(i)));
    }
    var rs = d.rs, mine = [];
    for (k = 0; k < rs.u.length; k++) if (rs.u[k].indexOf(i) >= 0) mine.push(k);
    if (mine.length) {
      txt(el("h3", {}, p), w.responsibilities);
      var ru = el("ul", {}, p);
      mine.forEach(function (r) { txt(el("li", {}, ru), m.pick(rs.n, r, L)); });
    }
    this.linkList(p, i, 1, w.collaborations);
    this.linkList(p, i, 0, w.dottedLines);
  };
  Explorer.prototype.linkList = function (p, i, kind, heading) {
    var ln = this.d.ln, w = this.words(), ul = null, k, self = this;
    for (k = 0; k < ln.k.length; k++) {
      if (ln.k[k] !== kind || (ln.a[k] !== i && ln.b[k] !== i)) continue;
      if (!ul) {
        txt(el("h3", {}, p), heading);
        ul = el("ul", {}, p);
      }
      var li = el("li", {}, ul), out = ln.a[k] === i, other = out ? ln.b[k] : ln.a[k];
      var role = kind === 0 ? (out ? w.report : w.manager) : ln.m[k] ? w.both : out ? w.to : w.from;
      li.appendChild(document.createTextNode(role + ": "));
      self.unitButton(li, other);
      var rel = this.m.pick(ln.r, k, this.L);
      if (rel) txt(el("div", { "class": "og-sub" }, li), rel);
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

  // ------------------------------------------------------------------ the API
  Explorer.prototype.need = function (id) {
    var i = this.m.row(id);
    if (i < 0) throw new Error("no unit with id " + JSON.stringify(String(id)));
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
  };
  Explorer.prototype.collapseAll = function () {
    this.expanded.fill(0);
    this.limit.fill(0);
    this.relayout();
    this.fit();
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
  Explorer.prototype.toHash = function (id) {
    try {
      history.replaceState(null, "", "#unit=" + encodeURIComponent(id));
    } catch (err) { /* a sandboxed frame may refuse: the selection still works */ }
  };
  Explorer.prototype.fromHash = function (first) {
    var match = /(?:^#|&)unit=([^&]*)/.exec(location.hash || "");
    if (!match) return;
    var id;
    try { id = decodeURIComponent(match[1]); } catch (err) { return; }
    if (this.m.row(id) < 0 || (!first && this.selected >= 0 && this.m.d.id[this.selected] === id)) return;
    this.focus(id);
    this.select(id);
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
      overlay: function (kind, on) {
        if (!(kind in x.overlays)) throw new Error("no overlay " + JSON.stringify(String(kind)));
        x.overlays[kind] = !!on;
        x.draw(true);
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

  function start() {
    var roots = document.querySelectorAll(".orggraph-explorer");
    for (var k = 0; k < roots.length; k++) {
      var root = roots[k], source = root.querySelector("script[type='application/json']");
      if (!source || root.orggraph) continue;
      var x = new Explorer(root, JSON.parse(source.textContent));
      root.orggraph = api(x);
      if (!window.orggraph) window.orggraph = root.orggraph;
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
