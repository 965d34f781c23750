// The "Propose" form (propose/index.html): one generic form, built from the JSON Schema of the kind of
// file it writes (propose/form-data.js, written by generator/render/propose.py), so a field added to a
// model appears here without a change to this script. It checks what is typed with the same schema the
// editors' tools use (vendor/json-schema.js), in portal check's words, writes the file as portal check
// wants it (vendor/js-yaml.js), and offers it as a GitHub new-file page, a download and an e-mail.
// Drafts stay in localStorage. Everything is built with DOM calls: no HTML from data is ever parsed.
// Its own words are marked _("...") and ngettext(...) for the interface's catalogue (generator/i18n.py); in
// another language, assets/propose.<lang>.js gives them before this script runs.
(function () {
  "use strict";

  var i18n = window.portalMessages(window.portalProposeMessages);
  var _ = i18n._, ngettext = i18n.ngettext;


  // Numbers as the page's language writes them ("sh" is no locale of its own: Croatian writes them alike).
  var LOCALE = (document.documentElement.lang || "en").replace(/^sh$/, "hr");

  var root = document.querySelector("[data-portal-propose]");
  if (!root) return;
  var DATA = window[root.getAttribute("data-portal-propose")];
  if (!DATA || !window.portalJsonSchema || !window.jsyaml) return;

  var URL_LIMIT = 8000; // longer addresses are cut off by browsers and GitHub
  var LABELS = { sdgs: _("SDGs"), caf: _("CAF sub-criteria"), url: _("Web address"), id: _("Id") };
  // The words that name the registry's two kinds of entry a proposal may add.
  var NEW_ENTRY = {
    municipality: { add: _("Add a new municipality"), legend: _("New municipality"), remove: _("Remove this new municipality"),
                    option: function (name) { return _("{name} (new municipality)", { name: name }); } },
    organisation: { add: _("Add a new organisation"), legend: _("New organisation"), remove: _("Remove this new organisation"),
                    option: function (name) { return _("{name} (new organisation)", { name: name }); } },
  };
  var SHORT_TEXT = /(^|_)(id|ref|name|names|role|title|unit|region|abbreviation|publisher|url|website|email|phone|topic|pages|authors|record_id|language|rhythm|place|file|alt|country|currency|funder|member|organisation|municipality|host|network|owner|label|kind|when|date|start|end|year|round|qualifier|latin_name|name_en)$/;
  var RECORD_PATHS = [
    ["practice", /^practices\/[a-z0-9]+(?:-[a-z0-9]+)*\.md$/],
    ["results", /^networks\/[a-z0-9]+(?:-[a-z0-9]+)*\/results-[a-z0-9]+(?:-[a-z0-9]+)*\.yml$/],
    ["network", /^networks\/[a-z0-9]+(?:-[a-z0-9]+)*\.yml$/],
  ];
  var ID = new RegExp(DATA.idPattern);
  var ENGLISH_PAGE = LOCALE === "en";
  // Every description a schema holds (the models' explanations of their fields, in English): the catalogue
  // translates them (generator/i18n.py reads them from the same schemas), else they stay English, marked so.
  function descriptions(node, found) {
    if (Array.isArray(node)) node.forEach(function (child) { descriptions(child, found); });
    else if (node && typeof node === "object") Object.keys(node).forEach(function (key) {
      if (key === "description" && typeof node[key] === "string") found[node[key]] = true;
      else descriptions(node[key], found);
    });
    return found;
  }
  var SCHEMA_TEXTS = descriptions(DATA.schemas, {});
  var counter = 0;

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else if (attributes[name] !== null && attributes[name] !== undefined && attributes[name] !== false)
        node.setAttribute(name, attributes[name] === true ? "" : attributes[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function uid(prefix) { counter += 1; return "portal-propose-" + prefix + "-" + counter; }

  // A field's label from its key, in the page's language (the catalogue has each, from propose.py).
  function englishLabel(key) {
    var words = String(key).replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function labelOf(key) { return LABELS[key] || _(englishLabel(key)); }

  // A vocabulary value as the form shows it: its label in the page's language where the catalogue has
  // one (the pages' labels, capitalised), else the value with spaces. The file keeps the value itself.
  function valueLabel(value) {
    var spaced = String(value).replace(/-/g, " ");
    var label = spaced.charAt(0).toUpperCase() + spaced.slice(1);
    return i18n.has(label) ? i18n.label(label) : spaced;
  }

  function singular(label) { return label.replace(/ies$/, "y").replace(/(s)$/, ""); }

  // ------------------------------------------------------------------ schemas

  function Schemas(kind) {
    var schema = DATA.schemas[kind.schema];
    var defs = schema.$defs || {};
    var many = !!kind.list;
    return {
      full: schema,
      many: many,
      rootSchema: many ? defs[schema.items.$ref.split("/").pop()] : schema,
      rootModel: kind.model, // the model's name, for its id fields (DATA.references)
      defs: defs,
    };
  }

  function resolve(schemas, schema) {
    // A $ref followed, keeping the place's own description; the model's name for its id fields.
    if (schema && schema.$ref) {
      var name = schema.$ref.split("/").pop();
      var target = schemas.defs[name] || {};
      var merged = Object.assign({}, target, schema);
      delete merged.$ref;
      merged.description = schema.description || target.description;
      merged.__model = name;
      return merged;
    }
    return schema || {};
  }

  function options(schema) {
    var list = schema.anyOf || schema.oneOf;
    return list ? list.filter(function (s) { return s.type !== "null"; }) : null;
  }

  function isScalar(schemas, schema) {
    var s = resolve(schemas, schema);
    return !s.enum && (s.type === "string" || s.type === "number" || s.type === "integer");
  }

  // ------------------------------------------------------------------ editors
  // Each editor is {node, get(path, found)}: get returns the value (undefined when empty) and records,
  // in `found`, each field's message holder and each id it holds, by its path ("sources/0/title").

  // On a page in another language, a schema's description is in the page's language where the catalogue has
  // it; one it lacks stays in English, marked as such (and the form says so once, at its top).
  function helpNode(attributes, help, hint) {
    var node = el("p", attributes);
    if (!ENGLISH_PAGE && help && SCHEMA_TEXTS[help] && !i18n.has(help)) {
      node.appendChild(withCode(el("span", { lang: "en" }), help));
      if (hint) node.appendChild(document.createTextNode(" " + hint));
    } else withCode(node, hint ? ((help ? _(help) : "") + " " + hint).trim() : _(help));
    return node;
  }

  // A model's description names fields as `name`: each such name in a <code>, all as text (never markup).
  function withCode(node, text) {
    var pieces = String(text || "").split("`");
    if (pieces.length % 2 === 0) pieces = [pieces.join("`")]; // a lone backtick is just a character
    pieces.forEach(function (piece, i) {
      if (piece) node.appendChild(i % 2 ? el("code", { text: piece }) : document.createTextNode(piece));
    });
    return node;
  }

  function withHint(node, hint) {
    // " (hint)" after a problem; a hint from a model's words may name a field as `name`.
    if (!hint) return node;
    node.appendChild(document.createTextNode(" ("));
    withCode(node, hint).appendChild(document.createTextNode(")"));
    return node;
  }

  function field(ctx, control, help, hint) {
    var messageId = uid("message");
    var helpId = help || hint ? uid("help") : null;
    var label = el("label", { for: control.id }, [document.createTextNode(ctx.label)]);
    if (ctx.required) label.appendChild(el("span", { class: "portal-propose__needed", text: " " + _("(needed)") }));
    control.setAttribute("aria-describedby", [helpId, messageId].filter(Boolean).join(" "));
    var message = el("p", { class: "portal-propose__message", id: messageId, hidden: true });
    return {
      node: el("div", { class: "portal-propose__field" }, [label, helpId ? helpNode({ class: "portal-propose__help", id: helpId }, help, hint) : null, control, message]),
      message: message,
      control: control,
    };
  }

  function group(ctx, children) {
    var legend = el("legend", {}, [document.createTextNode(ctx.label)]);
    if (ctx.required) legend.appendChild(el("span", { class: "portal-propose__needed", text: " " + _("(needed)") }));
    var message = el("p", { class: "portal-propose__message", hidden: true });
    var node = el("fieldset", { class: "portal-propose__group" }, [legend,
      ctx.description ? helpNode({ class: "portal-propose__help" }, ctx.description) : null].concat(children).concat([message]));
    return { node: node, message: message };
  }

  function scalarValue(text, schemas, choices) {
    // Text typed into a box, as the value the schema wants: a whole number or number where one is allowed.
    var trimmed = text.trim();
    if (trimmed === "") return undefined;
    var types = choices.map(function (s) { return resolve(schemas, s).type; });
    if (/^-?\d+$/.test(trimmed) && (types.indexOf("integer") >= 0 || types.indexOf("number") >= 0)) return parseInt(trimmed, 10);
    if (/^-?\d+(\.\d+)?$/.test(trimmed) && types.indexOf("number") >= 0) return parseFloat(trimmed);
    if (types.indexOf("string") >= 0) return text;
    return trimmed; // not a number where one is needed: the check says so in its words
  }

  function editor(schemas, schema, value, ctx) {
    var s = resolve(schemas, schema);
    var choices = options(s);
    if (choices && choices.length === 1) {
      var only = Object.assign({}, resolve(schemas, choices[0]));
      only.description = s.description || only.description;
      return editor(schemas, only, value, ctx);
    }
    if (choices && choices.every(function (c) { return isScalar(schemas, c); })) return textEditor(schemas, s, choices, value, ctx);
    if (choices) return unionEditor(schemas, s, choices, value, ctx);
    if (s.enum) return enumEditor(s, value, ctx);
    if (s.type === "object" && s.properties) return objectEditor(schemas, s, value, ctx);
    if (s.type === "object") return mappingEditor(schemas, s, value, ctx);
    if (s.type === "array" && s.prefixItems) return tupleEditor(schemas, s, value, ctx);
    if (s.type === "array") return listEditor(schemas, s, value, ctx);
    if (s.type === "boolean") return booleanEditor(s, value, ctx);
    return textEditor(schemas, s, [s], value, ctx);
  }

  function withDescription(ctx, s) { return ctx.description || s.description || ""; }

  function textEditor(schemas, s, choices, value, ctx) {
    var id = uid("field");
    var long = !ctx.target && !s.format && (s.maxLength > 300 || (!s.maxLength && s.type === "string" && !SHORT_TEXT.test(ctx.key || "")));
    var control;
    if (long) control = el("textarea", { id: id, rows: s.maxLength && s.maxLength <= 600 ? 3 : 4 });
    else control = el("input", { id: id, type: s.format === "date" ? "date" : "text",
      inputmode: s.type === "integer" || s.type === "number" ? "decimal" : null });
    if (ctx.target && ctx.target !== "images") {
      control.setAttribute("list", "portal-propose-list-" + ctx.target);
      control.setAttribute("autocomplete", "off");
    }
    if (value !== undefined && value !== null) control.value = String(value);
    var hint = ctx.target && ctx.target !== "images" ? _("Pick one from the list (type to search it).") : "";
    var f = field(ctx, control, withDescription(ctx, s).trim(), hint);
    return {
      node: f.node,
      get: function (path, found) {
        found.fields[path] = f;
        var v = control.type === "date" ? (control.value || undefined) : scalarValue(control.value, schemas, choices);
        if (v !== undefined && ctx.target) found.ids.push({ path: path, value: v, target: ctx.target });
        return v;
      },
    };
  }

  function enumEditor(s, value, ctx) {
    var control = el("select", { id: uid("field") }, [el("option", { value: "", text: ctx.required ? _("Choose one") : _("(not given)") })]
      .concat(s.enum.map(function (v) { return el("option", { value: String(v), text: valueLabel(v) }); })));
    if (value !== undefined && value !== null) {
      if (s.enum.indexOf(value) < 0) control.appendChild(el("option", { value: String(value), text: String(value) }));
      control.value = String(value);
    }
    var f = field(ctx, control, withDescription(ctx, s));
    return {
      node: f.node,
      get: function (path, found) {
        found.fields[path] = f;
        if (control.value === "") return undefined;
        var typed = s.enum.filter(function (v) { return String(v) === control.value; });
        return typed.length ? typed[0] : control.value;
      },
    };
  }

  function booleanEditor(s, value, ctx) {
    var control = el("input", { id: uid("field"), type: "checkbox" });
    control.checked = value === true;
    var f = field(ctx, control, withDescription(ctx, s));
    f.node.classList.add("portal-propose__field--check");
    return { node: f.node, get: function (path, found) { found.fields[path] = f; return control.checked ? true : undefined; } };
  }

  function objectEditor(schemas, s, value, ctx) {
    var required = s.required || [];
    var refs = DATA.references[s.__model || ctx.model] || {};
    var parts = Object.keys(s.properties).map(function (key) {
      var child = s.properties[key];
      return { key: key, editor: editor(schemas, child, value ? value[key] : undefined, {
        key: key, label: labelOf(key), required: required.indexOf(key) >= 0, target: refs[key],
        description: resolve(schemas, child).description || "",
      }) };
    });
    var known = Object.keys(s.properties);
    var kept = {}; // fields of an edited record that the model no longer has: kept so the check can name them
    Object.keys(value || {}).forEach(function (key) { if (known.indexOf(key) < 0) kept[key] = value[key]; });
    var box = ctx.top ? { node: el("div", { class: "portal-propose__fields" }, parts.map(function (p) { return p.editor.node; })), message: null }
      : group(Object.assign({}, ctx, { description: ctx.description || s.description }), parts.map(function (p) { return p.editor.node; }));
    var node = box.node;
    if (!ctx.top && !ctx.required) { // an optional part stays folded until someone opens it: a shorter form
      node = el("details", { class: "portal-propose__optional" }, [el("summary", { text: _("{label} (optional)", { label: ctx.label }) }), box.node]);
      node.open = !!(value && Object.keys(value).length);
    }
    return {
      node: node,
      get: function (path, found) {
        if (box.message) found.fields[path] = { message: box.message, node: box.node };
        var result = {};
        parts.forEach(function (p) {
          var v = p.editor.get(path ? path + "/" + p.key : p.key, found);
          if (v !== undefined) result[p.key] = v;
        });
        Object.keys(kept).forEach(function (key) { result[key] = kept[key]; });
        return Object.keys(result).length || ctx.required ? result : undefined;
      },
    };
  }

  function listEditor(schemas, s, value, ctx) {
    var itemSchema = s.items || {};
    var fromKey = ctx.key && !LABELS[ctx.key] && ctx.label === labelOf(ctx.key); // named in English, then translated
    var itemLabel = fromKey ? _(singular(englishLabel(ctx.key))) : singular(ctx.label);
    var items = [];
    var holder = el("div", { class: "portal-propose__items" });
    var add = el("button", { type: "button", class: "md-button portal-propose__add", text: _("Add {item}", { item: itemLabel.toLowerCase() }) });
    var box = group(Object.assign({}, ctx, { description: ctx.description || s.description || resolve(schemas, itemSchema).description }), [holder, add]);

    function append(itemValue) {
      var itemCtx = { key: ctx.key, label: itemLabel + " " + (items.length + 1), target: ctx.target, description: "", required: true };
      var item = { editor: editor(schemas, itemSchema, itemValue, itemCtx) };
      var remove = el("button", { type: "button", class: "portal-propose__remove", text: _("Remove") });
      item.node = el("div", { class: "portal-propose__item" }, [item.editor.node, remove]);
      remove.addEventListener("click", function () {
        holder.removeChild(item.node);
        items.splice(items.indexOf(item), 1);
        root.dispatchEvent(new Event("input"));
      });
      items.push(item);
      holder.appendChild(item.node);
      return item;
    }
    (Array.isArray(value) ? value : []).forEach(append);
    add.addEventListener("click", function () {
      var item = append(undefined);
      var first = item.node.querySelector("input, select, textarea");
      if (first) first.focus();
      root.dispatchEvent(new Event("input"));
    });
    return {
      node: box.node,
      get: function (path, found) {
        found.fields[path] = { message: box.message, node: box.node };
        var result = [];
        items.forEach(function (item) {
          var v = item.editor.get(path + "/" + result.length, found);
          if (v !== undefined) result.push(v);
        });
        return result.length ? result : undefined;
      },
    };
  }

  function tupleEditor(schemas, s, value, ctx) {
    var parts = s.prefixItems.map(function (child, i) {
      var c = resolve(schemas, child);
      if (!c.title && c.description) { // the description becomes the label: not said twice
        child = Object.assign({}, c, { title: c.description });
        delete child.description;
        c = child;
      }
      return editor(schemas, child, Array.isArray(value) ? value[i] : undefined,
        { key: ctx.key, label: c.title || c.description ? _(c.title || c.description) : _("Part {number}", { number: i + 1 }), description: "", required: true });
    });
    var box = group(Object.assign({}, ctx, { description: withDescription(ctx, s) }), parts.map(function (p) { return p.node; }));
    box.node.classList.add("portal-propose__group--row");
    return {
      node: box.node,
      get: function (path, found) {
        found.fields[path] = { message: box.message, node: box.node };
        var values = parts.map(function (p, i) { return p.get(path + "/" + i, found); });
        return values.every(function (v) { return v === undefined; }) ? undefined : values;
      },
    };
  }

  function mappingEditor(schemas, s, value, ctx) {
    // A mapping such as series: {1999: 4, 2012: 100}, as rows of key and value.
    var valueSchema = typeof s.additionalProperties === "object" ? s.additionalProperties : { type: "string" };
    var keyLabel = labelOf((s.propertyNames && s.propertyNames.description) || "key");
    var entries = Object.keys(value && typeof value === "object" ? value : {}).map(function (k) { return [k, value[k]]; });
    var list = listEditor(schemas, { type: "array", items: { type: "array", prefixItems: [
      Object.assign({ title: keyLabel }, s.propertyNames || { type: "string" }, { type: "string" }),
      Object.assign({ title: _("Value") }, valueSchema) ] } }, entries, ctx);
    return {
      node: list.node,
      get: function (path, found) {
        var rows = list.get(path, found);
        if (!rows) return undefined;
        var result = {};
        rows.forEach(function (row) { if (row[0] !== undefined) result[String(row[0])] = row[1]; });
        return result;
      },
    };
  }

  function branchName(schemas, branch) {
    var b = resolve(schemas, branch);
    if (b.type === "array") return _("a list");
    if (b.type === "object" || b.properties) return b.__model ? _("with details ({model})", { model: b.__model }) : _("with details (fields)");
    if (b.type === "integer") return _("a whole number");
    if (b.type === "number") return _("a number");
    return _("text");
  }

  function shapeOf(schemas, choices, value) {
    var types = choices.map(function (c) { return resolve(schemas, c).type; });
    var wanted = Array.isArray(value) ? "array" : value && typeof value === "object" ? "object"
      : typeof value === "number" ? (types.indexOf("number") >= 0 ? "number" : "integer") : "string";
    var index = types.indexOf(wanted);
    return index >= 0 ? index : 0;
  }

  function unionEditor(schemas, s, choices, value, ctx) {
    // A value that may be written in several shapes (text, or a figure with its qualifier...): choose one.
    var selectId = uid("field");
    var select = el("select", { id: selectId }, choices.map(function (c, i) { return el("option", { value: String(i), text: branchName(schemas, c) }); }));
    var slot = el("div", { class: "portal-propose__union" });
    var current = null;
    function show(index, v) {
      var branch = Object.assign({}, resolve(schemas, choices[index]));
      current = editor(schemas, branch, v, Object.assign({}, ctx, { label: ctx.label, description: "" }));
      slot.textContent = "";
      slot.appendChild(current.node);
    }
    select.value = String(shapeOf(schemas, choices, value));
    show(Number(select.value), value);
    select.addEventListener("change", function () { show(Number(select.value), undefined); root.dispatchEvent(new Event("input")); });
    var chooser = el("p", { class: "portal-propose__shape" }, [el("label", { for: selectId, text: _("Written as") + " " }), select]);
    var box = group(Object.assign({}, ctx, { description: withDescription(ctx, s) }), [chooser, slot]);
    return {
      node: box.node,
      get: function (path, found) { found.fields[path] = { message: box.message, node: box.node }; return current.get(path, found); },
    };
  }

  // ------------------------------------------------------------------ messages, in portal check's words

  function closest(word, candidates) {
    // difflib.get_close_matches(word, candidates, n=1) as portal check uses it, by edit distance.
    var best = null, bestScore = 0.6;
    candidates.forEach(function (c) {
      var score = 1 - distance(word, c) / Math.max(word.length, c.length, 1);
      if (score >= bestScore) { best = c; bestScore = score; }
    });
    return best;
  }

  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row[j] = j;
    for (var i = 1; i <= a.length; i++) {
      var previous = row[0];
      row[0] = i;
      for (var k = 1; k <= b.length; k++) {
        var saved = row[k];
        row[k] = Math.min(row[k] + 1, row[k - 1] + 1, previous + (a[i - 1] === b[k - 1] ? 0 : 1));
        previous = saved;
      }
    }
    return row[b.length];
  }

  function valueAt(data, path) {
    return path.split("/").filter(Boolean).reduce(function (v, part) { return v === undefined || v === null ? undefined : v[part]; }, data);
  }

  function schemaAt(root, location) {
    // The part of a schema an error's keyword location names ("#/items/$ref/allOf/0/then"), through $refs.
    return location.replace(/^#\/?/, "").split("/").filter(Boolean).reduce(function (node, part) {
      if (!node) return node;
      if (part === "$ref") return typeof node.$ref === "string" && node.$ref.charAt(0) === "#" ? schemaAt(root, node.$ref) : null;
      return node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }, root);
  }

  function ruleHint(schemas, location) {
    // A rule's own explanation (a model's words, as `description` beside the rule), in the page's language.
    var rule = schemaAt(schemas.full, location);
    return rule && typeof rule.description === "string" ? _(rule.description) : "";
  }

  function schemaMessage(error, data, schemas) {
    // One cfworker error as {path, message, hint}; null for the summaries that only point to others.
    var path = error.instanceLocation.replace(/^#\/?/, "");
    var value = valueAt(data, path);
    var shown = typeof value === "string" ? value : JSON.stringify(value);
    var text = error.error;
    switch (error.keyword) {
      case "required":
        var name = (/property "([^"]+)"/.exec(text) || [])[1];
        return { path: path ? path + "/" + name : name, message: _("required field is missing"),
          hint: /\/then\/required$/.test(error.keywordLocation) ? ruleHint(schemas, error.keywordLocation.replace(/\/required$/, "")) : "" };
      case "minLength": return { path: path, message: _("the text is empty") };
      case "maxLength":
        var most = (/< ?(\d+)|\((\d+) > (\d+)\)/.exec(text) || []);
        return { path: path, message: _("the text has {count} characters; at most {most} are allowed",
          { count: String(value).length.toLocaleString(LOCALE), most: most[3] || most[1] || "" }) };
      case "enum":
        var allowed = JSON.parse((/\[(.*)\]/.exec(text) || ["", "[]"])[0]);
        var near = closest(String(value), allowed.map(String));
        return { path: path, message: _("'{value}' is not one of the allowed values", { value: shown }),
          hint: near ? _("did you mean '{near}'? Write one of: {allowed}", { near: near, allowed: allowed.join(", ") })
            : _("write one of: {allowed}", { allowed: allowed.join(", ") }) };
      case "minItems": return { path: path, message: _("at least one entry is needed") };
      case "type":
        if (/Expected "null"/.test(text)) return null;
        if (/"integer"/.test(text.split("Expected")[1] || "")) return { path: path, message: _("'{value}' is not a whole number", { value: shown }) };
        if (/"number"/.test(text.split("Expected")[1] || "")) return { path: path, message: _("'{value}' is not a number", { value: shown }) };
        return { path: path, message: _("'{value}' is not written as expected", { value: shown }) };
      case "format": return { path: path, message: _("'{value}' is not a date", { value: shown }), hint: _("write dates as YYYY-MM-DD") };
      case "pattern": return { path: path, message: _("'{value}' is not written as expected", { value: shown }) };
      case "minimum": case "exclusiveMinimum": case "maximum": case "exclusiveMaximum":
        return { path: path, message: _("'{value}' is out of range", { value: shown }), hint: text };
      case "false": return { path: path, message: _("unknown field") };
      case "anyOf": case "oneOf": return { path: path, message: _("'{value}' is not written as expected", { value: shown }), weak: true };
      case "uniqueItems": return { path: path, message: _("the same entry is there twice") };
      case "not":
        return { path: path, message: _("'{value}' is not allowed here", { value: shown }), hint: ruleHint(schemas, error.keywordLocation) };
      default: return null; // properties, items, $ref, additionalProperties: summaries of the errors above
    }
  }

  function check(kindName, data, found, extraIds) {
    var schemas = Schemas(DATA.kinds[kindName]);
    var validator = new window.portalJsonSchema.Validator(schemas.full, "2020-12", false);
    var result = validator.validate(schemas.many ? [data] : data);
    var byPath = {};
    result.errors.forEach(function (error) {
      if (schemas.many) error = Object.assign({}, error, { instanceLocation: error.instanceLocation.replace(/^#\/0/, "#") });
      var m = schemaMessage(error, data, schemas);
      if (!m) return;
      if (!byPath[m.path] || (byPath[m.path].weak && !m.weak)) byPath[m.path] = m;
    });
    found.ids.forEach(function (ref) {
      if (byPath[ref.path] || ref.target === "images") return;
      var known = (DATA.ids[ref.target] || []).map(function (row) { return row[0]; }).concat(ref.target === "registry" ? extraIds : []);
      if (known.indexOf(ref.value) >= 0) return;
      var near = closest(String(ref.value), known);
      var unknown = { value: ref.value, near: near };
      byPath[ref.path] = { path: ref.path,
        message: near ? _("unknown id '{value}' (did you mean '{near}'?)", unknown) : _("unknown id '{value}'", unknown),
        hint: ref.target === "registry" ? _("pick one from the list, or add it below as a new municipality or organisation")
          : _("pick one from the list") };
    });
    return Object.keys(byPath).map(function (k) { return byPath[k]; });
  }

  function fieldName(path) {
    // sources/0/title -> sources[0].title, as portal check names a field.
    return path.split("/").reduce(function (name, part) {
      return /^\d+$/.test(part) ? name + "[" + part + "]" : (name ? name + "." : "") + part;
    }, "");
  }

  // ------------------------------------------------------------------ one form: a record or a registry entry

  function RecordForm(kindName, start, options) {
    var kind = DATA.kinds[kindName];
    var schemas = Schemas(kind);
    var fields = editor(schemas, schemas.rootSchema, start.data || {}, { top: true, model: schemas.rootModel, label: _(kind.label) });
    var names = {};
    var nameFields = Object.keys(kind.name_parts).map(function (part) {
      var control = el("input", { id: uid("name"), type: "text", autocomplete: "off" });
      control.value = (start.names || {})[part] || "";
      if (options.fixedName) control.readOnly = true;
      var f = field({ label: labelOf(part), required: true }, control, _(kind.name_parts[part]));
      names[part] = f;
      return f.node;
    });
    var body = null;
    if (kind.body) {
      body = el("textarea", { id: uid("body"), rows: 12, class: "portal-propose__body" });
      body.value = typeof start.body === "string" ? start.body : kind.body;
      var bodyField = field({ label: _("Description") }, body, _(kind.body_help));
    }
    // Said once, at the top, where the catalogue lacks the translation of any of this kind's explanations.
    var untranslated = ENGLISH_PAGE ? [] : Object.keys(descriptions(schemas.full, {})).filter(function (text) {
      return !i18n.has(text);
    });
    var inEnglish = untranslated.length ? el("p", { class: "portal-propose__help portal-propose__language",
      text: _("Some explanations under the fields are in English: they have not been translated yet.") }) : null;
    var node = el("div", { class: "portal-propose__record" }, [inEnglish].concat(nameFields, [fields.node, body ? bodyField.node : null]));

    function read() {
      var found = { fields: {}, ids: [] };
      var data = fields.get("", found) || {};
      var parts = {};
      Object.keys(names).forEach(function (part) {
        parts[part] = names[part].control.value.trim();
        found.fields["@" + part] = names[part];
      });
      return { data: data, names: parts, body: body ? body.value : null, found: found };
    }

    function path(state) {
      return kind.file.replace(/\{(\w+)\}/g, function (_, part) {
        var v = part in state.names ? state.names[part] : state.data[part];
        return v === undefined || v === "" ? part.toUpperCase() : String(v);
      });
    }

    function text(state) {
      var yaml = window.jsyaml.dump(schemas.many ? [state.data] : state.data, { lineWidth: 100 });
      if (kind.body) return "---\n" + yaml + "---\n" + (state.body.replace(/\s*$/, "") + "\n").replace(/^\n+/, "\n");
      return (kind.schema_line || "") + yaml;
    }

    function problems(state, extraIds) {
      var found = check(kindName, state.data, state.found, extraIds);
      var registry = (DATA.ids.registry || []).map(function (row) { return row[0]; });
      if (kind.list && typeof state.data.id === "string" && !ID.test(state.data.id))
        found.push({ path: "id", message: _("'{id}' is not written as an id", { id: state.data.id }), hint: _("lower-case letters, digits and hyphens only") });
      else if (kind.list && typeof state.data.id === "string" && registry.indexOf(state.data.id) >= 0)
        found.push({ path: "id", message: _("duplicate id '{id}'", { id: state.data.id }),
                     hint: _("it is already in the registry: pick it instead of adding it") });
      Object.keys(kind.name_parts).forEach(function (part) {
        var v = state.names[part];
        if (!v) found.push({ path: "@" + part, message: _("required field is missing") });
        else if (!ID.test(v)) found.push({ path: "@" + part, message: _("'{id}' is not written as an id", { id: v }), hint: _("lower-case letters, digits and hyphens only") });
      });
      return found;
    }

    return { node: node, read: read, path: path, text: text, problems: problems, kind: kindName, label: _(kind.label) };
  }

  // ------------------------------------------------------------------ the page

  function datalists() {
    var box = el("div", { hidden: true });
    Object.keys(DATA.ids).forEach(function (target) {
      var list = el("datalist", { id: "portal-propose-list-" + target });
      DATA.ids[target].forEach(function (row) {
        list.appendChild(el("option", { value: row[0], label: row[1] + (row[2] ? " (" + row[2] + ")" : "") }));
      });
      box.appendChild(list);
    });
    return box;
  }

  function restoreEmails(data) {
    // Contact addresses come in two parts (propose.py), as on the pages.
    if (Array.isArray(data)) return data.map(restoreEmails);
    if (data && typeof data === "object") {
      var out = {};
      Object.keys(data).forEach(function (k) {
        var v = data[k];
        out[k] = k === "email" && Array.isArray(v) && v.length === 2 ? v.join("@") : restoreEmails(v);
      });
      return out;
    }
    return data;
  }

  function startFromRecord(record) {
    var file = record.file;
    var names = {};
    if (record.kind === "results") names.round = (/results-([^/]+)\.yml$/.exec(file) || [])[1];
    else names.id = (/([^/]+)\.(md|yml)$/.exec(file) || [])[1];
    return { data: restoreEmails(record.data), names: names, body: record.body, extras: [] };
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  var refreshPage = function () {}; // the shown form's refresh; the listeners stay when the form is rebuilt
  root.addEventListener("input", function () { refreshPage(); });
  root.addEventListener("change", function () { refreshPage(); });

  function Page(kindName, editFile, record) {
    var draftKey = "portal-propose:" + (editFile || kindName);
    var store = storage();
    var saved = null;
    try { saved = store && JSON.parse(store.getItem(draftKey) || "null"); } catch (e) { saved = null; }
    var original = record ? startFromRecord(record) : { data: {}, names: {}, extras: [] };
    var start = saved || original;
    var shown = false; // messages appear once the person asks for the file, then follow each change

    Array.prototype.slice.call(root.children).forEach(function (child) { if (child.tagName !== "LINK") root.removeChild(child); });
    var status = el("p", { class: "portal-propose__status", role: "status" });
    var chooser = el("nav", { class: "portal-propose__kinds", "aria-label": _("What do you propose?") },
      [el("span", { text: _("What do you propose?") + " " })].concat(Object.keys(DATA.kinds).map(function (k) {
        var link = el("a", { href: "?kind=" + k, text: _(DATA.kinds[k].label) });
        if (k === kindName && !editFile) link.setAttribute("aria-current", "page");
        return link;
      })));
    var heading = el("h2", { text: editFile ? _("A change to {file}", { file: editFile }) : _("Propose {kind}", { kind: _(DATA.kinds[kindName].label) }) });
    var main = RecordForm(kindName, start, { fixedName: !!editFile });
    var extras = [];
    var extrasBox = el("div", { class: "portal-propose__extras" });
    var extraButtons = [];
    if (!DATA.kinds[kindName].list) {
      ["municipality", "organisation"].forEach(function (k) {
        var b = el("button", { type: "button", class: "md-button", text: NEW_ENTRY[k].add });
        b.addEventListener("click", function () { addExtra(k, { data: {}, names: {} }).node.querySelector("input, select, textarea").focus(); refresh(); });
        extraButtons.push(b);
      });
    }
    var extrasSection = extraButtons.length ? el("section", { class: "portal-propose__new", "aria-labelledby": "portal-propose-new" }, [
      el("h2", { id: "portal-propose-new", text: _("Not in the lists?") }),
      el("p", { text: _("If a municipality or organisation is missing from the lists, add it here: it becomes a second file, its entry in the registry, and its id can then be picked above.") }),
      extrasBox, el("p", {}, extraButtons)]) : null;

    var make = el("button", { type: "button", class: "md-button md-button--primary", text: _("Make the file") });
    var clear = el("button", { type: "button", class: "md-button", text: _("Clear the draft") });
    var summary = el("div", { class: "portal-propose__problems", "aria-live": "polite" });
    var results = el("div", { class: "portal-propose__result" });

    root.appendChild(datalists());
    [chooser, heading, status, main.node, extrasSection, el("p", { class: "portal-propose__actions" }, [make, clear]), summary, results]
      .forEach(function (n) { if (n) root.appendChild(n); });
    var extraList = root.querySelector("#portal-propose-list-registry");

    function addExtra(k, state) {
      var form = RecordForm(k, state, {});
      var remove = el("button", { type: "button", class: "portal-propose__remove", text: NEW_ENTRY[k].remove });
      var box = el("fieldset", { class: "portal-propose__group portal-propose__extra" }, [el("legend", { text: NEW_ENTRY[k].legend }), form.node, remove]);
      var entry = { form: form, node: box };
      remove.addEventListener("click", function () { extrasBox.removeChild(box); extras.splice(extras.indexOf(entry), 1); refresh(); });
      extras.push(entry);
      extrasBox.appendChild(box);
      return entry;
    }
    (start.extras || []).forEach(function (x) { addExtra(x.kind, x); });

    if (saved) status.textContent = _("Your draft from {date} is restored. Clear it to start again.", { date: new Date(saved.saved).toLocaleString() });
    else if (record) status.textContent = _("Filled in from {file}. Change what needs changing, then make the file.", { file: editFile });

    function files(stateMain, stateExtras) {
      return [{ path: main.path(stateMain), text: main.text(stateMain), existing: !!editFile }].concat(stateExtras.map(function (s, i) {
        return { path: extras[i].form.path(s), text: extras[i].form.text(s), existing: false };
      }));
    }

    function showMessages(form, state, problems) {
      Object.keys(state.found.fields).forEach(function (p) {
        var f = state.found.fields[p];
        if (f.message) { f.message.hidden = true; f.message.textContent = ""; }
        if (f.control) f.control.removeAttribute("aria-invalid");
      });
      problems.forEach(function (problem) {
        var f = state.found.fields[problem.path];
        if (!f || !f.message || !shown) return;
        f.message.hidden = false;
        f.message.textContent = problem.message;
        withHint(f.message, problem.hint);
        if (f.control) f.control.setAttribute("aria-invalid", "true");
      });
    }

    function refresh() {
      var stateMain = main.read();
      var stateExtras = extras.map(function (x) { return x.form.read(); });
      var extraIds = stateExtras.map(function (s) { return s.data.id; }).filter(Boolean);
      Array.prototype.slice.call(extraList.querySelectorAll("[data-new]")).forEach(function (o) { o.remove(); });
      stateExtras.forEach(function (s, i) {
        if (s.data.id) extraList.appendChild(el("option", { value: s.data.id, label: NEW_ENTRY[extras[i].form.kind].option(s.data.name || s.data.id), "data-new": "" }));
      });
      if (store) {
        var draft = { saved: Date.now(), data: stateMain.data, names: stateMain.names, body: stateMain.body,
          extras: stateExtras.map(function (s, i) { return { kind: extras[i].form.kind, data: s.data, names: s.names }; }) };
        try { store.setItem(draftKey, JSON.stringify(draft)); } catch (e) { /* full or private: the form still works */ }
      }
      var problems = [main.problems(stateMain, extraIds)].concat(stateExtras.map(function (s, i) {
        return extras[i].form.problems(s, extraIds.filter(function (id, j) { return j !== i; }));
      }));
      showMessages(main, stateMain, problems[0]);
      stateExtras.forEach(function (s, i) { showMessages(extras[i].form, s, problems[i + 1]); });
      results.textContent = "";
      summary.textContent = "";
      if (!shown) return;
      var all = [];
      problems.forEach(function (list, i) {
        var file = i === 0 ? main.path(stateMain) : extras[i - 1].form.path(stateExtras[i - 1]);
        list.forEach(function (p) { all.push({ text: file + ": " + (p.path.charAt(0) === "@" ? _("file name ({part})", { part: p.path.slice(1) }) : fieldName(p.path)) + ": " + p.message, hint: p.hint }); });
      });
      if (all.length) {
        summary.appendChild(el("p", { class: "portal-propose__problems-title", text: ngettext("{count} thing to fix before the file can be made:", "{count} things to fix before the file can be made:", all.length, { count: all.length }) }));
        summary.appendChild(el("ul", {}, all.map(function (line) { return withHint(el("li", { text: line.text }), line.hint); })));
        return;
      }
      showFiles(files(stateMain, stateExtras));
    }

    function showFiles(list) {
      var mail = list.map(function (f) { return "=== " + f.path + " ===\n" + f.text; }).join("\n");
      results.appendChild(el("h2", { text: ngettext("Your file", "Your files", list.length) }));
      results.appendChild(el("p", { text: _("Check it, then choose how to send it. On GitHub, propose the new file as a pull request; the editors check it with portal check and publish it.") }));
      list.forEach(function (f) { results.appendChild(fileBox(f)); });
      if (DATA.editorsEmail) {
        var subject = "Proposal for the portal: " + list.map(function (f) { return f.path; }).join(", ");
        results.appendChild(el("p", {}, [el("a", { class: "md-button", "data-portal-propose": "mail",
          href: "mailto:" + DATA.editorsEmail + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(mail),
          text: _("Send by e-mail to the editors") })]));
      }
    }

    function fileBox(f) {
      var box = el("section", { class: "portal-propose__file" }, [el("h3", {}, [el("code", { text: f.path })]), el("pre", {}, [el("code", { text: f.text })])]);
      var actions = el("p", { class: "portal-propose__file-actions" });
      if (DATA.repository) actions.appendChild(githubLink(f));
      var name = f.path.split("/").pop();
      var download = el("a", { class: "md-button", download: name, "data-portal-propose": "download", text: _("Download {file}", { file: name }) });
      download.href = URL.createObjectURL(new Blob([f.text], { type: "text/plain;charset=utf-8" }));
      actions.appendChild(download);
      box.appendChild(actions);
      var note = el("p", { class: "portal-propose__note", role: "status" });
      box.appendChild(note);
      box.__note = note;
      return box;
    }

    function githubLink(f) {
      var repo = DATA.repository.replace(/\/+$/, "");
      var branch = encodeURIComponent(DATA.branch);
      var path = encodeURIComponent(f.path).replace(/%2F/g, "/");
      var full = repo + "/new/" + branch + "?filename=" + path + "&value=" + encodeURIComponent(f.text);
      var link = el("a", { class: "md-button md-button--primary", target: "_blank", rel: "noopener", "data-portal-propose": "github" });
      var copyFirst = false, why = "";
      if (f.existing) {
        link.href = repo + "/edit/" + branch + "/" + path;
        link.textContent = _("Open the file on GitHub to change it");
        copyFirst = true;
        why = _("The file is copied: on GitHub, select all of its text and paste to replace it.");
      } else if (full.length > URL_LIMIT) {
        link.href = repo + "/new/" + branch + "?filename=" + path;
        link.textContent = _("Open GitHub's new-file page");
        copyFirst = true;
        why = _("The file is too long to go into a link, so it is copied: paste it into GitHub's empty new-file page.");
      } else {
        link.href = full;
        link.textContent = _("Propose it on GitHub");
      }
      if (copyFirst) {
        link.setAttribute("data-portal-propose-copy", "");
        link.addEventListener("click", function () {
          var note = link.closest(".portal-propose__file").__note;
          var done = function () { note.textContent = why; };
          var failed = function () { note.textContent = _("Copy the file above yourself (the browser did not allow it), then paste it on GitHub."); };
          if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(f.text).then(done, failed);
          else failed();
        });
      }
      return link;
    }

    make.addEventListener("click", function () {
      shown = true;
      refresh();
      root.querySelectorAll(".portal-propose__message:not([hidden])").forEach(function (message) {
        for (var d = message.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
      });
      var firstProblem = root.querySelector("[aria-invalid=true]");
      (firstProblem || summary.querySelector("li") || results.querySelector("h2") || summary).scrollIntoView({ block: "center" });
      if (firstProblem) firstProblem.focus();
    });
    clear.addEventListener("click", function () {
      if (store) store.removeItem(draftKey);
      Page(kindName, editFile, record);
      root.querySelector(".portal-propose__status").textContent = _("The draft is cleared.");
    });
    refreshPage = refresh;
    refresh();
  }

  // ------------------------------------------------------------------ start: a new record, or a change to one

  var params = new URLSearchParams(window.location.search);
  var editFile = params.get("edit");
  var kindFromPath = editFile && RECORD_PATHS.filter(function (pair) { return pair[1].test(editFile); })[0];
  if (editFile && kindFromPath) {
    var script = el("script", { src: "records/" + editFile.replace(/\.(md|yml)$/, "") + ".js" });
    script.addEventListener("load", function () { Page(kindFromPath[0], editFile, window.portalProposeRecord); });
    script.addEventListener("error", function () {
      Page(kindFromPath[0], null, null);
      root.querySelector(".portal-propose__status").textContent = _("There is no record {file} on this site: the form is empty.", { file: editFile });
    });
    document.body.appendChild(script);
  } else {
    var kind = params.get("kind");
    Page(Object.prototype.hasOwnProperty.call(DATA.kinds, kind) ? kind : "practice", null, null);
  }
})();
