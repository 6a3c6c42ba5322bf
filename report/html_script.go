package report

// htmlStyle is the explorer's style sheet.
const htmlStyle = `
:root { --hard: #c62828; --sql: #1565c0; --code: #616161; --first: #2e7d32; --line: #e0e0e0; --in: #6a1b9a; --out: #ef6c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #212121; background: #fafafa; }
main { max-width: 1400px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 0 0 4px; }
h4 { font-size: 14px; margin: 12px 0 2px; }
.lead { color: #424242; margin: 0 0 16px; }
.lead strong { color: var(--first); }
table { border-collapse: collapse; width: 100%; background: white; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.first td { background: #e8f5e9; }
tr.first td:first-child { border-left: 4px solid var(--first); }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; background: white; border: 1px solid var(--line); padding: 6px 10px; margin-bottom: 8px; font-size: 13px; }
.toolbar .group { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; }
.toolbar .label { font-weight: 600; }
.toolbar button { font: inherit; padding: 1px 8px; border: 1px solid #bdbdbd; border-radius: 4px; background: #f5f5f5; cursor: pointer; }
.toolbar button[aria-pressed="true"] { background: #263238; color: white; border-color: #263238; }
.explorer { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 12px; align-items: start; }
figure { margin: 0; background: white; border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 80vh; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure[data-level="table"] svg, figure[data-level="package"] svg { max-width: none; }
figcaption { font-size: 12px; color: #616161; margin-top: 6px; }
svg g.node, svg g.cluster, svg g.edge { cursor: pointer; }
svg g.edge.filtered { display: none; }
svg.focusing g.node:not(.focus), svg.focusing g.cluster:not(.focus) { opacity: 0.25; }
svg.focusing g.edge:not(.in):not(.out) { opacity: 0.08; }
svg g.edge.out path, svg g.edge.out polygon { stroke: var(--out); stroke-width: 3px; }
svg g.edge.in path, svg g.edge.in polygon { stroke: var(--in); stroke-width: 3px; }
svg g.edge.out polygon { fill: var(--out); } svg g.edge.in polygon { fill: var(--in); }
svg g.node.focus polygon, svg g.node.focus path, svg g.node.focus ellipse { stroke-width: 3px; }
em.in { color: var(--in); font-style: normal; font-weight: 600; } em.out { color: var(--out); font-style: normal; font-weight: 600; }
.legend { font-size: 12px; color: #424242; display: flex; flex-wrap: wrap; gap: 2px 14px; margin-top: 6px; }
.legend i { display: inline-block; width: 28px; height: 0; vertical-align: middle; margin-right: 4px; border-top: 3px solid; }
.legend b.box { display: inline-block; width: 14px; height: 10px; vertical-align: middle; margin-right: 4px; border: 1px solid #424242; }
.legend b.first { background: #e8f5e9; border: 2px solid var(--first); } .legend b.hub { background: #fff3e0; }
.panels { background: white; border: 1px solid var(--line); padding: 10px 12px; font-size: 13px; max-height: 80vh; overflow: auto; }
.panels ul { padding-left: 18px; margin: 2px 0; }
.panel .why { color: #424242; }
ol.why li { margin: 6px 0; }
ol.why li:target { background: #fff8e1; }
details { background: white; border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; padding: 4px 10px; }
details[open] { padding-bottom: 10px; }
details:target { outline: 2px solid #ffb300; }
summary { cursor: pointer; font-weight: 600; }
.w { font-weight: normal; color: #616161; }
.steps { padding-left: 20px; }
.steps li { margin: 4px 0; }
.steps ul { margin: 2px 0 8px; padding-left: 18px; }
.none { color: #9e9e9e; }
code, pre, .pos { font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f5f5f5; padding: 6px 8px; margin: 4px 0; overflow-x: auto; white-space: pre-wrap; }
.kind { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 8px; background: #eeeeee; white-space: nowrap; }
.kind.hard { background: #ffebee; color: var(--hard); }
.kind.sql { background: #e3f2fd; color: var(--sql); }
.excused { color: #757575; font-style: italic; }
.missing { padding: 24px; color: #616161; }
[hidden] { display: none !important; }
@media (max-width: 1000px) { .explorer { grid-template-columns: 1fr; } }
`

