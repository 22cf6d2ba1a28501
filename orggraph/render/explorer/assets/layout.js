/* orggraph explorer (MIT, part of orggraph): what a box says and its size; the tidy layout of what is expanded.
   page.py joins the assets in order inside one function with "use strict". */
// ------------------------------------------------------------------ box contents
// What unit i's box says: name, head title, head holders (or a Vacant badge), figures,
// open seats in its other posts (when the figures do not count them), and its assistants (drawn beside it).
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
  if (m.figuresOpen()) c.open = 0; // the figures line already says it
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
  if (!this.NA) this.NA = new Int32Array(this.m.n);
  if (this.sized[i] === this.L) return;
  var c = this.content(i), me = this.measure, w = me.width(c.name, true), h = NAME_PX * LINE;
  var lines = [c.title, c.people].concat(c.figures ? c.figures.split("\n") : []);
  for (var k = 0; k < lines.length; k++) {
    if (lines[k]) {
      w = Math.max(w, me.width(lines[k], false));
      h += SMALL_PX * LINE;
    }
  }
  if (c.vacant && !c.people) h += SMALL_PX * LINE;
  if (c.open) h += SMALL_PX * LINE;
  this.NW[i] = Math.min(MAX_W, Math.max(MIN_W, w + 2 * PAD_X));
  this.H[i] = h + 2 * PAD_Y + (this.m.nkids(i) ? 6 : 0);
  var aw = 0;
  for (k = 0; k < c.assistants.length; k++) {
    var a = c.assistants[k];
    aw = Math.max(aw, me.width(a.title, false), me.width(a.people || "", false));
  }
  // as the tidy engine's extras: the slot keeps GAP_X + the assistants' width on both sides
  this.A[i] = c.assistants.length ? GAP_X + Math.min(180, Math.max(80, aw + 2 * PAD_X)) : 0;
  this.NA[i] = c.assistants.length;
  this.sized[i] = this.L;
};

// ------------------------------------------------------------------ layout
// The children drawn under an expanded unit: one page of a wide span at a time.
Explorer.prototype.page = function (i) {
  var n = this.m.nkids(i);
  return Math.min(n, this.limit[i] || PAGE);
};

// The tidy engine's other settings (render/tidy/engine.py, placing.py, extras.py with
// h_gap GAP_X, v_gap GAP_Y and the static charts' fold width).
var B_GAP = Math.max(10, 0.9 * GAP_Y), FOLD_WIDTH = 2400, FOLD_ASPECT = 1.6, ROOTS_IN_ROW = 8;
var ASSIST_H = 2 * SMALL_PX * LINE + 2 * PAD_Y - 2, COLUMN_GAP = 6;
var K_LEAF = 0, K_ROW = 1, K_STACK = 2, ROW = 1, STACK = 2, WITH_STACK = 3;

