// The practice index: a keyword box and faceted filters (AND across facets, OR within one, counts per
// value), four sort orders, cards a page at a time. Every change is a history entry, so Back undoes it
// (?q=caf&country=NO&sort=title&page=2). The data comes from practices/index-data.js, a script that
// assigns one global (see generator/render/facets.py): a script loads over file://, fetch() does not.
// Text goes into the page with textContent only. Its own words are marked _("...") and ngettext(...) for the
// interface's catalogue (generator/i18n.py); in another language, assets/practice-filters.<lang>.js gives them first.
(function () {
  "use strict";
  var i18n = window.portalMessages(window.portalPracticeFiltersMessages);
  var _ = i18n._, ngettext = i18n.ngettext;


  var PAGE_SIZE = 50;
  var CARD_NAMES = 3; // municipalities or organisations named on a card
  var NARROW = "(max-width: 44em)"; // as in filters.css: filters behind a button, results first
  var SORTS = [ // key, option, how the result count says it
    ["newest", _("Newest (year started)"), _("newest first")],
    ["title", _("Title (A to Z)"), _("by title")],
    ["country", _("Country (A to Z)"), _("by country")],
    ["verified", _("Last verified"), _("most recently verified first")]
  ];
  var DEFAULT_SORT = "newest";
  var RESERVED = ["q", "sort", "page"]; // query parameters that are not facets

  // Letters that Unicode does not decompose into a base letter and a mark.
  var LETTERS = { "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d",
    "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t" };

  // Cyrillic letters (Macedonian, Serbian, and those of Russian and Ukrainian) as the Latin ones that the
  // South Slavic Latin alphabets write for them, without their diacritics: џ as dž, then dz; ћ as ć, then c.
  // Letters with a mark (ѓ, ќ, й, ё, ї) have lost it before this, ѓ and ќ meeting ǵ and ḱ as g and k.
  var CYRILLIC = { "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "d", "е": "e", "ж": "z", "з": "z",
    "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c",
    "џ": "dz", "ш": "s", "щ": "sc", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja", "є": "je",
    "і": "i", "ґ": "g" };
  // The same, by code from а (U+0430) to џ (U+045F): a look-up per letter, not a callback (10,000 texts).
  var FROM_CYRILLIC = [];
  for (var code = 0x430; code <= 0x45f; code++) {
    var letter = String.fromCharCode(code);
    FROM_CYRILLIC.push(Object.prototype.hasOwnProperty.call(CYRILLIC, letter) ? CYRILLIC[letter] : letter);
  }

  function latin(text) {
    if (!/[\u0430-\u045f\u0491]/.test(text)) return text;
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      out += c >= 0x430 && c <= 0x45f ? FROM_CYRILLIC[c - 0x430] : c === 0x491 ? "g" : text[i];
    }
    return out;
  }

  // Lower case without diacritics, in Latin letters: "Čapljina", "Søbyđ" and "Târgu Mureș" are found as
  // typed on any keyboard, "Скопје" as "skopje" and "Gran" as "гран".
  function fold(text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase(); // most text: no need to decompose
    return latin(text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[øđłæœßþðħıŀŧ]/g, function (letter) { return LETTERS[letter]; }));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Filters(root, data) {
    var self = this;
    this.root = root;
    this.facets = data.facets;
    this.names = data.names;
    // Each name's other names (abbreviation, English or own name): found by the keyword box, not shown.
    this.otherNames = data.other_names || [];
    this.rows = data.practices;
    // On a page in another language: where the English pages of practices not translated into it are.
    this.original = data.original || null;
    this.column = {};
    data.columns.forEach(function (name, i) { self.column[name] = i; });
    this.facetColumn = this.facets.map(function (facet) { return self.column[facet.key]; });
    this.facetIndex = {};
    this.facets.forEach(function (facet, f) { self.facetIndex[facet.key] = f; });
    this.selected = this.facets.map(function () { return new Set(); });
    this.keyword = "";
    this.sort = DEFAULT_SORT;
    this.page = 1;
    this.orders = {};
    this.haystacks = null;
    this.lastChange = null;
    this.readState();
    this.build();
    this.syncControls();
    this.update();
    // Fold the texts for the keyword box once the first cards are shown, before anyone types.
    window.setTimeout(function () { self.haystack(0); }, 0);
    window.addEventListener("popstate", function () {
      self.lastChange = null;
      self.readState();
      self.syncControls();
      self.update();
    });
  }

  // ------------------------------------------------------------------ state and history

  Filters.prototype.readState = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    this.facets.forEach(function (facet, f) {
      var wanted = params.getAll(facet.key);
      self.selected[f].clear();
      facet.values.forEach(function (value, v) {
        if (wanted.indexOf(value[0]) !== -1) self.selected[f].add(v);
      });
    });
    this.keyword = params.get("q") || "";
    var sort = params.get("sort");
    this.sort = SORTS.some(function (s) { return s[0] === sort; }) ? sort : DEFAULT_SORT;
    var page = parseInt(params.get("page"), 10);
    this.page = page > 0 ? page : 1;
  };

  Filters.prototype.address = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    RESERVED.forEach(function (key) { params.delete(key); });
    if (this.keyword.trim()) params.set("q", this.keyword);
    this.facets.forEach(function (facet, f) {
      params.delete(facet.key);
      facet.values.forEach(function (value, v) {
        if (self.selected[f].has(v)) params.append(facet.key, value[0]);
      });
    });
    if (this.sort !== DEFAULT_SORT) params.set("sort", this.sort);
    if (this.page > 1) params.set("page", String(this.page));
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };

  // One history entry per change, so Back undoes it; the letters of one word typed make one entry.
  Filters.prototype.change = function (kind) {
    if (kind !== "page") this.page = 1;
    this.update();
    var address = this.address();
    var current = window.location.pathname + window.location.search + window.location.hash;
    if (address !== current) {
      if (kind === "keyword" && this.lastChange === "keyword") window.history.replaceState(null, "", address);
      else window.history.pushState(null, "", address);
    }
    this.lastChange = kind;
  };

  // ------------------------------------------------------------------ the page's parts

  Filters.prototype.build = function () {
    var fallback = this.root.querySelector(".portal-practices__fallback");
    if (fallback) fallback.hidden = true;
    this.root.classList.add("portal-practices--ready");
    this.root.appendChild(this.buildToolbar());
    this.root.appendChild(this.buildPanel());
    this.root.appendChild(this.buildResults());
  };

  Filters.prototype.buildToolbar = function () {
    var self = this;
    var toolbar = element("div", "portal-practices__toolbar");
    var search = element("div", "portal-practices__search");
    var searchLabel = element("label", null, _("Search practices"));
    this.input = element("input", "portal-practices__keyword");
    this.input.type = "search";
    this.input.id = searchLabel.htmlFor = "portal-practices-keyword";
    this.input.setAttribute("autocomplete", "off");
    this.input.setAttribute("aria-describedby", "portal-practices-keyword-hint");
    var hint = element("span", "portal-practices__hint", _("Titles, summaries and municipalities; accents optional."));
    hint.id = "portal-practices-keyword-hint";
    this.input.addEventListener("input", function () { self.keyword = self.input.value; self.change("keyword"); });
    search.appendChild(searchLabel);
    search.appendChild(this.input);
    search.appendChild(hint);

    var sorting = element("div", "portal-practices__sort");
    var sortLabel = element("label", null, _("Sort by"));
    this.sortSelect = element("select");
    this.sortSelect.id = sortLabel.htmlFor = "portal-practices-sort";
    SORTS.forEach(function (sort) {
      var option = element("option", null, sort[1]);
      option.value = sort[0];
      self.sortSelect.appendChild(option);
    });
    this.sortSelect.addEventListener("change", function () { self.sort = self.sortSelect.value; self.change("sort"); });
    sorting.appendChild(sortLabel);
    sorting.appendChild(this.sortSelect);

    this.toggle = element("button", "md-button portal-practices__toggle");
    this.toggle.type = "button";
    this.toggle.setAttribute("aria-controls", "portal-facets");
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.addEventListener("click", function () { self.openPanel(!self.root.classList.contains("portal-practices--open")); });

    toolbar.appendChild(search);
    toolbar.appendChild(sorting);
    toolbar.appendChild(this.toggle);
    return toolbar;
  };

  Filters.prototype.openPanel = function (open) {
    this.root.classList.toggle("portal-practices--open", open);
    this.toggle.setAttribute("aria-expanded", String(open));
    if (open) this.panel.querySelector("button").focus();
  };

  Filters.prototype.buildPanel = function () {
    var self = this;
    var narrow = window.matchMedia(NARROW).matches;
    var panel = this.panel = element("div", "portal-facets");
    panel.id = "portal-facets";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", _("Filter practices"));
    this.boxes = [];
    this.facets.forEach(function (facet, f) {
      if (!facet.values.length) return;
      var fieldset = element("fieldset", "portal-facet");
      var legend = element("legend", "portal-facet__legend");
      var opener = element("button", "portal-facet__opener", facet.label);
      opener.type = "button";
      var list = element("div", "portal-facet__values");
      list.id = "portal-facet-" + facet.key;
      opener.setAttribute("aria-controls", list.id);
      // On a phone the groups start closed (but for those in use), so the open panel is a short list.
      var open = !narrow || self.selected[f].size > 0;
      opener.setAttribute("aria-expanded", String(open));
      list.hidden = !open;
      opener.addEventListener("click", function () {
        list.hidden = !list.hidden;
        opener.setAttribute("aria-expanded", String(!list.hidden));
      });
      legend.appendChild(opener);
      fieldset.appendChild(legend);
      self.boxes[f] = facet.values.map(function (value, v) {
        var label = element("label", "portal-facet__value");
        var box = element("input");
        box.type = "checkbox";
        box.name = facet.key;
        box.value = value[0];
        box.addEventListener("change", function () {
          if (box.checked) self.selected[f].add(v); else self.selected[f].delete(v);
          self.change("facet");
        });
        var count = element("span", "portal-facet__count");
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value[1] + " "));
        label.appendChild(count);
        list.appendChild(label);
        return { box: box, count: count, label: label };
      });
      fieldset.appendChild(list);
      panel.appendChild(fieldset);
    });
    var actions = element("div", "portal-facets__actions");
    var clear = element("button", "md-button portal-facets__clear", _("Clear all filters"));
    clear.type = "button";
    clear.addEventListener("click", function () { self.clear(false); });
    this.done = element("button", "md-button md-button--primary portal-facets__done");
    this.done.type = "button";
    this.done.addEventListener("click", function () { self.openPanel(false); self.toggle.focus(); });
    actions.appendChild(clear);
    actions.appendChild(this.done);
    panel.appendChild(actions);
    return panel;
  };

  Filters.prototype.buildResults = function () {
    var self = this;
    var results = element("div", "portal-practices__results");
    this.status = element("p", "portal-practices__status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.active = element("div", "portal-practices__active");
    this.empty = element("div", "portal-practices__empty");
    this.empty.appendChild(element("p", "portal-practices__empty-title", _("No practice matches all of these.")));
    this.empty.appendChild(element("p", null,
      _("Remove a filter with its button above, try fewer or shorter words, or start again:")));
    this.emptyClear = element("button", "md-button md-button--primary portal-practices__empty-clear");
    this.emptyClear.type = "button";
    this.emptyClear.addEventListener("click", function () { self.clear(true); self.input.focus(); });
    this.empty.appendChild(this.emptyClear);
    this.list = element("ul", "portal-practices__list");
    this.pager = element("nav", "portal-practices__pager");
    this.pager.setAttribute("aria-label", _("Pages of practices"));
    this.previous = element("button", "md-button", _("Previous page"));
    this.next = element("button", "md-button", _("Next page"));
    this.previous.type = this.next.type = "button";
    this.pageLabel = element("span", "portal-practices__page");
    this.previous.addEventListener("click", function () { self.turn(-1); });
    this.next.addEventListener("click", function () { self.turn(1); });
    this.pager.appendChild(this.previous);
    this.pager.appendChild(this.pageLabel);
    this.pager.appendChild(this.next);
    [this.status, this.active, this.empty, this.list, this.pager].forEach(function (part) { results.appendChild(part); });
    return results;
  };

  Filters.prototype.turn = function (by) {
    this.page += by;
    this.change("page");
    this.status.scrollIntoView({ block: "nearest" });
  };

  Filters.prototype.clear = function (keywordToo) {
    this.selected.forEach(function (set) { set.clear(); });
    if (keywordToo) this.keyword = "";
    this.syncControls();
    this.change("clear");
  };

  // The controls show the state (after a Back, a bookmark or a clear).
  Filters.prototype.syncControls = function () {
    var self = this;
    this.input.value = this.keyword;
    this.sortSelect.value = this.sort;
    this.boxes.forEach(function (boxes, f) {
      (boxes || []).forEach(function (b, v) { b.box.checked = self.selected[f].has(v); });
    });
  };

  // ------------------------------------------------------------------ matching, counting, ordering

  Filters.prototype.haystack = function (i) {
    if (!this.haystacks) {
      var c = this.column, others = this.otherNames;
      var names = this.names.map(function (name, n) { return fold(others[n] ? name + " " + others[n] : name); });
      this.haystacks = this.rows.map(function (row) {
        var text = fold(row[c.title] + " " + row[c.summary]);
        for (var n = 0; n < row[c.run_by].length; n++) text += " " + names[row[c.run_by][n]];
        return text;
      });
    }
    return this.haystacks[i];
  };

  Filters.prototype.hits = function (row, f) {
    var positions = row[this.facetColumn[f]], wanted = this.selected[f];
    for (var i = 0; i < positions.length; i++) if (wanted.has(positions[i])) return true;
    return false;
  };

  // Row indices in the chosen order, computed once per order; ties keep the title order of the data.
  Filters.prototype.order = function (sort) {
    if (this.orders[sort]) return this.orders[sort];
    var rows = this.rows, c = this.column, key;
    var first = function (column) {
      return function (i) { var p = rows[i][column]; return p.length ? Math.min.apply(null, p) : Infinity; };
    };
    if (sort === "newest") key = first(c.year);
    else if (sort === "country") key = first(c.country);
    else if (sort === "verified") key = function (i) { return rows[i][c.verified]; };
    var indices = rows.map(function (_row, i) { return i; });
    // On a page in another language, the practices translated into it come first in every order.
    var translated = this.original ? rows.map(function (row) { return row[c.translated]; }) : null;
    if (key) {
      var keys = indices.map(key);
      var descending = sort === "verified";
      indices.sort(function (a, b) {
        if (translated && translated[a] !== translated[b]) return translated[b] - translated[a];
        if (keys[a] === keys[b]) return a - b;
        return (keys[a] < keys[b]) !== descending ? -1 : 1;
      });
    }
    this.orders[sort] = indices;
    return indices;
  };

  // One pass: a row that misses no selected facet matches and counts everywhere; a row that misses
  // exactly one facet counts only for that facet's values (what ticking one of them would add).
  // Plain loops: this runs over every practice at each change (10,000 in benchmarks/practice_index.py).
  Filters.prototype.evaluate = function () {
    var words = fold(this.keyword).split(/\s+/).filter(Boolean);
    var active = [];
    this.selected.forEach(function (set, f) { if (set.size) active.push(f); });
    var facetCount = this.facets.length, columns = this.facetColumn, rows = this.rows;
    var counts = this.facets.map(function (facet) { return new Int32Array(facet.values.length); });
    var add = function (row, f) {
      var positions = row[columns[f]], tally = counts[f];
      for (var p = 0; p < positions.length; p++) tally[positions[p]] += 1;
    };
    var matching = [], order = this.order(this.sort);
    for (var o = 0; o < order.length; o++) {
      var i = order[o], row = rows[i];
      if (words.length && !this.says(i, words)) continue;
      var missed = -1, misses = 0;
      for (var a = 0; a < active.length && misses < 2; a++) {
        if (!this.hits(row, active[a])) { misses += 1; missed = active[a]; }
      }
      if (misses === 0) {
        matching.push(row);
        for (var f = 0; f < facetCount; f++) add(row, f);
      } else if (misses === 1) add(row, missed);
    }
    return { matching: matching, counts: counts };
  };

  Filters.prototype.says = function (i, words) {
    var text = this.haystack(i);
    for (var w = 0; w < words.length; w++) if (text.indexOf(words[w]) === -1) return false;
    return true;
  };

  // ------------------------------------------------------------------ showing the result

  Filters.prototype.update = function () {
    var result = this.evaluate();
    var matching = result.matching;
    var pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    this.page = Math.min(Math.max(1, this.page), pages);
    this.list.textContent = "";
    var self = this;
    matching.slice((this.page - 1) * PAGE_SIZE, this.page * PAGE_SIZE).forEach(function (row) {
      self.list.appendChild(self.card(row));
    });
    this.showCounts(result.counts);
    var ticked = this.selected.reduce(function (n, set) { return n + set.size; }, 0);
    this.toggle.textContent = _("Filters ({count})", { count: ticked });
    this.done.textContent = ngettext("Show {count} practice", "Show {count} practices", matching.length, { count: matching.length });
    this.showActive();
    this.empty.hidden = matching.length > 0;
    this.emptyClear.textContent = this.keyword.trim() ? _("Clear the search and all filters") : _("Clear all filters");
    this.status.textContent = this.describeResult(matching.length, ticked, pages);
    this.pageLabel.textContent = _("Page {page} of {pages}", { page: this.page, pages: pages });
    this.previous.disabled = this.page <= 1;
    this.next.disabled = this.page >= pages;
    this.pager.hidden = pages <= 1;
  };

  Filters.prototype.describeResult = function (n, ticked, pages) {
    var searched = this.keyword.trim() !== "", count = { count: n };
    var text = searched && ticked ? ngettext("{count} practice matches your search and the filters",
                                             "{count} practices match your search and the filters", n, count)
      : searched ? ngettext("{count} practice matches your search", "{count} practices match your search", n, count)
      : ticked ? ngettext("{count} practice matches the filters", "{count} practices match the filters", n, count)
      : ngettext("{count} practice", "{count} practices", n, count);
    var sorted = SORTS.filter(function (s) { return s[0] === this.sort; }, this)[0][2];
    if (n > 1) text = _("{result}, {order}", { result: text, order: sorted });
    if (pages > 1) text = _("{result}, page {page} of {pages}", { result: text, page: this.page, pages: pages });
    return _("{result}.", { result: text });
  };

  Filters.prototype.showCounts = function (counts) {
    var self = this;
    this.boxes.forEach(function (boxes, f) {
      (boxes || []).forEach(function (b, v) {
        var text = "(" + counts[f][v] + ")"; // unchanged counts left alone: fewer nodes for the browser to lay out
        if (b.count.textContent !== text) b.count.textContent = text;
        b.label.classList.toggle("portal-facet__value--empty", counts[f][v] === 0 && !self.selected[f].has(v));
      });
    });
  };

  // What narrows the list, each with a button that removes it.
  Filters.prototype.showActive = function () {
    var self = this;
    this.active.textContent = "";
    var remove = function (text, description, undo) {
      var button = element("button", "portal-practices__chip");
      button.type = "button";
      button.appendChild(document.createTextNode(text + " "));
      var cross = element("span", "portal-practices__chip-cross", "×");
      cross.setAttribute("aria-hidden", "true");
      button.appendChild(cross);
      button.setAttribute("aria-label", description);
      button.addEventListener("click", function () { undo(); self.syncControls(); self.change("remove"); });
      self.active.appendChild(button);
    };
    if (this.keyword.trim()) {
      var words = this.keyword.trim();
      remove(_("“{words}”", { words: words }), _("Remove the search {words}", { words: words }), function () { self.keyword = ""; });
    }
    this.facets.forEach(function (facet, f) {
      facet.values.forEach(function (value, v) {
        if (!self.selected[f].has(v)) return;
        remove(value[1], _("Remove the filter {facet}: {value}", { facet: facet.label, value: value[1] }),
               function () { self.selected[f].delete(v); });
      });
    });
    this.active.hidden = !this.active.childNodes.length;
  };

  // A row's values of a facet, as [key, label] (the label may be in the page's language, the key is not).
  Filters.prototype.values = function (row, key) {
    var f = this.facetIndex[key];
    if (f === undefined) return [];
    var values = this.facets[f].values;
    return row[this.facetColumn[f]].map(function (v) { return values[v]; });
  };

  Filters.prototype.labels = function (row, key) {
    return this.values(row, key).map(function (value) { return value[1]; });
  };

  Filters.prototype.card = function (row) {
    var c = this.column, names = this.names;
    var item = element("li", "portal-card");
    var heading = element("h2", "portal-card__title");
    var link = element("a", null, row[c.title]);
    var href = encodeURIComponent(row[c.id]) + ".html";
    link.href = this.original && !row[c.translated] ? this.original.prefix + href : href;
    heading.appendChild(link);
    item.appendChild(heading);
    var summary = element("p", "portal-card__summary", row[c.summary]);
    item.appendChild(summary);
    if (this.original && !row[c.translated]) {  // shown in its own language, linking to its original page
      heading.lang = summary.lang = (this.values(row, "language")[0] || [this.original.language])[0];
    }
    // Who runs it: the first few, then how many more (SoRi's practices have seven or eight organisations,
    // each by its full name; the practice's page lists them all, and the keyword box searches them all).
    var runBy = row[c.run_by].map(function (n) { return names[n]; });
    var where = runBy.slice(0, CARD_NAMES).join(", ");
    if (runBy.length > CARD_NAMES) {
      var more = runBy.length - CARD_NAMES;
      where += " " + ngettext("+ {count} more", "+ {count} more", more, { count: more });
    }
    var countries = this.labels(row, "country").join(", ");
    var started = this.values(row, "year").filter(function (y) { return y[0] !== "unknown"; })
      .map(function (y) { return y[1]; });
    var meta = [where, countries, started.length ? _("started {year}", { year: started[0] }) : ""].filter(Boolean).join(" · ");
    if (meta) item.appendChild(element("p", "portal-practices__meta", meta));
    var badges = element("p", "portal-card__badges");
    this.labels(row, "status").forEach(function (status) {
      badges.appendChild(element("span", "portal-card__badge portal-card__badge--status", status));
    });
    if (row[c.transfers] > 0) {
      badges.appendChild(element("span", "portal-card__badge portal-card__badge--transfer", _("Taken up elsewhere")));
    }
    badges.appendChild(element("span", "portal-card__verified", _("Verified {date}", { date: row[c.verified] })));
    item.appendChild(badges);
    return item;
  };

  function init() {
    var root = document.querySelector("[data-portal-practices]");
    if (!root || root.dataset.portalReady) return;
    var data = window[root.getAttribute("data-portal-practices")];
    if (!data) { console.error("Practice filters unavailable: index-data.js did not load"); return; }
    if (!data.practices.length) return;  // a new portal: the page's own text invites the first practice
    root.dataset.portalReady = "1";
    new Filters(root, data);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
