/* orggraph explorer (MIT, part of orggraph): the details panel of the selected unit.
   page.py joins the assets in order inside one function with "use strict". */
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
  // the figure as the box says it (labels.amount; the budget as labels.budget_phrase)
  dd.appendChild(document.createTextNode(measure === "budget" ? m.budgetPhrase(v, u > 0, this.L) : m.amount(v, u > 0)));
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