// The engine's tree: nodes are the units shown (in chart order), paging boxes, the
// invisible top of a forest and leaf stacks without a box; per node the slot's size, the
// block's extents from its anchor (L, R) and height (BH), and its offset in its parent.
function Tidy() {
  this.kids = []; this.w = []; this.h = []; this.L = []; this.R = []; this.BH = [];
  this.kind = []; this.items = []; this.dx = []; this.dy = []; this.ibus = []; this.side = [];
  this.pseudo = []; this.bus = new Map(); this.head = new Map(); this.top = -1; this.pad = [];
}
// A node with a slot of w x h; pad: the room the slot keeps on each side of its box for
// a column of assistants (engine.py's pad).
Tidy.prototype.add = function (w, h, pad) {
  var k = this.w.length;
  this.kids.push([]); this.w.push(w); this.h.push(h); this.L.push(w / 2); this.R.push(w / 2); this.BH.push(h);
  this.kind.push(K_LEAF); this.items.push([]); this.dx.push(0); this.dy.push(0); this.ibus.push(0); this.side.push(0);
  this.pseudo.push(false); this.pad.push(pad || 0);
  return k;
};
// Where node k's box sits in its slot (engine.py's lean): a leaf in a stack keeps its side
// room away from the bus only, its box at the right end (1) or the left (-1); else 0.
Tidy.prototype.lean = function (k) {
  return this.pad[k] && this.side[k] && !this.kids[k].length ? this.side[k] : 0;
};
// Children before parents (units is the units' nodes in chart order), the top last.
Tidy.prototype.arrange = function (units) {
  for (var k = units - 1; k >= -1; k--) {
    var i = k < 0 ? this.top : k;
    if (i < 0 || !this.kids[i].length) continue;
    var ks = this.kids[i], d = this.decide(i, ks);
    if (d.mode === ROW) this.applyRow(i, ks);
    else if (d.mode === STACK) this.applyStack(i, ks, d.g);
    else {
      var p = this.newPseudo(ks.filter(function (c) { return !this.kids[c].length; }, this), d.g);
      this.applyRow(i, this.withPseudo(ks, p));
    }
  }
};
// The row of a unit with its leaves stacked as one item (p), where its first leaf was.
Tidy.prototype.withPseudo = function (ks, p) {
  var kids = this.kids, row = [], put = false;
  for (var k = 0; k < ks.length; k++) {
    if (kids[ks[k]].length) row.push(ks[k]);
    else if (!put) { row.push(p); put = true; }
  }
  return row;
};
// Leaves stacked when stack_min or more, a row folded into columns when wider than the fold width.
Tidy.prototype.decide = function (i, ks) {
  var kids = this.kids, leaves = [], k;
  if (i === this.top && this.rootsInRow(i, ks)) return { mode: ROW };
  for (k = 0; k < ks.length; k++) if (!kids[ks[k]].length) leaves.push(ks[k]);
  if (leaves.length === ks.length && ks.length >= STACK_MIN) return { mode: STACK, g: this.stack(ks, this.leafColumns(ks), false) };
  var row = ks, pseudo = null;
  if (leaves.length >= STACK_MIN) {
    pseudo = this.stack(leaves, this.leafColumns(leaves), false);
    row = this.withPseudo(ks, -1);
  }
  if (FOLD_WIDTH && ks.length >= 2) {
    var g = this.fold(i, ks, row, pseudo);
    if (g) return { mode: STACK, g: g };
  }
  return pseudo ? { mode: WITH_STACK, g: pseudo } : { mode: ROW };
};
Tidy.prototype.rootsInRow = function (i, ks) {
  return ks.length <= ROOTS_IN_ROW && (!FOLD_WIDTH || this.rowExtent(i, ks, null)[0] <= 2 * FOLD_WIDTH);
};
Tidy.prototype.leafColumns = function (leaves) {
  var m = leaves.length, wide = 0, sumH = 0, cols = 2, k;
  for (k = 0; k < m; k++) {
    wide = Math.max(wide, this.w[leaves[k]]);
    sumH += this.h[leaves[k]];
  }
  var avgH = sumH / m + S_GAP;
  while (cols < m) {
    var pairs = cols / 2, width = cols * wide + pairs * BUS_GAP + (pairs - 1) * PAIR_GAP;
    if (Math.ceil(m / cols) * avgH <= STACK_RATIO * width) break;
    cols += 2;
  }
  return cols;
};
Tidy.prototype.stack = function (its, cols, across) {
  var columns = [], k;
  if (across) { // a forest's top units dealt out row by row
    for (k = 0; k < cols; k++) columns.push([]);
    for (k = 0; k < its.length; k++) columns[k % cols].push(its[k]);
  } else {
    columns = this.splitColumns(its, cols);
  }
  return this.placeColumns(columns);
};
// Consecutive items in cols columns about equally tall: a column closes once the next
// item's middle would pass the target height.
Tidy.prototype.splitColumns = function (its, cols) {
  var kids = this.kids, BH = this.BH, total = 0, k, columns = [], cur = [], curH = 0;
  for (k = 0; k < its.length; k++) total += BH[its[k]];
  var target = (total + S_GAP * its.length) / cols;
  for (k = 0; k < its.length; k++) {
    var it = its[k], bh = BH[it];
    if (cur.length) {
      var gap = !kids[it].length && !kids[its[k - 1]].length ? S_GAP : B_GAP;
      if (columns.length < cols - 1 && curH + gap + bh / 2 > target) {
        columns.push(cur);
        cur = [it];
        curH = bh;
        continue;
      }
      curH += gap;
    }
    cur.push(it);
    curH += bh;
  }
  columns.push(cur);
  return columns;
};
// Columns in pairs around a vertical bus; each item's anchor x and top y, leaves' boxes
// widened to their column's widest leaf box (a leaf's side room away from the bus).
Tidy.prototype.placeColumns = function (columns) {
  var kids = this.kids, w = this.w, h = this.h, L = this.L, R = this.R, BH = this.BH, pad = this.pad;
  if (columns.length % 2) columns.push([]);
  var places = [], stretch = [], buses = [], x = 0, height = 0, head = 0, c, k, it;
  for (c = 0; c < columns.length; c++) {
    var column = columns[c], rightSide = c % 2 === 1, leafW = 0, colW = 0;
    if (rightSide) x += BUS_GAP;
    for (k = 0; k < column.length; k++) {
      it = column[k];
      if (kids[it].length) colW = Math.max(colW, L[it] + R[it]);
      else leafW = Math.max(leafW, w[it] - 2 * pad[it]);
    }
    for (k = 0; k < column.length; k++) if (!kids[column[k]].length) colW = Math.max(colW, leafW + pad[column[k]]);
    var bus = buses.length - 1;
    if (!rightSide) {
      buses.push(x + colW + BUS_GAP / 2);
      bus += 1;
    }
    if (column.length && h[column[0]] > head) head = h[column[0]];
    var y = 0, prevLeaf = true, right = x + colW;
    for (k = 0; k < column.length; k++) {
      it = column[k];
      if (kids[it].length) {
        if (k) y += B_GAP;
        places.push([it, rightSide ? x + L[it] : right - R[it], y, bus, rightSide ? -1 : 1]);
        prevLeaf = false;
      } else {
        if (k) y += prevLeaf ? S_GAP : B_GAP;
        var slot = leafW + pad[it];
        if (w[it] !== slot) stretch.push([it, slot]);
        places.push([it, rightSide ? x + slot / 2 : right - slot / 2, y, bus, rightSide ? -1 : 1]);
        prevLeaf = true;
      }
      y += BH[it];
    }
    height = Math.max(height, y);
    x = right;
    if (rightSide && c + 1 < columns.length) x += PAIR_GAP;
  }
  var lengths = columns.map(function (col) { return col.length; });
  return { width: x, height: height, buses: buses, places: places, stretch: stretch, head: head, lengths: lengths };
};
Tidy.prototype.setPlaces = function (g, ax, top) {
  for (var k = 0; k < g.places.length; k++) {
    var pl = g.places[k], it = pl[0];
    this.dx[it] = pl[1] - ax;
    this.dy[it] = top + pl[2];
    this.ibus[it] = pl[3];
    this.side[it] = pl[4];
  }
  for (k = 0; k < g.stretch.length; k++) {
    var s = g.stretch[k];
    this.w[s[0]] = s[1];
    this.L[s[0]] = this.R[s[0]] = s[1] / 2;
  }
};
// Unit i stacks its children under its box, centred over the buses.
Tidy.prototype.applyStack = function (i, its, g) {
  var ax = (g.buses[0] + g.buses[g.buses.length - 1]) / 2, top = this.h[i] + TOP_GAP;
  this.setPlaces(g, ax, top);
  this.bus.set(i, g.buses.map(function (b) { return b - ax; }));
  this.L[i] = Math.max(this.w[i] / 2, ax);
  this.R[i] = Math.max(this.w[i] / 2, g.width - ax);
  this.BH[i] = top + g.height;
  this.kind[i] = K_STACK;
  this.items[i] = its;
};
// A stack of leaves without a box of its own, one item of its parent's row.
Tidy.prototype.newPseudo = function (leaves, g) {
  var p = this.add(0, 0), ax = (g.buses[0] + g.buses[g.buses.length - 1]) / 2;
  var top = g.buses.length > 1 ? TOP_GAP : 0;
  this.pseudo[p] = true;
  this.kind[p] = K_STACK;
  this.kids[p] = leaves;
  this.items[p] = leaves;
  this.L[p] = ax;
  this.R[p] = g.width - ax;
  this.BH[p] = top + g.height;
  this.setPlaces(g, ax, top);
  this.bus.set(p, g.buses.map(function (b) { return b - ax; }));
  this.head.set(p, g.head);
  return p;
};
Tidy.prototype.rowExtent = function (i, row, pseudo) {
  var width = 0, tallest = 0;
  for (var k = 0; k < row.length; k++) {
    var c = row[k];
    if (c === -1 && pseudo) {
      width += pseudo.width;
      tallest = Math.max(tallest, pseudo.height);
    } else {
      width += this.L[c] + this.R[c];
      tallest = Math.max(tallest, this.BH[c]);
    }
  }
  width += GAP_X * (row.length - 1);
  return [Math.max(width, this.w[i]), this.h[i] + GAP_Y + tallest];
};
// The stack of all of i's children instead of a row wider than the fold width (null: keep
// the row): the shape that fits the smallest page of FOLD_ASPECT.
Tidy.prototype.fold = function (i, ks, row, pseudo) {
  var ext = this.rowExtent(i, row, pseudo), rowW = ext[0];
  if (rowW <= FOLD_WIDTH) return null;
  var root = Math.sqrt(FOLD_ASPECT), best = null, bestScore = Math.max(rowW / root, ext[1] * root);
  var w = this.w[i], h = this.h[i], cols = FOLD_ASPECT <= 1 || i === this.top ? 1 : 2;
  for (;;) {
    var g = this.stack(ks, cols, i === this.top), ax = (g.buses[0] + g.buses[g.buses.length - 1]) / 2;
    var width = Math.max(w / 2, ax) + Math.max(w / 2, g.width - ax), height = h + TOP_GAP + g.height;
    var score = Math.max(width / root, height * root);
    if (score < bestScore && width < rowW) { best = g; bestScore = score; }
    if (width / height >= FOLD_ASPECT || cols >= ks.length) return best;
    cols += cols === 1 ? 1 : 2;
  }
};
// Unit i has row side by side under it, centred over the first and last.
Tidy.prototype.applyRow = function (i, row) {
  var anchors = [], a = 0, k, tallest = 0, top = this.h[i] + GAP_Y;
  for (k = 0; k < row.length; k++) {
    if (k) a += this.R[row[k - 1]] + GAP_X + this.L[row[k]];
    anchors.push(a);
  }
  var mid = (anchors[0] + anchors[anchors.length - 1]) / 2;
  for (k = 0; k < row.length; k++) {
    this.dx[row[k]] = anchors[k] - mid;
    this.dy[row[k]] = top;
    tallest = Math.max(tallest, this.BH[row[k]]);
  }
  var half = this.w[i] / 2;
  this.L[i] = Math.max(half, mid - anchors[0] + this.L[row[0]]);
  this.R[i] = Math.max(half, anchors[anchors.length - 1] - mid + this.R[row[row.length - 1]]);
  this.BH[i] = top + tallest;
  this.kind[i] = K_ROW;
  this.items[i] = row;
};

