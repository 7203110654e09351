// optgrid live: the page behind `optgrid serve`. Every map comes from POST /api/map (the same
// engine and the same map colours as the CLI); a click races the optimizers through POST
// /api/trace (the numbers `optgrid trace` prints). The whole view lives in the URL.
"use strict";

const $ = (id) => document.getElementById(id);
const CLIENT = Math.random().toString(36).slice(2);
const COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#000075", "#808000", "#469990", "#800000", "#bfef45"];

let catalog = null;
let state = null;          // what the URL holds
let map = null;            // the last map: header + arrays + bitmaps
let race = null;           // the last race
let surface = null;        // f over the race's view, for contours and 3-D
let inflight = null;       // AbortController of the running map request
let requestSeq = 0;        // map requests sent, for X-Optgrid-Seq
let fineTimer = 0;
let raceStep = 0, playing = false;
let view3d = { yaw: -0.7, pitch: 0.9, zoom: 1 };

// ---------- state and URL ----------

// The page's budget when it opens: the catalogue's opening learning rates are chosen for it.
const DEFAULT_STEPS = 300;

function defaults(fnName, opts = ["adam"]) {
  const o = catalog.objectives.find((o) => o.name === fnName);
  return {
    fn: fnName, opts, map: "basins", params: { lr: openingLr(o, opts[0]) }, steps: DEFAULT_STEPS, res: 128, tol: 0.01,
    schedule: "constant", seed: 0,
    // A formula with no minimum found converges on its gradient (the server's default too).
    criterion: o.minima.length ? "distance" : "gradient", start: o.default_start.slice(),
    x: { q: "x0", lo: o.domain[0][0], hi: o.domain[0][1], log: false },
    y: { q: "y0", lo: o.domain[1][0], hi: o.domain[1][1], log: false },
  };
}

// Inside a notebook (optgrid.explore's widget) the page has no address of its own to keep.
const EMBEDDED = !!window.OPTGRID_EMBEDDED;

