// Sortable, filterable index tables. Plain script, no third-party code.
(function () {
  "use strict";
  function cellValue(row, index) {
    var text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    var number = Number(text.replace(/[\s\u202f]/g, ""));
    return text !== "" && !isNaN(number) ? number : text.toLowerCase();
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function enhance(table) {
    if (table.dataset.portalReady) return;
    table.dataset.portalReady = "1";
    var body = table.tBodies[0];
    var label = document.createElement("label");
    label.className = "portal-filter";
    label.textContent = "Filter this table: ";
    var input = document.createElement("input");
    input.type = "search";
    input.setAttribute("aria-label", "Filter this table");
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
      status.textContent = " " + shown + " of " + body.rows.length + " shown";
    }
    input.addEventListener("input", update);
    update();
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function init() { document.querySelectorAll("table[data-portal-table]").forEach(enhance); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
