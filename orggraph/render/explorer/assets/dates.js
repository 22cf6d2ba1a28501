/* orggraph explorer (MIT, part of orggraph): a dated organisation's days (the date control,
   setDate) and the URL hash (#date=ISO&unit=ID). page.py joins the assets in order inside one
   function with "use strict". */
// ------------------------------------------------------------------ other days
// A dated organisation's day: its columns as a delta from the page's (data.py _delta):
// a plain object patches the keys it names ({$del: 1}: gone), {$i, $v} the rows of an
// array, {$r: x} and anything else is the new value. base is left as it is.
function patched(base, x) {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
  if (Object.prototype.hasOwnProperty.call(x, "$r")) return x.$r;
  var out, k;
  if (Object.prototype.hasOwnProperty.call(x, "$i")) {
    out = base.slice();
    for (k = 0; k < x.$i.length; k++) out[x.$i[k]] = patched(base[x.$i[k]], x.$v[k]);
    return out;
  }
  out = {};
  for (k in base) if (Object.prototype.hasOwnProperty.call(base, k)) out[k] = base[k];
  for (k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k)) continue;
    if (x[k] && x[k].$del === 1) delete out[k];
    else out[k] = patched(base[k], x[k]);
  }
  return out;
}

// The hash: "#unit=ID", and for a dated organisation "#date=ISO&unit=ID" (a day alone
// when nothing is selected). id: the unit to name (default: the one selected).
Explorer.prototype.toHash = function (id) {
  if (id === undefined) id = this.selected >= 0 ? this.m.d.id[this.selected] : null;
  var parts = [];
  if (this.dt) parts.push("date=" + this.iso);
  if (id !== null) parts.push("unit=" + encodeURIComponent(id));
  if (!parts.length) return;
  try {
    history.replaceState(null, "", "#" + parts.join("&"));
  } catch (err) { /* a sandboxed frame may refuse: the selection still works */ }
};
Explorer.prototype.fromHash = function (first) {
  var hash = location.hash || "", day = /(?:^#|&)date=(\d{4}-\d{2}-\d{2})(?=&|$)/.exec(hash);
  if (day && this.dt && day[1] !== this.iso && this.dayOf(day[1]) >= 0) this.setDate(day[1]);
  var match = /(?:^#|&)unit=([^&]*)/.exec(hash);
  if (!match) return;
  var id;
  try { id = decodeURIComponent(match[1]); } catch (err) { return; }
  if (this.m.row(id) < 0 || (!first && this.selected >= 0 && this.m.d.id[this.selected] === id)) return;
  this.focus(id);
  this.select(id);
};
// ------------------------------------------------------------------ days
// The row of dt.d in force on iso (the last change on or before it); -1 before the first.
Explorer.prototype.dayOf = function (iso) {
  if (!this.dt || !/^\d{4}-\d{2}-\d{2}$/.test(String(iso))) return -1;
  var d = this.dt.d, k = -1;
  for (var j = 0; j < d.length; j++) if (d[j] <= iso) k = j;
  return k;
};
// Show the organisation as of iso: that day's columns, laid out again; what was expanded,
// selected, found and the keyboard's unit stay where the unit still exists (by id).
Explorer.prototype.setDate = function (iso) {
  var k = this.dayOf(iso), dt = this.dt;
  if (k < 0) {
    throw new Error(dt ? "no date " + JSON.stringify(String(iso)) + " (ISO, from " + dt.d[0] + " on)" : "the organisation is not dated");
  }
  iso = String(iso);
  if (k !== this.day) {
    // Every day has the same rows (data.py _common): what is expanded, paged, selected,
    // found and the keyboard's unit stay as they are; a unit absent on the day is drawn
    // by nobody, and keeps its state for a day it is back.
    var old = this.m, self = this, i;
    // the unit that stays put on screen: the selected one, else the first top unit
    var pin = this.selected >= 0 && this.shown[this.selected] ? this.selected : old.roots[0];
    var pinned = pin === undefined ? null : { row: pin, x: this.X[pin] * this.T.k + this.T.x, y: this.Y[pin] * this.T.k + this.T.y };
    var data = k === dt.at ? this.base : patched(this.base, dt.x[k]);
    data.dt = dt;
    this.d = data;
    this.m = new Model(data);
    this.links = data.ln;
    this.sized.fill(-1); // names and posts may differ: measure again
    for (i = 0; i < this.m.n; i++) {
      if (data.p[i] !== -2 && !this.met[i]) { // first seen today: opens as the page opened its levels
        this.met[i] = 1;
        this.expanded[i] = this.m.depth[i] < this.depth0 ? 1 : 0;
      }
    }
    var here = function (r) { return r >= 0 && data.p[r] !== -2 ? r : -1; };
    this.hit = here(this.hit);
    this.active = here(this.active);
    this.selected = here(this.selected);
    this.day = k;
    this.iso = iso;
    if (this.selected >= 0) this.reveal(this.selected); else this.relayout();
    if (pinned && here(pinned.row) >= 0 && this.shown[pinned.row]) {
      this.T.x = pinned.x - this.X[pinned.row] * this.T.k;
      this.T.y = pinned.y - this.Y[pinned.row] * this.T.k;
    }
    this.draw(true);
    if (this.selected >= 0 && !self.panel.hidden) this.fillPanel(this.selected);
    else if (!this.panel.hidden) this.closePanel();
    if (!this.hits.hidden) this.listHits();
  }
  this.iso = iso;
  this.dateSelect.value = String(k);
  this.labels();
  this.toHash();
  this.emit("date", { date: iso });
};

