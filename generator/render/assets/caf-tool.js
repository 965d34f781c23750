// The CAF self-assessment tool (caf/index.html): a sheet of the 28 CAF 2020 sub-criteria, kept in
// localStorage and in the page address, downloaded and opened again as JSON, CSV or XLSX, printed with a
// chart of the scores, and proposals of practices, networks and peer municipalities for the weakest scores.
// All data comes from caf/tool-data.js and caf/titles/<n>.js (generator/render/caf_tool.py), scripts
// because they load over file://. Text goes into the page with textContent only, never as HTML.
// Its own words are marked _("...") and ngettext(...) for the interface's catalogue (generator/i18n.py); in
// another language, assets/caf-tool.<lang>.js gives them before this script runs.
(function () {
  "use strict";
  var i18n = window.portalMessages(window.portalCafToolMessages);
  var _ = i18n._, ngettext = i18n.ngettext;
  var root = document.querySelector("[data-portal-caf]");
  var data = root && window[root.getAttribute("data-portal-caf")];
  if (!data || !window.fflate || !window.Papa) return;
  var S = data.sheet;
  var STORE = "portal-caf-assessment";
  var ADDRESS_LIMIT = 8000; // characters of texts the address carries; beyond, it keeps the scores only
  var SVG = "http://www.w3.org/2000/svg";
  var XLSX_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  var TEXT_KEYS = S.columns.map(function (c) { return c[0]; }).filter(function (k) { return k !== "subcriterion"; });
  var CODES = S.rows.map(function (row) { return row[0]; });
  var state = blank();
  var inputs = { header: {}, rows: [] };
  var parts = {};
  var generation = 0;

  // ------------------------------------------------------------ helpers

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }


  // A label from the sheet's data, in the page's language where it is one of the interface's (a standard
  // header field); the data keep the English one, which the downloads and the files opened again use.
  var label = i18n.label;

  // Numbers as the page's language writes them ("sh" is no locale of its own: Croatian writes them alike).
  var LOCALE = (document.documentElement.lang || "en").replace(/^sh$/, "hr");

  function blank() {
    var rows = S.rows.map(function () {
      var row = {};
      TEXT_KEYS.forEach(function (key) { row[key] = ""; });
      return row;
    });
    var header = {};
    S.header.forEach(function (field) { header[field[0]] = ""; });
    return { header: header, rows: rows };
  }

  // A score as a number, or null when empty or not a whole number from 0 to 100.
  function score(text) {
    var value = String(text === undefined || text === null ? "" : text).trim();
    if (!/^\d{1,3}$/.test(value)) return null;
    var n = parseInt(value, 10);
    return n <= 100 ? n : null;
  }

  function panel(index, value) {
    var panels = S.rows[index][3] ? S.panels.enablers : S.panels.results;
    for (var i = 0; i < panels.length; i++) {
      if (value >= panels[i][0] && value <= panels[i][1]) return panels[i];
    }
    return null;
  }

  function setStatus(text) { parts.status.textContent = text; }

  // ------------------------------------------------------------ what is proposed

  // The five lowest scores of 50 or less; equal scores in the sheet's order. Indexes into S.rows.
  function weakPoints() {
    var scored = [];
    state.rows.forEach(function (row, i) {
      var value = score(row.score);
      if (value !== null && value <= data.weak.score) scored.push([i, value]);
    });
    scored.sort(function (a, b) { return a[1] - b[1] || a[0] - b[0]; });
    return scored.slice(0, data.weak.limit).map(function (pair) { return pair[0]; });
  }

  function byCount(a, b) { return b.size - a.size; }

  function propose(weak) {
    var isWeak = {};
    weak.forEach(function (i) { isWeak[i] = true; });
    var hits = [];
    var P = data.practices;
    for (var p = 0; p < P.length; p++) {
      var caf = P[p][0], found = null;
      for (var c = 0; c < caf.length; c++) if (isWeak[caf[c]]) (found || (found = [])).push(caf[c]);
      if (found) hits.push({ index: p, weak: found, size: found.length });
    }
    var practices = hits.slice().sort(function (a, b) {
      return byCount(a, b) || P[b.index][1] - P[a.index][1] || a.index - b.index;
    }).slice(0, data.shown.practices);

    var shownThemes = {};
    practices.forEach(function (hit) { P[hit.index][5].forEach(function (t) { shownThemes[t] = true; }); });
    var nets = data.networks.map(function (_, i) { return { index: i, covered: {}, size: 0, count: 0, themes: [] }; });
    var peers = {};
    var own = (state.header.municipality || "").trim().toLowerCase();
    hits.forEach(function (hit) {
      var row = P[hit.index];
      row[4].forEach(function (n) { tally(nets[n], hit.weak); });
      row[3].forEach(function (m) {
        var entry = data.municipalities[m];
        if (own && (entry[0] === own || entry[1].toLowerCase() === own)) return;
        tally(peers[m] || (peers[m] = { index: m, covered: {}, size: 0, count: 0 }), hit.weak);
      });
    });
    nets.forEach(function (net) {
      net.themes = data.networks[net.index][7].filter(function (t) { return shownThemes[t]; });
    });
    var networks = nets.filter(function (net) { return net.count || net.themes.length; }).sort(function (a, b) {
      return byCount(a, b) || b.count - a.count || b.themes.length - a.themes.length || a.index - b.index;
    }).slice(0, data.shown.networks);
    var peerList = Object.keys(peers).map(function (m) { return peers[m]; }).sort(function (a, b) {
      return byCount(a, b) || b.count - a.count || a.index - b.index;
    }).slice(0, data.shown.peers);
    return { practices: practices, networks: networks, peers: peerList, matching: hits.length };
  }

  function tally(entry, weak) {
    entry.count += 1;
    weak.forEach(function (c) { if (!entry.covered[c]) { entry.covered[c] = true; entry.size += 1; } });
  }

  function codesOf(covered) {
    return Object.keys(covered).map(Number).sort(function (a, b) { return a - b; })
      .map(function (i) { return CODES[i]; }).join(", ");
  }

  // Titles come CHUNK practices to a file, loaded on demand by a script element (file:// refuses fetch).
  var chunks = {};
  function titles(chunk) {
    if (!chunks[chunk]) {
      chunks[chunk] = new Promise(function (resolve) {
        var loaded = window[data.titlesGlobal] && window[data.titlesGlobal][chunk];
        if (loaded) { resolve(loaded); return; }
        var script = document.createElement("script");
        script.src = data.titles.replace("{}", String(chunk));
        script.onload = function () { resolve((window[data.titlesGlobal] || {})[chunk] || []); };
        script.onerror = function () { resolve([]); };
        document.body.appendChild(script);
      });
    }
    return chunks[chunk];
  }

  function titleOf(index) {
    return titles(Math.floor(index / data.chunk)).then(function (list) {
      return list[index % data.chunk] || ["", ""];
    });
  }

  function strengthWords(row) {
    var words = [];
    if (row[2][0]) words.push(_("results with figures"));
    if (row[2][1]) words.push(ngettext("taken up by {count} municipality", "taken up by {count} municipalities", row[2][1], { count: row[2][1] }));
    if (row[2][2] === data.points.status.scaled) words.push(_("scaled up"));
    else if (row[2][2] === data.points.status.implemented) words.push(_("implemented"));
    return words;
  }

  function showProposals() {
    var started = performance.now();
    var mine = ++generation;
    root.setAttribute("data-generation", String(mine)); // data-proposed follows once this one is shown
    var weak = weakPoints();
    var found = propose(weak);
    var list = parts.weak;
    list.textContent = "";
    weak.forEach(function (i) {
      list.appendChild(element("li", "", S.rows[i][1] + ": " + state.rows[i].score));
    });
    parts.weakNone.hidden = weak.length > 0;
    parts.proposals.hidden = weak.length === 0;
    parts.matching.textContent = weak.length ? ngettext(
      "{count} practice on this portal address at least one of your weak points; the best {shown} are shown.",
      "{count} practices on this portal address at least one of your weak points; the best {shown} are shown.",
      found.matching, { count: found.matching, shown: found.practices.length }) : "";
    var pending = found.practices.map(function (hit) { return titleOf(hit.index); });
    Promise.all(pending).then(function (named) {
      if (mine !== generation) return; // a newer change is on its way
      fill(parts.practices, found.practices, function (hit, i) {
        var row = data.practices[hit.index];
        var item = element("li");
        var link = element("a", "", named[i][1] || named[i][0]);
        link.href = named[i][2]; // ../../ where this language has no translation of it
        item.appendChild(link);
        var why = ngettext("Addresses {count} of your weak points ({codes})", "Addresses {count} of your weak points ({codes})",
          hit.size, { count: hit.size, codes: hit.weak.map(function (c) { return CODES[c]; }).join(", ") });
        var words = strengthWords(row);
        why = words.length ? _("{why}; {strengths} (strength {points}).", { why: why, strengths: words.join(", "), points: row[1] })
          : _("{why}; no results with figures recorded yet.", { why: why });
        item.appendChild(element("p", "portal-caf__why", why));
        return item;
      });
      fill(parts.networks, found.networks, function (net) {
        var n = data.networks[net.index];
        var item = element("li");
        var link = element("a", "", n[1]);
        link.href = n[9];
        item.appendChild(link);
        var why = [];
        if (net.count) why.push(ngettext("{count} of its practices addresses your weak points ({codes})",
          "{count} of its practices address your weak points ({codes})", net.count, { count: net.count, codes: codesOf(net.covered) }));
        if (net.themes.length) why.push(_("works on {themes}, themes of the proposed practices",
          { themes: net.themes.map(function (t) { return data.themes[t]; }).join(", ") }));
        item.appendChild(element("p", "portal-caf__why", why.join("; ") + "."));
        var step = { stage: n[3] };
        var stage = !n[3] ? _("not recorded") : n[4] === "ongoing" ? _("{stage} (under way)", step) : _("{stage} (done)", step);
        item.appendChild(element("p", "portal-caf__facts", _("{kind} · learning-cycle step: {stage} · {period}",
          { kind: capital(n[2]), stage: stage, period: n[5] }) + joiningText(n)));
        return item;
      });
      fill(parts.peers, found.peers, function (peer) {
        var m = data.municipalities[peer.index];
        var item = element("li");
        var link = element("a", "", m[1]);
        link.href = m[3];
        item.appendChild(link);
        item.appendChild(element("p", "portal-caf__why", ngettext("Runs {count} practice on your weak points ({codes}).",
          "Runs {count} practices on your weak points ({codes}).", peer.count, { count: peer.count, codes: codesOf(peer.covered) })));
        return item;
      });
      root.setAttribute("data-proposed", String(mine));
      root.dispatchEvent(new CustomEvent("portal-caf-proposed", { detail: { ms: performance.now() - started } }));
    });
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  // n[8]: [takes new members, as of year] where the network's record says (its `joining`), else null.
  function joiningText(n) {
    var joining = n[8], year = { year: joining && joining[1] };
    if (joining && joining[0]) return joining[1] ? _(", takes new members (as of {year})", year) : _(", takes new members");
    if (joining) return joining[1] ? _(", takes no new members (as of {year})", year) : _(", takes no new members");
    return n[6] ? _(", still running; its record does not say whether it takes new members") : _(", ended");
  }

  function fill(list, items, make) {
    list.textContent = "";
    items.forEach(function (item, i) { list.appendChild(make(item, i)); });
    list.parentNode.querySelector(".portal-caf__empty").hidden = items.length > 0;
  }

  // ------------------------------------------------------------ the chart (as visual/bars.py draws)

  function chart() {
    var g = data.chart, weak = {};
    weakPoints().forEach(function (i) { weak[i] = true; });
    var top = 24, bottom = top + S.rows.length * g.row, height = bottom + g.axis;
    var right = g.width - g.right;
    function x(value) { return g.label + value / 100 * (right - g.label); }
    var node = svg("svg", { "class": "portal-chart portal-bars portal-caf__chart", viewBox: "0 0 " + g.width + " " + height,
      role: "img", "aria-labelledby": "caf-chart-title caf-chart-desc" });
    node.appendChild(svg("title", { id: "caf-chart-title" }, _("Scores by sub-criterion (0–100)")));
    node.appendChild(svg("desc", { id: "caf-chart-desc" }, S.rows.map(function (row, i) {
      var value = score(state.rows[i].score);
      return row[0] + " " + (value === null ? _("not scored") : value) + (weak[i] ? " " + _("(weak point)") : "");
    }).join("; ") + "."));
    for (var step = 0; step <= 4; step++) {
      var v = step * 25;
      node.appendChild(svg("line", { x1: x(v).toFixed(1), x2: x(v).toFixed(1), y1: top, y2: bottom, stroke: "#bbb",
        "stroke-width": v === 0 ? 1.5 : 0.5 }));
      node.appendChild(svg("text", { x: x(v).toFixed(1), y: bottom + 18, "text-anchor": "middle", "font-size": g.font,
        fill: "currentColor" }, String(v)));
    }
    var labels = [];
    S.rows.forEach(function (row, i) {
      var value = score(state.rows[i].score);
      var rowTop = top + i * g.row, middle = (rowTop + g.row / 2 + 5).toFixed(1);
      var group = svg("g", { "class": "row" });
      group.appendChild(svg("title", {}, row[1] + ": " + (value === null ? _("not scored") : value)));
      if (value !== null && value > 0) {
        group.appendChild(svg("rect", { "class": "bar", x: x(0).toFixed(1), y: (rowTop + (g.row - g.bar) / 2).toFixed(1),
          width: (x(value) - x(0)).toFixed(1), height: g.bar, fill: weak[i] ? "currentColor" : g.grey }));
      }
      node.appendChild(group);
      var bold = weak[i] ? { "font-weight": "bold" } : {};
      var room = g.labelChars - 3; // a code and a word of its name fit left of the bars at this font size
      var name = row[1].length <= room ? row[1] : row[1].slice(0, room - 1).trim() + "…";
      labels.push(svg("text", Object.assign({ x: g.label - 8, y: middle, "text-anchor": "end", "font-size": g.font,
        fill: "currentColor" }, bold), name));
      labels.push(svg("text", Object.assign({ x: (x(value || 0) + 6).toFixed(1), y: middle, "font-size": g.font,
        fill: "currentColor", stroke: "Canvas", "stroke-width": 4, "stroke-linejoin": "round", "paint-order": "stroke" }, bold),
        value === null ? "–" : String(value)));
    });
    var at = x(data.weak.score).toFixed(1);
    node.appendChild(svg("line", { "class": "marker", x1: at, x2: at, y1: top - 6, y2: bottom, stroke: "currentColor",
      "stroke-width": 3, "stroke-dasharray": "5 3" }));
    node.appendChild(svg("text", { x: at, y: top - 10, "text-anchor": "middle", "font-size": g.font, fill: "currentColor",
      stroke: "Canvas", "stroke-width": 4, "stroke-linejoin": "round", "paint-order": "stroke" },
      _("weak: {score} or less", { score: data.weak.score })));
    labels.forEach(function (label) { node.appendChild(label); });
    parts.chart.textContent = "";
    parts.chart.appendChild(node);
  }

  // ------------------------------------------------------------ the printed sheet

  function printSheet() {
    var table = parts.printTable;
    table.textContent = "";
    var head = element("thead"), tr = element("tr");
    [S.groupLabel].concat(S.columns.map(function (c) { return c[1]; })).slice(1).forEach(function (name) {
      tr.appendChild(element("th", "", name));
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = element("tbody"), group = null;
    S.rows.forEach(function (row, i) {
      if (row[2] !== group) {
        group = row[2];
        var groupRow = element("tr", "portal-caf__print-group");
        var cell = element("th", "", group);
        cell.colSpan = S.columns.length;
        groupRow.appendChild(cell);
        body.appendChild(groupRow);
      }
      var line = element("tr");
      S.columns.forEach(function (column) {
        line.appendChild(element("td", "", column[0] === "subcriterion" ? row[1] : state.rows[i][column[0]]));
      });
      body.appendChild(line);
    });
    table.appendChild(body);
    parts.printHeader.textContent = "";
    S.header.forEach(function (field) {
      var item = element("div");
      item.appendChild(element("dt", "", label(field[1])));
      item.appendChild(element("dd", "", state.header[field[0]] || " "));
      parts.printHeader.appendChild(item);
    });
  }

  // ------------------------------------------------------------ keeping it: storage and address

  function b64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function hasText(assessment) {
    return S.header.some(function (f) { return assessment.header[f[0]]; }) ||
      assessment.rows.some(function (row) { return TEXT_KEYS.some(function (k) { return k !== "score" && row[k]; }); });
  }

  // #v1.<two base-36 digits per score, "--" for none>[.<deflated JSON of the header and texts>]
  function encode() {
    var scores = state.rows.map(function (row) {
      var value = score(row.score);
      return value === null ? "--" : ("0" + value.toString(36)).slice(-2);
    }).join("");
    var address = "v1." + scores, cut = false;
    if (hasText(state)) {
      var texts = { h: state.header, t: state.rows.map(function (row) {
        return TEXT_KEYS.filter(function (k) { return k !== "score"; }).map(function (k) { return row[k]; });
      }) };
      var packed = b64url(fflate.deflateSync(fflate.strToU8(JSON.stringify(texts)), { level: 9 }));
      if (packed.length <= ADDRESS_LIMIT) address += "." + packed; else cut = true;
    }
    return { address: address, cut: cut };
  }

  function decode(hash) {
    var match = /^#v1\.([0-9a-z-]{56})(?:\.([A-Za-z0-9_-]+))?$/.exec(hash);
    if (!match) return null;
    var assessment = blank();
    assessment.rows.forEach(function (row, i) {
      var pair = match[1].slice(2 * i, 2 * i + 2);
      row.score = pair === "--" ? "" : String(parseInt(pair, 36));
    });
    if (match[2]) {
      try {
        var texts = JSON.parse(fflate.strFromU8(fflate.inflateSync(unb64(match[2]))));
        S.header.forEach(function (f) { assessment.header[f[0]] = String(texts.h[f[0]] || ""); });
        var keys = TEXT_KEYS.filter(function (k) { return k !== "score"; });
        texts.t.forEach(function (values, i) {
          if (assessment.rows[i]) keys.forEach(function (k, j) { assessment.rows[i][k] = String(values[j] || ""); });
        });
      } catch (error) { return assessment; } // a cut address: the scores are still good
    }
    assessment.fromText = Boolean(match[2]);
    return assessment;
  }

  function save() {
    var kept = encode();
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (error) { /* private mode: the address keeps it */ }
    history.replaceState(null, "", "#" + kept.address);
    parts.addressNote.textContent = kept.cut
      ? _("The texts are too long for the page address (over {limit} characters packed): the address keeps the scores " +
          "only. The texts stay in this browser; download the assessment to keep or share them.",
          { limit: ADDRESS_LIMIT.toLocaleString(LOCALE) })
      : _("The page address holds this assessment: bookmark it, or copy it to share.");
  }

  function restore() {
    var fromAddress = decode(location.hash);
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (error) { stored = null; }
    if (stored && (!stored.rows || stored.rows.length !== S.rows.length)) stored = null;
    if (fromAddress && !fromAddress.fromText && stored &&
        stored.rows.every(function (row, i) { return String(score(row.score) === null ? "" : score(row.score)) === fromAddress.rows[i].score; })) {
      return normalise(stored); // the address keeps only the scores of this same assessment: its texts are here
    }
    return fromAddress || (stored ? normalise(stored) : blank());
  }

  function normalise(assessment) {
    var clean = blank();
    S.header.forEach(function (f) { clean.header[f[0]] = String((assessment.header || {})[f[0]] || ""); });
    clean.rows.forEach(function (row, i) {
      TEXT_KEYS.forEach(function (k) { row[k] = String((assessment.rows[i] || {})[k] || ""); });
    });
    return clean;
  }

  // ------------------------------------------------------------ downloads

  function filled() {
    var header = {};
    S.header.forEach(function (f) { header[f[0]] = state.header[f[0]]; });
    var rows = S.rows.map(function (row, i) {
      var out = {};
      out[S.groupKey] = row[2];
      S.columns.forEach(function (c) { out[c[0]] = c[0] === "subcriterion" ? row[1] : state.rows[i][c[0]]; });
      return out;
    });
    var tables = {};
    tables[S.table] = rows;
    return { format: S.format, template: S.id, template_version: S.version, header: header, tables: tables, checklist: {} };
  }

  var FORMULA = new RegExp("^(?:" + S.formula.number + ")$");
  function cellText(value) { // as office.csv_value: text a spreadsheet would run as a formula gets an apostrophe
    return value && S.formula.start.indexOf(value.charAt(0)) >= 0 && !FORMULA.test(value) ? "'" + value : value;
  }

  function csvFile() {
    var rows = Papa.parse(S.csv, { delimiter: ",", skipEmptyLines: false }).data;
    if (rows.length && rows[rows.length - 1].join("") === "") rows.pop();
    var labels = {}, names = {}, table = false, columns = null;
    S.header.forEach(function (f) { labels[f[1]] = f[0]; });
    S.rows.forEach(function (row, i) { names[row[1]] = i; });
    rows.forEach(function (row, r) {
      if (row[0] === "Table") { table = row[1] === S.table; columns = table ? rows[r + 1] : null; return; }
      if (!table && labels[row[0]] !== undefined && rows.some(function (x, y) { return y < r && x[0] === "Fields"; })) {
        row[1] = cellText(state.header[labels[row[0]]]);
      }
      if (table && columns && row !== columns) {
        var at = names[row[columns.indexOf(columnName("subcriterion"))]];
        if (at === undefined) return;
        S.columns.forEach(function (c) {
          if (c[0] !== "subcriterion") row[columns.indexOf(c[1])] = cellText(state.rows[at][c[0]]);
        });
      }
    });
    return "\ufeff" + Papa.unparse(rows, { newline: "\r\n" }) + "\r\n";
  }

  function columnName(key) { return S.columns.filter(function (c) { return c[0] === key; })[0][1]; }

  function columnLetter(n) { var s = ""; n += 1; while (n) { s = String.fromCharCode(65 + (n - 1) % 26) + s; n = Math.floor((n - 1) / 26); } return s; }

  // Every worksheet of a workbook as rows of cell texts, with its parsed XML to write back into.
  function worksheets(files) {
    var shared = [];
    if (files["xl/sharedStrings.xml"]) {
      var strings = parseXml(files["xl/sharedStrings.xml"]).getElementsByTagNameNS(XLSX_NS, "si");
      for (var s = 0; s < strings.length; s++) shared.push(textOf(strings[s]));
    }
    return Object.keys(files).filter(function (path) { return /^xl\/worksheets\/[^/]+\.xml$/.test(path); }).sort().map(function (path) {
      var doc = parseXml(files[path]), grid = [], cells = {};
      var all = doc.getElementsByTagNameNS(XLSX_NS, "c");
      for (var i = 0; i < all.length; i++) {
        var cell = all[i], ref = /^([A-Z]+)(\d+)$/.exec(cell.getAttribute("r") || "");
        if (!ref) continue;
        var type = cell.getAttribute("t"), v = cell.getElementsByTagNameNS(XLSX_NS, "v")[0];
        var text = type === "inlineStr" ? textOf(cell) : type === "s" ? shared[Number(v && v.textContent)] || "" : v ? v.textContent : "";
        var row = Number(ref[2]) - 1, column = letterIndex(ref[1]);
        (grid[row] || (grid[row] = []))[column] = text;
        cells[ref[0]] = cell;
      }
      return { path: path, doc: doc, grid: grid, cells: cells };
    });
  }

  function letterIndex(letters) { var n = 0; for (var i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64; return n - 1; }
  function parseXml(bytes) { return new DOMParser().parseFromString(fflate.strFromU8(bytes), "application/xml"); }
  function textOf(node) {
    var ts = node.getElementsByTagNameNS(XLSX_NS, "t"), text = "";
    for (var i = 0; i < ts.length; i++) text += ts[i].textContent;
    return text;
  }

  function setCell(sheet, ref, value, number) {
    var cell = sheet.cells[ref];
    if (!cell || value === "") return;
    while (cell.firstChild) cell.removeChild(cell.firstChild);
    if (number) {
      cell.setAttribute("t", "n");
      var v = sheet.doc.createElementNS(XLSX_NS, "v");
      v.textContent = value;
      cell.appendChild(v);
    } else {
      cell.setAttribute("t", "inlineStr");
      var is = sheet.doc.createElementNS(XLSX_NS, "is"), t = sheet.doc.createElementNS(XLSX_NS, "t");
      t.setAttribute("xml:space", "preserve");
      t.textContent = value;
      is.appendChild(t);
      cell.appendChild(is);
    }
  }

  // The portal's own blank workbook, its cells filled in: header values beside their labels, each row's texts
  // and score in the columns named in the sheet's first row.
  function xlsxFile() {
    var files = fflate.unzipSync(unb64(S.xlsx));
    worksheets(files).forEach(function (sheet) {
      var layout = tableLayout(sheet.grid);
      sheet.grid.forEach(function (row, r) {
        if (!row) return;
        var field = S.header.filter(function (f) { return f[1] === row[0]; })[0];
        if (field && !layout) setCell(sheet, "B" + (r + 1), state.header[field[0]], false);
        if (layout && r > 0) {
          var at = S.rows.map(function (x) { return x[1]; }).indexOf(row[layout.subcriterion]);
          if (at < 0) return;
          S.columns.forEach(function (c) {
            if (c[0] === "subcriterion" || layout[c[0]] === undefined) return;
            var value = state.rows[at][c[0]];
            setCell(sheet, columnLetter(layout[c[0]]) + (r + 1), c[0] === "score" ? (score(value) === null ? "" : String(score(value))) : value,
              c[0] === "score" && score(value) !== null);
          });
        }
      });
      files[sheet.path] = fflate.strToU8(new XMLSerializer().serializeToString(sheet.doc));
    });
    return fflate.zipSync(files, { level: 6 });
  }

  // Column positions by heading in a sheet whose first row holds the table's headings, else null.
  function tableLayout(grid) {
    var first = grid[0] || [], layout = {};
    S.columns.forEach(function (c) { var at = first.indexOf(c[1]); if (at >= 0) layout[c[0]] = at; });
    return layout.subcriterion === undefined ? null : layout;
  }

  function download(name, content, type) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var link = element("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // ------------------------------------------------------------ opening a file again

  // From {label: value} of the header and rows of {heading: text}; reports what it could not use.
  function fromLabelled(header, rows, problems) {
    var assessment = blank();
    S.header.forEach(function (f) { if (header[f[1]] !== undefined) assessment.header[f[0]] = unapostrophe(header[f[1]]); });
    var seen = 0;
    rows.forEach(function (row) {
      var text = String(row[columnName("subcriterion")] || "").trim();
      var at = CODES.indexOf(text.split(/\s/)[0]);
      if (at < 0) { if (text) problems.push(_("a row for '{row}', which is not a CAF 2020 sub-criterion, was left out", { row: text })); return; }
      seen += 1;
      S.columns.forEach(function (c) {
        if (c[0] === "subcriterion") return;
        var value = unapostrophe(String(row[c[1]] === undefined ? "" : row[c[1]]));
        if (c[0] === "score" && value.trim() && score(value) === null) {
          problems.push(_("{code}: the score '{score}' is not a whole number from 0 to 100, so it was left empty",
            { code: CODES[at], score: value }));
          value = "";
        }
        assessment.rows[at][c[0]] = c[0] === "score" ? value.trim() : value;
      });
    });
    if (!seen) throw new Error(_("it has no rows of the CAF sheet (the column '{column}' was not found)", { column: columnName("subcriterion") }));
    return assessment;
  }

  function unapostrophe(value) {
    value = String(value === undefined || value === null ? "" : value);
    return value.charAt(0) === "'" && cellText(value.slice(1)) !== value.slice(1) ? value.slice(1) : value;
  }

  function fromJson(text, problems) {
    var doc = JSON.parse(text);
    if (!doc || doc.format !== S.format || doc.template !== S.id) throw new Error(_("it is not a CAF self-assessment saved by this portal"));
    if (doc.template_version !== S.version) problems.push(_("it was saved from another version of the sheet; the rows were matched by sub-criterion"));
    var header = {};
    S.header.forEach(function (f) { if (doc.header && doc.header[f[0]] !== undefined) header[f[1]] = doc.header[f[0]]; });
    var rows = ((doc.tables || {})[S.table] || []).map(function (row) {
      var out = {};
      S.columns.forEach(function (c) { out[c[1]] = row[c[0]]; });
      return out;
    });
    return fromLabelled(header, rows, problems);
  }

  function fromGrid(grids, problems) {
    var header = {}, rows = [];
    grids.forEach(function (grid) {
      var layout = tableLayout(grid);
      grid.forEach(function (row, r) {
        if (!row) return;
        if (layout && r > 0) {
          var out = {};
          S.columns.forEach(function (c) { if (layout[c[0]] !== undefined) out[c[1]] = row[layout[c[0]]]; });
          rows.push(out);
        } else if (!layout && S.header.some(function (f) { return f[1] === row[0]; })) header[row[0]] = row[1] || "";
      });
    });
    return fromLabelled(header, rows, problems);
  }

  function fromCsv(text, problems) {
    // Blocks as form_csv.py writes them: a marker row, rows, an empty row before the next block. A row after an
    // empty row goes on with the table only when it starts with one of the sheet's criteria (a row a person added).
    var rows = Papa.parse(text.replace(/^\ufeff/, ""), { delimiter: ",", skipEmptyLines: false }).data;
    var groups = S.rows.map(function (row) { return row[2]; }), grids = [], block = null, gap = false;
    rows.forEach(function (row) {
      if (row.join("") === "") { gap = true; return; }
      if (row[0] === "Fields") { block = []; grids.push(block); }
      else if (row[0] === "Table") { block = row[1] === S.table ? [] : null; if (block) grids.push(block); }
      else if (gap && !(block && groups.indexOf(row[0]) >= 0)) block = null;
      else if (block) block.push(row);
      gap = false;
    });
    if (!grids.length) throw new Error(_("it is not a CSV file of the portal's CAF sheet (no 'Table,{table}' row)", { table: S.table }));
    return fromGrid(grids, problems);
  }

  function fromXlsx(bytes, problems) {
    var files;
    try { files = fflate.unzipSync(bytes); } catch (error) { throw new Error(_("it is not an Excel (.xlsx) file, or it is damaged")); }
    return fromGrid(worksheets(files).map(function (sheet) { return sheet.grid; }), problems);
  }

  function open(file) {
    var reader = new FileReader(), binary = /\.xlsx$/i.test(file.name);
    reader.onload = function () {
      var problems = [];
      try {
        var assessment = binary ? fromXlsx(new Uint8Array(reader.result), problems)
          : /\.csv$/i.test(file.name) ? fromCsv(reader.result, problems) : fromJson(reader.result, problems);
        load(assessment);
        setStatus(_("Opened {file}.", { file: file.name }) +
          (problems.length ? " " + _("Note: {problems}.", { problems: problems.join("; ") }) : ""));
      } catch (error) {
        // Marked apart: Babel's extractor does not see a _() inside another one's arguments.
        var reason = error instanceof SyntaxError ? _("it is not valid JSON") : error.message;
        setStatus(_("Could not open {file}: {reason}. Nothing was changed.", { file: file.name, reason: reason }));
      }
    };
    if (binary) reader.readAsArrayBuffer(file); else reader.readAsText(file);
  }

  // ------------------------------------------------------------ the page

  function load(assessment) {
    state = assessment;
    S.header.forEach(function (f) { inputs.header[f[0]].value = state.header[f[0]]; });
    state.rows.forEach(function (row, i) { TEXT_KEYS.forEach(function (k) { inputs.rows[i][k].value = row[k]; }); showPanel(i); });
    changed();
  }

  function changed() {
    save();
    showProposals();
    chart();
    printSheet();
  }

  function showPanel(i) {
    var value = score(state.rows[i].score), found = value === null ? null : panel(i, value);
    var text = state.rows[i].score.trim() && value === null ? _("Write a whole number from 0 to 100.")
      : found ? found[0] + "–" + found[1] + ": " + found[2] : "";
    inputs.rows[i].panel.textContent = text;
  }

  function field(labelText, control, id) {
    var wrap = element("div", "portal-caf__field");
    var label = element("label", "", labelText);
    label.htmlFor = id;
    control.id = id;
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function button(text, action) {
    var node = element("button", "md-button", text);
    node.type = "button";
    node.addEventListener("click", action);
    return node;
  }

  function build() {
    var noscript = root.querySelector(".portal-caf__noscript");
    if (noscript) noscript.remove(); // the style sheet's link stays
    var tools = element("div", "portal-caf__tools");
    tools.appendChild(button(_("Download JSON"), function () {
      download("caf-self-assessment.json", JSON.stringify(filled(), null, 2) + "\n", "application/json");
    }));
    tools.appendChild(button(_("Download CSV"), function () { download("caf-self-assessment.csv", csvFile(), "text/csv"); }));
    tools.appendChild(button(_("Download Excel"), function () {
      download("caf-self-assessment.xlsx", xlsxFile(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }));
    var file = element("input");
    file.type = "file";
    file.accept = ".json,.csv,.xlsx";
    file.addEventListener("change", function () { if (file.files[0]) open(file.files[0]); file.value = ""; });
    tools.appendChild(field(_("Open a saved assessment (JSON, CSV or Excel)"), file, "caf-open"));
    tools.appendChild(button(_("Print"), function () { window.print(); }));
    // Asked on the page, not with window.confirm, which stops the page until answered.
    var ask = element("p", "portal-caf__ask");
    ask.hidden = true;
    ask.appendChild(element("span", "", _("Clear every score and text of this assessment?") + " "));
    ask.appendChild(button(_("Yes, clear it"), function () { ask.hidden = true; load(blank()); setStatus(_("Cleared.")); }));
    ask.appendChild(button(_("Keep it"), function () { ask.hidden = true; }));
    tools.appendChild(button(_("Start again"), function () { ask.hidden = false; }));
    root.appendChild(tools);
    root.appendChild(ask);
    parts.status = element("p", "portal-caf__status");
    parts.status.setAttribute("role", "status");
    root.appendChild(parts.status);
    parts.addressNote = element("p", "portal-caf__address");
    root.appendChild(parts.addressNote);

    var editor = element("form", "portal-caf__editor");
    editor.addEventListener("submit", function (event) { event.preventDefault(); });
    var header = element("fieldset", "portal-caf__header");
    header.appendChild(element("legend", "", _("About this assessment")));
    S.header.forEach(function (f) {
      var input = element("input");
      input.type = "text";
      input.addEventListener("input", function () { state.header[f[0]] = input.value; changed(); });
      inputs.header[f[0]] = input;
      header.appendChild(field(label(f[1]), input, "caf-header-" + f[0]));
    });
    editor.appendChild(header);
    var group = null, set = null;
    S.rows.forEach(function (row, i) {
      if (row[2] !== group) {
        group = row[2];
        set = element("fieldset", "portal-caf__criterion");
        set.appendChild(element("legend", "", group));
        editor.appendChild(set);
      }
      var box = element("div", "portal-caf__row");
      box.setAttribute("data-code", row[0]);
      box.appendChild(element("h3", "portal-caf__name", row[1]));
      var controls = { };
      S.columns.forEach(function (c) {
        if (c[0] === "subcriterion") return;
        var control;
        if (c[0] === "score") {
          control = element("input");
          control.type = "number";
          control.min = "0";
          control.max = "100";
          control.step = "1";
          control.inputMode = "numeric";
        } else {
          control = element("textarea");
          control.rows = 3;
        }
        control.name = c[0];
        control.addEventListener("input", function () {
          state.rows[i][c[0]] = control.value;
          if (c[0] === "score") showPanel(i);
          changed();
        });
        controls[c[0]] = control;
        box.appendChild(field(c[1], control, "caf-" + row[0].replace(".", "-") + "-" + c[0]));
      });
      controls.panel = element("p", "portal-caf__panel");
      controls.panel.setAttribute("aria-live", "polite");
      box.querySelector("[name=score]").parentNode.appendChild(controls.panel);
      inputs.rows.push(controls);
      set.appendChild(box);
    });
    root.appendChild(editor);

    // In print: the filled sheet, the chart on a page of its own, then the proposals.
    var sheet = element("section", "portal-caf__print");
    sheet.appendChild(element("h2", "", S.title));
    parts.printHeader = element("dl", "portal-caf__print-header");
    sheet.appendChild(parts.printHeader);
    parts.printTable = element("table", "portal-caf__print-table");
    sheet.appendChild(parts.printTable);
    root.appendChild(sheet);

    var summary = element("section", "portal-caf__summary");
    summary.appendChild(element("h2", "", _("Scores at a glance"))).id = "caf-summary";
    summary.appendChild(element("p", "", _("Weak points are drawn black and bold, other scores grey; a dash is a sub-criterion not scored.")));
    parts.chart = element("div", "portal-caf__chart-box");
    summary.appendChild(parts.chart);
    root.appendChild(summary);

    var results = element("section", "portal-caf__results");
    results.setAttribute("aria-labelledby", "caf-proposals");
    results.appendChild(element("h2", "", _("What to learn, and from whom"))).id = "caf-proposals";
    results.appendChild(element("h3", "", _("Your weak points")));
    parts.weakNone = element("p", "", _("Score the sub-criteria: the five lowest scores of {score} or less become your weak " +
      "points, and the portal proposes practices, networks and peers for them.", { score: data.weak.score }));
    results.appendChild(parts.weakNone);
    parts.weak = element("ol", "portal-caf__weak");
    results.appendChild(parts.weak);
    parts.proposals = element("div", "portal-caf__proposals");
    parts.matching = element("p");
    parts.proposals.appendChild(parts.matching);
    [["practices", _("Practices to learn from"), _("No practice on this portal is tagged with these sub-criteria yet.")],
      ["networks", _("Networks working on them"), _("No network works on these sub-criteria yet.")],
      ["peers", _("Peer municipalities"), _("No municipality runs a practice on these sub-criteria yet.")]].forEach(function (spec) {
      var section = element("section", "portal-caf__" + spec[0]);
      section.appendChild(element("h3", "", spec[1]));
      parts[spec[0]] = element("ol");
      section.appendChild(parts[spec[0]]);
      section.appendChild(element("p", "portal-caf__empty", spec[2]));
      parts.proposals.appendChild(section);
    });
    var how = element("p");
    var link = element("a", "", _("How the proposals are chosen"));
    link.href = "#how-proposals-are-chosen";
    how.appendChild(link);
    parts.proposals.appendChild(how);
    results.appendChild(parts.proposals);
    root.appendChild(results);
  }

  build();
  load(restore());
  window.addEventListener("hashchange", function () {
    var fromAddress = decode(location.hash);
    if (fromAddress) load(restore()); // a link pasted into this tab
  });
})();
