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

// An ISO day that is a day ("2027-02-30" is not): the text, else null.
function isoDay(iso) {
  var s = String(iso), m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  var t = new Date(Date.UTC(2000, +m[2] - 1, +m[3])); // a leap year: 02-29 checked below
  if (t.getUTCMonth() !== +m[2] - 1 || t.getUTCDate() !== +m[3]) return null;
  var y = +m[1];
  return +m[2] === 2 && +m[3] === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? null : s;
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
// Open the hash's day and unit. A day that is not one, or on which the chart has no root,
// leaves the day shown; a unit absent on the day asked for opens on the nearest day it
// exists on (the first after, else the last before). The hash is then written again.
Explorer.prototype.fromHash = function (first) {
  var hash = location.hash || "", dt = this.dt, day = /(?:^#|&)date=([^&]*)/.exec(hash);
  var match = /(?:^#|&)unit=([^&]*)/.exec(hash), id = null, k = this.day, fix = false, iso = this.iso, on, j;
  if (match) {
    try { id = decodeURIComponent(match[1]); } catch (err) { fix = true; }
  }
  if (day && dt) {
    j = isoDay(day[1]) === null ? -1 : this.dayOf(day[1]);
    if (j < 0 || dt.x[j] === null) fix = true; else { k = j; iso = day[1]; }
  }
  var r = dt && id !== null ? this.base.id.indexOf(id) : -1;
  if (r >= 0 && !(on = this.onDays(r))[k]) {
    for (j = k + 1; j < on.length && !on[j]; j++);
    if (j === on.length) for (j = k - 1; j >= 0 && !on[j]; j--);
    if (j >= 0) { k = j; iso = dt.d[j]; fix = true; }
  }
  if (dt && iso !== this.iso) this.setDate(iso);
  if (id !== null && this.m.row(id) >= 0 && (first || this.selected < 0 || this.m.d.id[this.selected] !== id)) {
    this.focus(id);
    this.select(id);
  } else if (fix) this.toHash();
};
// ------------------------------------------------------------------ days
// The row of dt.d in force on iso: the last on or before it; dt.d[0] is a day before the
// first change (data.py date_columns), so it is in force on every earlier day too.
// -1: not dated, or not a day.
Explorer.prototype.dayOf = function (iso) {
  if (!this.dt || isoDay(iso) === null) return -1;
  var d = this.dt.d, k = 0;
  for (var j = 1; j < d.length; j++) if (d[j] <= iso) k = j;
  return k;
};
// Whether row r exists on each day (r < 0: whether the chart has its root that day). A
// row's parent on day k is read from the day's delta without patching the whole column.
Explorer.prototype.onDays = function (r) {
  var dt = this.dt, base = this.base.p, out = [], x, p, at;
  for (var k = 0; k < dt.d.length; k++) {
    x = dt.x[k];
    if (x === null || r < 0) { out.push(x !== null); continue; }
    p = x && x.p;
    if (!p) at = base[r];
    else if (Array.isArray(p)) at = p[r];
    else if (p.$r) at = p.$r[r];
    else at = p.$i.indexOf(r) >= 0 ? p.$v[p.$i.indexOf(r)] : base[r];
    out.push(at !== -2);
  }
  return out;
};
// When row r exists (r < 0: the chart's root), as an error says it: "exists from
// 2027-01-01", "exists until 2027-01-01" (the day it is gone), "from A until B".
Explorer.prototype.exists = function (r) {
  var on = this.onDays(r), d = this.dt.d, out = [], k = 0, a;
  while (k < on.length) {
    if (!on[k]) { k++; continue; }
    for (a = k; k < on.length && on[k]; k++);
    out.push([a ? "from " + d[a] : "", k < on.length ? "until " + d[k] : ""].join(" ").trim() || "on every day");
  }
  return "exists " + (out.join(", ") || "on no day");
};
// The error for an id with no unit on the day shown (need: explorer.js).
Explorer.prototype.missing = function (id) {
  var s = JSON.stringify(String(id)), r = this.dt ? this.base.id.indexOf(String(id)) : -1;
  return r < 0 ? "no unit with id " + s : "no unit " + s + " on " + this.iso + ": it " + this.exists(r);
};
// The days the chart has (with a root: those on which the root exists).
Explorer.prototype.days = function () {
  var dt = this.dt;
  return dt ? dt.d.filter(function (d, k) { return dt.x[k] !== null; }) : [];
};
// Show the organisation as of iso (any ISO day: the day of dt.d in force then); what was
// expanded, selected, found and the keyboard's unit stay where the unit still exists (by
// id). Fires "date" when the date changes.
Explorer.prototype.setDate = function (iso) {
  var dt = this.dt;
  if (!dt) throw new Error("the organisation is not dated");
  if (isoDay(iso) === null) throw new Error("no date " + JSON.stringify(String(iso)) + ": not a date (ISO: YYYY-MM-DD)");
  iso = String(iso);
  var k = this.dayOf(iso), before = this.iso;
  if (dt.x[k] === null) {
    throw new Error("no date " + JSON.stringify(iso) + ": the chart's unit " + JSON.stringify(this.base.id[0]) + " " + this.exists(-1));
  }
  if (k !== this.day) this.showDay(k);
  this.iso = iso;
  this.pickDay(k, iso);
  this.labels();
  this.toHash();
  if (iso !== before) this.emit("date", { date: iso });
};
// The date control shows the day asked for, as the subtitle does: day k's option when iso
// is that day, else an extra option saying iso (value k: the stretch it falls in; dt.d[0]
// is the day before the first change, so an earlier day comes before it), in date order.
Explorer.prototype.pickDay = function (k, iso) {
  var s = this.dateSelect, at = 0, j;
  if (this.asked) { s.removeChild(this.asked); this.asked = null; }
  for (j = 0; j < s.options.length; j++) if (s.options[j].value === String(k)) at = j;
  if (iso !== this.dt.d[k]) {
    this.asked = txt(document.createElement("option"), iso);
    this.asked.value = String(k);
    s.insertBefore(this.asked, iso < this.dt.d[k] ? s.options[at] : s.options[at + 1] || null);
    if (iso > this.dt.d[k]) at += 1;
  }
  s.selectedIndex = at;
};
// Day k's columns, laid out again. Every day has the same rows (data.py _common): what is
// expanded, paged, selected, found and the keyboard's unit stay as they are; a unit absent
// on the day is drawn by nobody, and keeps its state for a day it is back. A unit first
// seen on this day opens as the page opened its levels, and also when everything was
// expanded or when a unit now under it was on screen (so that it stays there).
Explorer.prototype.showDay = function (k) {
  var dt = this.dt, old = this.m, i, q;
  var all = false, seen = this.shown.slice();
  for (i = 0; i < old.n; i++) {
    if (!old.nkids(i)) continue;
    if (!this.expanded[i]) { all = false; break; }
    all = true;
  }
  var data = k === dt.at ? this.base : patched(this.base, dt.x[k]);
  data.dt = dt;
  this.d = data;
  this.m = new Model(data);
  this.links = data.ln;
  this.sized.fill(-1); // names and posts may differ: measure again
  var fresh = new Uint8Array(this.m.n), any = false;
  for (i = 0; i < this.m.n; i++) {
    if (data.p[i] !== -2 && !this.met[i]) {
      this.met[i] = fresh[i] = 1;
      any = true;
      this.expanded[i] = all || this.m.depth[i] < this.depth0 ? 1 : 0;
    }
  }
  if (all) for (i = 0; i < this.m.n; i++) if (this.m.nkids(i)) this.expanded[i] = 1;
  for (i = 0; any && i < this.m.n; i++) {
    if (seen[i] && data.p[i] !== -2) for (q = data.p[i]; q >= 0; q = data.p[q]) if (fresh[q]) this.expanded[q] = 1;
  }
  var here = function (r) { return r >= 0 && data.p[r] !== -2 ? r : -1; };
  this.hit = here(this.hit);
  this.active = here(this.active);
  this.selected = here(this.selected);
  this.day = k;
  if (this.selected >= 0) this.reveal(this.selected); else this.relayout();
  this.draw(true);
  if (this.selected >= 0 && !this.panel.hidden) this.fillPanel(this.selected);
  else if (!this.panel.hidden) this.closePanel();
  if (!this.hits.hidden) this.listHits();
  this.fitDay(); // last: the panel, opened or closed, sets the room the chart has
};
