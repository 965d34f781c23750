// A script's words in the page's language. portalMessages(messages) gives a script _() and ngettext() over
// the messages its language's file assigned to it (generator/render/i18n.py); in English there is none, and
// the script's own words show. Every script that speaks loads this first: page scripts from their templates,
// the site-wide ones from extra_javascript (page scripts run before those, so they cannot rely on them).
(function () {
  "use strict";
  var own = Object.prototype.hasOwnProperty;

  function withValues(words, values) {
    return values ? words.replace(/\{(\w+)\}/g, function (whole, name) {
      return own.call(values, name) ? String(values[name]) : whole;
    }) : words;
  }

  window.portalMessages = function (messages) {
    messages = messages || {};
    var words = {
      // Whether the language's file translates this text.
      has: function (text) { return own.call(messages, text); },
      // A label from data, in the page's language where it is one of the interface's; else as it is.
      label: function (text) { return own.call(messages, text) ? messages[text] : text; },
      // A message in the page's language ({name} placeholders filled in from `values`), or the English one.
      _: function (text, values) { return withValues(words.label(text), values); },
      // A message that depends on a count, in the form the language's plural rule picks for it.
      ngettext: function (one, many, n, values) {
        var forms = own.call(messages, one) ? messages[one] : null;
        var form = window.portalPluralForm ? window.portalPluralForm(n) : n === 1 ? 0 : 1;
        return withValues(Array.isArray(forms) ? forms[Math.min(form, forms.length - 1)] : n === 1 ? one : many, values);
      }
    };
    return words;
  };
})();