// Placing (render/tidy/placing.py): the tidy tree over the rows of units not inside any
// stack, each level as tall as its tallest box, blocks (stacks, leaves) whole with a chain
// of virtual nodes under each as deep as it reaches; anchors (box centres) and tops.
Tidy.prototype.place = function (root) {
  var ref = [], bk = [], par = [], level = [], blocks = [], kind = this.kind, items = this.items;
  var addB = function (r, p, lev) {
    var b = ref.length;
    ref.push(r); bk.push([]); par.push(p); level.push(lev);
    if (p >= 0) bk[p].push(b);
    return b;
  };
  var todo = [addB(root, -1, 0)], b, r, k;
  while (todo.length) {
    b = todo.pop();
    r = ref[b];
    if (kind[r] !== K_ROW) { blocks.push(b); continue; }
    for (k = 0; k < items[r].length; k++) todo.push(addB(items[r][k], b, level[b] + 1));
  }
  var heights = [], nb = ref.length;
  for (b = 0; b < nb; b++) {
    r = ref[b];
    var th = this.head.has(r) ? this.head.get(r) : this.h[r];
    heights[level[b]] = Math.max(heights[level[b]] || 0, th);
  }
  var ys = [0], filler = 0;
  for (k = 0; k < heights.length; k++) {
    filler = Math.max(filler, heights[k] || 0);
    ys.push(ys[k] + (heights[k] || 0) + GAP_Y);
  }
  filler = filler || 1;
  var le = [], re = [];
  for (b = 0; b < nb; b++) {
    r = ref[b];
    if (kind[r] === K_ROW) { le[b] = re[b] = this.w[r] / 2; } else { le[b] = this.L[r]; re[b] = this.R[r]; }
  }
  var margin = GAP_Y / 4;
  for (k = 0; k < blocks.length; k++) {
    b = blocks[k];
    r = ref[b];
    var bottom = ys[level[b]] + this.BH[r], prev = b, j = level[b] + 1;
    for (;;) {
      while (j >= ys.length) ys.push(ys[ys.length - 1] + filler + GAP_Y);
      if (ys[j] - GAP_Y / 2 - margin >= bottom) break;
      prev = addB(-1, prev, j);
      le.push(this.L[r]);
      re.push(this.R[r]);
      j += 1;
    }
  }
  var xs = buchheim(bk, par, le, re, GAP_X, COUSIN_GAP);
  var total = this.w.length, AX = new Float64Array(total), TOP = new Float64Array(total), st = [];
  this.level = new Int32Array(total).fill(-1);
  for (b = 0; b < ref.length; b++) {
    r = ref[b];
    if (r < 0) continue;
    AX[r] = xs[b];
    TOP[r] = ys[level[b]];
    if (kind[r] === K_ROW) this.level[r] = level[b];
    else st.push(r);
  }
  while (st.length) {
    r = st.pop();
    for (k = 0; k < items[r].length; k++) {
      var it = items[r][k];
      AX[it] = AX[r] + this.dx[it];
      TOP[it] = TOP[r] + this.dy[it];
      if (items[it].length) st.push(it);
    }
  }
  this.AX = AX;
  this.TOP = TOP;
  this.ys = ys;
};

