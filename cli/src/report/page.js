// @ts-check
// The report's script: every table gets search, pages and sorting (one table component); the
// what-if panel runs seni's own engine (WebAssembly, in a worker, embedded in the page) and
// draws what it answers. It computes nothing itself, parses no number people type (the engine
// reads them as the command line does) and sends nothing anywhere.

// ---------------------------------------------------------------- the contract (web/src/contract.rs)
/** @typedef {{t: string, v: (number|null)}} PageCell */
/** @typedef {{id: (string|null), cells: PageCell[]}} PageRow */
/** @typedef {{name: string, label: string, signed: boolean}} PageColumn */
/** @typedef {{name: string, columns: PageColumn[], rows: PageRow[], total: number}} PageTable */
/** @typedef {{key: string, kind: string, label: string, group: string, name: string, shipped: any, value: any, shown: string, changed: boolean}} PageKnob */
/** @typedef {{file: (string|null), line: (number|null), row: (number|null), column: (string|null), key: (string|null), control: (string|null)}} PageLocation */
/** @typedef {{location: PageLocation, message: string, fix: string}} PageProblem */
/** @typedef {{kind: string, text: string, problems: PageProblem[]}} PageError */
/** @typedef {{kind: "typed", key: string, text: string} | {kind: "slider", key: string, value: number} | {kind: "switch", key: string, on: boolean}} Control */
/** @typedef {{control: Control, error: PageError}} Rejected */
/** @typedef {{id: string, heading: string, lines: string[], tables: Array<[string, PageTable]>}} PageSection */
/** @typedef {{tiers: string[], no_tier: string, up: string, down: string, down_text: string, base: string, now: string}} Palette */
/** @typedef {{tier: string, colour: string, base: number, now: number, base_text: string, now_text: string}} TierBar */
/** @typedef {{sentence: string, note: string, gains: PageTable, losses: PageTable, total: number}} Movers */
/** @typedef {{now_text: string, base_text: string, now: Array<[number, number]>, base: Array<[number, number]>}} Concentration */
/** @typedef {{points: Array<[number, number, number]>, legend: Array<[string, string]>, unit: string}} MapView */
/** @typedef {{hash: string, stem: string, line: string, status: string, findings: string[], changes: string[], warnings: string[], knobs: PageKnob[], rejected: Rejected[], unit: [string, string], palette: Palette, money: (PageTable|null), bars: TierBar[], movers: (Movers|null), sections: PageSection[], concentration: (Concentration|null), map: (MapView|null)}} RunView */
/** @typedef {{title: string, meta: string, findings: Object<string, string[]>, tables: Object<string, PageTable>, headings: Object<string, string>}} Story */
/** @typedef {{formula: {name: string, title: string, hash: string, scenarios: string[]}, data: string, run: RunView, story: (Story|null)}} Opened */
/** @typedef {{name: string, text: string}} FileText */
/** @typedef {{file: string, text: string}} FileOut */
/** @typedef {{bundled: (string|null), formula: (FileText|null), scenarios: FileText[], data: Array<{name: string, gz: string}>, command: string, controls?: Control[]}} Boot */

