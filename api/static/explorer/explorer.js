// lifecycle-kg explorer: the argument x assumption matrix, one argument's neighbourhood, and
// a scenario panel. Plain JS and SVG, driven only by the GraphQL API of the serving origin.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const DIRECTION = { REQUIRES_HOLDS: "holds", REQUIRES_FAILS: "fails", ARGUES_FAILS: "argues-fails" };
const DIRECTION_TEXT = {
  REQUIRES_HOLDS: "requires it to hold", REQUIRES_FAILS: "requires it to fail",
  ARGUES_FAILS: "argues it fails (a conclusion)",
};
const state = {
  assumptions: [], byAssumption: new Map(), args: [], byArg: new Map(), exceptions: [],
  hits: new Map(), // "argument|assumption" -> [exception names]
  facts: new Map(), preset: "", graphArg: "", view: "matrix",
};

async function gql(query, variables) {
  const r = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables: variables || {} }),
  });
  const body = await r.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

async function paginate(query, field) {
  const out = [];
  let after = null;
  for (;;) {
    const page = (await gql(query, { after }))[field];
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

const ARGS = `query($after: String) { arguments(first: 100, after: $after) {
  nodes { id title kind source { title year }
    dependencies { assumption { id } direction evidence strength locator rationale } }
  pageInfo { hasNextPage endCursor } } }`;
const EXCEPTIONS = `query($after: String) { exceptions(first: 100, after: $after) {
  nodes { id name kind year } pageInfo { hasNextPage endCursor } } }`;
const BASE = `{ assumptions { id label statement property { id label } phase { id label order } }
  underminings { exception { id name } argument { id } assumption { id } } }`;

function el(tag, attrs, text) {
  const n = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

// ------------------------------------------------------------------ tooltip

const tip = () => document.getElementById("tooltip");
function showTip(ev, lines) {
  const t = tip();
  t.replaceChildren(...lines.map((l, i) => el(i === 0 ? "strong" : "div", {}, l)));
  t.hidden = false;
  t.style.left = Math.min(ev.clientX + 14, window.innerWidth - 440) + "px";
  t.style.top = ev.clientY + 14 + "px";
}
function hideTip() { tip().hidden = true; }

// ------------------------------------------------------------------- matrix

function columns() {
  const phaseOrder = (a) => (a.phase ? a.phase.order : 99);
  return [...state.assumptions].sort((a, b) =>
    a.property.label.localeCompare(b.property.label) || phaseOrder(a) - phaseOrder(b) || a.id.localeCompare(b.id));
}

function rows() {
  return [...state.args].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

function drawMatrix() {
  const svg = document.getElementById("matrix");
  svg.replaceChildren();
  const cols = columns();
  const rs = rows();
  const cell = 18, left = 420, top = 250, groupGap = 18;
  // axes as alternating bands behind their columns (names in each column's tooltip)
  const bands = [];
  let lastAxis = null;
  cols.forEach((a, i) => {
    if (a.property.id !== lastAxis) { lastAxis = a.property.id; bands.push({ start: i, end: i + 1 }); }
    else bands[bands.length - 1].end = i + 1;
  });
  const bandRects = bands.map((b, k) => el("svg:rect", { x: left + b.start * cell, y: 4,
    width: (b.end - b.start) * cell, height: 0, fill: k % 2 ? "#edf2f7" : "#fff", class: "axis-band" }));
  svg.append(...bandRects);
  cols.forEach((a, i) => {
    const x = left + i * cell;
    const label = el("svg:text", { x: x + cell / 2 + 4, y: top - 6, class: "col-label",
      transform: `rotate(-60 ${x + cell / 2 + 4} ${top - 6})` }, clip(a.label, 40));
    label.addEventListener("mousemove", (ev) => showTip(ev, [a.label, a.statement,
      `axis: ${a.property.label}` + (a.phase ? `; phase: ${a.phase.label}` : "")]));
    label.addEventListener("mouseleave", hideTip);
    svg.append(label);
  });
  const colIndex = new Map(cols.map((a, i) => [a.id, i]));
  let y = top, lastKind = null, n = 0;
  for (const arg of rs) {
    if (arg.kind !== lastKind) {
      lastKind = arg.kind;
      y += n ? groupGap / 2 : 0;
      svg.append(el("svg:text", { x: 4, y: y + 12, class: "group" }, arg.kind));
      y += groupGap;
    }
    n += 1;
    const row = el("svg:g", { class: "row", "data-argument": arg.id });
    const label = el("svg:text", { x: 12, y: y + cell - 4, class: "row-label" }, clip(arg.title, 66));
    label.addEventListener("click", () => openGraph(arg.id));
    label.addEventListener("mousemove", (ev) => showTip(ev, [arg.title,
      `${arg.source.title} (${arg.source.year})`, "click: show its neighbourhood"]));
    label.addEventListener("mouseleave", hideTip);
    row.append(el("svg:rect", { x: left, y, width: cols.length * cell, height: cell,
      fill: n % 2 ? "rgba(255,255,255,0)" : "rgba(160,174,192,0.12)" }), label);
    for (const d of arg.dependencies) {
      const i = colIndex.get(d.assumption.id);
      if (i === undefined) continue;
      const cls = ["cell", DIRECTION[d.direction], d.evidence === "INTERPRETED" ? "interpreted" : ""];
      const r = el("svg:rect", { x: left + i * cell + 2, y: y + 2, width: cell - 4, height: cell - 4,
        rx: 2, class: cls.join(" ").trim(), "data-assumption": d.assumption.id });
      const key = arg.id + "|" + d.assumption.id;
      const hits = state.hits.get(key) || [];
      const a = state.byAssumption.get(d.assumption.id);
      r.addEventListener("mousemove", (ev) => showTip(ev, [
        `${clip(arg.title, 80)} — ${a ? a.label : d.assumption.id}`,
        `${DIRECTION_TEXT[d.direction]}` + (d.strength ? ` (${d.strength.toLowerCase()})` : "") +
          `; ${d.evidence === "EXPLICIT" ? "explicit in the source" : "curator's reading"}`,
        `why: ${d.rationale}`, `where: ${d.locator}`,
        ...(hits.length ? [`contradicted by: ${hits.join("; ")}`] : []),
      ]));
      r.addEventListener("mouseleave", hideTip);
      r.addEventListener("click", () => { window.location.href = "/id/" + encodeURIComponent(arg.id); });
      row.append(r);
      if (hits.length) {
        row.append(el("svg:rect", { x: left + i * cell + 0.5, y: y + 0.5, width: cell - 1, height: cell - 1,
          class: "hit", "data-assumption": d.assumption.id }));
      }
    }
    svg.append(row);
    y += cell;
  }
  for (let i = 0; i <= cols.length; i++) {
    svg.append(el("svg:line", { x1: left + i * cell, y1: top, x2: left + i * cell, y2: y,
      stroke: "#edf2f7", "pointer-events": "none" }));
  }
  for (const r of bandRects) r.setAttribute("height", y - 4);
  svg.setAttribute("width", left + cols.length * cell + 20);
  svg.setAttribute("height", y + 20);
  const legend = document.getElementById("legend");
  legend.replaceChildren(
    el("span", { class: "l-holds" }, "requires it to hold"),
    el("span", { class: "l-fails" }, "requires it to fail"),
    el("span", { class: "l-argues" }, "argues it fails"),
    el("span", { class: "l-interp" }, "paler: the curator's reading, not explicit"),
    el("span", { class: "l-hit" }, "a documented case contradicts the premise"),
    el("span", {}, `${rs.length} arguments × ${cols.length} assumptions`),
  );
}

// ------------------------------------------------------------- graph view

const NEIGHBOURHOOD = `query($id: ID!) { argument(id: $id) { id title
  dependencies { assumption { id label } direction }
  underminedBy { exception { id name } assumption { id } }
  responds { id title } respondedBy { id title } disputes { id title } } }`;

async function openGraph(id) {
  state.graphArg = id;
  setView("graph");
}

async function drawGraph() {
  const select = document.getElementById("graph-argument");
  if (!select.options.length) {
    for (const a of rows()) select.append(el("option", { value: a.id }, clip(a.title, 90)));
    select.addEventListener("change", () => { state.graphArg = select.value; writeHash(); drawGraph(); });
  }
  const id = state.graphArg || select.value || (rows()[0] || {}).id;
  if (!id) return;
  state.graphArg = id;
  select.value = id;
  const arg = (await gql(NEIGHBOURHOOD, { id })).argument;
  document.getElementById("graph-title").textContent = arg.title;
  const svg = document.getElementById("graph");
  svg.replaceChildren();
  const W = 960, H = 640, cx = W / 2, cy = H / 2;
  const nodes = [], edges = [];
  const add = (key, label, kind, x, y, href) => { nodes.push({ key, label, kind, x, y, href }); return key; };
  add("arg:" + arg.id, arg.title, "center", cx, cy, null);
  const deps = arg.dependencies;
  const pos = new Map();
  deps.forEach((d, i) => {
    const t = (2 * Math.PI * i) / Math.max(deps.length, 1) - Math.PI / 2;
    const x = cx + 170 * Math.cos(t), y = cy + 150 * Math.sin(t);
    pos.set(d.assumption.id, t);
    add("as:" + d.assumption.id, d.assumption.label, DIRECTION[d.direction], x, y, "/id/" + d.assumption.id);
    edges.push(["arg:" + arg.id, "as:" + d.assumption.id, ""]);
  });
  // outer ring: documented cases undermining a premise, and related arguments
  const outer = [];
  for (const u of arg.underminedBy) outer.push({ key: "ex:" + u.exception.id, label: u.exception.name,
    kind: "exception", to: "as:" + u.assumption.id, cls: "undermines", href: "/id/" + u.exception.id });
  const rel = [["responds to", arg.responds], ["responded to by", arg.respondedBy], ["disputes", arg.disputes]];
  for (const [how, list] of rel) for (const a of list) outer.push({ key: "arg:" + a.id, label: `${how}: ${a.title}`,
    kind: "argument", to: "arg:" + arg.id, cls: "", id: a.id });
  const mine = new Set(deps.filter((d) => d.direction !== "ARGUES_FAILS").map((d) => d.assumption.id));
  const sharing = state.args.filter((a) => a.id !== arg.id).map((a) => ({ a,
    shared: a.dependencies.filter((d) => mine.has(d.assumption.id) && d.direction !== "ARGUES_FAILS").map((d) => d.assumption.id) }))
    .filter((s) => s.shared.length).sort((p, q) => q.shared.length - p.shared.length || p.a.id.localeCompare(q.a.id))
    .slice(0, 10);
  for (const s of sharing) outer.push({ key: "arg:" + s.a.id, label: `shares ${s.shared.length}: ${s.a.title}`,
    kind: "argument", to: "as:" + s.shared[0], cls: "", id: s.a.id });
  const seen = new Set(nodes.map((n) => n.key));
  const ring = outer.filter((o) => !seen.has(o.key) && (seen.add(o.key) || true));
  ring.forEach((o, i) => {
    const t = (2 * Math.PI * i) / Math.max(ring.length, 1) - Math.PI / 2 + 0.15;
    add(o.key, o.label, o.kind, cx + 380 * Math.cos(t), cy + 280 * Math.sin(t), o.href || null);
    nodes[nodes.length - 1].id = o.id;
  });
  for (const o of outer) edges.push([o.key, o.to, o.cls]);
  const at = new Map(nodes.map((n) => [n.key, n]));
  for (const [a, b, cls] of edges) {
    const p = at.get(a), q = at.get(b);
    if (p && q) svg.append(el("svg:line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge " + cls }));
  }
  const colour = { center: "#2d3748", holds: "#2b6cb0", fails: "#c05621", "argues-fails": "#6b46c1",
    exception: "#e53e3e", argument: "#718096" };
  for (const n of nodes) {
    const g = el("svg:g", { class: "node " + n.kind, "data-key": n.key });
    g.append(el("svg:circle", { cx: n.x, cy: n.y, r: n.kind === "center" ? 12 : 8, fill: colour[n.kind] }));
    const right = n.x >= cx;
    g.append(el("svg:text", { x: n.x + (right ? 12 : -12), y: n.y + 4, "text-anchor": right ? "start" : "end" },
      clip(n.label, n.kind === "center" ? 70 : 48)));
    g.addEventListener("mousemove", (ev) => showTip(ev, [n.label]));
    g.addEventListener("mouseleave", hideTip);
    if (n.kind === "argument" && n.id) g.addEventListener("click", () => { state.graphArg = n.id; writeHash(); drawGraph(); });
    else if (n.href) g.addEventListener("click", () => { window.location.href = n.href; });
    svg.append(g);
  }
}

// ----------------------------------------------------------------- scenario

const EVALUATE = `query($facts: [FactInput!], $from: ID) { evaluateScenario(facts: $facts, fromException: $from) {
  undermined { argument { id title } brokenAssumptions { id label } }
  weakened { argument { id title } weakenedAssumptions { id label } } } }`;

function drawFacts() {
  const body = document.querySelector("#facts tbody");
  if (body.children.length) {
    for (const input of body.querySelectorAll("input")) {
      input.checked = (state.facts.get(input.name) || "unknown") === input.value;
    }
    return;
  }
  for (const a of columns()) {
    const tr = el("tr", { "data-assumption": a.id });
    const name = el("td", {}, a.label);
    name.title = a.statement;
    tr.append(name);
    for (const v of ["unknown", "holds", "fails"]) {
      const input = el("input", { type: "radio", name: a.id, value: v, "aria-label": `${a.label}: ${v}` });
      input.checked = (state.facts.get(a.id) || "unknown") === v;
      input.addEventListener("change", () => {
        if (v === "unknown") state.facts.delete(a.id); else state.facts.set(a.id, v);
        writeHash();
        evaluate();
      });
      const td = el("td");
      td.append(input);
      tr.append(td);
    }
    body.append(tr);
  }
  const preset = document.getElementById("preset");
  for (const e of [...state.exceptions].sort((p, q) => p.name.localeCompare(q.name))) {
    preset.append(el("option", { value: e.id }, `${clip(e.name, 80)} (${e.kind}, ${e.year})`));
  }
  preset.addEventListener("change", () => { state.preset = preset.value; writeHash(); evaluate(); });
  document.getElementById("clear-facts").addEventListener("click", () => {
    state.facts.clear(); state.preset = ""; writeHash(); drawFacts(); evaluate();
  });
}

async function evaluate() {
  document.getElementById("preset").value = state.preset;
  const facts = [...state.facts].map(([assumption, v]) => ({ assumption, holds: v === "holds" }));
  const report = (await gql(EVALUATE, { facts, from: state.preset || null })).evaluateScenario;
  const list = (id, items, field) => {
    const ul = document.getElementById(id);
    ul.replaceChildren(...items.map((v) => {
      const li = el("li", { "data-argument": v.argument.id });
      li.append(el("a", { href: "/id/" + encodeURIComponent(v.argument.id) }, v.argument.title));
      li.append(el("div", { class: "broken" }, "breaks: " + v[field].map((a) => a.label).join("; ")));
      return li;
    }));
    document.getElementById(id + "-count").textContent = String(items.length);
  };
  list("undermined", report.undermined, "brokenAssumptions");
  list("weakened", report.weakened, "weakenedAssumptions");
  document.getElementById("share").href = location.href;
}

// ------------------------------------------------------------ views and URL

function writeHash() {
  const p = new URLSearchParams();
  p.set("view", state.view);
  if (state.view === "graph" && state.graphArg) p.set("argument", state.graphArg);
  if (state.view === "scenario") {
    if (state.facts.size) p.set("facts", [...state.facts].map(([a, v]) => `${a}:${v}`).join(","));
    if (state.preset) p.set("from", state.preset);
  }
  history.replaceState(null, "", "#" + p.toString());
  const share = document.getElementById("share");
  if (share) share.href = location.href;
}

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state.view = ["matrix", "graph", "scenario"].includes(p.get("view")) ? p.get("view") : "matrix";
  state.graphArg = p.get("argument") || "";
  state.preset = p.get("from") || "";
  state.facts = new Map();
  for (const part of (p.get("facts") || "").split(",").filter(Boolean)) {
    const [a, v] = part.split(":");
    if (state.byAssumption.has(a) && (v === "holds" || v === "fails")) state.facts.set(a, v);
  }
}

function setView(view) {
  state.view = view;
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.view === view);
  for (const v of ["matrix", "graph", "scenario"]) document.getElementById(v + "-view").hidden = v !== view;
  writeHash();
  if (view === "graph") drawGraph().catch(fail);
  if (view === "scenario") { drawFacts(); evaluate().catch(fail); }
}

function fail(err) {
  const status = document.getElementById("status");
  status.hidden = false;
  status.textContent = "Could not load from the API: " + err.message;
  status.className = "error";
}

async function main() {
  const [base, args, exceptions] = await Promise.all([gql(BASE), paginate(ARGS, "arguments"),
    paginate(EXCEPTIONS, "exceptions")]);
  state.assumptions = base.assumptions;
  state.byAssumption = new Map(base.assumptions.map((a) => [a.id, a]));
  state.args = args;
  state.byArg = new Map(args.map((a) => [a.id, a]));
  state.exceptions = exceptions;
  for (const u of base.underminings) {
    const key = u.argument.id + "|" + u.assumption.id;
    const names = state.hits.get(key) || [];
    if (!names.includes(u.exception.name)) names.push(u.exception.name);
    state.hits.set(key, names);
  }
  readHash();
  drawMatrix();
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => setView(b.dataset.view));
  window.addEventListener("hashchange", () => { readHash(); setView(state.view); });
  document.getElementById("status").hidden = true;
  document.body.dataset.ready = "true";
  setView(state.view);
}

main().catch(fail);