function saveUrl(push) {
  if (EMBEDDED) return;
  const url = "?s=" + encodeURIComponent(JSON.stringify(state));
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

// The view a request body describes (the body POST /api/map takes, as optgrid.explore's
// keywords give it), over the objective's defaults: the widget opens where the notebook said.
function fromBody(b) {
  const d = defaults(b.fn, b.opts || [b.opt || "adam"]);
  const axis = (text, fallback) => {
    const m = /^([^=]+)=([^:]+):([^:]+)(:log)?$/.exec(text || "");
    return m ? { q: m[1], lo: +m[2], hi: +m[3], log: !!m[4] } : fallback;
  };
  const data = Object.fromEntries(["examples", "data_noise", "data_seed"].filter((k) => k in b).map((k) => [k, b[k]]));
  return {
    ...d, map: b.map || d.map, steps: b.steps ?? d.steps, res: parseInt(b.res, 10) || d.res, tol: b.tol ?? d.tol,
    criterion: b.criterion || d.criterion, start: b.start || d.start, schedule: b.schedule || d.schedule, seed: b.seed ?? d.seed,
    params: { ...d.params, ...(b.params || {}) }, x: axis(b.x, d.x), y: axis(b.y, d.y),
    ...(Object.keys(data).length ? { data } : {}),
  };
}

function loadUrl() {
  const s = new URLSearchParams(location.search).get("s");
  if (s) { try { return JSON.parse(s); } catch (e) { /* fall through to defaults */ } }
  return null;
}

const optimizer = (name) => catalog.optimizers.find((o) => o.name === name);
// The learning rate `opt` opens at on objective `o` (POST /api/objective chose it), else torch's.
const openingLr = (o, opt) => ((o.opening || []).find((e) => e.optimizer === opt) || { lr: optimizer(opt).hypers.find((h) => h.name === "lr").default }).lr;
const schedule = () => catalog.schedules.find((s) => s.name === (state.schedule || "constant"));
// Every quantity the map takes besides x0 and y0, in the groups the panel shows: the map
// optimizer's hyperparameters, the gradient's noise and sparsity, the schedule's parameters,
// and a wrapper's (Lookahead's) once its box wraps the optimizer.
const groups = () => [
  { title: `${optimizer(state.opts[0]).name} <small>${optimizer(state.opts[0]).about}</small>`, specs: optimizer(state.opts[0]).hypers },
  { title: "gradient <small>noise σ and sparsity p, drawn from the seed</small>", specs: catalog.gradient.concat(objective().data ? catalog.data : []) },
  { title: `schedule <small>${schedule().about}</small>`, specs: schedule().params, schedule: true },
  ...(catalog.wrappers || []).map((w) => ({ title: wrapperBox(w), specs: wrapped(w) ? w.params : [], wrapper: w })),
];
// A wrapper wraps the run while its first parameter (Lookahead's period k) is given.
const wrapped = (w) => state.params[w.params[0].name] !== undefined;
const wrapperBox = (w) => `<label class="check" title="${w.about}"><input type="checkbox" data-wrapper="${w.name}" ${wrapped(w) ? "checked" : ""}> ${w.name}</label> <small>${w.about}</small>`;
// A data objective's dataset: how many examples, their labels' noise, their seed.
const dataFields = () => ({ examples: 100, data_noise: 0.1, data_seed: 0, ...(state.data || {}) });
const dataBody = () => objective().data ? dataFields() : {};
const specsOf = () => groups().flatMap((g) => g.specs);
// Each coordinate's own learning rate (lr_x, lr_y): axes only — a rate not on an axis follows lr.
const coordinateSpecs = () => catalog.coordinates || [];
const quantitySpec = (name) => specsOf().concat(coordinateSpecs()).find((h) => h.name === name);
const objective = () => catalog.objectives.find((o) => o.name === state.fn);

// ---------- controls ----------

// A quantity's slider, as the catalogue gives it (the quantity table's): `hi` null is the budget.
function sliderRange(h) {
  const r = h.slider || { lo: 0, hi: 1, log: false };
  return { lo: r.lo, hi: r.hi === null ? Math.max(state.steps, 2) : r.hi, log: r.log };
}

const toSlider = (r, v) => r.log ? (Math.log10(v) - Math.log10(r.lo)) / (Math.log10(r.hi) - Math.log10(r.lo)) : (v - r.lo) / (r.hi - r.lo);
const fromSlider = (r, u) => r.log ? Math.pow(10, Math.log10(r.lo) + u * (Math.log10(r.hi) - Math.log10(r.lo))) : r.lo + u * (r.hi - r.lo);
const fmt = (v) => v === 0 ? "0" : (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) ? v.toExponential(3) : (+v.toPrecision(5)).toString();

function buildControls() {
  $("fn").innerHTML = catalog.objectives.map((o) => `<option>${o.name}</option>`).join("");
  $("criterion").innerHTML = catalog.criteria.map((c) => `<option>${c}</option>`).join("");
  $("schedule").innerHTML = catalog.schedules.map((s) => `<option title="${s.about}">${s.name}</option>`).join("");
  $("schedule").onchange = () => { state.schedule = $("schedule").value; pruneParams(); syncControls(); changed(true); };
  $("seed").onchange = () => { state.seed = Math.max(0, Math.floor(+$("seed").value || 0)); syncControls(); changed(true); };
  for (const id of ["examples", "data_noise", "data_seed"]) $(id).onchange = () => { state.data = { ...dataFields(), [id]: +$(id).value }; changed(true); };
  $("opts").innerHTML = '<legend>Optimizers <small>(the map shows the first; a click races them all)</small></legend>' +
    catalog.optimizers.map((o) => `<label title="${o.about}"><input type="checkbox" value="${o.name}"> ${o.name}</label>`).join("");
  $("fn").onchange = async () => {
    const name = $("fn").value;
    if (!(await learnObjective(name))) return;
    state = defaults(name, state.opts); clearRace(); syncControls(); changed(true);
  };
  $("formula").onkeydown = async (e) => {
    if (e.key !== "Enter") return;
    const text = $("formula").value.trim();
    if (!text) return;
    if (!(await learnObjective(text))) return;
    state = defaults(text, state.opts); clearRace();
    syncControls(); changed(true);
  };
  $("opts").onchange = () => {
    const picked = [...$("opts").querySelectorAll("input:checked")].map((i) => i.value);
    // Keep the order of choice: the first one chosen is the map's.
    const first = state.opts[0];
    state.opts = state.opts.filter((o) => picked.includes(o)).concat(picked.filter((o) => !state.opts.includes(o)));
    if (state.opts.length === 0) state.opts = [picked[0] || "adam"];
    // A learning rate still at the old map optimizer's opening value follows the new one's.
    if (state.opts[0] !== first && state.params.lr === openingLr(objective(), first)) state.params.lr = openingLr(objective(), state.opts[0]);
    pruneParams(); syncControls(); changed(true);
  };
  $("map").onchange = () => {
    state.map = $("map").value;
    // The trainability score is computed only when asked for: a map of it needs a run.
    if (map && !map.images[state.map]) changed(true); else { saveUrl(false); drawMap(); }
  };
  for (const id of ["steps", "res", "tol"]) $(id).onchange = () => { state[id] = +$(id).value; changed(true); };
  $("criterion").onchange = () => { state.criterion = $("criterion").value; changed(true); };
  for (const a of ["x", "y"]) {
    $(a + "q").onchange = () => setAxisQuantity(a, $(a + "q").value);
    $(a + "lo").onchange = () => { state[a].lo = +$(a + "lo").value; changed(true); };
    $(a + "hi").onchange = () => { state[a].hi = +$(a + "hi").value; changed(true); };
    $(a + "log").onchange = () => { state[a].log = $(a + "log").checked; changed(true); };
  }
  $("sx").onchange = () => { state.start[0] = +$("sx").value; changed(true); };
  $("sy").onchange = () => { state.start[1] = +$("sy").value; changed(true); };
  $("reset").onclick = () => { const d = defaults(state.fn); state.x = d.x; state.y = d.y; syncControls(); changed(true, true); };
  for (const b of $("downloads").querySelectorAll("button")) b.onclick = () => download(b.dataset.get);
  $("tunego").onclick = tuneHere;
}

function pruneParams() {
  const names = new Set(specsOf().concat(coordinateSpecs()).map((h) => h.name));
  for (const k of Object.keys(state.params)) if (!names.has(k)) delete state.params[k];
  for (const a of ["x", "y"]) if (!["x0", "y0"].includes(state[a].q) && !names.has(state[a].q)) {
    const d = defaults(state.fn); state[a] = a === "x" ? d.x : d.y;
  }
}

function quantities() {
  return ["x0", "y0"].concat(specsOf().concat(coordinateSpecs()).filter((h) => h.kind !== "flag" && h.kind !== "count").map((h) => h.name));
}

// An axis of quantity q as it opens: a start coordinate over the objective's domain, a
// hyperparameter over its range (log: two decades either side of its value).
function homeAxis(a, q) {
  const d = defaults(state.fn);
  if (q === "x0" || q === "y0") return { q, lo: d[q === "x0" ? "x" : "y"].lo, hi: d[q === "x0" ? "x" : "y"].hi, log: false };
  const h = quantitySpec(q);
  const r = sliderRange(h);
  // lr_x and lr_y have no default of their own: they open around lr.
  const around = h.default ?? state.params.lr ?? openingLr(objective(), state.opts[0]);
  return r.log ? { q, lo: around / 100, hi: Math.min(around * 100, r.hi), log: true } : { q, lo: r.lo, hi: r.hi, log: false };
}

function setAxisQuantity(a, q) {
  state[a] = homeAxis(a, q);
  if (q !== "x0" && q !== "y0") delete state.params[q];
  syncControls(); changed(true, true);
}

function syncControls() {
  $("fn").value = state.fn;
  $("formula").value = objective().formula === state.fn ? state.fn : "";
  for (const i of $("opts").querySelectorAll("input")) i.checked = state.opts.includes(i.value);
  $("map").value = state.map;
  $("steps").value = state.steps; $("res").value = state.res; $("tol").value = state.tol;
  $("criterion").value = state.criterion;
  const qs = quantities();
  for (const a of ["x", "y"]) {
    $(a + "q").innerHTML = qs.map((q) => `<option>${q}</option>`).join("");
    $(a + "q").value = state[a].q;
    $(a + "lo").value = fmt(state[a].lo); $(a + "hi").value = fmt(state[a].hi); $(a + "log").checked = state[a].log;
  }
  $("sx").value = state.start[0]; $("sy").value = state.start[1];
  $("schedule").value = state.schedule || "constant"; $("seed").value = state.seed || 0;
  $("datarow").hidden = !objective().data;
  for (const [k, v] of Object.entries(dataFields())) $(k).value = v;
  const axes = [state.x.q, state.y.q];
  $("hypers").innerHTML = groups().filter((g) => g.specs.length || g.wrapper).map((g) => `<h3>${g.title}</h3>` + g.specs.map((h) => {
    // Step-count defaults follow the budget (as the engine's do).
    const budget = { t_max: state.steps, total_steps: state.steps, warmup_steps: Math.round(state.steps / 10) };
    const v = state.params[h.name] ?? budget[h.name] ?? h.default;
    if (h.kind === "flag") return `<div class="hyper"><label class="check"><input type="checkbox" data-h="${h.name}" ${v ? "checked" : ""}> ${h.name}</label></div>`;
    if (axes.includes(h.name)) return `<div class="hyper"><div class="name"><span>${h.name}</span><em>on an axis</em></div></div>`;
    const r = sliderRange(h);
    return `<div class="hyper"><div class="name"><span title="${h.range}">${h.name}</span><input type="number" step="any" data-h="${h.name}" value="${fmt(v)}"></div>` +
      `<input type="range" min="0" max="1000" data-h="${h.name}" value="${Math.round(1000 * Math.min(1, Math.max(0, toSlider(r, v))))}"></div>`;
  }).join("")).join("");
  // Wrapping sets the wrapper's parameters to their defaults; unwrapping drops them.
  for (const el of $("hypers").querySelectorAll("[data-wrapper]")) {
    const w = catalog.wrappers.find((w) => w.name === el.dataset.wrapper);
    el.onchange = () => {
      for (const h of w.params) {
        if (el.checked) state.params[h.name] = h.default; else delete state.params[h.name];
      }
      syncControls(); changed(true);
    };
  }
  for (const el of $("hypers").querySelectorAll("[data-h]")) {
    const h = quantitySpec(el.dataset.h);
    if (el.type === "checkbox") el.onchange = () => { state.params[h.name] = el.checked; changed(true); };
    else if (el.type === "range") el.oninput = () => {
      const u = fromSlider(sliderRange(h), el.value / 1000);
      const v = h.kind === "count" ? Math.round(u) : +u.toPrecision(4);
      state.params[h.name] = v;
      el.parentElement.querySelector("input[type=number]").value = fmt(v);
      changed(false);
    };
    else el.onchange = () => { state.params[h.name] = +el.value; syncControls(); changed(true); };
  }
}

// ---------- maps ----------

function axisText(a) { return `${a.q}=${a.lo}:${a.hi}${a.log ? ":log" : ""}`; }

function specBody(res) {
  const params = { ...state.params };
  for (const q of [state.x.q, state.y.q]) delete params[q];
  return {
    fn: state.fn, opt: state.opts[0], params, x: axisText(state.x), y: axisText(state.y),
    res: res, steps: state.steps, tol: state.tol, criterion: state.criterion, start: state.start,
    schedule: state.schedule || "constant", seed: state.seed || 0, ...dataBody(),
    // f32 until a zoom brings neighbouring pixels closer than f32 tells apart, then f64.
    precision: "auto", ...(state.map === "trainability" ? { trainability: true } : {}),
  };
}

// A change: a coarse map at once (the hand is still moving), the full one once it rests.
function changed(final, push) {
  saveUrl(!!push);
  clearTimeout(fineTimer);
  if (final) { requestMap(state.res); return; }
  requestMap(Math.min(64, state.res));
  fineTimer = setTimeout(() => requestMap(state.res), 250);
}

async function requestMap(res) {
  if (inflight) inflight.abort();
  const controller = new AbortController();
  inflight = controller;
  const t0 = performance.now();
  try {
    const resp = await fetch("/api/map", {
      method: "POST", body: JSON.stringify(specBody(res)), signal: controller.signal,
      // The sequence number lets the server tell a late old request from the newest one.
      headers: { "Content-Type": "application/json", "X-Optgrid-Client": CLIENT, "X-Optgrid-Seq": String(++requestSeq) },
    });
    if (resp.status === 409) return; // replaced by a newer request
    if (!resp.ok) { status((await resp.json()).error, true); return; }
    const got = await parseMap(await resp.arrayBuffer());
    if (controller !== inflight) return;
    map = got;
    drawMap();
    const s = map.header.summary;
    const f64 = s.spec.precision === "f64" ? " · f64: zoomed past f32's resolution" : "";
    status(`${s.run.backend} · ${s.run.device}${f64} · ${map.header.width}×${map.header.height} × ${state.steps} steps in ${(1000 * s.wall_seconds).toFixed(0)} ms engine, ${(performance.now() - t0).toFixed(0)} ms round trip · ${s.instance_steps_per_second.toExponential(2)} instance-steps/s`);
  } catch (e) {
    if (e.name !== "AbortError") status(String(e), true);
  } finally {
    if (inflight === controller) inflight = null;
  }
}

// numpy dtypes as typed arrays: the map's parts are the library's columns, each read by the
// dtype its header gives (nothing here lists them).
const ARRAY_TYPES = { "<f4": Float32Array, "<f8": Float64Array, "<i4": Int32Array, "|u1": Uint8Array };

async function parseMap(buf) {
  const n = new DataView(buf).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n)));
  const base = 4 + n;
  const images = {}, columns = {};
  for (const p of header.parts) {
    if (p.dtype === "png") {
      images[p.name.replace(".png", "")] = await createImageBitmap(new Blob([new Uint8Array(buf, base + p.offset, p.length)], { type: "image/png" }));
    } else {
      const T = ARRAY_TYPES[p.dtype];
      columns[p.name] = new T(buf, base + p.offset, p.length / T.BYTES_PER_ELEMENT);
    }
  }
  return { header, images, columns };
}