// Buchheim, Jünger and Leipert's tidy tree (render/tidy/buchheim.py): the x of every node
// of the tree rooted at node 0 in linear time; le/re: extents left and right of x.
function buchheim(kids, par, le, re, gap, cousinGap) {
  var size = kids.length, prelim = new Float64Array(size), mod = new Float64Array(size);
  var shift = new Float64Array(size), change = new Float64Array(size), thread = new Int32Array(size).fill(-1);
  var anc = new Int32Array(size), num = new Int32Array(size), dflt = new Int32Array(size), v, k, j;
  for (v = 0; v < size; v++) {
    anc[v] = v;
    for (j = 0; j < kids[v].length; j++) num[kids[v][j]] = j;
  }
  var move = function (a, w, sh) {
    var part = sh / (num[w] - num[a]);
    change[w] -= part; shift[w] += sh; change[a] += part; prelim[w] += sh; mod[w] += sh;
  };
  var apportion = function (w, p) {
    var sib = kids[p], vir = w, vor = w, vil = sib[num[w] - 1], vol = sib[0];
    var sir = mod[vir], sor = mod[vor], sil = mod[vil], sol = mod[vol], nr, nl, kk;
    for (;;) {
      kk = kids[vil]; nr = kk.length ? kk[kk.length - 1] : thread[vil];
      kk = kids[vir]; nl = kk.length ? kk[0] : thread[vir];
      if (nr < 0 || nl < 0) break;
      vil = nr; vir = nl;
      kk = kids[vol]; vol = kk.length ? kk[0] : thread[vol];
      kk = kids[vor]; vor = kk.length ? kk[kk.length - 1] : thread[vor];
      anc[vor] = w;
      var sep = re[vil] + le[vir] + (par[vil] === par[vir] ? gap : cousinGap);
      var sh = prelim[vil] + sil - (prelim[vir] + sir) + sep;
      if (sh > 0) {
        var a = anc[vil];
        if (par[a] !== p) a = dflt[p];
        move(a, w, sh);
        sir += sh; sor += sh;
      }
      sil += mod[vil]; sir += mod[vir]; sol += mod[vol]; sor += mod[vor];
    }
    if (nr >= 0 && !kids[vor].length && thread[vor] < 0) {
      thread[vor] = nr;
      mod[vor] += sil - sor;
    }
    if (nl >= 0 && !kids[vol].length && thread[vol] < 0) {
      thread[vol] = nl;
      mod[vol] += sir - sol;
      dflt[p] = w;
    }
  };
  var order = [], st = [0];
  while (st.length) {
    v = st.pop();
    order.push(v);
    for (k = 0; k < kids[v].length; k++) st.push(kids[v][k]);
  }
  order.reverse();
  var mid = 0;
  for (k = 0; k < order.length; k++) {
    v = order[k];
    var ks = kids[v], p = par[v];
    if (ks.length) {
      var s = 0, ch = 0;
      for (j = ks.length - 1; j >= 0; j--) {
        var c = ks[j];
        prelim[c] += s; mod[c] += s; ch += change[c]; s += shift[c] + ch;
      }
      mid = (prelim[ks[0]] + prelim[ks[ks.length - 1]]) / 2;
    }
    if (p >= 0 && num[v]) {
      var left = kids[p][num[v] - 1];
      prelim[v] = prelim[left] + re[left] + gap + le[v];
      if (ks.length) mod[v] = prelim[v] - mid;
    } else {
      prelim[v] = ks.length ? mid : 0;
    }
    if (p < 0) continue;
    if (!num[v]) { dflt[p] = v; continue; }
    apportion(v, p);
  }
  var xs = new Float64Array(size), walk = [[0, 0]];
  while (walk.length) {
    var top = walk.pop();
    v = top[0];
    xs[v] = prelim[v] + top[1];
    for (k = 0; k < kids[v].length; k++) walk.push([kids[v][k], top[1] + mod[v]]);
  }
  return xs;
}

