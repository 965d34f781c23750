// Contact addresses: pages carry an address in two halves (data attributes) with a readable
// fallback ("info [at] example [dot] org"), so harvesters that read the HTML find no address;
// here the halves become a working mailto link. Index tables are tables.js.
(function () {
  "use strict";
  function linkEmail(span) {
    var user = span.getAttribute("data-portal-email-user");
    var domain = span.getAttribute("data-portal-email-domain");
    if (!user || !domain || span.dataset.portalReady) return;
    var address = user + "@" + domain;
    var link = document.createElement("a");
    link.href = "mailto:" + address;
    link.textContent = address;
    span.textContent = "";
    span.appendChild(link);
    span.dataset.portalReady = "1";
  }
  function init() { document.querySelectorAll(".portal-email[data-portal-email-user]").forEach(linkEmail); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