function drawMap() {
  if (!map) return;
  const c = $("mapcanvas"), ctx = c.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, c.width, c.height);
  ctx.drawImage(map.images[state.map], 0, 0, c.width, c.height);
  const s = map.header.summary;
  const wrappers = (catalog.wrappers || []).filter((w) => s.spec.params[w.params[0].name] !== undefined).map((w) => "+" + w.name).join("");
  $("title").textContent = `${s.spec.opt}${wrappers} on ${s.spec.fn}: ${s.spec.x.quantity} × ${s.spec.y.quantity}, converged ${(100 * s.stats.converged_fraction).toFixed(1)}%, diverged ${(100 * s.stats.diverged_fraction).toFixed(1)}%`;
  drawAxes();
  drawLegend();
  drawOverlay();
}

// Ticks at round values inside [lo, hi] — steps of 1, 2 or 5 × 10^k (on a log axis: powers of
// ten, or 1-2-5 within a decade or two) — as [position in [0, 1], value] pairs.
function ticks(a, want) {
  if (!(a.hi > a.lo)) return [[0.5, a.lo]];
  const span = (v) => a.log ? (Math.log10(v) - Math.log10(a.lo)) / (Math.log10(a.hi) - Math.log10(a.lo)) : (v - a.lo) / (a.hi - a.lo);
  const inside = (vs) => vs.filter((v) => { const u = span(v); return u >= -1e-9 && u <= 1 + 1e-9; }).map((v) => [Math.min(1, Math.max(0, span(v))), v]);
  if (a.log) {
    const d0 = Math.floor(Math.log10(a.lo)), d1 = Math.ceil(Math.log10(a.hi));
    const every = Math.max(1, Math.ceil((d1 - d0) / want));
    const decades = [];
    for (let d = d0; d <= d1; d += every) decades.push(Math.pow(10, d));
    if (inside(decades).length >= 2) return inside(decades).map(([u, v]) => [u, +v.toPrecision(1)]);
    const fine = [];
    for (let d = d0; d <= d1; d++) for (const m of [1, 2, 5]) fine.push(m * Math.pow(10, d));
    return inside(fine).map(([u, v]) => [u, +v.toPrecision(1)]);
  }
  const raw = (a.hi - a.lo) / want, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(a.lo / step) * step; v <= a.hi + step * 1e-9; v += step) out.push(+(Math.round(v / step) * step).toPrecision(12));
  return inside(out);
}

