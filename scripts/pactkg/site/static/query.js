/* lv-pact-1939 query page: the SPARQL editor (Yasqe, from YASGUI), the gallery of questions, the results.
 * The endpoint is the page's data-endpoint (relative to the page: `make serve` answers there). Results are
 * shown as a table whose entity IRIs become links to the entities' pages, with their labels in the page's
 * language; errors are said in the page's words, not the endpoint's. Without this script the page still
 * shows every question and its SPARQL. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("query-config").textContent);
  var M = cfg.messages;
  var form = document.getElementById("editor");
  var textarea = document.getElementById("query-text");
  var out = document.getElementById("results-body");
  var endpoint = new URL(cfg.endpoint, window.location.href).href;
  var editor = null;

  function say(key, vars) {
    var text = M[key] || key;
    for (var k in (vars || {})) { text = text.split("{" + k + "}").join(vars[k]); }
    return text;
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in (attrs || {})) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function message(key, vars, cls, extra) {
    out.textContent = "";
    var p = el("p", { "class": cls || "note" }, say(key, vars));
    out.appendChild(p);
    if (extra) { out.appendChild(extra); }
  }

  function getQuery() { return editor ? editor.getValue() : textarea.value; }
  function setQuery(text) { if (editor) { editor.setValue(text); } else { textarea.value = text; } }

  /* A term of the results as HTML: an entity of ours links to its page with its label. */
  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var v = term.value;
      if (v.indexOf(cfg.entityBase) === 0 && cfg.labels.hasOwnProperty(v.slice(cfg.entityBase.length))) {
        var slug = v.slice(cfg.entityBase.length);
        td.appendChild(el("a", { href: "id/" + slug + ".html" }, cfg.labels[slug]));
        return td;
      }
      if (v.indexOf(cfg.entityBase) === 0 && cfg.inline && cfg.inline.hasOwnProperty(v.slice(cfg.entityBase.length))) {
        var islug = v.slice(cfg.entityBase.length);
        td.appendChild(el("a", { href: "../id/" + islug + ".html" }, cfg.inline[islug]));
        return td;
      }
      var short = v;
      for (var p in cfg.prefixes) {
        if (v.indexOf(cfg.prefixes[p]) === 0 && /^[\w-]*$/.test(v.slice(cfg.prefixes[p].length))) {
          short = p + ":" + v.slice(cfg.prefixes[p].length);
          break;
        }
      }
      if (/^https?:/.test(v)) { td.appendChild(el("a", { href: v, "class": "external" }, short)); }
      else { td.textContent = short; }
      return td;
    }
    if (term.type === "literal" || term.type === "typed-literal") {
      var span = el("span", term["xml:lang"] ? { lang: term["xml:lang"] } : {}, term.value);
      td.appendChild(span);
      return td;
    }
    td.textContent = "_:" + term.value;
    return td;
  }

  function table(json) {
    var vars = json.head.vars || [];
    var rows = json.results.bindings;
    if (!rows.length) { message("empty", null, "none"); return; }
    out.textContent = "";
    out.appendChild(el("p", { "class": "stats" }, rows.length + " " + say("rows")));
    var wrap = el("div", { "class": "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "h-results" });
    var t = el("table", { "class": "results-table" });
    var tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", { scope: "col" }, v)); });
    var thead = el("thead"); thead.appendChild(tr); t.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (b) {
      var r = el("tr");
      vars.forEach(function (v) {
        var c = cell(b[v]);
        c.setAttribute("data-label", v);
        r.appendChild(c);
      });
      tbody.appendChild(r);
    });
    t.appendChild(tbody);
    wrap.appendChild(t);
    out.appendChild(wrap);
  }

  /* The endpoint's error, said plainly: where it failed, and an undeclared prefix by name. */
  function explain(status, text, query) {
    if (status === 408 || status === 504 || /timeout|timed out/i.test(text)) { message("timeout", null, "error"); return; }
    var m = /error at (\d+):(\d+)/.exec(text) || /line (\d+),? col(?:umn)? (\d+)/i.exec(text);
    if (undeclaredPrefix(query)) { return; }
    if (m) {
      var line = Number(m[1]), col = Number(m[2]);
      var src = query.split("\n")[line - 1] || "";
      var pre = el("pre", { "class": "error-line" }, src + "\n" + new Array(Math.max(col, 1)).join(" ") + "^");
      message("at", { line: line, col: col }, "error", pre);
      return;
    }
    var first = String(text).split("\n")[0].replace(/expected one of .*/i, "").trim().slice(0, 300);
    message("refused", { status: status, text: first }, "error");
  }

  /* A prefixed name whose prefix the query does not declare: said by name (true when there is one). */
  function undeclaredPrefix(query) {
    var declared = {};
    query.replace(/PREFIX\s+([A-Za-z][\w.-]*)?:/gi, function (_, p) { declared[p || ""] = true; return _; });
    var bare = query.replace(/#[^\n]*|<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ");
    var used = bare.match(/(^|[\s(,;/^|{.!])([A-Za-z][\w.-]*):(?=[\w%-]|\s|$)/g) || [];
    for (var i = 0; i < used.length; i++) {
      var p = used[i].replace(/^[\s(,;/^|{.!]/, "").replace(/:$/, "");
      if (!declared[p] && !/^(https?|urn|mailto)$/i.test(p)) {
        if (cfg.prefixes[p]) { message("prefix_known", { p: p, ns: cfg.prefixes[p] }, "error"); }
        else { message("prefix", { p: p }, "error"); }
        return true;
      }
    }
    return false;
  }

  /* The first line the editor marks as wrong (1-based), or 0. */
  function errorLine() {
    if (!editor) { return 0; }
    for (var i = 0; i < editor.lineCount(); i++) {
      var info = editor.lineInfo(i);
      if (info && info.gutterMarkers && info.gutterMarkers.gutterErrorBar) { return i + 1; }
    }
    return 0;
  }

  function run() {
    var query = getQuery();
    if (undeclaredPrefix(query)) { return; }
    if (editor && editor.queryValid === false) {
      var line = errorLine();
      message("invalid", null, "error", line ? el("pre", { "class": "error-line" }, line + ": " + (query.split("\n")[line - 1] || "")) : null);
      return;
    }
    if (/^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b/im.test(query.replace(/#[^\n]*/g, "").replace(/PREFIX[^\n]*\n/gi, ""))) {
      message("update", null, "error");
      return;
    }
    message("running", null, "note");
    var graphQuery = /^\s*(CONSTRUCT|DESCRIBE)\b/im.test(query.replace(/#[^\n]*/g, "").replace(/PREFIX[^\n]*\n/gi, ""));
    if (noEndpoint) { runInBrowser(query, graphQuery); return; }
    fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "Accept": graphQuery ? "text/turtle" : "application/sparql-results+json"
      },
      body: "query=" + encodeURIComponent(query)
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      return r.text().then(function (body) { return { status: r.status, ok: r.ok, body: body, type: type }; });
    }).then(function (r) {
      /* No endpoint here: a plain web server answers a POST with an HTML error page, or not at all. */
      if (!r.ok && ([404, 405, 501, 502, 503].indexOf(r.status) !== -1 || /html/i.test(r.type))) {
        offline(query, graphQuery);
        return;
      }
      if (!r.ok) { explain(r.status, r.body, query); return; }
      show(r.body, graphQuery);
    }).catch(function () {
      offline(query, graphQuery);
    });
  }

  /* The endpoint's (or the in-browser store's) answer as a table, yes/no or Turtle. */
  function show(body, graphQuery) {
    if (graphQuery) {
      out.textContent = "";
      if (!body.trim()) { message("empty", null, "none"); return; }
      out.appendChild(el("pre", { "class": "turtle", tabindex: "0" }, body));
      return;
    }
    var json = JSON.parse(body);
    if (typeof json.boolean === "boolean") { message(json.boolean ? "yes" : "no", null, "note"); return; }
    table(json);
  }

  /* No endpoint answered: answer from the site's copy of the graph with Oxigraph's WebAssembly build, loaded
     on first need (a page opened from file:// cannot load it: then the page says there is no endpoint). */
  var noEndpoint = false, storePromise = null;
  function offline(query, graphQuery) {
    if (!cfg.inBrowser || window.location.protocol === "file:") { message("offline", { url: endpoint }, "error"); return; }
    noEndpoint = true;
    runInBrowser(query, graphQuery);
  }

  function localStore() {
    if (!storePromise) {
      var base = window.location.href;
      var js = new URL(cfg.inBrowser.js, base).href, wasm = new URL(cfg.inBrowser.wasm, base).href;
      var data = new URL(cfg.inBrowser.data, base).href;
      storePromise = import(js).then(function (ox) {
        return ox.default({ module_or_path: wasm }).then(function () {
          return fetch(data).then(function (r) {
            if (!r.ok) { throw new Error("HTTP " + r.status + " for " + data); }
            return r.text();
          });
        }).then(function (text) {
          var store = new ox.Store();
          store.load(text, { format: "application/n-triples" });
          return store;
        });
      });
      storePromise.catch(function () { storePromise = null; });
    }
    return storePromise;
  }

  function runInBrowser(query, graphQuery) {
    message("local", { url: endpoint }, "note");
    localStore().then(function (store) {
      var body;
      try {
        body = store.query(query, { results_format: graphQuery ? "text/turtle" : "application/sparql-results+json" });
      } catch (e) {
        explain(400, String(e && e.message || e), query);
        return;
      }
      show(String(body), graphQuery);
      var note = el("p", { "class": "note local-note" }, say("local_done"));
      out.insertBefore(note, out.firstChild);
    }, function () {
      message("offline", { url: endpoint }, "error");
    });
  }

  function load(name) {
    var li = document.getElementById("q-" + name);
    if (!li) { return false; }
    setQuery(li.querySelector("code.sparql").textContent + "\n");
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.Yasqe) {
      textarea.hidden = true;
      var holder = el("div", { "class": "yasqe-holder" });
      textarea.parentNode.insertBefore(holder, textarea.nextSibling);
      editor = new window.Yasqe(holder, {
        value: textarea.value,
        persistenceId: null,
        showQueryButton: false,
        resizeable: false,
        editorHeight: "auto",
        viewportMargin: Infinity,
        autocompleters: ["variables"],
        lineWrapping: true,
        prefixCcApi: null,
        consumeShareLink: null,
        createShareableLink: null,
        screenReaderLabel: document.querySelector("label[for='query-text']").textContent
      });
      var keys = Object.assign({}, editor.getOption("extraKeys") || {});
      keys.Tab = false;  /* Tab leaves the editor, as everywhere else on the page */
      keys["Shift-Tab"] = false;
      keys["Ctrl-Enter"] = function () { run(); };
      keys["Cmd-Enter"] = function () { run(); };
      editor.setOption("extraKeys", keys);
      document.querySelector("label[for='query-text']").addEventListener("click", function () { editor.focus(); });
    }
    var m = /[?&]question=([\w-]+)/.exec(window.location.search);
    if (m) { load(m[1]); }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    var uses = document.querySelectorAll("a.use");
    for (var i = 0; i < uses.length; i++) {
      uses[i].addEventListener("click", function (ev) {
        var name = ev.currentTarget.closest("li").getAttribute("data-name");
        if (load(name)) {
          ev.preventDefault();
          if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "?question=" + name + "#editor"); }
          form.scrollIntoView();
          if (editor) { editor.focus(); } else { textarea.focus(); }
          run();
        }
      });
    }
    if (m) { run(); }
  });
}());
