// Site search in the header: loads Pagefind's component UI, or, from disk, says how to get search.
// `portal build` (generator/search.py) copies this file to pagefind/portal-search.js and fills in
// SHARDS, the extra index shards of a large site.
(function () {
  "use strict";
  var shards = /* SHARDS */[];
  // `portal serve` sets this in its served copy while it reindexes after a save (incremental_site.py).
  var stale = /* STALE */false;
  var script = document.currentScript;
  var bundle = script.src.replace(/[^/]*$/, "");

  // Over file:// browsers refuse the fetches and the WebAssembly Pagefind needs, so it would fail
  // on every keystroke. Show a plain note on how to serve the site instead, and load nothing.
  if (location.protocol === "file:") {
    offerServeHint();
    return;
  }

  var ui = document.createElement("script");
  ui.src = bundle + "pagefind-component-ui.js";
  ui.addEventListener("load", configure);
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
    mergeShardsAtOnce(search, shards.map(function (name) { return base + "pagefind-shards/" + name + "/"; }));
    holdBackShortQueries(search);
    search.on("results", drawFirstResultsAtOnce);
    function preload(event) {
      if (event.target.closest && event.target.closest("pagefind-modal-trigger, pagefind-modal")) search.triggerLoad();
    }
    document.addEventListener("pointerover", preload, { passive: true });
    document.addEventListener("focusin", preload);
    if (stale) sayIndexIsBehind();
  }

  // Pagefind's UI merges the shards one after another, two requests each, before the first query can
  // run: 16 round trips at 10,000 practices. Merge them all at once instead, inside the UI's own
  // loading step, so a query still waits for every shard. (Pagefind 1.5's UI keeps that step in
  // __load__ and the search in __pagefind__; without them, the UI's own sequential merge is used.)
  function mergeShardsAtOnce(search, paths) {
    var load = search.__load__;
    if (typeof load !== "function" || !("__pagefind__" in search)) {
      search.options.mergeIndex = paths.map(function (path) { return { bundlePath: path }; });
      return;
    }
    var merged = null;
    search.__load__ = function () {
      return load.call(search).then(function () {
        var pagefind = search.__pagefind__;
        if (pagefind && !merged) {
          merged = Promise.all(paths.map(function (path) {
            return pagefind.mergeIndex(path).catch(function (error) { console.error("Search shard", path, error); });
          }));
        }
        return merged;
      });
    };
  }

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
    note.textContent = "The search index is being updated after your last save: results may be missing " +
      "the latest changes. Reload the page in a moment to search them.";
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