function drawAxes() {
  const s = map.header.summary.spec;
  $("xticks").innerHTML = ticks({ lo: s.x.lo, hi: s.x.hi, log: s.x.scale === "log" }, 4).map(([u, v]) => `<span class="tick" style="left:${512 * u}px">${fmt(v)}</span>`).join("");
  $("yticks").innerHTML = ticks({ lo: s.y.lo, hi: s.y.hi, log: s.y.scale === "log" }, 4).map(([u, v]) => `<span class="tick" style="top:${512 * (1 - u)}px">${fmt(v)}</span>`).join("");
  $("xlabel").textContent = s.x.quantity + (s.x.scale === "log" ? " (log)" : "");
  $("ylabel").textContent = s.y.quantity + (s.y.scale === "log" ? " (log)" : "");
}

function drawLegend() {
  const s = map.header.summary;
  if (state.map === "basins") {
    const biggest = s.stats.basins.filter((b) => b.count > 0).sort((a, b) => b.count - a.count);
    const shares = biggest.slice(0, 8).map((b) => {
      const rgb = basinRgb(b.index);
      return `<span><i class="swatch" style="background:rgb(${rgb})"></i>(${fmt(b.x)}, ${fmt(b.y)}) ${(100 * b.fraction).toFixed(1)}%${b.global ? " ★" : ""}</span>`;
    });
    if (biggest.length > 8) shares.push(`<span>… ${biggest.length - 8} more minima</span>`);
    shares.push(`<span><i class="swatch" style="background:rgb(40,40,40)"></i>unsettled ${(100 * s.stats.unsettled_fraction).toFixed(1)}%</span>`);
    shares.push(`<span><i class="swatch" style="background:#fff"></i>diverged ${(100 * s.stats.diverged_fraction).toFixed(1)}%</span>`);
    $("legend").innerHTML = shares.join("");
  } else if (state.map === "trainability") {
    const ramp = map.header.colour_ramps.trainability;
    const stops = ramp.map((c, i) => `rgb(${c.join(",")}) ${(100 * i / (ramp.length - 1)).toFixed(1)}%`).join(", ");
    const marks = [[0, "diverged soonest"], [0.5, "boundary"], [1, "trained fastest"]]
      .map(([u, v]) => `<span class="tick" style="left:${100 * u}%">${v}</span>`).join("");
    $("legend").innerHTML = `<div class="colourbar"><span class="what">trainability (rank)</span>` +
      `<div class="bar" style="background:linear-gradient(to right, ${stops})"></div><div class="barticks">${marks}</div></div>` +
      `<span>trained ${(100 * (s.stats.trained_fraction ?? 0)).toFixed(1)}%</span>`;
  } else {
    const sc = s.colour_scales[state.map];
    const ramp = map.header.colour_ramps[state.map];
    const what = state.map === "steps" ? "steps to converge" : "f − f*";
    const stops = ramp.map((c, i) => `rgb(${c.join(",")}) ${(100 * i / (ramp.length - 1)).toFixed(1)}%`).join(", ");
    const marks = ticks(sc, 5).map(([u, v]) => `<span class="tick" style="left:${(100 * u).toFixed(2)}%">${fmt(v)}</span>`).join("");
    const never = state.map === "steps" ? `<span><i class="swatch" style="background:rgb(40,40,40)"></i>never converged</span>` : "";
    $("legend").innerHTML = `<div class="colourbar"><span class="what">${what}${sc.log ? " (log)" : ""}</span>` +
      `<div class="bar" style="background:linear-gradient(to right, ${stops})"></div><div class="barticks">${marks}</div></div>` +
      `${never}<span><i class="swatch" style="background:#fff"></i>diverged ${(100 * s.stats.diverged_fraction).toFixed(1)}%</span>`;
  }
}