// htmlScript drives the explorer: the data it needs is the JSON in #fl-data.
const htmlScript = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("fl-data").textContent);
  var state = { level: data.level, focus: "", kinds: {}, layers: {} };
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function allowed(family) { return !state.kinds[family] && !state.layers[data.layers[family] || "SQL"]; }

  // contextOf says which context an element of a drawing stands for.
  function contextOf(el, view) {
    if (el.classList.contains("node")) { return view.nodes[el.id] || ""; }
    var a = el.querySelector("a");
    var href = a && (a.getAttribute("xlink:href") || a.getAttribute("href")) || "";
    return data.anchors[href.slice(1)] || "";
  }

  function drawView(figure) {
    var view = data.views[figure.getAttribute("data-level")];
    var svg = figure.querySelector("svg");
    if (!view || !svg) { return; }
    svg.classList.toggle("focusing", state.focus !== "");
    all("g.node, g.cluster", svg).forEach(function (n) {
      n.classList.toggle("focus", state.focus !== "" && contextOf(n, view) === state.focus);
    });
    all("g.edge", svg).forEach(function (e) {
      var d = view.edges[e.id];
      if (!d) { return; }
      e.classList.toggle("filtered", !d.slice(2).some(allowed));
      e.classList.toggle("out", state.focus !== "" && d[0] === state.focus);
      e.classList.toggle("in", state.focus !== "" && d[1] === state.focus);
    });
  }

  function draw() {
    all("figure.view").forEach(function (f) {
      f.hidden = f.getAttribute("data-level") !== state.level;
      if (!f.hidden) { drawView(f); }
    });
    all("button[data-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === state.level));
    });
    all("#evidence ~ details tr[data-family]").forEach(function (tr) {
      tr.hidden = !allowed(tr.getAttribute("data-family"));
    });
    all("#evidence ~ details").forEach(function (d) {
      var touches = state.focus === "" || d.getAttribute("data-from") === state.focus || d.getAttribute("data-to") === state.focus;
      d.hidden = !touches || !d.querySelector("tr[data-family]:not([hidden])");
    });
    all(".panel").forEach(function (p) { p.hidden = p.getAttribute("data-context") !== state.focus; });
    document.getElementById("nofocus").hidden = state.focus !== "";
    document.getElementById("unfocus").hidden = state.focus === "";
    var shown = all("figure.view:not([hidden]) g.edge:not(.filtered)").length;
    document.getElementById("status").textContent = (state.focus ? "Focused on " + state.focus + "; " : "") + shown + " edges shown.";
  }

  function focus(name) {
    state.focus = state.focus === name ? "" : name;
    draw();
  }

  all("figure.view svg").forEach(function (svg) {
    var view = data.views[svg.parentNode.getAttribute("data-level")] || { nodes: {}, edges: {} };
    svg.addEventListener("click", function (ev) {
      var el = ev.target.closest("g.node, g.edge, g.cluster");
      if (!el) { return; }
      ev.preventDefault();
      if (el.classList.contains("edge")) {
        var d = view.edges[el.id];
        var id = d && data.pairs[d[0] + ">" + d[1]];
        var target = id && document.getElementById(id);
        if (target) { target.open = true; target.hidden = false; target.scrollIntoView(); }
        return;
      }
      var name = contextOf(el, view);
      if (name) { focus(name); }
    });
  });
  all("[data-focus]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      state.focus = "";
      focus(a.getAttribute("data-focus"));
      document.getElementById("graph").scrollIntoView();
    });
  });
  all("button[data-view]").forEach(function (b) {
    b.addEventListener("click", function () { state.level = b.getAttribute("data-view"); draw(); });
  });
  all("input[data-kind]").forEach(function (c) {
    c.addEventListener("change", function () { state.kinds[c.getAttribute("data-kind")] = !c.checked; draw(); });
  });
  all("input[data-layer]").forEach(function (c) {
    c.addEventListener("change", function () { state.layers[c.getAttribute("data-layer")] = !c.checked; draw(); });
  });
  document.getElementById("unfocus").addEventListener("click", function () { focus(""); });

  // Open the evidence or cut set an anchor points at.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; el.hidden = false; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  draw();
})();
`
