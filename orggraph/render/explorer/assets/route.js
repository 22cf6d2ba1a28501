/* orggraph explorer (MIT, part of orggraph): routing the overlays (dotted lines, collaborations) around the boxes.
   page.py joins the assets in order inside one function with "use strict" (after draw.js, which draws the routes). */
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
  var segs = this.reportingSegments(), segCells = new Map();
  for (k = 0; k < segs.length; k++) {
    var sg = segs[k];
    for (var sx = cell(sg[1] - ROUTE_NEAR); sx <= cell(sg[3] + ROUTE_NEAR); sx++) {
      for (var sy = cell(sg[2] - ROUTE_NEAR); sy <= cell(sg[4] + ROUTE_NEAR); sy++) {
        var sk = sx * 65536 + sy, sl = segCells.get(sk);
        if (!sl) segCells.set(sk, (sl = []));
        sl.push(k);
      }
    }
  }
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
  this.obs = { layout: this.order, rects: rects, cells: cells, cell: cell, segs: segs, segCells: segCells };
  return this.obs;
};
// The reporting lines laid out (Explorer.connectors, the assistants' links) as straight
// segments [axis, x1, y1, x2, y2] (axis 0: horizontal, x1 <= x2 and y1 <= y2), each once:
// the routes keep off them.
var ROUTE_NEAR = 5, ROUTE_ALONG = 25; // a step within ROUTE_NEAR px of a reporting line costs ROUTE_ALONG times its length
Explorer.prototype.reportingSegments = function () {
  var out = [], seen = new Set(), k, j;
  var add = function (x1, y1, x2, y2) {
    var h = Math.abs(y1 - y2) < 0.01, v = Math.abs(x1 - x2) < 0.01;
    if ((h && v) || (!h && !v)) return;
    var sg = [h ? 0 : 1, Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)], key = sg.join(",");
    if (seen.has(key)) return;
    seen.add(key);
    out.push(sg);
  };
  this.lines.forEach(function (d) {
    var parts = d.split("M");
    for (var p = 0; p < parts.length; p++) {
      if (!parts[p]) continue;
      var pts = parts[p].split("L").map(function (q) { return q.split(",").map(Number); });
      for (var q = 1; q < pts.length; q++) add(pts[q - 1][0], pts[q - 1][1], pts[q][0], pts[q][1]);
    }
  });
  for (k = 0; k < this.count; k++) {
    var i = this.order[k], side = this.assistantBoxes(i);
    for (j = 0; j < side.length; j++) {
      var ln = side[j].link;
      for (var t = 1; t < ln.length; t++) add(this.X[i] + ln[t - 1][0], this.Y[i] + ln[t - 1][1], this.X[i] + ln[t][0], this.Y[i] + ln[t][1]);
    }
  }
  return out;
};
// How long the horizontal or vertical segment (x1, y1)-(x2, y2) runs along reporting
// lines: within ROUTE_NEAR px of one and parallel to it (crossing one costs nothing).
Explorer.prototype.along = function (x1, y1, x2, y2) {
  var o = this.obstacles(), h = Math.abs(y1 - y2) < 0.01, lo = h ? Math.min(x1, x2) : Math.min(y1, y2), hi = h ? Math.max(x1, x2) : Math.max(y1, y2);
  var at = h ? y1 : x1, got = 0, seen = new Set();
  for (var cx = o.cell(Math.min(x1, x2)); cx <= o.cell(Math.max(x1, x2)); cx++) {
    for (var cy = o.cell(Math.min(y1, y2)); cy <= o.cell(Math.max(y1, y2)); cy++) {
      var list = o.segCells.get(cx * 65536 + cy);
      if (!list) continue;
      for (var k = 0; k < list.length; k++) {
        var sg = o.segs[list[k]];
        if (seen.has(list[k]) || sg[0] !== (h ? 0 : 1) || Math.abs((h ? sg[2] : sg[1]) - at) >= ROUTE_NEAR) continue;
        seen.add(list[k]);
        got += Math.max(0, Math.min(hi, h ? sg[3] : sg[4]) - Math.max(lo, h ? sg[1] : sg[2]));
      }
    }
  }
  return got;
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
// to the middle of a side of b (A* over that grid, each bend costing ROUTE_BEND,
// each step along a line other routes take costing more: they run apart where they can,
// and a run beside a reporting line far more: they cross them only), looked
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
  // no way round (boxes enclosing one end), or ends too far apart on a big chart to search
  // between (ROUTE_MAX_GRID): the straight elbow, drawn all the same
  var p = A.ports[2], q = B.ports[0];
  return [p[0], [p[0][0], (p[0][1] + q[0][1]) / 2], [q[0][0], (p[0][1] + q[0][1]) / 2], q[0]];
};
// Unit i's box and its four ports (top, right, bottom, left): the middle of the side and
// the point ROUTE_GAP out from it.
Explorer.prototype.sides = function (i) {
  var x1 = this.X[i] - this.W[i] / 2, x2 = this.X[i] + this.W[i] / 2, y1 = this.Y[i], y2 = this.Y[i] + this.H[i];
  var cx = this.X[i], cy = (y1 + y2) / 2, G = ROUTE_GAP, qx = (x2 - x1) / 4, qy = (y2 - y1) / 4, self = this;
  // the middle of the side, else a quarter along it where a reporting line comes in there
  var port = function (px, py, dx, dy) {
    var tries = dx ? [py, py - qy, py + qy] : [px, px - qx, px + qx];
    for (var t = 0; t < tries.length; t++) {
      var ax = dx ? px : tries[t], ay = dx ? tries[t] : py;
      if (self.along(ax, ay, ax + dx * G, ay + dy * G) < 0.5) return [[ax, ay], [ax + dx * G, ay + dy * G]];
    }
    return [[px, py], [px + dx * G, py + dy * G]];
  };
  return { box: [x1, y1, x2, y2], ports: [port(cx, y1, 0, -1), port(x2, cy, 1, 0), port(cx, y2, 0, 1), port(x1, cy, -1, 0)] };
};
// A* over the lines ROUTE_GAP outside the edges of the boxes in the window (lines closer
// than ROUTE_MERGE merged: a route still keeps clear of every box) and the lines through
// the ports. Between consecutive lines each cell is inside a grown box or not: a step
// along a line is barred when the cells on both its sides are inside one.
var ROUTE_MERGE = 3, ROUTE_GREED = 2; // the estimate weighed double: a route at worst twice the shortest, found far sooner
// The most line crossings a search may span (its arrays take 24 bytes a crossing: 120 MB at most, for a moment): past it
// a line between far ends of a big chart is drawn as the plain elbow (Explorer.route).
var ROUTE_MAX_GRID = 5000000, ROUTE_MAX_BOXES = 5000;
Explorer.prototype.routeSearch = function (A, B, wx1, wy1, wx2, wy2, most) {
  var o = this.obs, G = ROUTE_GAP, xs = [], ys = [], inside = [], k, r, i, j;
  for (k = 0; k < o.rects.length; k++) {
    r = o.rects[k];
    if (r[2] + G < wx1 || r[0] - G > wx2 || r[3] + G < wy1 || r[1] - G > wy2) continue;
    inside.push(r);
    xs.push(r[0] - G, r[2] + G);
    ys.push(r[1] - G, r[3] + G);
  }
  if (inside.length > ROUTE_MAX_BOXES) return null; // sorting their edges alone is dear
  xs.push(wx1, wx2);
  ys.push(wy1, wy2);
  var ends = A.ports.concat(B.ports), ex = [], ey = [];
  for (k = 0; k < ends.length; k++) { ex.push(ends[k][1][0]); ey.push(ends[k][1][1]); }
  xs = routeLines(xs, ex);
  ys = routeLines(ys, ey);
  var NX = xs.length, NY = ys.length;
  if (NX * NY > ROUTE_MAX_GRID) return null; // a window over thousands of boxes: too dear
  var CX = NX - 1, cells = new Uint8Array(CX * (NY - 1));
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
  var runs = this.alongSteps(xs, ys, wx1, wy1, wx2, wy2);
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
      var on = nAxis ? runs.v[Math.min(iy, jy) * NX + ix] : runs.h[iy * CX + Math.min(ix, jx)];
      var c = cost + step * (shared ? 1 + shared : 1) + on * ROUTE_ALONG + (nAxis !== axis ? ROUTE_BEND : 0);
      if (best[ns] <= c) continue;
      best[ns] = c;
      from[ns] = st;
      heap.push(ns, c + ROUTE_GREED * hx(m), c);
    }
  }
  return null;
};
// For each step of the search's grid, how long it runs along reporting lines (as
// Explorer.along): h[j * (NX - 1) + i] from crossing (i, j) to (i + 1, j), v[j * NX + i]
// from (i, j) to (i, j + 1).
Explorer.prototype.alongSteps = function (xs, ys, wx1, wy1, wx2, wy2) {
  var NX = xs.length, NY = ys.length, h = new Float32Array((NX - 1) * NY), v = new Float32Array(NX * (NY - 1)), segs = this.obs.segs;
  for (var k = 0; k < segs.length; k++) {
    var sg = segs[k], hz = sg[0] === 0;
    if (sg[3] < wx1 - ROUTE_NEAR || sg[1] > wx2 + ROUTE_NEAR || sg[4] < wy1 - ROUTE_NEAR || sg[2] > wy2 + ROUTE_NEAR) continue;
    var at = hz ? sg[2] : sg[1], lo = hz ? sg[1] : sg[2], hi = hz ? sg[3] : sg[4], across = hz ? ys : xs, on = hz ? xs : ys;
    for (var a = lowerBound(across, at - ROUTE_NEAR + 1e-6); a < across.length && across[a] < at + ROUTE_NEAR; a++) {
      for (var b = Math.max(0, lowerBound(on, lo) - 1); b < on.length - 1 && on[b] < hi; b++) {
        var len = Math.min(hi, on[b + 1]) - Math.max(lo, on[b]);
        if (len <= 0) continue;
        if (hz) h[a * (NX - 1) + b] += len;
        else v[b * NX + a] += len;
      }
    }
  }
  return { h: h, v: v };
};
// The index of the first value not below x.
function lowerBound(v, x) {
  var l = 0, r = v.length;
  while (l < r) { var mid = (l + r) >> 1; if (v[mid] < x) l = mid + 1; else r = mid; }
  return l;
}
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
  var clear = function (p, q) { return !self.blocked(p[0], p[1], q[0], q[1], g) && self.along(p[0], p[1], q[0], q[1]) < 0.5; };
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
