// Site search in the header: loads Pagefind's component UI, or, from disk, says how to get search.
// `portal build` (generator/search.py) copies this file to pagefind/portal-search.js and fills in
// SHARDS, the extra index shards of a large site; in a language site (site/L/) also ORIGINAL, where
// the English site and its shards are, and before the script the dialog's words in L
// (window.portalPortalSearchMessages, generator/render/i18n.py). English keeps the words below.
(function () {
  "use strict";
  var shards = /* SHARDS */[];
  // {language, root: the English site from this site's root, shards: the English index's extra shards}
  var original = /* ORIGINAL */null;
  // `portal serve` sets this in its served copy while it reindexes after a save (incremental_site.py).
  var stale = /* STALE */false;
  var script = document.currentScript;
  var bundle = script.src.replace(/[^/]*$/, "");
  var messages = window.portalPortalSearchMessages || {};

  function _(text) {
    return Object.prototype.hasOwnProperty.call(messages, text) ? messages[text] : text;
  }

  if (original) translateTheHeader();

  // Over file:// browsers refuse the fetches and the WebAssembly Pagefind needs, so it would fail
  // on every keystroke. Show a plain note on how to serve the site instead, and load nothing.
  if (location.protocol === "file:") {
    offerServeHint();
    return;
  }

  // Pagefind's dialog draws itself again when its words change after it was drawn, and then holds
  // two dialogs, one inside the other (Pagefind 1.5). In a language site it is kept out of the page
  // until its words are set, so it is drawn once, in them.
  var dialog = original ? document.querySelector(".portal-search pagefind-modal") : null;
  var dialogPlace = document.createComment("search dialog");
  if (dialog) dialog.replaceWith(dialogPlace);

  var ui = document.createElement("script");
  ui.src = bundle + "pagefind-component-ui.js";
  ui.addEventListener("load", function () {
    try {
      configure();
    } finally {
      if (dialog) dialogPlace.replaceWith(dialog);
    }
    if (stale) sayIndexIsBehind();  // once the dialog is in the page (a language's is put back just above)
  });
  script.after(ui);

  // A one-letter query matches most of the index (1,400 pages for "h" at 1,000 practices) and keeps
  // Pagefind's worker busy for a second or more at 10,000, holding up the query typed after it; a
  // two-letter one costs less but still a lot. Neither is searched while the reader is still typing:
  // one letter clears the results, two wait SHORT_QUERY_WAIT ms more for the next keystroke.
  var SHORTEST_QUERY = 2;
  var SHORT_QUERY_WAIT = 250;
  // Results whose fragments are asked for as soon as the results are known, before they are drawn.
  var FIRST_RESULTS = 3;

  // Adds the other shards before the first query, and starts loading the index as soon as the
  // reader heads for the search box, not when they type.
  function configure() {
    var components = window.PagefindComponents;
    if (!components) return;
    var search = components.getInstanceManager().getInstance("default");
    var base = search.options.bundlePath.replace(/pagefind\/$/, "");
    var indexes = shards.map(function (name) { return { path: base + "pagefind-shards/" + name + "/" }; });
    if (original) {
      // The English site's index too, for the pages this language does not have (the English
      // originals of the pages it has are left out: searchInLanguage).
      var english = new URL(original.root, new URL(base, location.href)).pathname;
      indexes.push({ path: english + "pagefind/", language: "en" });
      original.shards.forEach(function (name) {
        indexes.push({ path: english + "pagefind-shards/" + name + "/", language: "en" });
      });
      search.setTranslations(pagefindWords());
    }
    mergeShardsAtOnce(search, indexes, original ? function (pagefind) { searchInLanguage(pagefind, base); } : null);
    holdBackShortQueries(search);
    search.on("results", drawFirstResultsAtOnce);
    function preload(event) {
      if (event.target.closest && event.target.closest("pagefind-modal-trigger, pagefind-modal")) search.triggerLoad();
    }
    document.addEventListener("pointerover", preload, { passive: true });
    document.addEventListener("focusin", preload);
  }

  // Pagefind's UI merges the shards one after another, two requests each, before the first query can
  // run: 16 round trips at 10,000 practices. Merge them all at once instead, inside the UI's own
  // loading step, so a query still waits for every shard. (Pagefind 1.5's UI keeps that step in
  // __load__ and the search in __pagefind__; without them, the UI's own sequential merge is used.)
  // `loaded` sees the Pagefind instance once, before its first search.
  function mergeShardsAtOnce(search, indexes, loaded) {
    var load = search.__load__;
    if (typeof load !== "function" || !("__pagefind__" in search)) {
      search.options.mergeIndex = indexes.map(function (index) {
        return index.language ? { bundlePath: index.path, language: index.language } : { bundlePath: index.path };
      });
      return;
    }
    var merged = null;
    search.__load__ = function () {
      return load.call(search).then(function () {
        var pagefind = search.__pagefind__;
        if (pagefind && !merged) {
          if (loaded) loaded(pagefind);
          merged = Promise.all(indexes.map(function (index) {
            var options = index.language ? { language: index.language } : {};
            return pagefind.mergeIndex(index.path, options).catch(function (error) {
              console.error("Search shard", index.path, error);
            });
          }));
        }
        return merged;
      });
    };
  }

  // ---------------------------------------------------------------- in a language site

  // The English pages this language also has, by their fragment id in the English index (written
  // by generator/search.py): such originals are left out, this language's page is found instead.
  var held = {};
  ((original && original.held) || []).forEach(function (id) { held[id] = true; });

  // Every search leaves out the translated originals, and each result says what it is in this
  // language; a result from the English site says it is in English and carries lang="en"
  // (overrides/partials/portal-search.html shows meta.portal_language, sets meta.portal_lang).
  function searchInLanguage(pagefind, base) {
    var ownSite = new URL(base, location.href).pathname;
    var search = pagefind.search;
    pagefind.search = function (term, options) {
      return Promise.resolve(search.call(pagefind, term, options)).then(function (found) {
        if (found && found.results) {
          found.results = found.results.filter(function (result) { return !held[result.id]; });
          found.results.forEach(function (result) { describeResult(result, ownSite); });
        }
        return found;
      });
    };
  }

  function describeResult(result, ownSite) {
    var data = result.data;
    if (typeof data !== "function" || data.portalDescribes) return;
    result.data = function () {
      return Promise.resolve(data.apply(result, arguments)).then(function (fragment) {
        if (fragment && fragment.meta && !fragment.portalDescribed) {
          fragment.portalDescribed = true;
          var kind = fragment.meta.kind;
          if (kind && Object.prototype.hasOwnProperty.call(KINDS, kind)) fragment.meta.kind = KINDS[kind];
          if (new URL(fragment.url, location.href).pathname.indexOf(ownSite) !== 0) {
            fragment.meta.portal_lang = "en";
            fragment.meta.portal_language = _("in English");
          }
        }
        return fragment;
      });
    };
    result.data.portalDescribes = true;
  }

  // The kinds overrides/main.html gives pages (data-pagefind-meta "kind", in English), as the dialog shows them.
  var KINDS = {
    "Home": _("Home"), "List": _("List"), "Practice": _("Practice"), "Network": _("Network"),
    "Results": _("Results"), "Municipality": _("Municipality"), "Organisation": _("Organisation"),
    "Country": _("Country"), "Theme": _("Theme"), "Guide": _("Guide"), "Template": _("Template"),
    "Project table": _("Project table"), "Reference": _("Reference"), "Open data": _("Open data"),
    "Tool": _("Tool"), "Statement": _("Statement")
  };

  // Pagefind's own words in its dialog (its translation keys), from the portal's catalogue.
  function pagefindWords() {
    return {
      placeholder: _("Search"),
      clear_search: _("Clear"),
      load_more: _("Load more results"),
      search_label: _("Search this site"),
      results_label: _("Search results"),
      // Translators: Pagefind fills in [SEARCH_TERM] (what was typed) and [COUNT]: keep both as they are.
      zero_results: _("No results for [SEARCH_TERM]"),
      // Translators: used for every count but 1; where the word changes with the number, a form such as "Results for [SEARCH_TERM]: [COUNT]" fits all.
      many_results: _("[COUNT] results for [SEARCH_TERM]"),
      one_result: _("[COUNT] result for [SEARCH_TERM]"),
      total_zero_results: _("No results"),
      // Translators: used for every count but 1 (see "[COUNT] results for [SEARCH_TERM]").
      total_many_results: _("[COUNT] results"),
      total_one_result: _("[COUNT] result"),
      alt_search: _("No results for [SEARCH_TERM]. Showing results for [DIFFERENT_TERM] instead"),
      search_suggestion: _("No results for [SEARCH_TERM]. Try one of the following searches:"),
      searching: _("Searching for [SEARCH_TERM]..."),
      error_search: _("Search failed"),
      input_hint: _("Results will appear as you type"),
      loading: _("Loading"),
      // Translators: the keyboard hints at the foot of the search dialog (arrow keys, Enter, Escape).
      keyboard_navigate: _("navigate"),
      keyboard_select: _("select"),
      keyboard_clear: _("clear"),
      keyboard_close: _("close"),
      keyboard_search: _("search")
    };
  }

  // The header's search box and the note from disk (overrides/partials/portal-search.html) are
  // written in English by the theme; this runs before Pagefind's UI reads the box's placeholder.
  function translateTheHeader() {
    var container = document.querySelector(".portal-search");
    if (!container) return;
    var trigger = container.querySelector("pagefind-modal-trigger");
    if (trigger) trigger.setAttribute("placeholder", _("Search practices, networks, places"));
    var text = container.querySelector(".portal-search__offline-text");
    if (text) text.textContent = _("Search");
    var note = container.querySelector(".portal-search__offline");
    if (!note) return;
    var title = note.querySelector("h2");
    var paragraphs = note.querySelectorAll("p");
    var items = note.querySelectorAll("li");
    var close = note.querySelector("[data-portal-close]");
    if (!title || paragraphs.length !== 2 || items.length !== 2 || !close) return;  // not the layout this knows
    title.textContent = _("Search needs a web server");
    // Translators: {file} is file:// (set as code).
    fill(paragraphs[0], _("This page was opened from disk (its address starts with {file}). Browsers do not let the search load its index from there; the pages and the links between them work as usual."),
         { file: "file://" });
    fill(paragraphs[1], _("To search, serve the site and open it in the browser:"), {});
    var home = original.language + "/";  // this language's own home, where site/L/ is served
    // Translators: {command} is the command "portal serve", {address} the address to open (set as code).
    fill(items[0], _("in the portal's folder, run {command} and open {address}, or"),
         { command: "portal serve", address: "http://127.0.0.1:8000/" + home });
    // Translators: {command} is a command, {folder} the folder "site", {index} the file "index.html", {address} an address (set as code).
    fill(items[1], _("serve the built site with any local web server, e.g. {command} ({folder} being the folder that holds {index}) and open {address}."),
         { command: "python3 -m http.server -d site", folder: "site", index: "index.html", address: "http://localhost:8000/" + home });
    close.textContent = _("Close");
  }

  // A translated sentence as text, with each {name} in it as <code>: nothing is parsed as HTML.
  function fill(element, message, codes) {
    element.textContent = "";
    message.split(/(\{[a-z]+\})/).forEach(function (part) {
      var name = /^\{([a-z]+)\}$/.exec(part);
      if (name && Object.prototype.hasOwnProperty.call(codes, name[1])) {
        var code = document.createElement("code");
        code.textContent = codes[name[1]];
        element.appendChild(code);
      } else if (part) {
        element.appendChild(document.createTextNode(part));
      }
    });
  }

  // ---------------------------------------------------------------- in every site

  // The results list draws a result only once an IntersectionObserver has seen its placeholder in
  // view, a frame or more after the results are known (longer on a busy machine), and only then
  // asks for its fragment. Ask for the first fragments now and draw those results as they arrive.
  // (Pagefind 1.5's list keeps its results, each with load(), in `results`; the list draws its own
  // placeholders first, as it registered for results before this script.)
  function drawFirstResultsAtOnce(found) {
    var list = document.querySelector("pagefind-modal pagefind-results");
    var drawn = list && Array.isArray(list.results) ? list.results : [];
    (found.results || []).slice(0, FIRST_RESULTS).forEach(function (result, index) {
      var entry = drawn[index];
      if (entry && entry.rawResult === result && typeof entry.load === "function") entry.load();
      else result.data();
    });
  }

  // The dialog's input calls triggerSearch once the reader has paused for its debounce.
  function holdBackShortQueries(search) {
    var triggerSearch = search.triggerSearch;
    var latest = 0;
    document.addEventListener("input", function () { latest++; }, true);  // a keystroke cancels the wait
    search.triggerSearch = function (term) {
      var length = typeof term === "string" ? term.trim().length : -1;
      var call = ++latest;
      if (length > 0 && length < SHORTEST_QUERY) return triggerSearch.call(search, "");
      if (length !== SHORTEST_QUERY) return triggerSearch.call(search, term);
      setTimeout(function () { if (call === latest) triggerSearch.call(search, term); }, SHORT_QUERY_WAIT);
    };
  }

  // Results would silently miss the latest saves: say so above them.
  function sayIndexIsBehind() {
    var body = document.querySelector("pagefind-modal-body");
    if (!body) return;
    var note = document.createElement("p");
    note.className = "portal-search__stale";
    note.setAttribute("role", "status");
    note.textContent = _("The search index is being updated after your last save: results may be missing " +
      "the latest changes. Reload the page in a moment to search them.");
    body.prepend(note);
  }

  function offerServeHint() {
    var button = document.querySelector(".portal-search__offline-button");
    var dialog = document.querySelector(".portal-search__offline");
    if (!button || !dialog || !dialog.showModal) return;
    button.hidden = false;
    button.addEventListener("click", function () { dialog.showModal(); });
    dialog.querySelector("[data-portal-close]").addEventListener("click", function () { dialog.close(); });
    // Ctrl+K / Cmd+K opens the search on served pages; from disk it opens the note.
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k" && !dialog.open) {
        event.preventDefault();
        dialog.showModal();
      }
    });
  }
})();