// The basin colour of index i, read from the basin map itself (the CLI's palette).
function basinRgb(i) {
  const k = Array.prototype.findIndex.call(map.columns.basin, (b) => b === i);
  if (k < 0) return "128,128,128";
  const w = map.header.width, h = map.header.height;
  const col = k % w, row = Math.floor(k / w);
  const c = document.createElement("canvas"); c.width = w; c.height = h;
  const ctx = c.getContext("2d"); ctx.drawImage(map.images.basins, 0, 0);
  const d = ctx.getImageData(col, h - 1 - row, 1, 1).data;
  return `${d[0]},${d[1]},${d[2]}`;
}

// ---------- hover, click, zoom ----------

function pixelAt(ev) {
  const r = $("overlay").getBoundingClientRect();
  const u = (ev.clientX - r.left) / r.width, v = 1 - (ev.clientY - r.top) / r.height;
  if (!map || u < 0 || u >= 1 || v < 0 || v >= 1) return null;
  const w = map.header.width, h = map.header.height;
  const col = Math.min(w - 1, Math.floor(u * w)), row = Math.min(h - 1, Math.floor(v * h));
  return { col, row, index: row * w + col, u, v };
}

function describePixel(p) {
  const s = map.header.summary, k = p.index;
  const xs = s.spec.x.quantity, ys = s.spec.y.quantity;
  const status = map.header.statuses.find((st) => st.code === map.columns.status[k]).name.replace("_", " ");
  const basin = map.columns.basin[k] >= 0 ? `basin ${map.columns.basin[k]} (${fmt(s.minima[map.columns.basin[k]].x)}, ${fmt(s.minima[map.columns.basin[k]].y)})` : map.columns.basin[k] === -1 ? "unsettled" : "diverged";
  const steps = map.columns.steps[k] >= 0 ? `${map.columns.steps[k]} steps` : "never converged";
  return `${xs} = ${fmt(map.header.x_values[p.col])}, ${ys} = ${fmt(map.header.y_values[p.row])} · ${status}, ${steps} · ends at (${fmt(map.columns.final_x[k])}, ${fmt(map.columns.final_y[k])}), f − f* = ${fmt(map.columns.loss[k] - s.global_min_value)} · ${basin}`;
}

let drag = null;

function setupPointer() {
  const o = $("overlay");
  o.onmousemove = (ev) => {
    const p = pixelAt(ev);
    if (p) $("hover").textContent = describePixel(p);
    if (drag) { drag.u1 = p ? p.u : drag.u1; drag.v1 = p ? p.v : drag.v1; drawOverlay(); }
  };
  o.onmousedown = (ev) => { const p = pixelAt(ev); if (p) drag = { u0: p.u, v0: p.v, u1: p.u, v1: p.v }; };
  o.onmouseup = (ev) => {
    const d = drag; drag = null;
    if (!d) return;
    if (Math.abs(d.u1 - d.u0) * 512 > 6 && Math.abs(d.v1 - d.v0) * 512 > 6) zoom(d);
    else { const p = pixelAt(ev); if (p) raceFrom(p); }
  };
  o.onmouseleave = () => { drag = null; drawOverlay(); };
}

function zoom(d) {
  const along = (a, u0, u1) => {
    const at = (u) => a.log ? Math.pow(10, Math.log10(a.lo) + u * (Math.log10(a.hi) - Math.log10(a.lo))) : a.lo + u * (a.hi - a.lo);
    const [lo, hi] = [at(Math.min(u0, u1)), at(Math.max(u0, u1))];
    return { ...a, lo: +lo.toPrecision(15), hi: +hi.toPrecision(15) };
  };
  state.x = along(state.x, d.u0, d.u1);
  state.y = along(state.y, d.v0, d.v1);
  syncControls();
  changed(true, true);
}

function drawOverlay() {
  const c = $("overlay"), ctx = c.getContext("2d");
  ctx.clearRect(0, 0, c.width, c.height);
  if (drag) {
    ctx.strokeStyle = "#fff"; ctx.setLineDash([5, 4]); ctx.lineWidth = 1.5;
    ctx.strokeRect(512 * Math.min(drag.u0, drag.u1), 512 * (1 - Math.max(drag.v0, drag.v1)), 512 * Math.abs(drag.u1 - drag.u0), 512 * Math.abs(drag.v1 - drag.v0));
    ctx.setLineDash([]);
  }
  // Paths belong on the map only where the map's axes are the start coordinates.
  if (race && map && state.x.q === "x0" && state.y.q === "y0") {
    const s = map.header.summary.spec;
    drawPaths(ctx, (x, y) => [512 * (x - s.x.lo) / (s.x.hi - s.x.lo), 512 * (1 - (y - s.y.lo) / (s.y.hi - s.y.lo))]);
  }
}

