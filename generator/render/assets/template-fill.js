/* "Fill in on this page": a template's form as inputs, kept in this browser, printed, downloaded
   filled in (JSON in the FilledTemplate shape of generator/models/filled.py, CSV in the layout of
   generator/render/form_csv.py, and the portal's own Excel download with its cells filled in) and
   loaded back from a JSON file.
   The data comes from templates/<id>.fill.js (generator/render/template_fill.py). Every text from it
   or from a file reaches the page through textContent or value, never as HTML.
   Its own words are marked _("...") for the interface's catalogue (generator/i18n.py); in another
   language than English, assets/template-fill.<lang>.js gives them before this script runs. */
(function () {
  "use strict";

  var root = document.querySelector("[data-portal-fill]");
  var data = root && window[root.getAttribute("data-portal-fill")];
  if (!data) return;

  var i18n = window.portalMessages(window.portalTemplateFillMessages);
  var _ = i18n._;


  // A label from the template's data, in the page's language where it is one of the interface's (a
  // standard header field); the data keep the English one, which the downloads and `portal import` use.
  var label = i18n.label;

  var FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];
  var PLAIN_NUMBER = /^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
  var uid = 0;
  var state = load() || initialState(false);
  var parts = {};

  // ------------------------------------------------------------------ the draft

  function emptyCells(table) {
    var cells = {};
    table.columns.forEach(function (column) { cells[column.key] = ""; });
    return cells;
  }

  function givenRow(table, groupIndex, given) {
    var cells = emptyCells(table);
    var source = table.groups[groupIndex].rows[given];
    Object.keys(source).forEach(function (key) { if (key in cells) cells[key] = String(source[key]); });
    return { group: groupIndex, given: given, cells: cells };
  }

  function initialRows(table) {
    var rows = [];
    table.groups.forEach(function (group, groupIndex) {
      group.rows.forEach(function (ignored, given) { rows.push(givenRow(table, groupIndex, given)); });
      if (!group.rows.length && group.blank_rows > 0) rows.push({ group: groupIndex, given: null, cells: emptyCells(table) });
    });
    return rows;
  }

  function initialState(on) {
    var fresh = { on: on, header: {}, tables: {}, checklist: {} };
    data.header.forEach(function (field) { fresh.header[field.key] = ""; });
    data.tables.forEach(function (table) { fresh.tables[table.key] = initialRows(table); });
    if (data.checklist) data.checklist.items.forEach(function (item) { fresh.checklist[item.title] = false; });
    return fresh;
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(data.storage_key) || "null");
      if (saved && saved.version === data.template_version && saved.state) return saved.state;
    } catch (error) { /* no storage (private window) or an unreadable draft: start afresh */ }
    return null;
  }

  function save() {
    try {
      window.localStorage.setItem(data.storage_key, JSON.stringify({ version: data.template_version, state: state }));
    } catch (error) { say(_("This browser does not keep drafts (private window?): download the JSON to keep your work.")); }
    drawPrintout();
  }

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function button(label, onClick, className) {
    var node = el("button", "md-button portal-fill__button" + (className ? " " + className : ""), label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function say(message) { parts.status.textContent = message; }

  function nextId(prefix) { uid += 1; return "portal-fill-" + prefix + "-" + uid; }

  // ------------------------------------------------------------------ inputs

  function describe(input, container, text) {
    if (!text) return;
    var hint = el("span", "portal-fill__hint", text);
    hint.id = nextId("hint");
    input.setAttribute("aria-describedby", hint.id);
    container.appendChild(hint);
  }

  function cellInput(column, value) {
    var input;
    if (column.choices) {
      input = el("select", "portal-fill__input");
      var options = [""].concat(column.choices);
      if (value && column.choices.indexOf(value) < 0) options.push(value);  // a loaded answer is never dropped
      options.forEach(function (choice) {
        var option = el("option", null, choice || _("(choose)"));
        option.value = choice;
        input.appendChild(option);
      });
    } else if (column.range) {
      input = el("input", "portal-fill__input portal-fill__input--number");
      input.type = "number";
      input.inputMode = column.whole ? "numeric" : "decimal";
      if (column.minimum !== null) input.min = String(column.minimum);
      if (column.maximum !== null) input.max = String(column.maximum);
      input.step = column.whole ? "1" : "any";
    } else if (column.width >= 3) {
      input = el("textarea", "portal-fill__input");
      input.rows = 2;
    } else {
      input = el("input", "portal-fill__input");
      input.type = "text";
    }
    input.value = value;
    return input;
  }

  function field(labelText, input, hintText, onValue) {
    var box = el("div", "portal-fill__field");
    input.id = nextId("input");
    var label = el("label", "portal-fill__label", labelText);
    label.htmlFor = input.id;
    box.appendChild(label);
    describe(input, box, hintText);
    box.appendChild(input);
    input.addEventListener(input.tagName === "SELECT" ? "change" : "input", function () {
      if (input.validity && !input.validity.valid) {
        say(labelText + ": " + (hintText || input.validationMessage));
      }
      onValue(input.value);
      save();
    });
    return box;
  }

  // ------------------------------------------------------------------ the editor

  function drawHeader() {
    var box = el("fieldset", "portal-fill__header");
    box.appendChild(el("legend", null, _("About this form")));
    data.header.forEach(function (f) {
      var input;
      if (f.lines > 1) { input = el("textarea", "portal-fill__input"); input.rows = Math.min(f.lines, 6); }
      else { input = el("input", "portal-fill__input"); input.type = "text"; }
      input.value = state.header[f.key] || "";
      var wide = f.lines > 1 || data.standard_header.indexOf(f.key) < 0;
      var item = field(label(f.label), input, f.hint, function (value) { state.header[f.key] = value; });
      if (wide) item.classList.add("portal-fill__field--wide");
      box.appendChild(item);
    });
    return box;
  }

  function rowNumberIn(rows, row) {
    var number = 0;
    for (var i = 0; i < rows.length; i += 1) {
      if (rows[i].group === row.group) number += 1;
      if (rows[i] === row) return number;
    }
    return number;
  }

  function drawRow(table, rows, row, redraw) {
    var group = table.groups[row.group];
    var box = el("div", "portal-fill__row");
    box.setAttribute("role", "group");
    var number = rowNumberIn(rows, row);
    var name = table.grouped ? _("Row {number} of {group}", { number: number, group: group.title })
                             : _("Row {number}", { number: number });
    box.setAttribute("aria-label", table.title + ": " + name);
    var given = row.given === null ? {} : group.rows[row.given];
    var heading = el("p", "portal-fill__row-name", name);
    box.appendChild(heading);
    table.columns.forEach(function (column) {
      if (given[column.key]) {  // filled in ahead by the template (a question, a sub-criterion): shown, not edited
        var fixed = el("p", "portal-fill__given");
        fixed.appendChild(el("span", "portal-fill__label", column.name));
        fixed.appendChild(el("span", null, row.cells[column.key]));
        box.appendChild(fixed);
        return;
      }
      var input = cellInput(column, row.cells[column.key] || "");
      var hint = [column.description, column.range ? _("Write {range}.", { range: column.range }) : ""].filter(Boolean).join(" ");
      var item = field(column.name, input, hint, function (value) { row.cells[column.key] = value; });
      if (column.width >= 3) item.classList.add("portal-fill__field--wide");
      box.appendChild(item);
    });
    if (row.given === null) {
      box.appendChild(button(_("Remove this row"), function () {
        rows.splice(rows.indexOf(row), 1);
        save();
        redraw(row.group);
        say(_("{row} removed.", { row: name }));
      }, "portal-fill__remove"));
    }
    return box;
  }

  function drawTable(table) {
    var section = el("section", "portal-fill__table");
    var rows = state.tables[table.key];
    function redraw(focusGroup) {
      var fresh = drawTable(table);
      section.replaceWith(fresh);
      var add = fresh.querySelectorAll(".portal-fill__add")[focusGroup];
      if (add) add.focus();
    }
    section.appendChild(el("h3", null, table.title));
    if (table.description) section.appendChild(el("p", "portal-fill__hint", table.description));
    table.groups.forEach(function (group, groupIndex) {
      var box = el(table.grouped ? "fieldset" : "div", "portal-fill__group");
      if (table.grouped) box.appendChild(el("legend", null, group.title));
      rows.forEach(function (row) { if (row.group === groupIndex) box.appendChild(drawRow(table, rows, row, redraw)); });
      var add = table.grouped ? _("Add a row to {group}", { group: group.title }) : _("Add a row");
      box.appendChild(button(add, function () {
        var row = { group: groupIndex, given: null, cells: emptyCells(table) };
        var last = -1;
        rows.forEach(function (r, i) { if (r.group <= groupIndex) last = i; });
        rows.splice(last + 1, 0, row);
        save();
        var fresh = drawTable(table);
        section.replaceWith(fresh);
        var boxes = fresh.querySelectorAll(".portal-fill__group")[groupIndex].querySelectorAll(".portal-fill__row");
        var input = boxes[boxes.length - 1].querySelector(".portal-fill__input");
        if (input) input.focus();
        say(_("Row added."));
      }, "portal-fill__add"));
      section.appendChild(box);
    });
    return section;
  }

  function drawChecklist() {
    var box = el("fieldset", "portal-fill__checklist");
    box.appendChild(el("legend", null, data.checklist.title));
    data.checklist.items.forEach(function (item) {
      var label = el("label", "portal-fill__check");
      var input = el("input");
      input.type = "checkbox";
      input.checked = Boolean(state.checklist[item.title]);
      input.addEventListener("change", function () { state.checklist[item.title] = input.checked; save(); });
      label.appendChild(input);
      label.appendChild(el("strong", null, item.title));
      if (item.description) label.appendChild(el("span", null, " — " + item.description));
      box.appendChild(label);
    });
    return box;
  }

  function drawEditor() {
    var editor = parts.editor;
    editor.textContent = "";
    editor.appendChild(drawHeader());
    data.tables.forEach(function (table) { editor.appendChild(drawTable(table)); });
    if (data.checklist) editor.appendChild(drawChecklist());
    drawPrintout();
  }

  // ------------------------------------------------------------------ the printout (same classes as the blank form)

  function widths(table) {
    var total = table.columns.reduce(function (sum, column) { return sum + column.width; }, 0);
    return table.columns.map(function (column) { return (100 * column.width / total).toFixed(1) + "%"; });
  }

  function colgroup(list) {
    var group = el("colgroup");
    list.forEach(function (width) { var col = el("col"); col.setAttribute("width", width); group.appendChild(col); });
    return group;
  }

  function printedHeader(section) {
    var standard = data.header.filter(function (f) { return data.standard_header.indexOf(f.key) >= 0; });
    var others = data.header.filter(function (f) { return data.standard_header.indexOf(f.key) < 0; });
    if (standard.length) {
      var table = el("table", "portal-form__header");
      table.appendChild(colgroup(["16%", "34%", "16%", "34%"]));
      var body = el("tbody");
      for (var i = 0; i < standard.length; i += 2) {
        var tr = el("tr");
        standard.slice(i, i + 2).forEach(function (f) {
          var th = el("th", null, label(f.label));
          th.scope = "row";
          tr.appendChild(th);
          tr.appendChild(el("td", "portal-form__answer", state.header[f.key] || ""));
        });
        body.appendChild(tr);
      }
      table.appendChild(body);
      section.appendChild(table);
    }
    if (others.length) {
      var fields = el("table", "portal-form__fields");
      fields.appendChild(colgroup(["28%", "72%"]));
      var tbody = el("tbody");
      others.forEach(function (f) {
        var tr = el("tr");
        var th = el("th", null, label(f.label));
        th.scope = "row";
        tr.appendChild(th);
        tr.appendChild(el("td", "portal-form__answer portal-form__answer--" + Math.min(f.lines, 6), state.header[f.key] || ""));
        tbody.appendChild(tr);
      });
      fields.appendChild(tbody);
      section.appendChild(fields);
    }
  }

  function printedTable(table) {
    var wrap = el("div", "portal-form-scroll");
    var node = el("table", "portal-form__table");
    node.appendChild(el("caption", null, table.title));
    node.appendChild(colgroup(widths(table)));
    var head = el("thead");
    var tr = el("tr");
    table.columns.forEach(function (column) { var th = el("th", null, column.name); th.scope = "col"; tr.appendChild(th); });
    head.appendChild(tr);
    node.appendChild(head);
    table.groups.forEach(function (group, groupIndex) {
      var body = el("tbody");
      if (table.grouped) {
        var title = el("tr", "portal-form__group");
        var th = el("th", null, group.title);
        th.scope = "rowgroup";
        th.colSpan = table.columns.length;
        title.appendChild(th);
        body.appendChild(title);
      }
      state.tables[table.key].forEach(function (row) {
        if (row.group !== groupIndex) return;
        var line = el("tr", rowIsEmpty(row) ? "portal-form__blank" : null);
        table.columns.forEach(function (column) { line.appendChild(el("td", null, row.cells[column.key] || "")); });
        body.appendChild(line);
      });
      node.appendChild(body);
    });
    wrap.appendChild(node);
    return wrap;
  }

  function drawPrintout() {
    var section = parts.printout;
    section.textContent = "";
    section.appendChild(el("h3", "portal-form__title", data.title));
    printedHeader(section);
    data.tables.forEach(function (table) { section.appendChild(printedTable(table)); });
    if (data.checklist) {
      section.appendChild(el("p", "portal-fill__print-checklist-title", data.checklist.title));
      var list = el("ul", "portal-fill__print-checklist");
      data.checklist.items.forEach(function (item) {
        var done = Boolean(state.checklist[item.title]);
        var li = el("li", done ? "portal-fill__done" : null, (done ? "\u2611 " : "\u2610 ") + item.title +
                    (item.description ? " — " + item.description : ""));
        list.appendChild(li);
      });
      section.appendChild(list);
    }
    section.appendChild(el("p", "portal-print-footer", _("Source: {source} · Last verified {date}",
                                                         { source: data.csv.source, date: data.csv.last_verified })));
  }

  // ------------------------------------------------------------------ files: JSON and CSV out, JSON in

  function rowIsEmpty(row) {
    return Object.keys(row.cells).every(function (key) { return !row.cells[key]; });
  }

  function filled() {
    var tables = {};
    data.tables.forEach(function (table) {
      tables[table.key] = state.tables[table.key].filter(function (row) { return !rowIsEmpty(row); }).map(function (row) {
        var out = {};
        if (table.grouped) out[data.group_key] = table.groups[row.group].title;
        table.columns.forEach(function (column) { out[column.key] = row.cells[column.key] || ""; });
        return out;
      });
    });
    var header = {};
    data.header.forEach(function (f) { header[f.key] = state.header[f.key] || ""; });
    var checklist = {};
    if (data.checklist) data.checklist.items.forEach(function (item) { checklist[item.title] = Boolean(state.checklist[item.title]); });
    return { format: data.format, template: data.template, template_version: data.template_version,
             header: header, tables: tables, checklist: checklist };
  }

  function csvValue(value) {  // office.csv_value: text a spreadsheet would run as a formula gets an apostrophe
    value = value === null || value === undefined ? "" : String(value);
    var formula = FORMULA_START.some(function (start) { return value.indexOf(start) === 0; });
    return formula && !PLAIN_NUMBER.test(value) ? "'" + value : value;
  }

  function csvRow(row) {  // Python's csv.writer, QUOTE_MINIMAL
    if (row.length === 1 && row[0] === "") return '""';
    return row.map(function (value) {
      value = csvValue(value);
      return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
    }).join(",");
  }

  function csvText() {  // the layout of form_csv.py, with what was written filled in
    var blocks = [[["Form", data.csv.name, data.csv.title], ["Source", data.csv.source], ["Last verified", data.csv.last_verified]]];
    if (data.header.length) {
      blocks.push([["Fields"], ["Field", "Value", "Hint"]].concat(data.header.map(function (f) {
        return [f.label, state.header[f.key] || "", f.hint];
      })));
    }
    data.tables.forEach(function (table) {
      var names = table.columns.map(function (column) { return column.name; });
      var block = [["Table", table.key, table.title], table.grouped ? [table.group_label].concat(names) : names];
      state.tables[table.key].forEach(function (row) {
        var cells = table.columns.map(function (column) { return row.cells[column.key] || ""; });
        if (table.grouped) cells.unshift(table.groups[row.group].title);
        if (cells.some(Boolean)) block.push(cells);
      });
      blocks.push(block);
    });
    if (data.checklist) {
      blocks.push([["Checklist", "", data.checklist.title], ["Step", "What to do", "Done"]].concat(
        data.checklist.items.map(function (item) { return [item.title, item.description, state.checklist[item.title] ? "yes" : ""]; })));
    }
    data.csv.closing_blocks.forEach(function (block) { blocks.push(block); });  // e.g. Template,<id>,<version>
    var lines = [];
    blocks.forEach(function (block, number) {
      if (number) lines.push("");
      block.forEach(function (row) { lines.push(csvRow(row)); });
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  // The portal's own Excel download of the blank form (data.xlsx), its cells filled in: the Overview
  // sheet's values beside their labels, each table's rows on the sheet whose heading row is the
  // table's (rows added where the blank form had fewer), the checklist's Done column.
  var XLSX_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

  function bytesOf(base64) {
    var binary = window.atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function letters(index) {
    var name = "";
    for (index += 1; index; index = Math.floor((index - 1) / 26)) name = String.fromCharCode(65 + (index - 1) % 26) + name;
    return name;
  }

  function cellText(cell) {
    var parts = cell ? cell.getElementsByTagNameNS(XLSX_NS, "t") : [];
    return Array.prototype.map.call(parts, function (t) { return t.textContent; }).join("");
  }

  function sheetRows(doc) {
    var data = doc.getElementsByTagNameNS(XLSX_NS, "sheetData")[0];
    return { data: data, rows: Array.prototype.slice.call(data.getElementsByTagNameNS(XLSX_NS, "row")) };
  }

  function rowCells(row) { return Array.prototype.slice.call(row.getElementsByTagNameNS(XLSX_NS, "c")); }

  function setCell(doc, row, column, value, number) {
    var ref = letters(column) + row.getAttribute("r");
    var cells = rowCells(row);
    var cell = cells.filter(function (c) { return c.getAttribute("r") === ref; })[0];
    if (!cell) {
      cell = doc.createElementNS(XLSX_NS, "c");
      cell.setAttribute("r", ref);
      var style = cells.length ? cells[cells.length - 1].getAttribute("s") : null;
      if (style) cell.setAttribute("s", style);
      row.appendChild(cell);  // cells are written left to right, so a missing one comes last
    }
    while (cell.firstChild) cell.removeChild(cell.firstChild);
    if (value === "") { cell.removeAttribute("t"); return; }
    if (number) {
      cell.setAttribute("t", "n");
      cell.appendChild(doc.createElementNS(XLSX_NS, "v")).textContent = value;
      return;
    }
    cell.setAttribute("t", "inlineStr");  // text, never a formula, whatever it starts with
    var t = cell.appendChild(doc.createElementNS(XLSX_NS, "is")).appendChild(doc.createElementNS(XLSX_NS, "t"));
    t.setAttribute("xml:space", "preserve");
    t.textContent = value;
  }

  function rowAt(doc, sheet, number) {  // row `number` (1-based), made like the last one where the blank form has none
    while (sheet.rows.length < number) {
      var last = sheet.rows[sheet.rows.length - 1];
      var row = last.cloneNode(true), r = String(sheet.rows.length + 1);
      row.setAttribute("r", r);
      rowCells(row).forEach(function (cell) { cell.setAttribute("r", cell.getAttribute("r").replace(/\d+$/, r)); });
      sheet.data.appendChild(row);
      sheet.rows.push(row);
    }
    return sheet.rows[number - 1];
  }

  function fillTableSheet(doc, sheet, table) {
    var lines = [];
    state.tables[table.key].forEach(function (row) {
      var cells = table.columns.map(function (column) { return row.cells[column.key] || ""; });
      if (!cells.some(Boolean) && !table.grouped) return;
      lines.push({ group: table.grouped ? table.groups[row.group].title : null, cells: cells });
    });
    var width = table.columns.length + (table.grouped ? 1 : 0);
    var count = Math.max(lines.length + 1, sheet.rows.length);
    for (var number = 2; number <= count; number += 1) {
      var line = lines[number - 2], row = rowAt(doc, sheet, number), offset = table.grouped ? 1 : 0;
      if (table.grouped) setCell(doc, row, 0, line ? line.group : "", false);
      table.columns.forEach(function (column, i) {
        var value = line ? line.cells[i] : "";
        setCell(doc, row, i + offset, value, Boolean(column.range) && value !== "" && isFinite(Number(value)));
      });
    }
    var dimension = doc.getElementsByTagNameNS(XLSX_NS, "dimension")[0];
    if (dimension) dimension.setAttribute("ref", "A1:" + letters(width - 1) + count);
  }

  function xlsxFile() {
    var files = window.fflate.unzipSync(bytesOf(data.xlsx));
    Object.keys(files).filter(function (path) { return /^xl\/worksheets\/[^/]+\.xml$/.test(path); }).forEach(function (path) {
      var doc = new DOMParser().parseFromString(window.fflate.strFromU8(files[path]), "application/xml");
      var sheet = sheetRows(doc);
      if (!sheet.rows.length) return;
      var heading = rowCells(sheet.rows[0]).map(cellText).join("\u0000");
      if (heading === ["Field", "Value"].join("\u0000")) {
        data.header.forEach(function (f, i) {
          var row = sheet.rows[i + 2];  // under the heading and the title
          if (row && cellText(rowCells(row)[0]) === f.label) setCell(doc, row, 1, state.header[f.key] || "", false);
        });
      } else if (data.checklist && heading === ["Step", "What to do", "Done"].join("\u0000")) {
        sheet.rows.slice(1).forEach(function (row) {
          if (state.checklist[cellText(rowCells(row)[0])]) setCell(doc, row, 2, "yes", false);
        });
      } else {
        var table = data.tables.filter(function (t) {
          var names = t.columns.map(function (column) { return column.name; });
          return (t.grouped ? [t.group_label].concat(names) : names).join("\u0000") === heading;
        })[0];
        if (table) fillTableSheet(doc, sheet, table);
      }
      files[path] = window.fflate.strToU8(new XMLSerializer().serializeToString(doc));
    });
    return window.fflate.zipSync(files, { level: 6 });
  }

  function download(name, text, type) {
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function fromFilled(file) {
    var fresh = initialState(true);
    var notes = [];
    data.header.forEach(function (f) {
      if (file.header && typeof file.header[f.key] === "string") fresh.header[f.key] = file.header[f.key];
    });
    data.tables.forEach(function (table) {
      var given = fresh.tables[table.key].filter(function (row) { return row.given !== null; });
      var used = [];
      var added = [];
      var rows = (file.tables && Array.isArray(file.tables[table.key])) ? file.tables[table.key] : [];
      rows.forEach(function (source) {
        if (!source || typeof source !== "object") return;
        var groupIndex = 0;
        if (table.grouped) {
          groupIndex = table.groups.map(function (g) { return g.title; }).indexOf(source[data.group_key]);
          if (groupIndex < 0) { notes.push(_("{table}: a row of an unknown group went into {group}", { table: table.title, group: table.groups[0].title })); groupIndex = 0; }
        }
        var match = given.filter(function (row) {
          if (row.group !== groupIndex || used.indexOf(row) >= 0) return false;
          var fixed = table.groups[groupIndex].rows[row.given];
          return Object.keys(fixed).every(function (key) { return String(source[key] || "") === String(fixed[key]); });
        })[0];
        var row = match || { group: groupIndex, given: null, cells: emptyCells(table) };
        table.columns.forEach(function (column) {
          if (typeof source[column.key] === "string" || typeof source[column.key] === "number") row.cells[column.key] = String(source[column.key]);
        });
        if (match) used.push(match); else added.push(row);
      });
      // The template's own rows stay in their places; rows the person added follow in their groups.
      var merged = given.concat(added);
      fresh.tables[table.key] = merged.map(function (row, i) { return [row, i]; }).sort(function (a, b) {
        return a[0].group - b[0].group || a[1] - b[1];
      }).map(function (pair) { return pair[0]; });
    });
    if (data.checklist && file.checklist) {
      data.checklist.items.forEach(function (item) { fresh.checklist[item.title] = file.checklist[item.title] === true; });
    }
    return { state: fresh, notes: notes };
  }

  function loadFile(input) {
    var chosen = input.files && input.files[0];
    if (!chosen) return;
    var reader = new FileReader();
    reader.onload = function () {
      var file;
      try { file = JSON.parse(String(reader.result).replace(/^\ufeff/, "")); } catch (error) {
        say(_("That file is not JSON: choose a file this page (or another of the portal's forms) downloaded."));
        return;
      }
      if (!file || file.format !== data.format) { say(_("That file is not a filled-in form of this portal.")); return; }
      if (file.template !== data.template) {
        say(_("That file is a filled-in \u201c{template}\u201d, not this form: open that template's page to load it.",
              { template: String(file.template) }));
        return;
      }
      var result = fromFilled(file);
      state = result.state;
      save();
      drawEditor();
      var words = _("Loaded {file}.", { file: chosen.name });
      if (file.template_version !== data.template_version) {
        words += " " + _("It was filled in from another version of this form: what no longer has a place here was left out.");
      }
      say([words].concat(result.notes).join(" "));
    };
    reader.readAsText(chosen);
    input.value = "";
  }

  // ------------------------------------------------------------------ the page

  function setOn(on, remember) {
    state.on = on;
    document.body.classList.toggle("portal-fill-on", on);
    parts.toggle.setAttribute("aria-expanded", String(on));
    parts.toggle.textContent = on ? _("Back to the printable blank form") : _("Fill in on this page");
    parts.panel.hidden = !on;
    if (remember) save();  // merely opening the page keeps nothing
  }

  function build() {
    var noscript = root.querySelector(".portal-fill__noscript");  // the style sheet's <link> beside it stays
    if (noscript) noscript.remove();
    var intro = el("p", "portal-fill__intro");
    parts.toggle = button(_("Fill in on this page"), function () {
      setOn(!state.on, true);
      if (state.on) { var first = parts.editor.querySelector(".portal-fill__input"); if (first) first.focus(); }
    }, "md-button--primary portal-fill__toggle");
    intro.appendChild(parts.toggle);
    intro.appendChild(el("span", "portal-fill__explain",
      " " + _("Type your answers into the form here. The draft stays in this browser until you clear it; print it filled in, " +
              "or download it as JSON, CSV or Excel, which the portal editors can import as they are.")));
    root.appendChild(intro);
    if (data.caf_tool) {
      var tool = el("p", "portal-fill__tool");
      var link = el("a", null, _("CAF self-assessment tool"));
      link.href = data.caf_tool;
      // The sentence around the link, in the page's language: the text before {tool}, the link, the rest.
      var around = _("For a whole CAF self-assessment, the {tool} scores each sub-criterion and proposes practices, " +
                     "networks and peers; this page fills in the sheet on its own.").split("{tool}");
      tool.appendChild(document.createTextNode(around[0]));
      tool.appendChild(link);
      tool.appendChild(document.createTextNode(around.slice(1).join("")));
      root.appendChild(tool);
    }
    var panel = parts.panel = el("div", "portal-fill__panel");
    panel.id = nextId("panel");
    parts.toggle.setAttribute("aria-controls", panel.id);
    var actions = el("div", "portal-fill__actions");
    actions.appendChild(button(_("Download JSON"), function () {
      download(data.template + "-filled.json", JSON.stringify(filled(), null, 2) + "\n", "application/json");
    }));
    actions.appendChild(button(_("Download CSV"), function () { download(data.template + "-filled.csv", csvText(), "text/csv"); }));
    if (window.fflate && data.xlsx) {
      actions.appendChild(button(_("Download Excel (.xlsx)"), function () {
        download(data.template + "-filled.xlsx", xlsxFile(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      }));
    }
    var picker = el("input", "portal-fill__file");
    picker.type = "file";
    picker.accept = ".json,application/json";
    picker.setAttribute("aria-label", _("Load a filled-in JSON file"));
    picker.addEventListener("change", function () { loadFile(picker); });
    actions.appendChild(button(_("Load a JSON file"), function () { picker.click(); }));
    actions.appendChild(picker);
    actions.appendChild(button(_("Print"), function () { window.print(); }));
    actions.appendChild(button(_("Clear the draft"), function () { parts.confirm.hidden = false; parts.keep.focus(); },
                               "portal-fill__clear"));
    panel.appendChild(actions);
    // Asked on the page, not with window.confirm(): a dialog would stop everything else on it.
    var confirm = parts.confirm = el("p", "portal-fill__confirm",
                                    _("Clear everything written in this form? The draft is deleted from this browser.") + " ");
    confirm.hidden = true;
    confirm.appendChild(button(_("Yes, clear the form"), function () {
      confirm.hidden = true;
      state = initialState(true);
      save();
      drawEditor();
      say(_("The draft is cleared."));
    }, "portal-fill__clear"));
    parts.keep = button(_("Keep it"), function () { confirm.hidden = true; say(_("Nothing was cleared.")); });
    confirm.appendChild(parts.keep);
    panel.appendChild(confirm);
    parts.status = el("p", "portal-fill__status");
    parts.status.setAttribute("role", "status");
    panel.appendChild(parts.status);
    parts.editor = el("div", "portal-fill__editor");
    panel.appendChild(parts.editor);
    root.appendChild(panel);
    parts.printout = el("section", "portal-form portal-form--filled" + (data.landscape ? " portal-form--landscape" : ""));
    parts.printout.setAttribute("aria-label", _("{title}, as filled in, for printing", { title: data.title }));
    root.appendChild(parts.printout);
    drawEditor();
    setOn(Boolean(state.on), false);
  }

  build();
})();
