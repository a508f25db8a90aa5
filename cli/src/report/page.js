// The report's script: long tables get search, pages and sorting; the what-if panel runs seni's
// own engine (WebAssembly, embedded in the page) and draws what it answers. It computes nothing
// itself and sends nothing anywhere.
(function () {
  "use strict";
  var doc = document;
  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function el(tag, attrs, kids) {
    var e = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function thousands(n) { return Math.round(n).toLocaleString("en-US"); }
  function dollars(x) { return (x < 0 ? "-$" : "$") + thousands(Math.abs(x)); }
  function cents(x) { return (x < 0 ? "-$" : "$") + Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function signed(x) { return (x > 0 ? "+" : "") + dollars(x); }
  function pct(x) { return (100 * x).toFixed(Math.abs(x) >= 0.1 ? 0 : 1) + "%"; }

  // ------------------------------------------------------------------ tables
  // A .table box: search (when long), pages of data-page rows, sorting by a click on a column.
  function enhance(box) {
    var size = +box.getAttribute("data-page") || 0;
    var tbody = $("tbody", box), rows = $$("tr", tbody), shown = rows, page = 0;
    var pager = el("nav", { "class": "pager", "aria-label": "pages" });
    function render() {
      var from = size ? page * size : 0, to = size ? from + size : shown.length;
      rows.forEach(function (r) { r.hidden = true; });
      shown.slice(from, to).forEach(function (r) { r.hidden = false; });
      pager.textContent = "";
      if (!size || shown.length <= size) return;
      var pages = Math.ceil(shown.length / size);
      pager.appendChild(el("button", { type: "button", text: "‹ Previous", onclick: function () { page = Math.max(0, page - 1); render(); } }));
      pager.appendChild(el("span", { text: "rows " + (from + 1) + "–" + Math.min(to, shown.length) + " of " + shown.length + " (page " + (page + 1) + " of " + pages + ")" }));
      pager.appendChild(el("button", { type: "button", text: "Next ›", onclick: function () { page = Math.min(pages - 1, page + 1); render(); } }));
    }
    if (size && rows.length > size) {
      var input = el("input", { type: "search", "class": "filter", placeholder: "Search " + rows.length + " rows", "aria-label": "Search the table" });
      input.addEventListener("input", function () {
        var q = input.value.toLowerCase();
        shown = rows.filter(function (r) { return q === "" || r.textContent.toLowerCase().indexOf(q) >= 0; });
        page = 0; render();
      });
      box.insertBefore(input, box.firstChild);
      box.appendChild(pager);
    }
    var head = $("thead tr", box);
    if (head) head.addEventListener("click", function (e) {
      var th = e.target.closest("th"); if (!th) return;
      var k = th.cellIndex, asc = th.getAttribute("data-dir") !== "asc";
      $$("th", head).forEach(function (c) { c.removeAttribute("data-dir"); });
      th.setAttribute("data-dir", asc ? "asc" : "desc");
      function key(r) { var c = r.cells[k]; var v = c && c.getAttribute("data-v"); return v === null || v === undefined ? null : parseFloat(v); }
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = (x !== null && y !== null) ? x - y : a.cells[k].textContent.localeCompare(b.cells[k].textContent);
        return asc ? d : -d;
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
      rows = sorted;
      var q = $("input.filter", box);
      shown = q && q.value ? rows.filter(function (r) { return r.textContent.toLowerCase().indexOf(q.value.toLowerCase()) >= 0; }) : rows;
      page = 0; render();
    });
    render();
  }

  // A table of rows of objects: only the rows of the current page are drawn (a district of
  // 100,000 schools costs no more than one of 1,000); search and sorting work on the data.
  function table(columns, rows, size, caption, onpick) {
    var box = el("div", { "class": "table" });
    var t = el("table"), body = el("tbody"), pager = el("nav", { "class": "pager", "aria-label": "pages" });
    if (caption) t.appendChild(el("caption", { text: caption }));
    var head = el("tr", {}, columns.map(function (c) { return el("th", { scope: "col", text: c.label }); }));
    t.appendChild(el("thead", {}, [head]));
    t.appendChild(body);
    var shown = rows, page = 0, per = size || rows.length || 1;
    function cell(c, r) {
      var v = c.value(r), text = c.show ? c.show(v, r) : (v === null || v === undefined ? "–" : String(v));
      var td = el("td", { "data-label": c.label, text: text });
      if (typeof v === "number") { td.className = "n" + (c.tone ? " " + c.tone(v) : ""); td.setAttribute("data-v", String(v)); }
      return td;
    }
    function draw() {
      body.textContent = "";
      shown.slice(page * per, (page + 1) * per).forEach(function (r) {
        var tr = el("tr", onpick ? { "class": "pick", tabindex: "0" } : {});
        columns.forEach(function (c) { tr.appendChild(cell(c, r)); });
        if (onpick) {
          tr.addEventListener("click", function () { onpick(r, tr); });
          tr.addEventListener("keydown", function (e) { if (e.key === "Enter") onpick(r, tr); });
        }
        body.appendChild(tr);
      });
      pager.textContent = "";
      if (shown.length <= per) return;
      var pages = Math.ceil(shown.length / per);
      pager.appendChild(el("button", { type: "button", text: "‹ Previous", onclick: function () { page = Math.max(0, page - 1); draw(); } }));
      pager.appendChild(el("span", { text: "rows " + (page * per + 1) + "–" + Math.min((page + 1) * per, shown.length) + " of " + shown.length + " (page " + (page + 1) + " of " + pages + ")" }));
      pager.appendChild(el("button", { type: "button", text: "Next ›", onclick: function () { page = Math.min(pages - 1, page + 1); draw(); } }));
    }
    if (rows.length > per) {
      var input = el("input", { type: "search", "class": "filter", placeholder: "Search " + rows.length + " rows", "aria-label": "Search the table" });
      input.addEventListener("input", function () {
        var q = input.value.toLowerCase();
        shown = q ? rows.filter(function (r) { return columns.some(function (c) { return String(c.value(r)).toLowerCase().indexOf(q) >= 0; }); }) : rows;
        page = 0; draw();
      });
      box.appendChild(input);
    }
    head.addEventListener("click", function (e) {
      var th = e.target.closest("th"); if (!th) return;
      var c = columns[th.cellIndex], asc = th.getAttribute("data-dir") !== "asc";
      Array.prototype.forEach.call(head.cells, function (h) { h.removeAttribute("data-dir"); });
      th.setAttribute("data-dir", asc ? "asc" : "desc");
      function cmp(a, b) {
        var x = c.value(a), y = c.value(b);
        var d = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
        return asc ? d : -d;
      }
      rows = rows.slice().sort(cmp); shown = shown.slice().sort(cmp);
      page = 0; draw();
    });
    box.appendChild(t);
    box.appendChild(pager);
    draw();
    return box;
  }
  function tone(v) { return v > 0 ? "up" : v < 0 ? "down" : ""; }

  // ------------------------------------------------------------------ pictures (SVG)
  var NS = "http://www.w3.org/2000/svg";
  function svg(w, h, kids, label) {
    var s = doc.createElementNS(NS, "svg");
    s.setAttribute("viewBox", "0 0 " + w + " " + h); s.setAttribute("class", "live"); s.setAttribute("role", "img");
    s.setAttribute("aria-label", label || "");
    kids.forEach(function (k) { s.appendChild(k); });
    return s;
  }
  function shape(tag, attrs, text) {
    var e = doc.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // Cividis, as the static charts colour tiers (highest need darkest).
  var CIVIDIS = ["#00204c", "#31446b", "#666870", "#958f78", "#cbba69", "#ffe945"];
  function tierColour(i, k) { return k <= 1 ? CIVIDIS[0] : CIVIDIS[Math.round(i * (CIVIDIS.length - 1) / (k - 1))]; }

  // Dollars per pupil by tier: as shipped (grey) and now (blue), side by side.
  function perPupilBars(rows) {
    var w = 640, h = 40 + rows.length * 44, left = 170, max = 0, kids = [];
    rows.forEach(function (r) { max = Math.max(max, r.base || 0, r.now || 0); });
    rows.forEach(function (r, i) {
      var y = 20 + i * 44, sx = function (v) { return (w - left - 90) * (v || 0) / (max || 1); };
      kids.push(shape("text", { x: left - 8, y: y + 20, "text-anchor": "end", "font-size": 13 }, r.tier));
      kids.push(shape("rect", { x: left, y: y + 2, width: sx(r.base), height: 15, fill: "#bbbbbb" }));
      kids.push(shape("rect", { x: left, y: y + 19, width: sx(r.now), height: 15, fill: "#0072b2" }));
      kids.push(shape("text", { x: left + sx(r.base) + 5, y: y + 14, "font-size": 11, fill: "#555" }, dollars(r.base || 0)));
      kids.push(shape("text", { x: left + sx(r.now) + 5, y: y + 31, "font-size": 11 }, dollars(r.now || 0)));
    });
    kids.push(shape("text", { x: left, y: h - 6, "font-size": 12, fill: "#555" }, "dollars per pupil: grey as shipped, blue with your changes"));
    return svg(w, h, kids, "Dollars per pupil by tier, as shipped and with the changes");
  }

  // The concentration curve: share of money against share of pupils, highest need first.
  function curve(base, now) {
    var w = 360, h = 300, p = 40, kids = [];
    function path(pts, attrs) {
      var d = pts.map(function (q, i) { return (i ? "L" : "M") + (p + q[0] * (w - 2 * p)).toFixed(1) + " " + (h - p - q[1] * (h - 2 * p)).toFixed(1); }).join(" ");
      attrs.d = d; attrs.fill = "none"; return shape("path", attrs);
    }
    kids.push(shape("rect", { x: p, y: p, width: w - 2 * p, height: h - 2 * p, fill: "none", stroke: "#ccc" }));
    kids.push(path([[0, 0], [1, 1]], { stroke: "#999", "stroke-dasharray": "3 3" }));
    if (base) kids.push(path(base, { stroke: "#999", "stroke-width": 2 }));
    if (now) kids.push(path(now, { stroke: "#0072b2", "stroke-width": 2.5 }));
    kids.push(shape("text", { x: w / 2, y: h - 8, "text-anchor": "middle", "font-size": 12 }, "share of pupils, highest need first"));
    kids.push(shape("text", { x: 12, y: h / 2, "font-size": 12, transform: "rotate(-90 12 " + h / 2 + ")", "text-anchor": "middle" }, "share of the money"));
    return svg(w, h, kids, "Share of the money against the share of pupils, highest need first");
  }

  // Schools by longitude and latitude, coloured by tier.
  function map(chart) {
    var pts = chart.points, k = chart.tier_count;
    var xs = pts.map(function (q) { return q[0]; }), ys = pts.map(function (q) { return q[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var aspect = (x1 - x0) * Math.cos((y0 + y1) / 2 * Math.PI / 180) / ((y1 - y0) || 1);
    var w = 640, h = Math.max(220, Math.min(640, w / (aspect || 1))), m = 12;
    // One path per tier (thousands of points draw as a handful of elements).
    var paths = {};
    pts.forEach(function (q) {
      var cx = m + (q[0] - x0) / ((x1 - x0) || 1) * (w - 2 * m), cy = h - m - (q[1] - y0) / ((y1 - y0) || 1) * (h - 2 * m);
      var t = q[2] < k ? q[2] : k;
      paths[t] = (paths[t] || "") + "M" + cx.toFixed(1) + " " + cy.toFixed(1) + "h0";
    });
    var kids = Object.keys(paths).map(function (t) {
      return shape("path", { d: paths[t], stroke: +t < k ? tierColour(+t, k) : "#dddddd", "stroke-width": 5, "stroke-linecap": "round", fill: "none" });
    });
    var legend = el("p", { "class": "note" }, chart.tiers.slice(0, k).map(function (t, i) {
      return el("span", {}, [el("span", { style: "display:inline-block;width:0.8em;height:0.8em;margin:0 0.3em 0 0.8em;background:" + tierColour(i, k) }), doc.createTextNode(t)]);
    }));
    var box = el("div");
    box.appendChild(svg(w, h, kids, "Schools on a map, coloured by tier"));
    box.appendChild(legend);
    return box;
  }

  // ------------------------------------------------------------------ the engine
  function bytesOf(b64) {
    var s = atob(b64.trim()), b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  function inflate(b64) {
    var stream = new Blob([bytesOf(b64)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
  }
  function Engine(x) { this.x = x; this.enc = new TextEncoder(); this.dec = new TextDecoder(); }
  Engine.prototype.call = function (request) {
    var x = this.x, b = this.enc.encode(JSON.stringify(request));
    var p = x.seni_alloc(b.length);
    new Uint8Array(x.memory.buffer, p, b.length).set(b);
    var n = x.seni_call(p, b.length);
    return JSON.parse(this.dec.decode(new Uint8Array(x.memory.buffer, x.seni_answer(), n)));
  };

  // ------------------------------------------------------------------ the what-if panel
  var S = { engine: null, open: null, knobs: [], values: {}, answer: null, order: "gain", ms: null, opened: null };

  function showError(text) { var e = $("#error"); e.textContent = text || ""; e.hidden = !text; }

  function knobValue(k) { return Object.prototype.hasOwnProperty.call(S.values, k.key) ? S.values[k.key] : k.value; }
  function changes() {
    return S.knobs.filter(function (k) { return S.values.hasOwnProperty(k.key) && S.values[k.key] !== k.value; })
      .map(function (k) { return { key: k.key, value: S.values[k.key], control: controlName(k) }; });
  }
  function controlName(k) {
    var what = { weight: "weight of ", enabled: "", budget: "budget of ", rate: "rate for ", tier_weight: "tier weight of ", tier_count: "", hold_harmless: "" }[k.kind] || "";
    if (k.kind === "budget" || k.kind === "rate" || k.kind === "tier_weight") return what + (k.kind === "budget" ? k.group : k.label + " (" + k.group + ")");
    return what + k.label;
  }
  function set(key, value) { S.values[key] = value; schedule(); }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    // Changes made in one task (a slider's run of input events) run the engine once.
    queueMicrotask(function () { pending = false; rerun(); });
  }

  function rerun() {
    var t0 = performance.now();
    var ans = S.engine.call({ op: "run", changes: changes() });
    S.ms = performance.now() - t0;
    if (!ans.ok) { showError(ans.error); S.answer = null; doc.body.setAttribute("data-whatif", "error"); return; }
    showError("");
    S.answer = ans;
    render(ans);
    writeHash();
    markChanged();
    doc.body.setAttribute("data-whatif", "ready " + ans.hash);
  }

  function numberInput(k, attrs, read) {
    var input = el("input", Object.assign({ type: "number", value: String(knobValue(k)), "aria-label": controlName(k), "data-key": k.key }, attrs));
    input.addEventListener("change", function () { var v = read(input.value); if (v !== null) set(k.key, v); });
    return input;
  }
  function num(s) { var v = parseFloat(s); return isFinite(v) && v >= 0 ? v : null; }

  function weightControl(k, enabled) {
    var base = +k.value, max = Math.max(3 * base, 1);
    var box = el("div", { "class": "control", "data-key": k.key });
    var on = enabled ? el("input", { type: "checkbox", "aria-label": "count " + k.label, "data-key": enabled.key }) : el("span");
    if (enabled) {
      on.checked = knobValue(enabled) !== false;
      on.addEventListener("change", function () { set(enabled.key, on.checked); });
    }
    var range = el("input", { type: "range", min: "0", max: String(max), step: String(max / 60), value: String(knobValue(k)), "aria-label": controlName(k), "data-key": k.key });
    var number = numberInput(k, { min: "0", step: "any" }, num);
    range.addEventListener("input", function () { var v = Math.round(+range.value * 1000) / 1000; number.value = String(v); if (v > 0) set(k.key, v); });
    number.addEventListener("change", function () { range.value = number.value; });
    box.appendChild(on);
    var domain = /^domains\./.test(k.key);
    box.appendChild(el("label", { "class": "name", text: domain ? "the whole domain" : k.label }));
    box.appendChild(range);
    box.appendChild(number);
    return box;
  }

  function buildControls() {
    var form = $("#controls");
    form.textContent = "";
    var groups = {}, order = [];
    S.knobs.forEach(function (k) { if (!groups[k.group]) { groups[k.group] = []; order.push(k.group); } groups[k.group].push(k); });
    order.forEach(function (g) {
      var fs = el("fieldset", {}, [el("legend", { text: g })]);
      groups[g].forEach(function (k) {
        if (k.kind === "weight") {
          var enabled = groups[g].filter(function (e) { return e.kind === "enabled" && e.key === k.key.replace(/\.weight$/, ".enabled"); })[0];
          fs.appendChild(weightControl(k, enabled));
        } else if (k.kind === "budget") {
          fs.appendChild(el("label", { "class": "money-input" }, [doc.createTextNode("Budget (dollars)"), numberInput(k, { min: "0", step: "1000000" }, num)]));
        } else if (k.kind === "rate" || k.kind === "tier_weight") {
          var what = k.kind === "rate" ? k.label + " ($ per pupil)" : k.label + " (tier weight)";
          fs.appendChild(el("label", { "class": "money-input" }, [doc.createTextNode(what), numberInput(k, { min: "0", step: "any" }, num)]));
        } else if (k.kind === "tier_count") {
          var sel = el("select", { "aria-label": "number of tiers", "data-key": k.key });
          for (var i = 2; i <= 10; i++) sel.appendChild(el("option", { value: String(i), text: i + " tiers" }));
          sel.value = String(knobValue(k));
          sel.addEventListener("change", function () { set(k.key, +sel.value); });
          fs.appendChild(el("label", { "class": "money-input" }, [doc.createTextNode("Number of tiers"), sel]));
        } else if (k.kind === "hold_harmless") {
          var cb = el("input", { type: "checkbox", "data-key": k.key });
          cb.checked = knobValue(k) !== 0;
          cb.addEventListener("change", function () { set(k.key, cb.checked ? k.value : 0); });
          fs.appendChild(el("label", {}, [cb, doc.createTextNode(" keep at least " + pct(k.value) + " of last year's money")]));
        }
      });
      form.appendChild(fs);
    });
  }

  function markChanged() {
    var changed = {};
    changes().forEach(function (c) { changed[c.key] = true; });
    $$(".control").forEach(function (box) {
      var key = box.getAttribute("data-key");
      box.classList.toggle("changed", !!(changed[key] || changed[key.replace(/\.weight$/, ".enabled")]));
    });
  }

  // ------------------------------------------------------------------ drawing an answer
  function render(ans) {
    var n = changes().length;
    $("#run-line").textContent = "formula " + S.open.formula.name + " (" + ans.hash + ")" + (n ? " · " + n + " change" + (n > 1 ? "s" : "") + " from the formula as shipped (" + S.open.formula.hash + ")" : " · as shipped") + " · computed in " + S.ms.toFixed(0) + " ms";
    var lines = [];
    if (ans.allocate) lines = lines.concat(ans.allocate.findings);
    if (ans.audit) lines = lines.concat(ans.audit.findings.slice(0, 1));
    if (ans.compare && n) lines = lines.concat(ans.compare.findings.slice(0, 3));
    var ul = $("#live-findings"); ul.textContent = "";
    lines.forEach(function (l) { ul.appendChild(el("li", { text: l })); });
    S.parts = {};
    [renderMoney, renderMovers, renderTierMoves, renderConcentration, renderMap].forEach(function (f) {
      var t0 = performance.now(); f(ans); S.parts[f.name] = performance.now() - t0;
    });
    $("#reproduce").textContent = n ? "To get these numbers from the command line: Download scenario, then run  " + S.command + " -s what-if.toml  (same formula hash, " + ans.hash + ")." : "";
  }

  function renderMoney(ans) {
    var box = $("#live-money"); box.textContent = "";
    if (!ans.allocate) { box.appendChild(el("p", { "class": "note", text: "This formula allocates no money." })); return; }
    var base = {}; (S.open.run.allocate || { by_tier: [] }).by_tier.forEach(function (r) { base[r.tier] = r; });
    var rows = ans.allocate.by_tier.map(function (r) {
      var b = base[r.tier];
      return { tier: r.tier, schools: r.schools, pupils: r.pupils, total: r.total, now: r.per_pupil, base: b ? b.per_pupil : null, change: b && r.per_pupil !== null && b.per_pupil !== null ? r.per_pupil - b.per_pupil : null };
    });
    box.appendChild(perPupilBars(rows.filter(function (r) { return r.tier !== "All schools"; })));
    box.appendChild(table([
      { label: "tier", value: function (r) { return r.tier; } },
      { label: "schools", value: function (r) { return r.schools; }, show: thousands },
      { label: "total", value: function (r) { return r.total; }, show: cents },
      { label: "per pupil as shipped", value: function (r) { return r.base; }, show: function (v) { return v === null ? "–" : cents(v); } },
      { label: "per pupil now", value: function (r) { return r.now; }, show: function (v) { return v === null ? "–" : cents(v); } },
      { label: "change per pupil", value: function (r) { return r.change; }, show: function (v) { return v === null ? "–" : (v > 0 ? "+" : "") + cents(v); }, tone: tone }
    ], rows, 0));
  }

  function renderMovers(ans) {
    var box = $("#live-movers"); box.textContent = "";
    if (!ans.compare || !changes().length) { box.appendChild(el("p", { "class": "note", text: "Change a setting to see who gains and who loses against the formula as shipped." })); return; }
    var rows = ans.compare.changes.slice();
    if (S.order === "lose") rows.reverse();
    var s = ans.compare.summary, total = ans.compare.changes_total;
    var flip = el("button", { type: "button", text: S.order === "gain" ? "Show the biggest losses first" : "Show the biggest gains first", onclick: function () { S.order = S.order === "gain" ? "lose" : "gain"; renderMovers(S.answer); } });
    box.appendChild(el("p", {}, [doc.createTextNode(s.gaining + " gain, " + s.losing + " lose, " + s.unchanged + " unchanged; " + s.tier_changes + " change tier. "), flip]));
    if (total > rows.length) {
      var found = el("div");
      var find = el("input", { type: "search", "class": "filter", placeholder: "Find any of the " + thousands(total) + " by name or id", "aria-label": "Find a school" });
      find.addEventListener("change", function () {
        found.textContent = "";
        if (!find.value.trim()) return;
        var ans2 = S.engine.call({ op: "find", query: find.value });
        if (ans2.ok) found.appendChild(moversTable(ans2.rows, "Found"));
      });
      box.appendChild(el("p", { "class": "note", text: "The " + rows.length / 2 + " biggest gains and the " + rows.length / 2 + " biggest losses of " + thousands(total) + "." }));
      box.appendChild(find);
      box.appendChild(found);
    }
    box.appendChild(moversTable(rows, "Click a school to see why"));
  }

  function moversTable(rows, caption) {
    return table([
      { label: "school", value: function (r) { return r.name; } },
      { label: "tier as shipped", value: function (r) { return r.tier_a; } },
      { label: "tier now", value: function (r) { return r.tier_b; } },
      { label: "as shipped", value: function (r) { return r.total_a; }, show: dollars },
      { label: "now", value: function (r) { return r.total_b; }, show: dollars },
      { label: "change", value: function (r) { return r.change; }, show: signed, tone: tone },
      { label: "per pupil", value: function (r) { return r.change_per_pupil; }, show: function (v) { return v === null ? "–" : (v > 0 ? "+" : "") + cents(v); }, tone: tone }
    ], rows, 10, caption, explainSchool);
  }

  function renderTierMoves(ans) {
    var box = $("#live-tier-moves"); box.textContent = "";
    if (!ans.compare || !changes().length) return;
    var rows = ans.compare.tier_changes;
    if (!rows.length) return;
    var cols = Object.keys(rows[0]);
    box.appendChild(el("p", { "class": "note", text: "Schools by tier as shipped (rows) and now (columns); off the diagonal, a school moved." }));
    box.appendChild(table(cols.map(function (c) { return { label: c, value: function (r) { return r[c]; }, show: function (v) { return typeof v === "number" ? thousands(v) : v; } }; }), rows, 0));
  }

  function renderConcentration(ans) {
    var box = $("#live-concentration"); box.textContent = "";
    if (!ans.audit) { box.appendChild(el("p", { "class": "note", text: "No money to follow." })); return; }
    function curveOf(a) { var c = a && (a.charts || []).filter(function (x) { return x.kind === "concentration-curve"; })[0]; return c && c.curve; }
    var now = ans.audit.summary || {}, base = (S.open.run.audit || {}).summary || {};
    var shares = now.money || now;
    var baseShares = base.money || base;
    if (shares.share_top20 !== undefined) {
      box.appendChild(el("p", { text: "The highest-need fifth of pupils get " + pct(shares.share_top20) + " of the money (as shipped: " + pct(baseShares.share_top20) + ")." }));
    }
    box.appendChild(curve(curveOf(S.open.run.audit), curveOf(ans.audit)));
  }

  function renderMap(ans) {
    var chart = ((ans.compute || {}).charts || []).filter(function (c) { return c.kind === "school-map"; })[0];
    $("#live-map-box").hidden = !chart;
    var box = $("#live-map"); box.textContent = "";
    if (chart) box.appendChild(map(chart));
  }

  function explainSchool(r, tr) {
    var ans = S.engine.call({ op: "explain", school: r.id });
    var box = $("#school");
    box.hidden = false; box.textContent = "";
    $$("tr.chosen").forEach(function (t) { t.classList.remove("chosen"); });
    if (tr) tr.classList.add("chosen");
    if (!ans.ok) { box.appendChild(el("p", { "class": "error", text: ans.error })); return; }
    box.appendChild(el("h3", { text: "Why: " + r.name }));
    box.appendChild(el("pre", { text: ans.text }));
  }

  // ------------------------------------------------------------------ sharing
  function writeHash() {
    var parts = changes().map(function (c) { return encodeURIComponent(c.key) + "=" + encodeURIComponent(JSON.stringify(c.value)); });
    var url = location.pathname + location.search + (parts.length ? "#" + parts.join("&") : "");
    try { history.replaceState(null, "", url); } catch (e) { /* a page opened from a file may refuse */ }
  }
  function readHash() {
    var values = {};
    location.hash.replace(/^#/, "").split("&").filter(Boolean).forEach(function (p) {
      var i = p.indexOf("="); if (i < 0) return;
      var k = decodeURIComponent(p.slice(0, i)), raw = decodeURIComponent(p.slice(i + 1)), v;
      try { v = JSON.parse(raw); } catch (e) { v = raw; }
      values[k] = v;
    });
    return values;
  }
  function download(name, text, type) {
    var a = el("a", { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    doc.body.appendChild(a); a.click(); a.remove();
  }

  // ------------------------------------------------------------------ opening
  function open(request) {
    var ans = S.engine.call(request);
    if (!ans.ok) { showError(ans.error); doc.body.setAttribute("data-whatif", "error"); return false; }
    S.open = ans; S.knobs = ans.knobs; S.values = {};
    buildControls();
    return true;
  }

  function wire(boot) {
    $("#reset").addEventListener("click", function () { S.values = {}; buildControls(); rerun(); });
    $("#download-scenario").addEventListener("click", function () {
      var ans = S.engine.call({ op: "scenario", name: "what if (" + S.open.formula.name + ")" });
      if (ans.ok) download("what-if.toml", ans.toml, "application/toml");
    });
    $("#download-csv").addEventListener("click", function () {
      var ans = S.engine.call({ op: "csv" });
      if (ans.ok) download("what-if-allocation.csv", ans.csv, "text/csv"); else showError(ans.error);
    });
    $("#copy-link").addEventListener("click", function () {
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(function () {});
    });
    $("#own-open").addEventListener("click", function () { openOwn(boot); });
  }

  function readFile(f) {
    return new Promise(function (ok, fail) { var r = new FileReader(); r.onload = function () { ok({ name: f.name, text: r.result }); }; r.onerror = fail; r.readAsText(f); });
  }
  function openOwn(boot) {
    var csvs = Array.prototype.slice.call($("#own-csv").files), formula = $("#own-formula").files[0];
    if (!csvs.length) { showError("Choose a CSV file first."); return; }
    Promise.all(csvs.map(readFile).concat(formula ? [readFile(formula)] : [])).then(function (files) {
      var data = files.slice(0, csvs.length), f = formula ? files[files.length - 1] : null;
      var req = { op: "open", bundled: f ? null : boot.bundled, formula: f || boot.formula, scenarios: f ? [] : boot.scenarios, data: data };
      if (open(req)) { S.command = "seni allocate -f " + (f ? f.name : S.command.split(" -f ")[1].split(" ")[0]) + data.map(function (d) { return " -d " + d.name; }).join(""); rerun(); }
    });
  }

  function start() {
    $$("div.table").forEach(enhance);
    var boot = JSON.parse($("#seni-boot").textContent);
    S.command = boot.command;
    var status = $("#whatif-status");
    var ready = inflate($("#seni-engine").textContent)
      .then(function (bytes) { return WebAssembly.instantiate(bytes, {}); })
      .then(function (m) {
        S.engine = new Engine(m.instance.exports);
        return Promise.all(boot.data.map(function (d) { return inflate(d.gz).then(function (b) { return { name: d.name, text: new TextDecoder().decode(b) }; }); }));
      })
      .then(function (data) {
        wire(boot);
        if (!open({ op: "open", bundled: boot.bundled, formula: boot.formula, scenarios: boot.scenarios, data: data })) return;
        S.values = readHash();
        buildControls();
        status.hidden = true;
        $("#whatif-app").hidden = false;
        rerun();
      })
      .catch(function (e) { status.textContent = "The what-if panel could not start: " + e; doc.body.setAttribute("data-whatif", "error"); });
    // For tests and embedders: set a knob, read the last answer.
    window.seniWhatIf = { ready: ready, set: set, answer: function () { return S.answer; }, opened: function () { return S.open; }, ms: function () { return S.ms; }, parts: function () { return S.parts; }, changes: changes };
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
})();
