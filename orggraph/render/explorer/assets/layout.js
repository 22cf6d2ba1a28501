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
// their children (neighbours whose parents differ COUSIN_GAP apart); four or more leaf
// children of a unit stack in columns as the tidy engine stacks them (Explorer.stack):
// the same positions as the static tidy charts for boxes of the same sizes (a browser
// test compares them with tidy.layout.tree_layout). Only units drawn are
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
    this.W[i] = this.NW[i];
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
    if (leaves && items.length >= STACK_MIN) { // columns in pairs around buses
      var g = this.stack(items, wOf, hOf), ax = (g.buses[0] + g.buses[g.buses.length - 1]) / 2;
      var top = this.H[i] + TOP_GAP;
      this.stacked[i] = 1;
      for (k = 0; k < g.places.length; k++) {
        var pl = g.places[k];
        if (pl[0] < 0) {
          mo = moreOf.get(i);
          mo.x = pl[1] - ax;
          mo.y = top + pl[2];
          mo.bus = pl[3] - ax;
        } else {
          relX[pl[0]] = pl[1] - ax;
          relY[pl[0]] = top + pl[2];
          this.bus[pl[0]] = pl[3] - ax;
        }
      }
      var levels = Math.max(1, Math.ceil((top + g.height) / P) - 1);
      for (k = 0; k < levels; k++) {
        own.push(-ax);
        ownR.push(g.width - ax);
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
        for (l = 0; l < cl.length && l < accR.length; l++) shift = Math.max(shift, accR[l] - cl[l] + (l ? COUSIN_GAP : GAP_X));
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
      for (var lv = 0; lv < CL[r].length && lv < right.length; lv++) sh = Math.max(sh, right[lv] - CL[r][lv] + (lv ? COUSIN_GAP : GAP_X));
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

// Leaf items (unit rows; -1 the paging placeholder) in columns as the tidy engine
// stacks them: an even number of columns keeping the stack at most STACK_RATIO times as
// tall as wide, consecutive items about equally tall per column, column pairs around a
// vertical bus, leaves widened to their column's widest. Each place: item, centre x,
// top y, bus x (relative to the stack's left edge).
Explorer.prototype.stack = function (items, wOf, hOf) {
  var m = items.length, k, wide = 0, sumH = 0, cols = 2, pairs, width;
  for (k = 0; k < m; k++) {
    wide = Math.max(wide, wOf(items[k]));
    sumH += hOf(items[k]);
  }
  var avgH = sumH / m + S_GAP;
  while (cols < m) {
    pairs = cols / 2;
    width = cols * wide + pairs * BUS_GAP + (pairs - 1) * PAIR_GAP;
    if (Math.ceil(m / cols) * avgH <= STACK_RATIO * width) break;
    cols += 2;
  }
  var target = (sumH + S_GAP * m) / cols, columns = [], cur = [], curH = 0, bh;
  for (k = 0; k < m; k++) { // close a column once the next item's middle would pass target
    bh = hOf(items[k]);
    if (cur.length) {
      if (columns.length < cols - 1 && curH + S_GAP + bh / 2 > target) {
        columns.push(cur);
        cur = [items[k]];
        curH = bh;
        continue;
      }
      curH += S_GAP;
    }
    cur.push(items[k]);
    curH += bh;
  }
  columns.push(cur);
  if (columns.length % 2) columns.push([]);
  var places = [], buses = [], x = 0, height = 0, c, colW, y, rightSide, bus = 0;
  for (c = 0; c < columns.length; c++) {
    rightSide = c % 2 === 1;
    if (rightSide) x += BUS_GAP;
    colW = 0;
    for (k = 0; k < columns[c].length; k++) colW = Math.max(colW, wOf(columns[c][k]));
    if (!rightSide) {
      bus = x + colW + BUS_GAP / 2;
      buses.push(bus);
    }
    y = 0;
    for (k = 0; k < columns[c].length; k++) {
      var it = columns[c][k];
      if (k) y += S_GAP;
      if (it >= 0) this.W[it] = colW;
      places.push([it, x + colW / 2, y, bus]);
      y += hOf(it);
    }
    height = Math.max(height, y);
    x += colW;
    if (rightSide && c + 1 < columns.length) x += PAIR_GAP;
  }
  return { width: x, height: height, buses: buses, places: places };
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
