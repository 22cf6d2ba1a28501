// The explorer's model without a browser: `node --test tests/js/` (tests/test_explorer.py
// runs it when node is installed). The data comes from orggraph via ORGGRAPH_DATA.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const source = readFileSync(new URL("../../orggraph/render/explorer/assets/model.js", import.meta.url), "utf-8");
const scope = vm.runInNewContext(`(function () { "use strict";\n${source}\nreturn { Model, fmt, say, cellWidth, figureRows }; })()`);
const data = JSON.parse(readFileSync(process.env.ORGGRAPH_DATA, "utf-8"));
const m = new scope.Model(data);

test("numbers and words", () => {
  assert.equal(scope.fmt(1234567), "1,234,567");
  assert.equal(scope.fmt(2.5), "2.5");
  assert.equal(scope.say("{n} of {k}", { n: 1, k: 2 }), "1 of 2");
});

test("the tree from the parent column", () => {
  assert.deepEqual(Array.from(m.roots), [0]);
  const ceo = m.row("ceo");
  const kids = [];
  for (let k = 0; k < m.nkids(ceo); k++) kids.push(data.id[m.kid(ceo, k)]);
  assert.deepEqual(kids, ["coo", "technology", "hr", "finance"]);
  assert.equal(m.depth[m.row("mkt_roi")], 4);
  assert.equal(m.row("nowhere"), -1);
});

test("search finds every language, in chart order", () => {
  const ids = (q) => Array.from(m.search(q), (i) => data.id[i]); // arrays of this realm
  assert.deepEqual(ids("客服部"), ["customer_service"]);
  assert.ok(ids("CUSTOMER SERVICE").includes("customer_service"));
  assert.deepEqual(ids(""), []);
  const all = Array.from(m.search("group"));
  assert.deepEqual(all, [...all].sort((a, b) => a - b));
});

test("figures say unknown parts", () => {
  const en = data.langs.indexOf("en");
  assert.equal(m.figures(m.row("customer_service"), en), "≥ 7 seats · ≥ 23,000 / month");
  const unknown = m.unknownUnits(m.row("customer_service"), "seats").map((i) => data.id[i]);
  assert.ok(unknown.length > 0 && unknown.every((u) => u.startsWith("cs_")));
  assert.equal(m.title(m.row("ceo"), en), "Chief Executive Officer");
});

test("figure rows break as labels.figure_rows breaks them", () => {
  assert.equal(scope.cellWidth("月薪 CNY 3,309,000"), 18);
  assert.equal(scope.cellWidth("e\u0301"), 1); // a combining mark counts 0
  const rows = (p) => Array.from(scope.figureRows(p, " · ", 32));
  assert.deepEqual(rows(["149 seats", "10 open", "CNY 3,309,000 / month"]), ["149 seats · 10 open", "CNY 3,309,000 / month"]);
  assert.deepEqual(rows(["6 seats", "CNY 143,000 / month"]), ["6 seats · CNY 143,000 / month"]);
  assert.equal(m.amount(0, true), "?");
  assert.equal(m.amount(1200, true), "≥ 1,200");
});
