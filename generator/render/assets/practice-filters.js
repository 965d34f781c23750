// Faceted filters on the practice index: AND across facets, OR within one, counts per value,
// state in the query string (?country=NO&theme=education&page=2). Data from practices/index.json
// (see generator/render/facets.py). Text goes into the page with textContent only.
(function () {
  "use strict";
  var PAGE_SIZE = 50;
  var FIRST_FACET = 2; // a row is [id, title, facet0 positions, facet1 positions, ...]

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Filters(root, data) {
    this.root = root;
    this.facets = data.facets;
    this.rows = data.practices;
    this.selected = this.facets.map(function () { return new Set(); });
    this.page = 1;
    this.boxes = [];
    this.readState();
    this.build();
    this.update(false);
  }

  Filters.prototype.readState = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    this.facets.forEach(function (facet, f) {
      var wanted = params.getAll(facet.key);
      facet.values.forEach(function (value, v) {
        if (wanted.indexOf(value[0]) !== -1) self.selected[f].add(v);
      });
    });
    var page = parseInt(params.get("page"), 10);
    this.page = page > 0 ? page : 1;
  };

  Filters.prototype.writeState = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    this.facets.forEach(function (facet, f) {
      params.delete(facet.key);
      facet.values.forEach(function (value, v) {
        if (self.selected[f].has(v)) params.append(facet.key, value[0]);
      });
    });
    params.delete("page");
    if (this.page > 1) params.set("page", String(this.page));
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  };

  Filters.prototype.build = function () {
    var self = this;
    var panel = element("div", "portal-facets");
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", "Filter practices");
    this.facets.forEach(function (facet, f) {
      if (!facet.values.length) return;
      var fieldset = element("fieldset", "portal-facet");
      fieldset.appendChild(element("legend", "portal-facet__legend", facet.label));
      var list = element("div", "portal-facet__values");
      self.boxes[f] = facet.values.map(function (value, v) {
        var label = element("label", "portal-facet__value");
        var box = element("input");
        box.type = "checkbox";
        box.name = facet.key;
        box.value = value[0];
        box.checked = self.selected[f].has(v);
        box.addEventListener("change", function () {
          if (box.checked) self.selected[f].add(v); else self.selected[f].delete(v);
          self.page = 1;
          self.update(true);
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
    var clear = element("button", "md-button portal-facets__clear", "Clear all filters");
    clear.type = "button";
    clear.addEventListener("click", function () {
      self.selected.forEach(function (set) { set.clear(); });
      self.boxes.forEach(function (boxes) { (boxes || []).forEach(function (b) { b.box.checked = false; }); });
      self.page = 1;
      self.update(true);
    });
    panel.appendChild(clear);

    this.status = element("p", "portal-practices__status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.list = element("ul", "portal-practices__list");
    this.pager = element("nav", "portal-practices__pager");
    this.pager.setAttribute("aria-label", "Pages of practices");
    this.previous = element("button", "md-button", "Previous page");
    this.next = element("button", "md-button", "Next page");
    this.previous.type = this.next.type = "button";
    this.pageLabel = element("span", "portal-practices__page");
    this.previous.addEventListener("click", function () { self.page -= 1; self.update(true); });
    this.next.addEventListener("click", function () { self.page += 1; self.update(true); });
    this.pager.appendChild(this.previous);
    this.pager.appendChild(this.pageLabel);
    this.pager.appendChild(this.next);

    var results = element("div", "portal-practices__results");
    results.appendChild(this.status);
    results.appendChild(this.list);
    results.appendChild(this.pager);
    var fallback = this.root.querySelector(".portal-practices__fallback");
    if (fallback) fallback.hidden = true;
    this.root.appendChild(panel);
    this.root.appendChild(results);
  };

  // Does the row match every facet with a selection, except facet `skip`?
  Filters.prototype.matches = function (row, skip) {
    for (var f = 0; f < this.facets.length; f++) {
      if (f === skip || !this.selected[f].size) continue;
      var positions = row[FIRST_FACET + f], hit = false;
      for (var i = 0; i < positions.length && !hit; i++) hit = this.selected[f].has(positions[i]);
      if (!hit) return false;
    }
    return true;
  };

  Filters.prototype.updateCounts = function () {
    var self = this;
    this.facets.forEach(function (facet, f) {
      if (!self.boxes[f]) return;
      var counts = facet.values.map(function () { return 0; });
      self.rows.forEach(function (row) {
        if (!self.matches(row, f)) return;
        row[FIRST_FACET + f].forEach(function (v) { counts[v] += 1; });
      });
      self.boxes[f].forEach(function (b, v) {
        b.count.textContent = "(" + counts[v] + ")";
        b.label.classList.toggle("portal-facet__value--empty", counts[v] === 0 && !b.box.checked);
      });
    });
  };

  Filters.prototype.describe = function (row) {
    var parts = [];
    var self = this;
    ["country", "year", "status"].forEach(function (key) {
      var f = self.facets.findIndex(function (facet) { return facet.key === key; });
      if (f === -1) return;
      var labels = row[FIRST_FACET + f].map(function (v) { return self.facets[f].values[v][1]; });
      if (labels.length) parts.push((key === "year" ? "from " : "") + labels.join(", "));
    });
    return parts.join(" · ");
  };

  Filters.prototype.update = function (remember) {
    var self = this;
    var matching = this.rows.filter(function (row) { return self.matches(row, -1); });
    var pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    this.page = Math.min(Math.max(1, this.page), pages);
    this.list.textContent = "";
    matching.slice((this.page - 1) * PAGE_SIZE, this.page * PAGE_SIZE).forEach(function (row) {
      var item = element("li", "portal-practices__item");
      var link = element("a", null, row[1]);
      link.href = encodeURIComponent(row[0]) + ".html";
      item.appendChild(link);
      item.appendChild(element("span", "portal-practices__meta", self.describe(row)));
      self.list.appendChild(item);
    });
    this.updateCounts();
    var filtered = this.selected.some(function (set) { return set.size > 0; });
    var one = matching.length === 1;
    this.status.textContent = matching.length + (one ? " practice" : " practices") +
      (filtered ? (one ? " matches" : " match") + " the filters" : "") +
      (pages > 1 ? ", page " + this.page + " of " + pages : "") + ".";
    this.pageLabel.textContent = "Page " + this.page + " of " + pages;
    this.previous.disabled = this.page <= 1;
    this.next.disabled = this.page >= pages;
    this.pager.hidden = pages <= 1;
    if (remember) this.writeState();
  };

  function init() {
    var root = document.querySelector("[data-portal-practices]");
    if (!root || root.dataset.portalReady) return;
    root.dataset.portalReady = "1";
    fetch(root.getAttribute("data-portal-practices"))
      .then(function (response) { return response.json(); })
      .then(function (data) { new Filters(root, data); })
      .catch(function (error) { console.error("Practice filters unavailable:", error); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
