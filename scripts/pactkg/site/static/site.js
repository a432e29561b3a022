/* lv-pact-1939 site: remembering the language, and the search box.
 * The language is in the URL (en/, lv/); the pages need no script to show their facts. This script:
 * - on the pages outside the language folders (index.html, id/<slug>.html), goes to the language chosen
 *   before (stored when a language link is followed) or the browser's (Latvian, else English);
 * - on browse.html, filters the entries as one types (also from ?q= in the address, which the search field
 *   in every page's header sends), comparing folded forms (lower-case, no diacritics), as fmt.fold does;
 * - on browse.html and timeline.html, applies the facets (kind, place, source, years) chosen in the form.
 * No fetch(), no modules: it works from file:// as well as from a web server. */
(function () {
  "use strict";
  var KEY = "pactkg-ui-lang";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode or file:// policy */ }
  }

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  /* Russian letters in Latin, as fmt.CYRILLIC_LATIN (search only): "Лиепая" finds Liepāja. */
  var CYR = {"\u0430": "a", "\u0431": "b", "\u0432": "v", "\u0433": "g", "\u0434": "d", "\u0435": "e", "\u0436": "z", "\u0437": "z", "\u0438": "i", "\u043a": "k", "\u043b": "l", "\u043c": "m", "\u043d": "n", "\u043e": "o", "\u043f": "p", "\u0440": "r", "\u0441": "s", "\u0442": "t", "\u0443": "u", "\u0444": "f", "\u0445": "h", "\u0446": "c", "\u0447": "c", "\u0448": "s", "\u0449": "s", "\u044a": "", "\u044b": "i", "\u044c": "", "\u044d": "e", "\u044e": "ju", "\u044f": "ja"};
  function searchKey(s) {
    return fold(s).replace(/[\u0430-\u044f]/g, function (c) { return CYR.hasOwnProperty(c) ? CYR[c] : c; });
  }

  function chooseLanguage() {
    var lang = stored();
    if (lang !== "lv" && lang !== "en") {
      var langs = navigator.languages || [navigator.language || ""];
      lang = "en";
      for (var i = 0; i < langs.length; i++) {
        var l = String(langs[i]).slice(0, 2).toLowerCase();
        if (l === "lv" || l === "en") { lang = l; break; }
      }
    }
    var a = document.querySelector("a[data-lang='" + lang + "']");
    if (a) { window.location.replace(a.href + window.location.hash); }
  }

  /* The facets (kind, place, source, years) chosen in the form above the list; "" where none. */
  function facetValues() {
    var v = {};
    ["kind", "place", "source", "from", "to"].forEach(function (k) {
      var el = document.getElementById("f-" + k);
      v[k] = el ? el.value : "";
    });
    return v;
  }
  function hasWord(li, attr, word) {
    return (" " + (li.getAttribute(attr) || "") + " ").indexOf(" " + word + " ") !== -1;
  }
  function facetOk(li, v) {
    if (v.kind && li.getAttribute("data-kind") !== v.kind) { return false; }
    if (v.place && !hasWord(li, "data-places", v.place)) { return false; }
    if (v.source && !hasWord(li, "data-sources", v.source)) { return false; }
    if (v.from || v.to) {
      var ys = (li.getAttribute("data-years") || "").split(" ").filter(Boolean);
      return ys.some(function (y) { return (!v.from || y >= v.from) && (!v.to || y <= v.to); });
    }
    return true;
  }

  function filter(query) {
    var f = searchKey(query.trim());
    var v = facetValues();
    var faceted = v.kind || v.place || v.source || v.from || v.to;
    var items = document.querySelectorAll("li[data-search]");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var hit = (f === "" || items[i].getAttribute("data-search").indexOf(f) !== -1) && facetOk(items[i], v);
      items[i].hidden = !hit;
      if (hit) { shown++; }
    }
    var fs = document.getElementById("f-status");
    if (fs) { fs.textContent = faceted ? shown + " " + (fs.getAttribute("data-shown") || "") : ""; }
    var groups = document.querySelectorAll("section.group, section.year");
    for (var g = 0; g < groups.length; g++) {
      groups[g].hidden = groups[g].querySelector("li[data-search]:not([hidden])") === null;
    }
    var none = document.getElementById("q-none");
    if (none) { none.hidden = shown !== 0; }
    var out = document.getElementById("q-status");
    if (out) { out.textContent = f === "" ? "" : shown + " " + (out.getAttribute("data-shown") || ""); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.hasAttribute("data-choose-lang")) { chooseLanguage(); return; }
    var lang = document.documentElement.getAttribute("lang");
    if (lang === "lv" || lang === "en") { store(lang); }
    var links = document.querySelectorAll("a[data-lang]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (ev) { store(ev.currentTarget.getAttribute("data-lang")); });
    }
    var q = document.getElementById("q");
    var query = function () { return q ? q.value : ""; };
    if (q) {
      var m = /[?&]q=([^&#]*)/.exec(window.location.search);
      if (m && !q.value) { q.value = decodeURIComponent(m[1].replace(/\+/g, " ")); }
      q.addEventListener("input", function () { filter(q.value); });
      if (q.value) { filter(q.value); }
    }
    var facets = document.getElementById("facets");
    if (facets) {
      facets.hidden = false;
      facets.addEventListener("change", function () { filter(query()); });
      facets.addEventListener("reset", function () { window.setTimeout(function () { filter(query()); }, 0); });
    }
  });
}());
