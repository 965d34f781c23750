// Index tables (table[data-portal-table]): filter as you type, sort by any column. Plain script, no third-party code.
// A cell may give its sort key in data-sort (a population, a start year, a name's Latin form).
// Its words are marked _("...") for the interface's catalogue (generator/i18n.py); in another language,
// assets/tables.<lang>.js gives them first (the language site's extra_javascript, render/i18n.py).
(function () {
  "use strict";
  var collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  var i18n = window.portalMessages(window.portalTablesMessages);
  var _ = i18n._;


  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A cell's key: a number where the cell holds one ("24 450" too), else its text.
  function sortKey(cell) {
    if (!cell) return { empty: true };
    var text = (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent).trim();
    if (text === "") return { empty: true };
    var number = Number(text.replace(/[\s\u00a0\u202f]/g, ""));
    return isNaN(number) ? { text: text } : { number: number };
  }

  // Numbers before texts; empty cells last in either direction.
  function compare(x, y, ascending) {
    if (x.empty || y.empty) return (x.empty ? 1 : 0) - (y.empty ? 1 : 0);
    var order;
    if ("number" in x && "number" in y) order = x.number - y.number;
    else if ("number" in x || "number" in y) order = "number" in x ? -1 : 1;
    else order = collator.compare(x.text, y.text);
    return ascending ? order : -order;
  }

  function addFilter(table, body) {
    var label = document.createElement("label");
    label.className = "portal-filter";
    label.textContent = _("Filter this table:") + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.setAttribute("aria-label", _("Filter this table"));
    label.appendChild(input);
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "portal-filter__count";
    label.appendChild(status);
    table.parentNode.insertBefore(label, table);
    function update() {
      var query = fold(input.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var match = !query || fold(row.textContent).indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown++;
      });
      status.textContent = " " + _("{shown} of {total} shown", { shown: shown, total: body.rows.length });
    }
    input.addEventListener("input", update);
    update();
  }

  function addSorting(table, body) {
    var headers = table.tHead.rows[0].cells;
    // On a phone the header is a row of sort buttons after these words (tables.css, `attr()`).
    table.tHead.rows[0].setAttribute("data-sort-label", _("Sort by"));
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("role", "columnheader");  // Material's sort arrows follow aria-sort on such headers
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.map.call(body.rows, function (row, position) {
          return { row: row, key: sortKey(row.cells[index]), position: position };
        });
        rows.sort(function (a, b) { return compare(a.key, b.key, ascending) || a.position - b.position; });
        rows.forEach(function (item) { body.appendChild(item.row); });
      });
    });
  }

  // On a phone the rows are cards (tables.css): each value needs its column's name, and the
  // table its roles, which some browsers drop from a table that is not displayed as one.
  function labelCells(table) {
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) { group.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (cell.tagName === "TD") {
          cell.setAttribute("role", "cell");
          if (!cell.hasAttribute("data-label") && names[index]) cell.setAttribute("data-label", names[index]);
        }
      });
    });
  }

  function enhance(table) {
    if (table.dataset.portalReady || !table.tHead || !table.tBodies[0]) return;
    var body = table.tBodies[0];
    labelCells(table);
    addFilter(table, body);
    addSorting(table, body);
    table.dataset.portalReady = "1";
  }

  function init() { document.querySelectorAll("table[data-portal-table]").forEach(enhance); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