// The tidy layout of what is expanded, as the tidy engine lays out the static charts
// (render/tidy: engine.py arranges, placing.py places, extras.py adds assistants and a
// board apart): the same positions for boxes of the same sizes (tests/test_explorer_layout.py
// compares them with tidy.layout.tree_layout). A collapsed unit is a leaf, as a unit
// cut off by depth= is; a page of a wide span ends with its paging box, one more leaf.
// Only units drawn are laid out: expanding one unit costs what is shown.
Explorer.prototype.relayout = function () {
  var m = this.m, n = m.n, t = new Tidy(), order = [], st = m.roots.slice().reverse(), i, k, c;
  if (!this.node) this.node = new Int32Array(n);
  this.shown.fill(0);
  this.stacked.fill(0);
  while (st.length) {
    i = st.pop();
    this.node[i] = order.length;
    order.push(i);
    this.shown[i] = 1;
    this.size(i);
    if (this.expanded[i]) for (k = this.page(i) - 1; k >= 0; k--) st.push(m.kid(i, k));
  }
  var U = order.length, apart = this.apart();
  for (k = 0; k < U; k++) {
    i = order[k];
    var h = this.H[i], na = this.NA[i];
    if (na) h = Math.max(h, assistH(apart[i] && na > 1 ? Math.ceil(na / 2) : na));
    // a board's two columns of members stay on both sides: all box to the engine
    t.add(this.NW[i] + 2 * this.A[i], h + (apart[i] ? GAP_X : 0), apart[i] && na > 1 ? 0 : this.A[i]);
  }
  var more = [], moreOf = new Map();
  for (k = 0; k < U; k++) {
    i = order[k];
    if (!this.expanded[i] || !m.nkids(i)) continue;
    var shown = this.page(i), ks = t.kids[k];
    for (c = 0; c < shown; c++) ks.push(this.node[m.kid(i, c)]);
    if (shown < m.nkids(i)) {
      var mo = { parent: i, shown: shown, total: m.nkids(i), x: 0, y: 0, node: t.add(MORE_W, MORE_H) };
      ks.push(mo.node);
      more.push(mo);
      moreOf.set(i, mo);
    }
  }
  if (m.roots.length > 1) {
    t.top = t.add(0, 0);
    t.kids[t.top] = m.roots.map(function (r) { return this.node[r]; }, this);
  }
  t.arrange(U);
  t.place(t.top >= 0 ? t.top : 0);
  var ox = t.AX[0], oy = t.TOP[0]; // the first root's box at (0, 0)
  for (k = 0; k < U; k++) {
    i = order[k];
    var lean = t.lean(k); // the box at one end of its slot: the side room on the other
    this.X[i] = t.AX[k] - ox + lean * this.A[i] / 2;
    this.Y[i] = t.TOP[k] - oy;
    this.W[i] = t.w[k] - (lean ? 1 : 2) * this.A[i];
    if (t.kind[k] === K_STACK) this.stacked[i] = 1;
  }
  for (k = 0; k < more.length; k++) {
    more[k].x = t.AX[more[k].node] - ox;
    more[k].y = t.TOP[more[k].node] - oy;
  }
  this.tidy = t;
  this.order = Int32Array.from(order);
  this.count = U;
  this.more = more;
  this.moreOf = moreOf;
  this.lines = this.connectors(t, ox, oy);
  this.routes = null; // the overlays' routes: found again when drawn
  this.bounds();
  var w = this.words();
  this.status.textContent = say(w.status, { shown: fmt(this.count), total: fmt(n) });
  this.draw(true);
};
function assistH(k) { return k * ASSIST_H + COLUMN_GAP * (k - 1); }

