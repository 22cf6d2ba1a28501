/* orggraph explorer (MIT, part of orggraph): start every explorer on the page (runs last).
   page.py joins the assets in order inside one function with "use strict". */
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
