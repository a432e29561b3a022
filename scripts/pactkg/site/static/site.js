/* lv-pact-1939 site: the English/Latvian switch and the index's search box.
 * Loaded in <head> without defer, so that the chosen language is set before the page is drawn.
 * No fetch(), no modules: the pages work from file:// as well as from a web server. */
(function () {
  "use strict";
  var KEY = "pactkg-ui-lang";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode or file:// policy */ }
  }

  function apply(lang) {
    if (lang !== "lv") { lang = "en"; }
    root.setAttribute("data-ui", lang);
    root.setAttribute("lang", lang);
    var title = root.getAttribute("data-title-" + lang);
    if (title) { document.title = title; }
    if (!document.body) { return; }
    var btn = document.getElementById("lang-toggle");
    if (btn) {
      btn.setAttribute("aria-label", btn.getAttribute("data-label-" + lang) || "");
      btn.setAttribute("aria-pressed", lang === "lv" ? "true" : "false");
    }
    var els = document.querySelectorAll("[data-aria-" + lang + "]");
    for (var i = 0; i < els.length; i++) {
      els[i].setAttribute("aria-label", els[i].getAttribute("data-aria-" + lang));
      var t = els[i].querySelector("title");
      if (t) { t.textContent = els[i].getAttribute("data-aria-" + lang); }
    }
    var navs = document.querySelectorAll("nav[data-label-lv]");
    for (var j = 0; j < navs.length; j++) {
      if (!navs[j].hasAttribute("data-label-en")) { navs[j].setAttribute("data-label-en", navs[j].getAttribute("aria-label")); }
      navs[j].setAttribute("aria-label", navs[j].getAttribute("data-label-" + lang));
    }
    var q = document.getElementById("q");
    if (q && q.hasAttribute("data-placeholder-" + lang)) { q.setAttribute("placeholder", q.getAttribute("data-placeholder-" + lang)); }
    updateStatus();
  }

  /* Search: compare folded forms (lower-case, no diacritics), as fmt.fold does in Python. */
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var lastShown = null;
  function updateStatus() {
    var out = document.getElementById("q-status");
    if (!out || lastShown === null) { return; }
    var lang = root.getAttribute("data-ui") || "en";
    out.textContent = lastShown + " " + (out.getAttribute("data-shown-" + lang) || "");
  }

  function filter(query) {
    var f = fold(query.trim());
    var items = document.querySelectorAll("li[data-search]");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var hit = f === "" || items[i].getAttribute("data-search").indexOf(f) !== -1;
      items[i].hidden = !hit;
      if (hit) { shown++; }
    }
    var groups = document.querySelectorAll("section.group");
    for (var g = 0; g < groups.length; g++) {
      groups[g].hidden = groups[g].querySelector("li[data-search]:not([hidden])") === null;
    }
    var none = document.getElementById("q-none");
    if (none) { none.hidden = shown !== 0; }
    lastShown = f === "" ? null : shown;
    var out = document.getElementById("q-status");
    if (out && lastShown === null) { out.textContent = ""; }
    updateStatus();
  }

  apply(stored() || root.getAttribute("data-ui") || "en");

  document.addEventListener("DOMContentLoaded", function () {
    apply(root.getAttribute("data-ui"));
    var btn = document.getElementById("lang-toggle");
    if (btn) {
      btn.addEventListener("click", function () {
        var next = root.getAttribute("data-ui") === "lv" ? "en" : "lv";
        store(next);
        apply(next);
      });
    }
    var q = document.getElementById("q");
    if (q) {
      q.addEventListener("input", function () { filter(q.value); });
      if (q.value) { filter(q.value); }
    }
  });
}());