// The units drawn apart as a board (a top unit with units under it whose posts all do
// not count: data "ap"): a gap under the box, its assistants on both sides.
Explorer.prototype.apart = function () {
  if (!this.apartOf) {
    this.apartOf = new Uint8Array(this.m.n);
    var ap = this.d.ap || [];
    for (var k = 0; k < ap.length; k++) this.apartOf[ap[k]] = 1;
  }
  return this.apartOf;
};

// The boxes of unit i's assistants (extras.py): in a column on the right of its box
// (on the left when its tick comes in on the right; a board: half on each side), GAP_X
// away, vertically centred on the box; each {x, y, w, h, link} relative to the unit's
// (X, Y), link the points of the line from the box's side.
Explorer.prototype.assistantBoxes = function (i) {
  var na = this.NA[i], out = [];
  if (!na) return out;
  var W = this.W[i], H = this.H[i], aw = this.A[i] - GAP_X, t = this.tidy, node = this.node[i];
  var side = t && t.side[node] === 1 ? -1 : 1, cols = [[side, na, 0]];
  if (this.apart()[i] && na > 1) cols = [[-1, Math.ceil(na / 2), 0], [1, na - Math.ceil(na / 2), Math.ceil(na / 2)]];
  for (var c = 0; c < cols.length; c++) {
    var s = cols[c][0], cnt = cols[c][1], top = Math.max(0, (H - assistH(cnt)) / 2);
    var edge = s * W / 2, mid = H / 2, spine = edge + s * GAP_X / 2;
    for (var k = 0; k < cnt; k++) {
      var left = s > 0 ? edge + GAP_X : edge - GAP_X - aw, near = s > 0 ? left : left + aw, ym = top + ASSIST_H / 2;
      var link = cnt === 1 ? [[edge, mid], [near, mid]] : [[edge, mid], [spine, mid], [spine, ym], [near, ym]];
      out.push({ x: left, y: top, w: aw, h: ASSIST_H, link: link, k: cols[c][2] + k });
      top += ASSIST_H + COLUMN_GAP;
    }
  }
  return out;
};

