/* orggraph explorer (MIT, part of orggraph): the data as columns, words, numbers, search, text widths.
   page.py joins the assets in order inside one function with "use strict". */
var SVGNS = "http://www.w3.org/2000/svg";
var PAGE = 50; // children drawn per page of a wide span ("next 50 of 800")
var STACK_MIN = 4; // this many leaf children or more stack in columns (the tidy engine's stack_min)
var CULL_MIN = 1500; // above this many laid-out units, draw only those on screen
var OVERVIEW_MAX = 4000; // above this many on screen, draw plain boxes, no elements per unit
var LOW_ZOOM = 0.3; // below this scale, boxes draw without text
var LEGIBLE = 0.6; // expand/collapse all fit no smaller than this, so box text stays readable
var GAP_X = 22, GAP_Y = 46, ASSIST_GAP = 18;
// Stacked leaves as the tidy engine stacks them (render/tidy/engine.py, h_gap GAP_X,
// v_gap GAP_Y): gaps between leaves, from the parent, across a bus and between pairs.
var S_GAP = Math.max(6, 0.3 * GAP_Y), TOP_GAP = Math.max(12, 0.5 * GAP_Y);
var COUSIN_GAP = 1.5 * GAP_X; // between neighbours whose parents differ (tidy/placing.py)
var BUS_GAP = Math.max(12, GAP_X), PAIR_GAP = Math.max(16, 1.5 * GAP_X), STACK_RATIO = 3;
var MIN_W = 120, MAX_W = 250, PAD_X = 10, PAD_Y = 7;
var NAME_PX = 13, SMALL_PX = 11, LINE = 1.32;
var MORE_W = 150, MORE_H = 34;
var EXPLORERS = 0; // explorers started on this page