(function () {
  "use strict";
  var doc = document;
  /** @param {string} sel @param {ParentNode} [root] @returns {HTMLElement} */
  function $(sel, root) { return /** @type {HTMLElement} */ ((root || doc).querySelector(sel)); }
  /** @param {string} sel @param {ParentNode} [root] @returns {HTMLElement[]} */
  function $$(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  /**
   * An element with attributes (`text`: its text; `on…`: a listener) and children.
   * @param {string} tag @param {Object<string, any>} [attrs] @param {Array<Node|null>} [kids]
   * @returns {HTMLElement}
   */
  function el(tag, attrs, kids) {
    var e = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = (attrs || {})[k];
      if (k === "text") e.textContent = v;
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  var uid = 0;
  /** @param {string} stem */
  function newId(stem) { uid += 1; return stem + "-" + uid; }

  // ---------------------------------------------------------------- the one table component
  /**
   * A table of engine-formatted rows: a caption, `page` rows at a time (only they are drawn, so
   * 100,000 rows cost no more than 100) with a search box when there are more, sorting by a
   * click on a column, a click on a school's row to explain it. On paper it is the first page
   * and a line saying how many rows there are.
   * @param {PageTable} t
   * @param {{caption?: string, page?: number, onpick?: function(PageRow, HTMLElement): void, palette?: Palette}} opts
   * @returns {HTMLElement}
   */
  function tableBox(t, opts) {
    var per = opts.page || t.rows.length || 1;
    var box = el("div", { "class": "table" });
    var table = el("table"), body = el("tbody"), pager = el("div", { "class": "pager" });
    var note = el("p", { "class": "note rows-note" });
    if (opts.caption) table.appendChild(el("caption", { text: opts.caption }));
    var head = el("tr", {}, t.columns.map(function (c) {
      return el("th", { scope: "col" }, [el("button", { type: "button", "class": "sort", text: c.label })]);
    }));
    table.appendChild(el("thead", {}, [head]));
    table.appendChild(body);
    var rows = t.rows, shown = rows, page = 0;
    /** @param {PageCell} c @param {PageColumn} col */
    function cell(c, col) {
      var td = el("td", { "data-label": col.label, text: c.t });
      if (c.v !== null && c.v !== undefined) {
        td.className = "n" + (col.signed ? (c.v > 0 ? " up" : c.v < 0 ? " down" : "") : "");
      }
      return td;
    }
    function draw() {
      body.textContent = "";
      shown.slice(page * per, (page + 1) * per).forEach(function (r) {
        var tr = el("tr", opts.onpick && r.id ? { "class": "pick", tabindex: "0" } : {});
        r.cells.forEach(function (c, j) { tr.appendChild(cell(c, t.columns[j])); });
        if (opts.onpick && r.id) {
          var pick = opts.onpick;
          tr.addEventListener("click", function () { pick(r, tr); });
          tr.addEventListener("keydown", function (e) { if (e.key === "Enter") pick(r, tr); });
        }
        body.appendChild(tr);
      });
      pager.textContent = "";
      var from = page * per + 1, to = Math.min((page + 1) * per, shown.length);
      var more = t.total > rows.length ? " (the first " + rows.length.toLocaleString("en-US") + " of " + t.total.toLocaleString("en-US") + ")" : "";
      note.textContent = shown.length > per ? "Rows " + from + "–" + to + " of " + shown.length.toLocaleString("en-US") + more + "." : "";
      if (shown.length <= per) return;
      var pages = Math.ceil(shown.length / per);
      pager.appendChild(el("button", { type: "button", text: "‹ Previous", onclick: function () { page = Math.max(0, page - 1); draw(); } }));
      pager.appendChild(el("span", { text: "page " + (page + 1) + " of " + pages }));
      pager.appendChild(el("button", { type: "button", text: "Next ›", onclick: function () { page = Math.min(pages - 1, page + 1); draw(); } }));
    }
    if (rows.length > per) {
      var input = el("input", { type: "search", "class": "filter", placeholder: "Search " + rows.length.toLocaleString("en-US") + " rows", "aria-label": "Search the table" + (opts.caption ? " " + opts.caption : "") });
      input.addEventListener("input", function () {
        var q = /** @type {HTMLInputElement} */ (input).value.toLowerCase();
        shown = q ? rows.filter(function (r) { return r.cells.some(function (c) { return c.t.toLowerCase().indexOf(q) >= 0; }); }) : rows;
        page = 0; draw();
      });
      box.appendChild(input);
    }
    head.addEventListener("click", function (e) {
      var th = /** @type {HTMLElement} */ (e.target).closest("th"); if (!th) return;
      var k = /** @type {HTMLTableCellElement} */ (th).cellIndex, asc = th.getAttribute("aria-sort") !== "ascending";
      $$("th", head).forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      /** @param {PageRow} a @param {PageRow} b */
      function cmp(a, b) {
        var x = a.cells[k], y = b.cells[k];
        var d = (x.v !== null && y.v !== null) ? x.v - y.v : x.t.localeCompare(y.t);
        return asc ? d : -d;
      }
      rows = rows.slice().sort(cmp); shown = shown.slice().sort(cmp);
      page = 0; draw();
    });
    var scroll = el("div", { "class": "scroll" }, [table]);
    box.appendChild(scroll);
    box.appendChild(note);
    box.appendChild(pager);
    draw();
    return box;
  }

  /**
   * A table the report wrote into the page, read back as the engine formatted it (cells'
   * text, numbers' data-v), and drawn by the table component.
   * @param {HTMLElement} box
   */
  function enhance(box) {
    var heads = $$("thead th", box).map(function (th) { return th.textContent || ""; });
    var signed = (box.getAttribute("data-signed") || "").split(" ");
    /** @type {PageTable} */
    var t = {
      name: box.getAttribute("data-source") || "",
      columns: heads.map(function (h) { return { name: h, label: h, signed: signed.indexOf(h) >= 0 }; }),
      rows: $$("tbody tr", box).map(function (tr) {
        /** @type {PageCell[]} */
        var cells = $$("td", tr).map(function (td) {
          var v = td.getAttribute("data-v");
          return { t: td.textContent || "", v: v === null ? null : parseFloat(v) };
        });
        return { id: null, cells: cells };
      }),
      total: 0
    };
    t.total = t.rows.length;
    var caption = $("caption", box);
    var fresh = tableBox(t, { caption: caption ? caption.textContent || "" : "", page: +(box.getAttribute("data-page") || 0) });
    fresh.setAttribute("data-source", t.name);
    box.replaceWith(fresh);
  }

  /**
   * Boxes that scroll sideways (a wide table, a picture wider than a phone) can be reached and
   * scrolled with the keyboard, named by their caption; the others are left alone.
   * @param {ParentNode} [root]
   */
  function scrollers(root) {
    $$(".scroll", root).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var cap = $("caption", box) || (box.parentElement ? $("figcaption", box.parentElement) : null);
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", (cap ? cap.textContent + ": " : "") + "scroll sideways to see it all");
      } else {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
      }
    });
  }

  // ---------------------------------------------------------------- pictures (SVG, canvas)
  var NS = "http://www.w3.org/2000/svg";
  /** @param {number} w @param {number} h @param {Element[]} kids @param {string} label */
  function svg(w, h, kids, label) {
    var s = doc.createElementNS(NS, "svg");
    s.setAttribute("viewBox", "0 0 " + w + " " + h); s.setAttribute("class", "live"); s.setAttribute("role", "img");
    s.setAttribute("width", String(w)); s.setAttribute("aria-label", label);
    kids.forEach(function (k) { s.appendChild(k); });
    return s;
  }
  /** @param {string} tag @param {Object<string, any>} attrs @param {string} [text] */
  function shape(tag, attrs, text) {
    var e = doc.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /** The width a picture is drawn at: its box's, at most `max` (text stays at its size). @param {HTMLElement} box @param {number} max */
  function widthOf(box, max) { return Math.max(280, Math.min(max, box.clientWidth || max)); }

  /**
   * Dollars per pupil by tier: as shipped (for the schools now in each tier) and now, each tier's
   * name above its two bars.
   * @param {TierBar[]} bars @param {Palette} palette @param {number} w
   */
  function perPupilBars(bars, palette, w) {
    var h = 30 + bars.length * 62, max = 0, kids = [], right = 120;
    bars.forEach(function (b) { max = Math.max(max, b.base, b.now); });
    /** @param {number} v */
    function sx(v) { return (w - right) * v / (max || 1); }
    bars.forEach(function (b, i) {
      var y = 8 + i * 62;
      kids.push(shape("rect", { x: 0, y: y + 3, width: 10, height: 10, fill: b.colour }));
      kids.push(shape("text", { x: 16, y: y + 13, "font-size": 13, "font-weight": "bold" }, b.tier));
      kids.push(shape("rect", { x: 0, y: y + 20, width: sx(b.base), height: 15, fill: palette.base }));
      kids.push(shape("rect", { x: 0, y: y + 38, width: sx(b.now), height: 15, fill: palette.now }));
      kids.push(shape("text", { x: sx(b.base) + 5, y: y + 32, "font-size": 12, fill: "#444" }, b.base_text + " as shipped"));
      kids.push(shape("text", { x: sx(b.now) + 5, y: y + 50, "font-size": 12 }, b.now_text + " now"));
    });
    kids.push(shape("text", { x: 0, y: h - 4, "font-size": 12, fill: "#444" }, "dollars per pupil for the schools now in each tier"));
    return svg(w, h, kids, "Dollars per pupil by tier, as shipped and with the changes");
  }

  /**
   * The concentration curve: share of money against share of pupils, highest need first.
   * @param {Array<[number, number]>} base @param {Array<[number, number]>} now @param {Palette} palette
   */
  function curve(base, now, palette) {
    var w = 340, h = 300, p = 44, kids = [];
    /** @param {Array<[number, number]>} pts @param {Object<string, any>} attrs */
    function path(pts, attrs) {
      attrs.d = pts.map(function (q, i) { return (i ? "L" : "M") + (p + q[0] * (w - p - 8)).toFixed(1) + " " + (h - p - q[1] * (h - p - 8)).toFixed(1); }).join(" ");
      attrs.fill = "none"; return shape("path", attrs);
    }
    kids.push(shape("rect", { x: p, y: 8, width: w - p - 8, height: h - p - 8, fill: "none", stroke: "#ccc" }));
    kids.push(path([[0, 0], [1, 1]], { stroke: "#999", "stroke-dasharray": "3 3" }));
    kids.push(path(base, { stroke: palette.base, "stroke-width": 2 }));
    kids.push(path(now, { stroke: palette.now, "stroke-width": 2.5 }));
    kids.push(shape("text", { x: p + (w - p) / 2, y: h - 12, "text-anchor": "middle", "font-size": 13 }, "share of pupils, highest need first"));
    kids.push(shape("text", { x: 16, y: (h - p) / 2, "font-size": 13, transform: "rotate(-90 16 " + (h - p) / 2 + ")", "text-anchor": "middle" }, "share of the money"));
    return svg(w, h, kids, "Share of the money against the share of pupils, highest need first: grey as shipped, blue now");
  }

  /**
   * Schools by longitude and latitude, coloured by tier, on a canvas (100,000 points draw in a
   * few milliseconds), with an HTML legend.
   * @param {MapView} m @param {number} w
   */
  function map(m, w) {
    var pts = m.points;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    pts.forEach(function (q) { x0 = Math.min(x0, q[0]); x1 = Math.max(x1, q[0]); y0 = Math.min(y0, q[1]); y1 = Math.max(y1, q[1]); });
    var aspect = (x1 - x0) * Math.cos((y0 + y1) / 2 * Math.PI / 180) / ((y1 - y0) || 1);
    var h = Math.round(Math.max(220, Math.min(640, w / (aspect || 1)))), pad = 6, ratio = window.devicePixelRatio || 1;
    var canvas = /** @type {HTMLCanvasElement} */ (el("canvas", { width: String(Math.round(w * ratio)), height: String(Math.round(h * ratio)), role: "img", "aria-label": m.unit + " on a map, coloured by tier" }));
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    var ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.scale(ratio, ratio);
    var r = pts.length > 20000 ? 1.5 : 2.5;
    m.legend.forEach(function (entry, t) {
      ctx.fillStyle = entry[1];
      ctx.beginPath();
      pts.forEach(function (q) {
        if (q[2] !== t) return;
        var cx = pad + (q[0] - x0) / ((x1 - x0) || 1) * (w - 2 * pad), cy = h - pad - (q[1] - y0) / ((y1 - y0) || 1) * (h - 2 * pad);
        ctx.moveTo(cx + r, cy); ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      });
      ctx.fill();
    });
    var legend = el("p", { "class": "legend" }, m.legend.map(function (entry) {
      var swatch = el("span", { "class": "swatch" });
      swatch.style.background = entry[1];
      return el("span", {}, [swatch, doc.createTextNode(entry[0])]);
    }));
    return el("div", {}, [canvas, legend]);
  }

  // ---------------------------------------------------------------- the engine, in a worker
  // The worker's code: it runs the engine and answers each request with JSON text. It is this
  // function's source, loaded from a blob (the page's policy allows blob: workers only).
  function workerMain() {
    var w = /** @type {any} */ (self), x = /** @type {any} */ (null), enc = new TextEncoder(), dec = new TextDecoder();
    w.onmessage = function (/** @type {MessageEvent} */ e) {
      var m = e.data;
      if (m.wasm) {
        WebAssembly.instantiate(m.wasm, {}).then(function (r) { x = r.instance.exports; w.postMessage({ id: m.id, text: "{\"ok\":true}" }); },
          function (err) { w.postMessage({ id: m.id, text: JSON.stringify({ ok: false, error: { kind: "io", text: String(err), problems: [] } }) }); });
        return;
      }
      var t0 = performance.now(), b = enc.encode(JSON.stringify(m.request));
      var p = x.seni_alloc(b.length);
      new Uint8Array(x.memory.buffer, p, b.length).set(b);
      var n = x.seni_call(p, b.length);
      var text = dec.decode(new Uint8Array(x.memory.buffer, x.seni_answer(), n));
      w.postMessage({ id: m.id, text: text, ms: performance.now() - t0 });
    };
  }

  /** @param {string} b64 */
  function bytesOf(b64) {
    var s = atob(b64.trim()), b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  /** @param {string} b64 @returns {Promise<Uint8Array>} */
  function inflate(b64) {
    var stream = new Blob([bytesOf(b64)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
  }

  /** The engine behind a worker: `ask(request)` resolves to the answer. @param {Uint8Array} wasm */
  function Engine(wasm) {
    var src = "(" + workerMain.toString() + ")()";
    this.worker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
    /** @type {Object<number, function(any): void>} */
    this.waiting = {};
    this.next = 0;
    this.ms = 0;
    var self = this;
    this.worker.onmessage = function (e) {
      var done = self.waiting[e.data.id];
      delete self.waiting[e.data.id];
      if (e.data.ms !== undefined) self.ms = e.data.ms;
      done(JSON.parse(e.data.text));
    };
    this.ready = this.post({ wasm: wasm });
  }
  /** @param {Object<string, any>} message @returns {Promise<any>} */
  Engine.prototype.post = function (message) {
    var self = this;
    return new Promise(function (ok) { self.next += 1; message.id = self.next; self.waiting[self.next] = ok; self.worker.postMessage(message); });
  };
  /** @param {Object<string, any>} request @returns {Promise<any>} */
  Engine.prototype.ask = function (request) { return this.post({ request: request }); };

  // ---------------------------------------------------------------- the what-if panel
  var S = {
    /** @type {any} */ engine: null,
    /** @type {Opened|null} */ opened: null,
    /** @type {RunView|null} */ view: null,
    /** The controls people set, in order (a later one of the same knob replaces it). @type {Control[]} */
    controls: [],
    /** Problems with the link or saved what-if the page opened with. @type {string[]} */
    linkProblems: [],
    busy: false, again: false, runs: 0, order: "gain", command: "", original: "", keys: "", copied: "",
    /** @type {Boot|null} */ boot: null
  };

  /** @param {string} text */
  function say(text) { $("#whatif-status").textContent = text; }
  /** The engine's error in full, and in one sentence for the live region. @param {PageError|null} e */
  function showError(e) {
    var box = $("#error"); box.textContent = e ? e.text : ""; box.hidden = !e;
    if (e) say("Could not run: " + (e.problems[0] ? e.problems[0].message : e.text.split("\n")[0]) + " (details below).");
  }

  /** Sets a control and runs (the engine takes the last control of each knob it can use). @param {Control} c */
  function setControl(c) {
    S.controls.push(c);
    schedule();
  }
  /** @param {RunView} v @returns {string[]} */
  function refused(v) { return v.rejected.map(function (r) { return JSON.stringify(r.control); }); }
  /**
   * Keeps the last control of each knob and, when the engine refused that one, the last one
   * before it that it took: an invalid entry stays marked, never replacing the value in use.
   * @param {RunView} v
   */
  function prune(v) {
    var bad = refused(v), out = [];
    /** @type {Object<string, boolean>} */
    var any = {};
    /** @type {Object<string, boolean>} */
    var ok = {};
    for (var i = S.controls.length - 1; i >= 0; i--) {
      var c = S.controls[i], no = bad.indexOf(JSON.stringify(c)) >= 0;
      if (!any[c.key]) { any[c.key] = true; ok[c.key] = !no; out.unshift(c); }
      else if (!ok[c.key] && !no) { ok[c.key] = true; out.unshift(c); }
    }
    S.controls = out;
  }
  /** @param {string} key */
  function dropControl(key) { S.controls = S.controls.filter(function (o) { return o.key !== key; }); }

  // One run at a time: changes made while the engine works (a slider's drag) are run together
  // once it answers, so the page never queues a run per mouse move.
  function schedule() {
    if (S.busy) { S.again = true; return; }
    S.busy = true;
    S.engine.ask({ op: "run", controls: S.controls }).then(function (/** @type {any} */ ans) {
      S.busy = false;
      S.runs += 1;
      if (!ans.ok) { showError(ans.error); doc.body.setAttribute("data-whatif", "error"); }
      else {
        showError(null);
        if (!S.again) prune(/** @type {RunView} */ (ans));
        show(/** @type {RunView} */ (ans));
      }
      if (S.again) { S.again = false; schedule(); }
    });
  }

  /** @param {RunView} v */
  function show(v) {
    S.view = v;
    requestAnimationFrame(function () { scrollers($("#whatif")); });
    var keys = v.knobs.map(function (k) { return k.key; }).join("|");
    if (keys !== S.keys) { buildControls(v.knobs); S.keys = keys; }
    markRejected(v.rejected);
    updateControls(v.knobs);
    render(v);
    writeHash(v);
    doc.body.setAttribute("data-runs", String(S.runs));
    doc.body.setAttribute("data-whatif", (S.busy || S.again ? "busy " : "ready ") + v.hash);
    doc.body.toggleAttribute("data-changed", v.changes.length > 0);
  }

  // ---- controls
  /** @param {PageKnob} k */
  function controlId(k) { return "knob-" + k.key.replace(/[^A-Za-z0-9_-]/g, "_"); }

  /**
   * A box people type into: what they type is sent as typed; the engine reads it (amounts like
   * 900M as the command line does) and the box then shows the value as the engine wrote it.
   * @param {PageKnob} k @param {string} label
   */
  function typedBox(k, label) {
    var id = controlId(k) + "-box";
    var input = /** @type {HTMLInputElement} */ (el("input", { type: "text", inputmode: "decimal", id: id, value: k.shown, "data-key": k.key, autocomplete: "off", spellcheck: "false" }));
    input.addEventListener("change", function () { setControl({ kind: "typed", key: k.key, text: input.value }); });
    var msg = el("span", { "class": "control-error", id: id + "-error", hidden: "" });
    return el("div", { "class": "money-input", "data-key": k.key }, [el("label", { "for": id, text: label }), input, msg]);
  }

  /**
   * A weight: a slider and a box bound to its name, and the box that counts it at all. A
   * slider at 0 leaves it out (the engine unticks the box); moving it again counts it.
   * @param {PageKnob} k @param {PageKnob|undefined} on
   */
  function weightControl(k, on) {
    var base = +k.shipped, max = Math.max(3 * base, 1), id = controlId(k);
    var box = el("div", { "class": "control", "data-key": k.key });
    var name = el("label", { "class": "name", "for": id + "-box", id: id + "-name", text: /^domains\./.test(k.key) ? "The whole domain" : k.label });
    var check = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: id + "-on", "aria-label": on ? on.name : "counted", "data-key": on ? on.key : "" }));
    check.checked = !on || on.value !== false;
    check.disabled = !on;
    check.addEventListener("change", function () {
      if (!on) return;
      if (!check.checked) { setControl({ kind: "switch", key: on.key, on: false }); return; }
      // Counted again, as shipped: no control is left for it (a weight of 0 either).
      dropControl(k.key); dropControl(on.key);
      if (on.shipped === true) schedule(); else setControl({ kind: "switch", key: on.key, on: true });
    });
    var range = /** @type {HTMLInputElement} */ (el("input", { type: "range", min: "0", max: String(max), step: String(max / 60), value: String(k.value), "aria-labelledby": id + "-name", "data-key": k.key, id: id + "-range" }));
    var number = /** @type {HTMLInputElement} */ (el("input", { type: "text", inputmode: "decimal", id: id + "-box", value: k.shown, "data-key": k.key, autocomplete: "off" }));
    range.addEventListener("input", function () {
      number.value = range.value;
      if (on && +range.value > 0 && !check.checked) { check.checked = true; dropControl(on.key); }
      setControl({ kind: "slider", key: k.key, value: +range.value });
    });
    number.addEventListener("change", function () { setControl({ kind: "typed", key: k.key, text: number.value }); });
    var msg = el("span", { "class": "control-error", id: id + "-error", hidden: "" });
    [check, name, range, number, msg].forEach(function (e) { box.appendChild(e); });
    return box;
  }

  /** The form, from the knobs (again when the tier count changes them). @param {PageKnob[]} knobs */
  function buildControls(knobs) {
    var form = $("#controls");
    form.textContent = "";
    /** @type {Object<string, PageKnob[]>} */
    var groups = {};
    /** @type {string[]} */
    var order = [];
    knobs.forEach(function (k) { if (!groups[k.group]) { groups[k.group] = []; order.push(k.group); } groups[k.group].push(k); });
    order.forEach(function (g) {
      var fs = el("fieldset", {}, [el("legend", { text: g })]);
      groups[g].forEach(function (k) {
        if (k.kind === "weight") {
          var on = groups[g].filter(function (e) { return e.kind === "enabled" && e.key === k.key.replace(/\.weight$/, ".enabled"); })[0];
          fs.appendChild(weightControl(k, on));
        } else if (k.kind === "budget") fs.appendChild(typedBox(k, "Budget (e.g. 900M)"));
        else if (k.kind === "rate") fs.appendChild(typedBox(k, k.label + " ($ per pupil)"));
        else if (k.kind === "tier_weight") fs.appendChild(typedBox(k, k.label + " (tier weight)"));
        else if (k.kind === "tier_count") fs.appendChild(tierCount(k));
        else if (k.kind === "hold_harmless") fs.appendChild(holdHarmless(k));
        // A state formula's numbers: parameters, the ends of a sliding scale, a count's
        // weight, the total a solve meets (each read as --set KEY=VALUE reads it).
        else if (k.kind === "parameter" || k.kind === "schedule" || k.kind === "count_weight") fs.appendChild(typedBox(k, k.label));
        else if (k.kind === "target") fs.appendChild(typedBox(k, k.label + " (dollars)"));
      });
      form.appendChild(fs);
    });
  }

  /** @param {PageKnob} k */
  function tierCount(k) {
    var id = controlId(k);
    var sel = /** @type {HTMLSelectElement} */ (el("select", { id: id, "data-key": k.key }));
    for (var i = 2; i <= 10; i++) sel.appendChild(el("option", { value: String(i), text: i + " tiers" }));
    sel.value = String(k.value);
    sel.addEventListener("change", function () {
      // The tiers' own values follow the count: earlier tier weights and rates no longer apply.
      var tiered = (S.view ? S.view.knobs : []).filter(function (o) { return o.kind === "tier_weight" || o.kind === "rate"; }).map(function (o) { return o.key; });
      S.controls = S.controls.filter(function (c) { return tiered.indexOf(c.key) < 0; });
      setControl({ kind: "typed", key: k.key, text: sel.value });
    });
    var msg = el("span", { "class": "control-error", id: id + "-error", hidden: "" });
    return el("div", { "class": "money-input", "data-key": k.key }, [el("label", { "for": id, text: "Number of tiers" }), sel, msg]);
  }

  /** @param {PageKnob} k */
  function holdHarmless(k) {
    var id = controlId(k);
    var cb = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: id, "data-key": k.key }));
    cb.checked = k.value !== 0;
    cb.addEventListener("change", function () { setControl({ kind: "switch", key: k.key, on: cb.checked }); });
    var msg = el("span", { "class": "control-error", id: id + "-error", hidden: "" });
    return el("div", { "class": "check", "data-key": k.key }, [cb, el("label", { "for": id, text: " keep at least " + (k.value === 0 ? "last year's share" : k.shown) + " of last year's money" }), msg]);
  }

  /** The engine's values in the controls nobody is typing into. @param {PageKnob[]} knobs */
  function updateControls(knobs) {
    var active = doc.activeElement;
    knobs.forEach(function (k) {
      $$("[data-key=\"" + k.key + "\"]", $("#controls")).forEach(function (e) {
        var input = /** @type {HTMLInputElement} */ (e);
        if (e.tagName === "DIV" || (input === active && input.type !== "checkbox")) return;
        if (input.type === "checkbox") input.checked = k.kind === "hold_harmless" ? k.value !== 0 : k.value !== false;
        else if (input.type === "range") { if (!S.busy) input.value = String(k.value); }
        else if (input.tagName === "SELECT") input.value = String(k.value);
        else if (!input.hasAttribute("aria-invalid")) input.value = k.shown;
      });
      var box = $("div[data-key=\"" + k.key + "\"]", $("#controls"));
      if (box) box.classList.toggle("changed", k.changed);
    });
  }

  /** Each control the engine left out, marked with its message; the others cleared. @param {Rejected[]} rejected */
  function markRejected(rejected) {
    $$("[aria-invalid]", $("#controls")).forEach(function (e) { e.removeAttribute("aria-invalid"); e.removeAttribute("aria-describedby"); });
    $$(".control-error", $("#controls")).forEach(function (e) { e.hidden = true; e.textContent = ""; });
    S.linkProblems = S.linkProblems.filter(function (p) { return p.indexOf("could not be read") >= 0; });
    rejected.forEach(function (r) {
      var inputs = $$("#controls [data-key=\"" + r.control.key + "\"]:not(div)");
      var box = inputs.length ? inputs[0].closest(".control, .money-input, .check") : null;
      var msg = box ? $(".control-error", box) : null;
      if (msg) {
        var m = msg;
        m.textContent = r.error.problems.map(function (p) { return p.message + ". " + p.fix; }).join(" ");
        m.hidden = false;
        inputs.forEach(function (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", m.id); });
      } else {
        S.linkProblems.push("Not applied: " + r.error.text.replace(/\n\s*fix:/g, " — fix:"));
      }
    });
    var box = $("#link-problems");
    box.textContent = "";
    S.linkProblems.forEach(function (p) { box.appendChild(el("p", { text: p })); });
    box.hidden = !S.linkProblems.length;
  }

  // ---- drawing an answer
  /** @param {RunView} v */
  function render(v) {
    // Read the boxes' widths before writing anything: one layout, not one per picture.
    var widths = { money: widthOf($("#live-money"), 640), map: widthOf($("#live-map"), 640) };
    $("#run-line").textContent = v.line + " · computed in " + Math.round(S.engine.ms) + " ms";
    say(v.status);
    var list = $("#live-changes"); list.textContent = "";
    v.changes.forEach(function (c) { list.appendChild(el("li", { text: c })); });
    $("#live-changes-box").hidden = !v.changes.length;
    var ul = $("#live-findings"); ul.textContent = "";
    v.findings.forEach(function (l) { ul.appendChild(el("li", { text: l })); });
    renderMoney(v, widths.money);
    renderMovers(v);
    // Further sections, drawn alike: a heading, the engine's sentences and tables.
    var more = $("#live-sections"); more.textContent = "";
    v.sections.forEach(function (sec) {
      var box = el("div", { id: "live-section-" + sec.id }, [el("h3", { text: sec.heading })]);
      sec.lines.forEach(function (l) { box.appendChild(el("p", { "class": "note", text: l })); });
      sec.tables.forEach(function (t) { box.appendChild(tableBox(t[1], { caption: t[0], page: 15 })); });
      more.appendChild(box);
    });
    renderConcentration(v);
    $("#live-map-title").textContent = "Where the " + v.unit[1] + " are";
    var mapBox = $("#live-map"); mapBox.textContent = "";
    $("#live-map-box").hidden = !v.map;
    if (v.map) mapBox.appendChild(map(v.map, widths.map));
    var opened = /** @type {Opened} */ (S.opened);
    $("#reproduce").textContent = v.changes.length
      ? "To get these numbers from the command line: Download scenario, then run  " + S.command + " -s " + v.stem + ".toml  (the same formula, fingerprint " + v.hash + ")."
      : "The formula as shipped: " + opened.formula.name + ", fingerprint " + v.hash + ".";
  }

  /** @param {RunView} v @param {number} width */
  function renderMoney(v, width) {
    var box = $("#live-money"); box.textContent = "";
    if (!v.money) { box.appendChild(el("p", { "class": "note", text: "This formula allocates no money." })); return; }
    if (v.bars.length) box.appendChild(perPupilBars(v.bars, v.palette, width));
    box.appendChild(tableBox(v.money, { caption: "Money by tier now, and what the same schools got as shipped" }));
  }

  /** @param {RunView} v */
  function renderMovers(v) {
    var box = $("#live-movers"); box.textContent = "";
    var m = v.movers;
    if (!m) { box.appendChild(el("p", { "class": "note", text: "Change a setting to see who gains and who loses against the formula as shipped." })); return; }
    var flip = el("button", { type: "button", text: S.order === "gain" ? "Show the biggest losses first" : "Show the biggest gains first", onclick: function () { S.order = S.order === "gain" ? "lose" : "gain"; renderMovers(v); } });
    box.appendChild(el("p", {}, [doc.createTextNode(m.sentence + " "), flip]));
    box.appendChild(el("p", { "class": "note", text: m.note }));
    if (m.total > m.gains.rows.length + m.losses.rows.length) {
      var found = el("div");
      var find = /** @type {HTMLInputElement} */ (el("input", { type: "search", "class": "filter", placeholder: "Find any of the " + m.total.toLocaleString("en-US") + " by name or id", "aria-label": "Find a school by name or id" }));
      find.addEventListener("change", function () {
        found.textContent = "";
        if (!find.value.trim()) return;
        S.engine.ask({ op: "find", query: find.value }).then(function (/** @type {any} */ ans) {
          if (ans.ok) found.appendChild(tableBox(ans.table, { caption: "Found", page: 10, onpick: explainSchool }));
        });
      });
      box.appendChild(find);
      box.appendChild(found);
    }
    var lists = S.order === "gain" ? [[m.gains, "The biggest gains"], [m.losses, "The biggest losses"]] : [[m.losses, "The biggest losses"], [m.gains, "The biggest gains"]];
    lists.forEach(function (l) {
      var t = /** @type {PageTable} */ (l[0]);
      if (t.rows.length) box.appendChild(tableBox(t, { caption: l[1] + " (click a school to see why)", page: 10, onpick: explainSchool }));
    });
  }

  /** @param {RunView} v */
  function renderConcentration(v) {
    var box = $("#live-concentration"); box.textContent = "";
    var c = v.concentration;
    if (!c) { box.appendChild(el("p", { "class": "note", text: "No money to follow." })); return; }
    box.appendChild(el("p", { text: "Now: " + c.now_text }));
    box.appendChild(el("p", { "class": "note", text: "As shipped: " + c.base_text }));
    box.appendChild(curve(c.base, c.now, v.palette));
  }

  /** @param {PageRow} r @param {HTMLElement} tr */
  function explainSchool(r, tr) {
    S.engine.ask({ op: "explain", school: r.id }).then(function (/** @type {any} */ ans) {
      var box = $("#school");
      box.hidden = false; box.textContent = "";
      $$("tr.chosen").forEach(function (t) { t.classList.remove("chosen"); });
      tr.classList.add("chosen");
      if (!ans.ok) { box.appendChild(el("p", { "class": "error", text: ans.error.text })); return; }
      box.appendChild(el("h3", { text: "Why: " + ans.school }));
      box.appendChild(el("pre", { text: ans.text }));
    });
  }

  // ---------------------------------------------------------------- sharing
  /** A control as a link's part: `key=text`. @param {Control} c */
  function part(c) {
    var text = c.kind === "typed" ? c.text : c.kind === "slider" ? String(c.value) : String(c.on);
    return encodeURIComponent(c.key) + "=" + encodeURIComponent(text);
  }
  /** The controls that apply: each knob's last one the engine took. @param {RunView} v @returns {Control[]} */
  function applied(v) {
    var bad = refused(v), out = [];
    /** @type {Object<string, boolean>} */
    var seen = {};
    for (var i = S.controls.length - 1; i >= 0; i--) {
      var c = S.controls[i];
      if (!seen[c.key] && bad.indexOf(JSON.stringify(c)) < 0) { seen[c.key] = true; out.unshift(c); }
    }
    return out;
  }
  /** The link's part after #: the controls that apply. @param {RunView} v */
  function fragment(v) { return applied(v).map(part).join("&"); }
  /** @param {RunView} v */
  function writeHash(v) {
    var f = fragment(v);
    try { history.replaceState(null, "", f ? "#" + f : location.pathname + location.search); } catch (e) { /* a page opened from a file may refuse */ }
  }
  /**
   * The controls a link carries, each part read on its own: a part that cannot be read is
   * reported and the rest apply (the engine says what it makes of each value).
   * @param {string} hash
   * @returns {Control[]}
   */
  function readHash(hash) {
    /** @type {Control[]} */
    var out = [];
    hash.replace(/^#/, "").split("&").filter(Boolean).forEach(function (p) {
      var i = p.indexOf("=");
      try {
        if (i < 0) throw new Error("no '='");
        out.push({ kind: "typed", key: decodeURIComponent(p.slice(0, i)), text: decodeURIComponent(p.slice(i + 1)) });
      } catch (e) {
        S.linkProblems.push("The link's part '" + p + "' could not be read (" + (e instanceof Error ? e.message : String(e)) + "); the rest of the link applies.");
      }
    });
    return out;
  }
  /** @param {string} name @param {string} text @param {string} type */
  function download(name, text, type) {
    var a = el("a", { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    doc.body.appendChild(a); a.click(); a.remove();
  }
  /** @param {string} text @returns {Promise<void>} */
  function copy(text) {
    if (!navigator.clipboard) return Promise.reject(new Error("this browser gives the page no clipboard"));
    return navigator.clipboard.writeText(text);
  }

  function copyLink() {
    var v = /** @type {RunView} */ (S.view), f = fragment(v);
    var text = "Open the report (" + (location.pathname.split("/").pop() || "index.html") + ") and add this to the end of its address: #" + f;
    if (!f) { say("Nothing to copy: the page shows the formula as shipped. Change a setting first."); return; }
    copy(text).then(function () {
      say("Link copied (only the part after #, no folder names): paste it with the report attached.");
    }, function (e) {
      var box = $("#share-fallback"); box.hidden = false;
      /** @type {HTMLInputElement} */ ($("#share-text")).value = text;
      say("Could not copy (" + (e && e.message ? e.message : e) + "): select the text below and copy it.");
    });
    S.copied = text;
  }

  /** A copy of this page that opens with the current what-if built in. */
  function savePage() {
    var v = /** @type {RunView} */ (S.view), boot = /** @type {Boot} */ (S.boot);
    var mine = Object.assign({}, boot, { controls: applied(v) });
    var json = JSON.stringify(mine).replace(/</g, "\\u003c");
    var open = "<script type=\"application/json\" id=\"seni-boot\">", at = S.original.indexOf(open);
    var end = S.original.indexOf("<\/script>", at);
    var html = "<!DOCTYPE html>\n" + S.original.slice(0, at + open.length) + json + S.original.slice(end);
    download(v.stem + ".html", html, "text/html");
    say("Saved " + v.stem + ".html: it opens with these " + v.changes.length + " changes, and its own link still reaches the formula as shipped.");
  }

  // ---------------------------------------------------------------- own data
  /** @param {File} f @returns {Promise<FileText>} */
  function readFile(f) {
    return new Promise(function (ok, fail) { var r = new FileReader(); r.onload = function () { ok({ name: f.name, text: String(r.result) }); }; r.onerror = fail; r.readAsText(f); });
  }
  function openOwn() {
    var boot = /** @type {Boot} */ (S.boot);
    var csvs = Array.prototype.slice.call(/** @type {HTMLInputElement} */ ($("#own-csv")).files || []);
    var formula = (/** @type {HTMLInputElement} */ ($("#own-formula")).files || [])[0];
    if (!csvs.length) { say("Choose a CSV file first."); return; }
    Promise.all(csvs.map(readFile).concat(formula ? [readFile(formula)] : [])).then(function (files) {
      var data = files.slice(0, csvs.length), f = formula ? files[files.length - 1] : null;
      var req = { op: "open", bundled: f ? null : boot.bundled, formula: f || boot.formula, scenarios: f ? [] : boot.scenarios, data: data, story: true };
      return S.engine.ask(req).then(function (/** @type {any} */ ans) {
        if (!ans.ok) { showError(ans.error); doc.body.setAttribute("data-whatif", "error"); return; }
        S.controls = []; S.keys = "";
        opened(ans);
        S.command = "seni allocate -f " + (f ? f.name : (boot.bundled || (boot.formula || { name: "" }).name)) + data.map(function (d) { return " -d " + d.name; }).join("");
        tellStory(/** @type {Story} */ (ans.story), data.map(function (d) { return d.name; }).join(", "), !!f);
      });
    });
  }

  /**
   * The whole page tells the story of the data just opened: every element that shows an
   * analysis's finding or table is filled from the engine's story; what was drawn for the
   * bundled data (pictures, derived tables) is hidden with a note saying so.
   * @param {Story} story @param {string} files @param {boolean} ownFormula
   */
  function tellStory(story, files, ownFormula) {
    $$("[data-source]").forEach(function (e) {
      var src = e.getAttribute("data-source") || "", parts = src.split("/");
      if (src === "title") { e.textContent = story.title; doc.title = story.title; return; }
      if (src === "meta") { e.textContent = story.meta; return; }
      if (parts[1] === "findings") {
        var line = (story.findings[parts[0]] || [])[+parts[2]];
        e.textContent = line || ""; e.hidden = !line; return;
      }
      if (parts[0] === "headings") { e.textContent = story.headings[parts[1]] || ""; return; }
      if (e.classList.contains("table")) {
        var t = story.tables[src];
        if (!t) { e.hidden = true; return; }
        var cap = $("caption", e), fresh = tableBox(t, { caption: cap ? cap.textContent || "" : "", page: 15 });
        fresh.setAttribute("data-source", src);
        e.replaceWith(fresh);
      }
    });
    $$("[data-drawn]").forEach(function (e) { e.hidden = true; });
    $$("section[data-drawn-in]").forEach(function (s) {
      if ($(".own-note", s)) return;
      var note = el("p", { "class": "note own-note", text: "Pictures and tables drawn for the bundled data are hidden here: this page now shows " + files + ". `" + S.command + " --out report` draws them for it." });
      s.insertBefore(note, s.children[1] || null);
    });
    if (ownFormula) $$("#method > :not(h2)").forEach(function (e) { e.hidden = true; });
    $("#own-status").textContent = "This page now shows " + files + ".";
    say("Opened " + files + ": the whole page now tells its story.");
  }

  /** @param {Opened} ans */
  function opened(ans) {
    S.opened = ans;
    S.keys = "";
    show(ans.run);
  }

  function wire() {
    $("#reset").addEventListener("click", function () { S.controls = []; S.keys = ""; schedule(); });
    $("#download-scenario").addEventListener("click", function () {
      S.engine.ask({ op: "scenario" }).then(function (/** @type {any} */ ans) { if (ans.ok) { download(ans.file, ans.text, "application/toml"); say("Downloaded " + ans.file + "."); } else showError(ans.error); });
    });
    $("#download-csv").addEventListener("click", function () {
      S.engine.ask({ op: "csv" }).then(function (/** @type {any} */ ans) { if (ans.ok) { download(ans.file, ans.text, "text/csv"); say("Downloaded " + ans.file + "."); } else showError(ans.error); });
    });
    $("#copy-link").addEventListener("click", copyLink);
    $("#save-page").addEventListener("click", savePage);
    $("#print").addEventListener("click", function () { window.print(); });
    $("#own-open").addEventListener("click", openOwn);
  }

  function start() {
    S.original = doc.documentElement.outerHTML;
    $$("div.table").forEach(enhance);
    scrollers();
    window.addEventListener("resize", function () { scrollers(); });
    var boot = /** @type {Boot} */ (JSON.parse($("#seni-boot").textContent || "{}"));
    S.boot = boot;
    S.command = boot.command;
    var status = $("#whatif-starting");
    var ready = inflate($("#seni-engine").textContent || "")
      .then(function (bytes) {
        S.engine = new Engine(bytes);
        return Promise.all([S.engine.ready].concat(boot.data.map(function (d) { return inflate(d.gz).then(function (b) { return { name: d.name, text: new TextDecoder().decode(b) }; }); })));
      })
      .then(function (all) {
        if (!all[0].ok) throw new Error(all[0].error.text);
        wire();
        return S.engine.ask({ op: "open", bundled: boot.bundled, formula: boot.formula, scenarios: boot.scenarios, data: all.slice(1) });
      })
      .then(function (/** @type {any} */ ans) {
        if (!ans.ok) { showError(ans.error); doc.body.setAttribute("data-whatif", "error"); return; }
        status.hidden = true;
        $("#whatif-app").hidden = false;
        S.opened = ans;
        S.controls = (boot.controls || []).concat(readHash(location.hash));
        if (S.controls.length) schedule(); else opened(ans);
      })
      .catch(function (e) { status.textContent = "The what-if panel could not start: " + e; doc.body.setAttribute("data-whatif", "error"); });
    // For tests, benches and embedders: set a knob, read the answers.
    /** @type {any} */ (window).seniWhatIf = {
      ready: ready,
      /** @param {string} key @param {number} value */
      set: function (key, value) { setControl({ kind: "slider", key: key, value: value }); },
      view: function () { return S.view; },
      opened: function () { return S.opened; },
      knobs: function () { return S.view ? S.view.knobs : []; },
      ms: function () { return S.engine ? S.engine.ms : null; },
      copied: function () { return S.copied; }
    };
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
})();