// The reporting lines (placing.py's connectors), one path string per parent: down from
// the box to the bus of its row, along it and down to each child; into a stack, along
// its buses and a short tick into the side of each leaf; into a sub-chart in a stack,
// from above.
Explorer.prototype.connectors = function (t, ox, oy) {
  var m = this.m, lines = new Map(), order = this.order, U = this.count;
  var self = this, P = function (x, y) { return (x - ox) + "," + (y - oy); };
  var unitOf = function (k) { return k < U ? order[k] : -1; };
  var boxL = function (k) { var u = unitOf(k); return u >= 0 ? self.X[u] + ox - self.W[u] / 2 : t.AX[k] - t.w[k] / 2; };
  var boxR = function (k) { var u = unitOf(k); return u >= 0 ? self.X[u] + ox + self.W[u] / 2 : t.AX[k] + t.w[k] / 2; };
  var boxH = function (k) { var u = unitOf(k); return u >= 0 ? self.H[u] : t.h[k]; };
  var tick = function (k, turnX) { // down the bus to the middle of leaf k's box, into its side
    var mid = t.TOP[k] + boxH(k) / 2, sx = t.side[k] > 0 ? boxR(k) : boxL(k);
    return "L" + P(turnX, mid) + "L" + P(sx, mid);
  };
  for (var i = 0; i < U; i++) {
    var its = t.items[i];
    if (!its.length) continue;
    var out = [], ax = t.AX[i], start = "M" + P(ax, t.TOP[i] + this.H[order[i]]), k, it, b;
    if (t.kind[i] === K_STACK) {
      var busY = t.TOP[i] + t.h[i] + TOP_GAP / 2, buses = t.bus.get(i), stackTop = t.TOP[i] + t.h[i] + TOP_GAP;
      for (k = 0; k < its.length; k++) {
        it = its[k];
        b = ax + buses[t.ibus[it]];
        var head = start + "L" + P(ax, busY) + "L" + P(b, busY);
        if (t.kids[it].length) {
          var cx = t.AX[it], ty = t.TOP[it], iy = ty - (ty > stackTop + 0.01 ? B_GAP : TOP_GAP) / 2;
          out.push(head + "L" + P(b, iy) + "L" + P(cx, iy) + "L" + P(cx, ty));
        } else {
          out.push(head + tick(it, b));
        }
      }
    } else {
      var lev = t.level[i], bus = (lev >= 0 ? t.ys[lev + 1] : t.TOP[i] + t.h[i] + GAP_Y) - GAP_Y / 2;
      var drop = start + "L" + P(ax, bus);
      for (k = 0; k < its.length; k++) {
        it = its[k];
        if (!t.pseudo[it]) {
          out.push(drop + "L" + P(t.AX[it], bus) + "L" + P(t.AX[it], t.TOP[it]));
          continue;
        }
        var pax = t.AX[it], pb = t.bus.get(it), splitY = t.TOP[it] + TOP_GAP / 2;
        var pre = pb.length === 1 ? drop : drop + "L" + P(pax, bus) + "L" + P(pax, splitY);
        for (var q = 0; q < t.items[it].length; q++) {
          var leaf = t.items[it][q], tx = pax + pb[t.ibus[leaf]], ty2 = pb.length === 1 ? bus : splitY;
          out.push(pre + "L" + P(tx, ty2) + tick(leaf, tx));
        }
      }
    }
    lines.set(order[i], out.join(""));
  }
  return lines;
};

