// Site search in the header: loads Pagefind's component UI, or, from disk, says how to get search.
// `portal build` (generator/search.py) copies this file to pagefind/portal-search.js and fills in
// SHARDS, the extra index shards of a large site.
(function () {
  "use strict";
  var shards = /* SHARDS */[];
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

  // Adds the other shards before the first query, and starts loading the index as soon as the
  // reader heads for the search box, not when they type.
  function configure() {
    var components = window.PagefindComponents;
    if (!components) return;
    var search = components.getInstanceManager().getInstance("default");
    var base = search.options.bundlePath.replace(/pagefind\/$/, "");
    search.options.mergeIndex = shards.map(function (name) {
      return { bundlePath: base + "pagefind-shards/" + name + "/" };
    });
    function preload(event) {
      if (event.target.closest && event.target.closest("pagefind-modal-trigger, pagefind-modal")) search.triggerLoad();
    }
    document.addEventListener("pointerover", preload, { passive: true });
    document.addEventListener("focusin", preload);
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