function drawPaths(ctx, to) {
  race.trajectories.forEach((t, i) => {
    const n = Math.min(t.x.length, raceStep + 1);
    ctx.strokeStyle = COLOURS[i % COLOURS.length]; ctx.lineWidth = 2; ctx.beginPath();
    for (let k = 0; k < n; k++) { const [px, py] = to(t.x[k], t.y[k]); if (k) ctx.lineTo(px, py); else ctx.moveTo(px, py); }
    ctx.stroke();
    const [ex, ey] = to(t.x[n - 1], t.y[n - 1]);
    ctx.fillStyle = COLOURS[i % COLOURS.length]; ctx.beginPath(); ctx.arc(ex, ey, 4, 0, 7); ctx.fill();
  });
  const [sx, sy] = to(race.trajectories[0].x[0], race.trajectories[0].y[0]);
  ctx.strokeStyle = "#fff"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(sx, sy, 6, 0, 7); ctx.stroke();
}

// ---------- tuning ----------

// Tunes the checked optimizers on this objective (16 starts over the domain, this page's steps,
// tolerance and criterion) and lists the leaderboard; a row applies that optimizer's best setting.
async function tuneHere() {
  const body = {
    fn: state.fn, opt: state.opts.join(","), trials: +$("tunetrials").value, starts: 16,
    steps: state.steps, score: $("tunescore").value, tol: state.tol, criterion: state.criterion, seed: state.seed || 0,
  };
  status(`tuning ${state.opts.join(", ")}: ${body.trials} settings each…`);
  const resp = await fetch("/api/tune", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  const got = await resp.json();
  if (!resp.ok) { status(got.error, true); return; }
  window.leaderboard = got;
  const rows = got.entries.map((e) => {
    const setting = Object.entries(e.best).map(([k, v]) => `${k}=${fmt(v)}`).join(", ");
    return `<tr data-opt="${e.optimizer}"><td>${e.rank}</td><td>${e.optimizer}</td><td>${setting}</td><td>${(100 * e.converged).toFixed(0)}%</td><td>${e.median_steps}</td></tr>`;
  });
  $("tunetable").querySelector("tbody").innerHTML = rows.join("");
  $("tunetable").hidden = false;
  for (const tr of $("tunetable").querySelectorAll("tbody tr")) tr.onclick = () => applyBest(tr.dataset.opt);
  status(`tuned: ${got.entries[0].optimizer} ranks first; click a row to map its best setting`);
}

// Makes `name` the map's optimizer at its best setting.
function applyBest(name) {
  const e = window.leaderboard.entries.find((x) => x.optimizer === name);
  state.opts = [name].concat(state.opts.filter((o) => o !== name));
  state.params = {};
  for (const [k, v] of Object.entries(e.best)) state.params[k] = v;
  pruneParams(); syncControls(); changed(true, true);
}

// ---------- races ----------

function raceBody(p) {
  const s = map.header.summary.spec;
  const params = { ...state.params };
  let start = state.start.slice();
  for (const [a, value] of [[s.x.quantity, map.header.x_values[p.col]], [s.y.quantity, map.header.y_values[p.row]]]) {
    if (a === "x0") start[0] = value; else if (a === "y0") start[1] = value; else params[a] = value;
  }
  // Hyperparameters that only the map's optimizer has apply where the others have them too.
  return { fn: state.fn, opt: state.opts.join(","), params: paramsFor(params), start, steps: state.steps, tol: state.tol, criterion: state.criterion, schedule: state.schedule || "constant", seed: state.seed || 0, ...dataBody() };
}

// The quantities some racer takes: hyperparameters only the map's optimizer has apply where the
// others have them too; noise, sparsity, the schedule's parameters and a wrapper's apply to all.
function paramsFor(params) {
  const shared = new Set(catalog.gradient.concat(schedule().params, ...(catalog.wrappers || []).map((w) => w.params)).map((h) => h.name));
  const out = {};
  for (const [k, v] of Object.entries(params)) if (shared.has(k) || state.opts.some((o) => optimizer(o).hypers.some((h) => h.name === k))) out[k] = v;
  return out;
}

// Forgets the race: it belongs to the objective it was run on.
function clearRace() {
  race = null; surface = null; playing = false;
  $("raceview").hidden = true;
  for (const b of $("downloads").querySelectorAll("button[data-get=csv], button[data-get=gif]")) b.disabled = true;
  drawOverlay();
}

async function raceFrom(p) {
  const body = raceBody(p);
  const resp = await fetch("/api/trace", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  const got = await resp.json();
  if (!resp.ok) { status(got.error, true); return; }
  race = got; race.body = body;
  const view = got.summary.view;
  const sresp = await fetch("/api/surface", { method: "POST", body: JSON.stringify({ fn: state.fn, view, n: 96, ...dataBody() }) });
  surface = sresp.ok ? await sresp.json() : null;
  const longest = Math.max(...race.trajectories.map((t) => t.x.length)) - 1;
  $("stepslider").max = longest; raceStep = longest; $("stepslider").value = longest;
  $("raceview").hidden = false;
  const [sx, sy] = race.summary.start;
  $("racetitle").textContent = `${state.opts.join(" vs ")} on ${state.fn} from (${fmt(sx)}, ${fmt(sy)}), ${state.steps} steps`;
  for (const b of $("downloads").querySelectorAll("button[data-get=csv], button[data-get=gif]")) b.disabled = false;
  fillTable();
  drawRace();
}

function fillTable() {
  $("racetable").querySelector("tbody").innerHTML = race.summary.results.map((r, i) =>
    `<tr><td><span class="dot" style="background:${COLOURS[i % COLOURS.length]}"></span>${r.optimizer}</td><td>${r.status.replace("_", " ")}</td>` +
    `<td>${r.steps_to_converge ?? "–"}</td><td>(${r.final_x.toFixed(5)}, ${r.final_y.toFixed(5)})</td>` +
    `<td>${r.final_loss.toExponential(4)}</td><td>${r.average_step_length.toExponential(3)}</td></tr>`).join("");
}

function drawRace() {
  $("stepnow").textContent = `step ${raceStep}`;
  drawOverlay();
  const view = race.summary.view;
  const c = $("paths"), ctx = c.getContext("2d");
  ctx.clearRect(0, 0, c.width, c.height);
  if (surface) drawContours(ctx, c.width, c.height);
  drawPaths(ctx, (x, y) => [c.width * (x - view[0][0]) / (view[0][1] - view[0][0]), c.height * (1 - (y - view[1][0]) / (view[1][1] - view[1][0]))]);
  drawCurve($("losscurve"), (t) => t.loss.map((l) => Math.max(l - objective().global_min_value, 1e-16)), [true]);
  drawCurve($("stepcurve"), (t) => t.step_size_x, [true], (t) => t.step_size_y);
  draw3d();
}

// Filled contour bands of log(f − f*), drawn once per race and reused by every frame.
function drawContours(ctx, w, h) {
  if (!surface.image) surface.image = contourImage();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(surface.image, 0, 0, w, h);
}

function contourImage() {
  const n = surface.n, f = surface.values, lo = surface.min_value;
  const logs = f.map((v) => Math.log10(Math.max(v - lo, 1e-12) + 1e-6));
  const a = Math.min(...logs), b = Math.max(...logs);
  const tmp = document.createElement("canvas"); tmp.width = n; tmp.height = n;
  const img = tmp.getContext("2d").createImageData(n, n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
    const u = (logs[r * n + c] - a) / (b - a || 1);
    const band = Math.floor(u * 14) / 14; // filled contour bands
    const k = ((n - 1 - r) * n + c) * 4;
    img.data[k] = 245 - 150 * band; img.data[k + 1] = 245 - 120 * band; img.data[k + 2] = 250 - 70 * band; img.data[k + 3] = 255;
  }
  tmp.getContext("2d").putImageData(img, 0, 0);
  return tmp;
}

function drawCurve(c, ys, [log], faded) {
  const ctx = c.getContext("2d"), W = c.width, H = c.height, pad = 30;
  ctx.clearRect(0, 0, W, H);
  const series = race.trajectories.map(ys);
  const all = series.flat().concat(faded ? race.trajectories.map(faded).flat() : []).filter((v) => v > 0 && isFinite(v));
  if (!all.length) return;
  const lo = Math.log10(Math.min(...all)), hi = Math.log10(Math.max(...all)) + 1e-9;
  const steps = Math.max(...race.trajectories.map((t) => t.x.length)) - 1 || 1;
  const to = (k, v) => [pad + (W - pad - 6) * k / steps, 6 + (H - pad - 6) * (1 - (Math.log10(Math.max(v, 1e-300)) - lo) / (hi - lo || 1))];
  ctx.strokeStyle = "#98a2b3"; ctx.strokeRect(pad, 6, W - pad - 6, H - pad - 6);
  ctx.fillStyle = "#667085"; ctx.font = "10px system-ui";
  ctx.fillText(`1e${lo.toFixed(1)}`, 2, H - pad); ctx.fillText(`1e${hi.toFixed(1)}`, 2, 14); ctx.fillText(`${steps}`, W - 30, H - 10);
  const line = (vals, colour, alpha) => {
    ctx.globalAlpha = alpha; ctx.strokeStyle = colour; ctx.lineWidth = 1.5; ctx.beginPath();
    const n = Math.min(vals.length, raceStep + 1);
    for (let k = 0; k < n; k++) { const [x, y] = to(k, vals[k]); if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y); }
    ctx.stroke(); ctx.globalAlpha = 1;
  };
  series.forEach((s, i) => line(s, COLOURS[i % COLOURS.length], 1));
  if (faded) race.trajectories.map(faded).forEach((s, i) => line(s, COLOURS[i % COLOURS.length], 0.35));
}

// A wireframe of log(f − f*) with the paths on it; drag to turn.
function draw3d() {
  const c = $("surface"), ctx = c.getContext("2d"), W = c.width, H = c.height;
  ctx.clearRect(0, 0, W, H);
  if (!surface) return;
  const n = surface.n, lo = surface.min_value, view = race.summary.view;
  const z = (v) => Math.log10(Math.max(v - lo, 1e-12) + 1e-3);
  const zs = surface.values.map(z), za = Math.min(...zs), zb = Math.max(...zs);
  const { yaw, pitch } = view3d;
  const project = (u, v, h) => { // u, v, h in [0, 1]
    const x = u - 0.5, y = v - 0.5, zz = (h - 0.5) * 0.6;
    const xr = x * Math.cos(yaw) - y * Math.sin(yaw), yr = x * Math.sin(yaw) + y * Math.cos(yaw);
    const sy = yr * Math.cos(pitch) - zz * Math.sin(pitch);
    return [W / 2 + 240 * view3d.zoom * xr, H / 2 + 240 * view3d.zoom * sy];
  };
  const hAt = (r, cc) => (zs[r * n + cc] - za) / (zb - za || 1);
  ctx.strokeStyle = "#98a2b3"; ctx.lineWidth = 0.6;
  const stride = 4;
  for (let r = 0; r < n; r += stride) { ctx.beginPath(); for (let cc = 0; cc < n; cc++) { const [x, y] = project(cc / (n - 1), r / (n - 1), hAt(r, cc)); if (cc) ctx.lineTo(x, y); else ctx.moveTo(x, y); } ctx.stroke(); }
  for (let cc = 0; cc < n; cc += stride) { ctx.beginPath(); for (let r = 0; r < n; r++) { const [x, y] = project(cc / (n - 1), r / (n - 1), hAt(r, cc)); if (r) ctx.lineTo(x, y); else ctx.moveTo(x, y); } ctx.stroke(); }
  race.trajectories.forEach((t, i) => {
    ctx.strokeStyle = COLOURS[i % COLOURS.length]; ctx.lineWidth = 2; ctx.beginPath();
    const m = Math.min(t.x.length, raceStep + 1);
    for (let k = 0; k < m; k++) {
      const u = (t.x[k] - view[0][0]) / (view[0][1] - view[0][0]), v = (t.y[k] - view[1][0]) / (view[1][1] - view[1][0]);
      const hh = (z(t.loss[k]) - za) / (zb - za || 1);
      const [x, y] = project(u, v, hh);
      if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    }
    ctx.stroke();
  });
}

function setupRaceControls() {
  $("stepslider").oninput = () => { raceStep = +$("stepslider").value; drawRace(); };
  $("play").onclick = () => {
    playing = !playing; $("play").textContent = playing ? "❚❚ pause" : "▶ play";
    if (playing && raceStep >= +$("stepslider").max) raceStep = 0;
    const total = +$("stepslider").max, t0 = performance.now(), s0 = raceStep;
    const frame = (now) => {
      if (!playing) return;
      // A frame's timestamp can precede the click's own clock reading: never step backwards.
      const elapsed = Math.max(0, now - t0) / 1000;
      raceStep = Math.min(total, s0 + Math.floor(elapsed * Math.max(60, total / 6)));
      $("stepslider").value = raceStep; drawRace();
      if (raceStep < total) requestAnimationFrame(frame); else { playing = false; $("play").textContent = "▶ play"; }
    };
    requestAnimationFrame(frame);
  };
  let turning = null;
  $("surface").onmousedown = (e) => { turning = [e.clientX, e.clientY, view3d.yaw, view3d.pitch]; };
  window.addEventListener("mouseup", () => { turning = null; });
  $("surface").onwheel = (e) => {
    e.preventDefault();
    view3d.zoom = Math.max(0.3, Math.min(5, view3d.zoom * Math.exp(-e.deltaY / 500)));
    draw3d();
  };
  $("surface").onmousemove = (e) => {
    if (!turning) return;
    view3d.yaw = turning[2] + (e.clientX - turning[0]) / 120;
    view3d.pitch = Math.max(0.1, Math.min(1.5, turning[3] + (e.clientY - turning[1]) / 120));
    draw3d();
  };
}

// ---------- downloads and status ----------

// The "zoom video": from the axes as they open (or, if the view is wider than that, from
// the view itself) into the centre of the current view, down to its width.
function zoomBody() {
  const space = (a, v) => a.log ? Math.log10(v) : v;
  const width = (a) => space(a, a.hi) - space(a, a.lo);
  const centre = (a) => a.log ? Math.sqrt(a.lo * a.hi) : (a.lo + a.hi) / 2;
  const home = { x: homeAxis("x", state.x.q), y: homeAxis("y", state.y.q) };
  for (const a of ["x", "y"]) if (home[a].log !== state[a].log || width(state[a]) > width(home[a])) home[a] = { ...state[a] };
  const sweep = { ...specBody(Math.min(state.res, 192)), x: axisText(home.x), y: axisText(home.y) };
  return { sweep, center: [centre(state.x), centre(state.y)], from: width(home.x), to: width(state.x), frames: 24, map: state.map };
}

async function download(what) {
  const routes = { figure: ["/api/figure", "figure.png"], sweep: ["/api/sweep", "result.npz"], spec: ["/api/spec", "spec.toml"], csv: ["/api/trace/csv", "trajectories.csv"], gif: ["/api/trace/gif", "race.gif"], zoom: ["/api/zoom/gif", "zoom.gif"] };
  const [url, name] = routes[what];
  const body = (what === "csv" || what === "gif") ? race.body : what === "zoom" ? zoomBody() : specBody(state.res);
  if (what === "zoom") status("drawing the zoom video: 24 maps from the axes as they open into this view…");
  const resp = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  if (!resp.ok) { status((await resp.json()).error, true); return; }
  if (what === "zoom") status("zoom.gif: 24 frames into this view");
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await resp.blob()); a.download = name; a.click();
}