// The left and right x of unit i's box with its assistants where they were laid out
// (on the right, the left or both sides).
Explorer.prototype.extent = function (i) {
  var x = this.X[i], lo = x - this.W[i] / 2, hi = x + this.W[i] / 2, side = this.assistantBoxes(i);
  for (var k = 0; k < side.length; k++) {
    lo = Math.min(lo, x + side[k].x);
    hi = Math.max(hi, x + side[k].x + side[k].w);
  }
  return [lo, hi];
};
Explorer.prototype.bounds = function () {
  var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity, i, k, e;
  for (k = 0; k < this.order.length; k++) {
    i = this.order[k];
    e = this.extent(i);
    x1 = Math.min(x1, e[0]);
    x2 = Math.max(x2, e[1]);
    y1 = Math.min(y1, this.Y[i]);
    y2 = Math.max(y2, this.Y[i] + Math.max(this.H[i] + 8, this.tidy.h[k]));
  }
  for (k = 0; k < this.more.length; k++) {
    var mo = this.more[k];
    x1 = Math.min(x1, mo.x - MORE_W / 2);
    x2 = Math.max(x2, mo.x + MORE_W / 2);
    y2 = Math.max(y2, mo.y + MORE_H);
  }
  this.box = { x: x1, y: y1, w: Math.max(1, x2 - x1), h: Math.max(1, y2 - y1) };
};