var UI = {
  en: {
    search: "Search names, titles, people (/)", expandAll: "Expand all",
    collapseAll: "Collapse all", fit: "Fit", zoomIn: "Zoom in", zoomOut: "Zoom out",
    dotted: "Dotted lines", collaboration: "Collaborations", exportSvg: "SVG",
    exportPng: "PNG", exportSvgLabel: "Export the chart as SVG",
    exportPngLabel: "Export the chart as PNG", language: "Language", close: "Close",
    details: "Details", names: "Names", aliases: "Also called", description: "About",
    head: "Head", posts: "Posts", figures: "Figures", seats: "Seats",
    budget: "Salaries", people: "People", vacancies: "Vacant seats",
    unknownIn: "unknown in", andMore: "and {n} more", responsibilities: "Responsibilities",
    collaborations: "Collaborations", dottedLines: "Dotted lines", reportsTo: "Reports to",
    subunits: "Units below", vacant: "Vacant", nVacant: "{n} vacant",
    more: "Next {k} of {n}", found: "{n} found", nothing: "Nothing found",
    moreHits: "{n} more: type more to narrow", status: "{shown} of {total} units shown",
    manager: "dotted-line manager", report: "dotted-line report", both: "both ways",
    to: "towards", from: "from", holdersUnknown: "holders unknown", assistant: "Assistant",
    expand: "Expand", collapse: "Collapse", units: "{n} units", id: "id", type: "type",
    chart: "Organisation chart", matched: "matches", date: "Date",
    nLinks: "{n} dotted lines", nLinksBoth: "{n} dotted lines and collaborations",
    pickUnit: "select a unit to see its own", linksOf: "{k} of {name} shown", linksNone: "{name} has none"
  },
  zh: {
    search: "搜索单位、职位、人员 (/)", expandAll: "全部展开", collapseAll: "全部收起",
    fit: "适应窗口", zoomIn: "放大", zoomOut: "缩小", dotted: "虚线汇报",
    collaboration: "协作", exportSvg: "SVG", exportPng: "PNG",
    exportSvgLabel: "导出为 SVG", exportPngLabel: "导出为 PNG", language: "语言",
    close: "关闭", details: "详情", names: "名称", aliases: "别名", description: "说明",
    head: "负责人", posts: "岗位", figures: "数据", seats: "编制", budget: "薪酬",
    people: "人数", vacancies: "空缺", unknownIn: "未知:", andMore: "等 {n} 个",
    responsibilities: "职责", collaborations: "协作", dottedLines: "虚线汇报",
    reportsTo: "上级", subunits: "下级单位", vacant: "空缺", nVacant: "空缺 {n}",
    more: "下 {k} 个 (共 {n})", found: "找到 {n} 个", nothing: "没有找到",
    moreHits: "另有 {n} 个: 请输入更多字", status: "显示 {shown} / {total} 个单位",
    manager: "虚线上级", report: "虚线下级", both: "双向", to: "对", from: "来自",
    holdersUnknown: "在岗人员未知", assistant: "助理", expand: "展开", collapse: "收起",
    units: "{n} 个单位", id: "编号", type: "类型", chart: "组织架构图", matched: "匹配",
    date: "日期", nLinks: "{n} 条虚线汇报", nLinksBoth: "{n} 条虚线汇报与协作",
    pickUnit: "选择一个单位以查看它的连线", linksOf: "显示{name}的 {k} 条", linksNone: "{name}没有"
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
  // p -1: a top unit; -2: a unit absent on the day shown (a dated page has every day's
  // units as rows): neither a root nor anyone's child, so nothing reaches it.
  for (i = 0; i < n; i++) {
    p = d.p[i];
    if (p === -1) roots.push(i); else if (p >= 0) start[p + 1]++;
  }
  for (i = 0; i < n; i++) start[i + 1] += start[i];
  var kids = new Int32Array(Math.max(start[n], 1)), fill = start.slice(0, n);
  for (i = 0; i < n; i++) {
    p = d.p[i];
    if (p >= 0) kids[fill[p]++] = i;
  }
  var ps = new Int32Array(n + 1);
  for (i = 0; i < n; i++) ps[i + 1] = ps[i] + d.po.c[i];
  var depth = new Int32Array(n), stack = roots.slice(), k;
  // from the roots down: on another day of a dated page a parent's row may come later
  while (stack.length) {
    p = stack.pop();
    for (k = start[p]; k < start[p + 1]; k++) {
      depth[kids[k]] = depth[p] + 1;
      stack.push(kids[k]);
    }
  }
  this.start = start;
  this.kids = kids;
  this.roots = roots;
  this.postStart = ps;
  this.depth = depth;
  this.rows = null;
  this.hay = null;
  this.units = 0; // units on the day shown (n: rows)
  for (i = 0; i < n; i++) if (d.p[i] !== -2) this.units++;
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
    for (var i = 0; i < this.n; i++) if (this.d.p[i] !== -2) this.rows.set(this.d.id[i], i);
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
// What a box's figures say, as labels.figures says them in the static charts: the
// words, marks and parts come from Python (d.fw, d.words); a known zero is left out,
// nothing known reads "?", part known "≥ n"; rows break before a part past d.fw.cols.
Model.prototype.amount = function (v, unknown) {
  var fw = this.d.fw;
  if (!unknown) return fmt(v);
  return v === 0 ? fw.missing : fw.atLeast + " " + fmt(v);
};
// labels.budget_phrase: v is per month, shown per the organisation's salary period.
Model.prototype.budgetPhrase = function (v, unknown, L) {
  var d = this.d, fw = d.fw, w = d.words[L] || d.words[0], n;
  if (d.period === "year") v = Math.round(v * 12 * 100) / 100;
  n = this.amount(v, unknown);
  if (d.currency) n = n.indexOf(fw.atLeast) === 0 ? fw.atLeast + " " + d.currency + " " + n.slice(2) : d.currency + " " + n;
  return say(d.period === "year" ? w.budget_year : w.budget, { n: n });
};
// Whether the figures line counts open seats ("· 2 open"): then a box needs no "2 vacant" badge too.
Model.prototype.figuresOpen = function () {
  return this.d.fw.parts.indexOf("open") >= 0 && !!this.d.f.vacancies;
};
Model.prototype.figures = function (i, L) {
  var d = this.d, fw = d.fw, f = d.f, w = d.words[L] || d.words[0], out = [], k, part, r, v, u;
  for (k = 0; k < fw.parts.length; k++) {
    part = fw.parts[k];
    r = f[part === "open" ? "vacancies" : part];
    if (!r) continue;
    v = r.v[i];
    u = r.u[i] > 0;
    if (v === 0 && !u) continue;
    if (part === "seats") {
      out.push(say(v === 1 && !u ? w.seat : w.seats, { n: this.amount(v, u) }));
    } else if (part === "open") {
      out.push(say(w.open, { n: this.amount(v, u) }));
    } else {
      out.push(this.budgetPhrase(v, u, L));
    }
  }
  return figureRows(out, fw.sep, fw.cols).join("\n");
};
// Terminal columns as core.rows.cell_width counts them: East Asian wide and fullwidth
// characters 2, combining marks 0.
function cellWidth(s) {
  var n = 0, c;
  for (var k = 0; k < s.length; k++) {
    c = s.codePointAt(k);
    if (c > 0xffff) k++;
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f)) continue;
    n += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return n;
}
// labels.figure_rows: pieces joined by sep, a new row before one that would pass cols.
function figureRows(pieces, sep, cols) {
  var rows = [], row = [], used = 0, sw = cellWidth(sep), c;
  for (var k = 0; k < pieces.length; k++) {
    c = cellWidth(pieces[k]);
    if (row.length && used + sw + c <= cols) {
      row.push(pieces[k]);
      used += sw + c;
    } else {
      if (row.length) rows.push(row.join(sep));
      row = [pieces[k]];
      used = c;
    }
  }
  if (row.length) rows.push(row.join(sep));
  return rows;
}
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
    if (d.p[i] === -2) { // absent on this day: found by no search
      parts[i] = "\u0002";
      offsets[i] = pos;
      pos += 1;
      continue;
    }
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
// Text widths as the sum of each character's advance, each character measured once per
// font: measuring every (mostly unique) name with the canvas would cost seconds at 100,000
// units; kerning, which this leaves out, moves a box edge by a pixel or two.
function Measure(family) {
  var canvas = document.createElement("canvas");
  this.ctx = canvas.getContext("2d");
  this.family = family;
  this.advance = [new Float32Array(65536).fill(-1), new Float32Array(65536).fill(-1)];
}
Measure.prototype.width = function (text, bold) {
  var adv = this.advance[bold ? 1 : 0], w = 0, k, c, a;
  for (k = 0; k < text.length; k++) {
    c = text.charCodeAt(k);
    a = adv[c];
    if (a < 0) {
      this.ctx.font = (bold ? "bold " + NAME_PX : SMALL_PX) + "px " + this.family;
      a = adv[c] = this.ctx.measureText(String.fromCharCode(c)).width;
    }
    w += a;
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