function status(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

// An objective's entry from the server, with the learning rate each optimizer opens at for
// this page's budget: a built-in's (once), or a typed formula's (its domain, start and minima,
// as the catalogue gives the built-ins'). False, with the server's message shown, when it is
// neither.
async function learnObjective(text) {
  const known = catalog.objectives.find((o) => o.name === text);
  if (known && known.opening) return true;
  status(`finding the learning rates that show ${text} best…`);
  const resp = await fetch("/api/objective", { method: "POST", body: JSON.stringify({ fn: text, steps: DEFAULT_STEPS }) });
  const got = await resp.json();
  if (!resp.ok) { status(got.error, true); return false; }
  if (known) { known.opening = got.opening; return true; }
  catalog.objectives.push(got);
  $("fn").insertAdjacentHTML("beforeend", `<option></option>`);
  $("fn").lastElementChild.textContent = got.name;
  return true;
}

// ---------- start ----------

async function start() {
  if (EMBEDDED) { document.body.classList.add("embedded"); document.querySelector("header").after($("status")); }
  catalog = await (await fetch("/api/catalog")).json();
  buildControls();
  setupPointer();
  setupRaceControls();
  state = loadUrl();
  const opening = window.OPTGRID_INITIAL;
  if (!state && opening && (await learnObjective(opening.fn))) state = fromBody(opening);
  if (state && !(await learnObjective(state.fn))) state = null;
  if (!state) { await learnObjective(catalog.objectives[0].name); state = defaults(catalog.objectives[0].name); }
  syncControls();
  saveUrl(false);
  requestMap(state.res);
  window.addEventListener("popstate", () => { state = loadUrl() || defaults(catalog.objectives[0].name); clearRace(); syncControls(); requestMap(state.res); });
}

// Anything that goes wrong shows on the status line rather than silently stopping the page.
window.addEventListener("error", (e) => status(`page error: ${e.message}`, true));
window.addEventListener("unhandledrejection", (e) => status(`page error: ${e.reason}`, true));
start().catch((e) => status(String(e), true));
