/* Help center search box: a box in the header of every page, and the big box on the home page.
 * Nothing is downloaded until the visitor focuses a search box or types: then a worker fetches
 * this locale's index only (helpcenter/search/<locale>.json) and answers as they type.
 * Accessible combobox (arrow keys, Enter, Escape, live result count), localized strings from the
 * page's JSON data block (#hc-search-config), results built with textContent (never innerHTML).
 * When no article matches enough of the query, the worker answers with the articles matching some
 * of its words (`partial`): the status line says so and the contact link follows the list; the
 * query counts as searched in vain unless one of them is opened.
 * Sends `search` events (no_results / partial / no_click) through window.HelpCenterEvents, normalized,
 * scrubbed by scrub.js (e-mail and IP addresses, card and phone numbers), at most 100 characters,
 * never under Do Not Track.
 */
(function () {
  "use strict";
  if (window.HelpCenterSearch) { return; }
  window.HelpCenterSearch = {};
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }

  function start() {
  var dataBlock = document.getElementById("hc-search-config");
  if (!dataBlock) { return; }
  var cfg;
  try { cfg = JSON.parse(dataBlock.textContent); } catch (e) { return; }
  var strings = cfg.strings || {};
  var LIMIT = 8, MAX_LIMIT = 48, DEBOUNCE = 60, SETTLE = 1500;

  function t(key, values) {
    var text = strings["search." + key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }
  function abs(url) { return new URL(url, window.location.href).href; }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* ---- the worker, created on first use ------------------------------------------------- */
  /* Callbacks wait per query id; a box keeps only its latest query's (ask() drops the one before),
     so the maps stay as small as the number of boxes however long the visitor types. The
     `answers` test hook keeps the last ANSWERS_KEPT [query, ms] pairs only. */
  var worker = null, ready = false, failed = false, nextId = 1, waiting = {}, later = {};
  var ANSWERS_KEPT = 20;
  function fail() {
    failed = true; ready = false; waiting = {}; later = {};
    if (worker) { worker.onmessage = null; worker.onerror = null; try { worker.terminate(); } catch (e) { /* gone */ } }
    boxes.forEach(function (b) { if (b.input.value.trim()) { b.showError(); } });
  }
  function noteAnswer(msg) {
    var answers = window.HelpCenterSearch.answers = window.HelpCenterSearch.answers || [];
    answers.push([msg.q, msg.ms]);
    if (answers.length > ANSWERS_KEPT) { answers.splice(0, answers.length - ANSWERS_KEPT); }
  }
  function ensureWorker() {
    if (worker || failed) { return; }
    try {
      worker = new Worker(abs(cfg.worker));
    } catch (e) { fail(); return; }
    /* The worker script itself failed to load or threw (404, blocked, syntax): say so. */
    worker.onerror = function (event) { if (event && event.preventDefault) { event.preventDefault(); } fail(); };
    worker.onmessage = function (event) {
      var msg = event.data || {};
      if (msg.type === "ready") { ready = true; window.HelpCenterSearch.timing = msg.timing; }
      else if (msg.type === "error") { fail(); }
      else if (msg.type === "snippets" && later[msg.id]) { var more = later[msg.id]; delete later[msg.id]; more(msg); }
      else if (msg.type === "results" && waiting[msg.id]) {
        noteAnswer(msg);
        var cb = waiting[msg.id]; delete waiting[msg.id]; cb(msg);
      }
    };
    worker.postMessage({ type: "init", url: abs(cfg.index), lang: cfg.locale });
  }
  /* Ask the worker; `previous` is the id this box asked before (its callbacks are dropped). */
  function ask(q, limit, previous, callback, onSnippets) {
    ensureWorker();
    delete waiting[previous]; delete later[previous];
    if (!worker || failed) { callback(null); return 0; }
    var id = nextId++;
    waiting[id] = callback;
    if (onSnippets) { later[id] = onSnippets; }
    worker.postMessage({ type: "query", id: id, q: q, limit: limit, replaces: previous });
    return id;
  }
  window.HelpCenterSearch.pending = function () { return Object.keys(waiting).length + Object.keys(later).length; };

  /* ---- events ---------------------------------------------------------------------------- */
  /* Personal data never leaves the page: scrub.js (the collector's rules, docs/events.md). A
   * page without it sends no query at all rather than an unscrubbed one. */
  function normalizeQuery(q) {
    var text = String(q || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
    if (!window.HelpCenterScrub) { return ""; }
    text = window.HelpCenterScrub.scrub(text);
    return Array.from(text).slice(0, 100).join("").trim();
  }
  var sent = {};
  function sendSearch(outcome, query, results) {
    if (!cfg.events || navigator.doNotTrack === "1") { return; }
    var text = normalizeQuery(query);
    if (!text || sent[outcome + "\u0000" + text]) { return; }
    sent[outcome + "\u0000" + text] = true;
    if (window.HelpCenterEvents && typeof window.HelpCenterEvents.send === "function") {
      window.HelpCenterEvents.send({ type: "search", value: outcome, text: text, results: results, locale: cfg.locale });
    }
  }

  /* ---- one search box (header or home) --------------------------------------------------- */
  var boxes = [], counter = 0;

  function SearchBox(form, input) {
    var self = this, n = ++counter;
    this.form = form; this.input = input; this.results = []; this.active = -1; this.limit = LIMIT;
    this.query = ""; this.settled = null; this.timer = null; this.settleTimer = null;
    this.panel = el("div", { "class": "hc-search-panel", hidden: "" });
    this.status = el("p", { "class": "hc-search-status", role: "status", "aria-live": "polite" });
    /* tabindex -1: the scrolling list is reachable by script (keys stay in the box: arrows move
       aria-activedescendant and scroll the option into view) without a tab stop of its own. */
    this.list = el("ul", { "class": "hc-search-results", role: "listbox", id: "hc-search-list-" + n, "aria-label": t("label"), tabindex: "-1" });
    this.hint = el("p", { "class": "hc-visually-hidden", id: "hc-search-hint-" + n }, t("hint"));
    this.more = el("button", { type: "button", "class": "md-button hc-search-more", hidden: "" }, t("more"));
    /* After a partial list: no article matched the question, so the way to support (outside
       the listbox: options hold no interactive element). */
    this.contact = cfg.contact ? el("a", { "class": "md-button hc-search-contact", href: abs(cfg.contact), hidden: "" }, t("contact")) : null;
    this.panel.appendChild(this.status);
    this.panel.appendChild(this.list);
    this.panel.appendChild(this.more);
    if (this.contact) { this.panel.appendChild(this.contact); }
    form.appendChild(this.hint);
    form.appendChild(this.panel);
    /* The WAI-ARIA combobox pattern: the field is a combobox that controls a listbox of options
       (no links or buttons inside them); aria-expanded says whether the list is shown,
       aria-activedescendant names the highlighted option, the status line the count shown. */
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("aria-describedby", this.hint.id);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("maxlength", "200");

    input.addEventListener("focus", function () { ensureWorker(); if (self.query) { self.open(); } });
    input.addEventListener("input", function () { ensureWorker(); self.schedule(); });
    input.addEventListener("keydown", function (e) { ensureWorker(); self.key(e); });
    form.addEventListener("submit", function (e) { e.preventDefault(); self.go(self.active >= 0 ? self.active : 0); });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) { self.close(true); }
    });
    this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    this.list.addEventListener("click", function (e) {
      var option = e.target.closest ? e.target.closest("[role=option]") : null;
      if (option) { self.go(Array.prototype.indexOf.call(self.list.children, option)); }
    });
    this.more.addEventListener("mousedown", function (e) { e.preventDefault(); });
    this.more.addEventListener("click", function () {
      self.limit = Math.min(MAX_LIMIT, self.limit + LIMIT);
      self.run(true);
      input.focus();
    });
  }

  SearchBox.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, ready ? DEBOUNCE : 0);
  };

  /* `more`: the same query with a longer list (the "show more" button); else a new query. */
  SearchBox.prototype.run = function (more) {
    var self = this, q = this.input.value;
    if (!more) { this.limit = LIMIT; }
    if (!q.trim()) { this.query = ""; this.results = []; this.render(null); return; }
    if (failed) { this.showError(); return; }
    if (!ready) { this.status.textContent = t("loading"); this.open(); }
    var keep = more ? this.active : -1;
    this.asked = ask(q, this.limit, this.asked, function (msg) {
      if (!msg || msg.q !== self.input.value) { return; }   /* a newer query is on its way */
      if (msg.failed) { self.showError(); return; }   /* a part of the index did not arrive */
      self.query = q; self.results = msg.results; self.total = msg.total; self.partial = !!msg.partial;
      self.render(msg);
      if (keep >= 0) { self.select(keep, false); }
      self.settle();
    }, function (msg) {
      if (msg.q !== self.input.value) { return; }
      msg.snippets.forEach(function (s) {
        var item = self.list.children[s.rank - 1];
        var node = item && item.querySelector(".hc-search-result__snippet");
        if (node) { node.textContent = ""; mark(node, s.snippet.text, s.snippet.spans); }
      });
    });
  };

  SearchBox.prototype.settle = function () {
    var self = this;
    this.noteNoClick();
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(function () {
      self.settled = { query: self.query, results: self.results.length, partial: self.partial };
      if (!self.results.length) { sendSearch("no_results", self.query, 0); }
    }, SETTLE);
  };

  /* A refined query replaces the one before it: only the query the visitor ends with counts as
     "searched and opened nothing" (sent by leave(): "partial" or "no_click"). */
  SearchBox.prototype.noteNoClick = function () {
    var s = this.settled;
    if (s && normalizeQuery(s.query) !== normalizeQuery(this.query)) { this.settled = null; this.clicked = false; }
  };

  SearchBox.prototype.leave = function () {
    var s = this.settled;
    /* Left without opening a result: a partial answer (no article matched the question) was
       searched in vain, a full one was seen and not opened. An opened result sends nothing. */
    if (s && s.results && !this.clicked) { sendSearch(s.partial ? "partial" : "no_click", s.query, s.results); }
    this.settled = null;
  };

  SearchBox.prototype.render = function (msg) {
    var self = this;
    this.list.textContent = "";
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.panel.classList.remove("hc-search-panel--empty", "hc-search-panel--partial");
    this.more.hidden = true;
    if (this.contact) { this.contact.hidden = !(msg && msg.partial && msg.results.length); }
    if (!msg) { this.status.textContent = ""; this.close(false); return; }
    if (!msg.results.length) {
      this.status.textContent = "";
      var empty = this.helpBlock(t("no_results", { query: msg.q.trim().slice(0, 80) }), t("no_results_hint"));
      this.status.appendChild(empty);
      this.panel.classList.add("hc-search-panel--empty");
      this.open();
      return;
    }
    /* The count is what the list shows; "show more" lengthens it while there is more. A partial
       answer says that no article matches all the words (the same live region announces it). */
    var shown = msg.results.length, kind = msg.partial ? "partial" : "results";
    this.status.textContent = shown === 1 ? t(kind + "_one") : t(kind + "_other", { count: shown });
    if (msg.partial) { this.panel.classList.add("hc-search-panel--partial"); }
    this.more.hidden = !(msg.total > shown && this.limit < MAX_LIMIT);
    msg.results.forEach(function (r, i) {
      var li = el("li", { role: "option", id: self.list.id + "-" + i, "class": "hc-search-result", "aria-selected": "false",
                          "data-href": abs(cfg.root + r.url) });
      var a = el("span", { "class": "hc-search-result__link" });
      var title = el("span", { "class": "hc-search-result__title" });
      if (r.fallback) { title.setAttribute("lang", "en"); }
      mark(title, r.title, r.titleSpans);
      var meta = el("span", { "class": "hc-search-result__category" }, r.category);
      if (r.fallback) { meta.appendChild(el("span", { "class": "hc-search-result__fallback" }, " · " + t("fallback"))); }
      var snip = el("span", { "class": "hc-search-result__snippet" });
      if (r.fallback) { snip.setAttribute("lang", "en"); }
      mark(snip, r.snippet.text, r.snippet.spans);
      a.appendChild(title); a.appendChild(meta); a.appendChild(snip);
      li.appendChild(a);
      li.addEventListener("mousemove", function () { self.select(i, false); });
      self.list.appendChild(li);
    });
    this.open();
  };

  function mark(node, text, spans) {
    var pos = 0;
    (spans || []).forEach(function (s) {
      if (s[0] > pos) { node.appendChild(document.createTextNode(text.slice(pos, s[0]))); }
      node.appendChild(el("mark", {}, text.slice(s[0], s[1])));
      pos = s[1];
    });
    if (pos < text.length) { node.appendChild(document.createTextNode(text.slice(pos))); }
  }

  SearchBox.prototype.select = function (i, scroll) {
    var items = this.list.children;
    if (!items.length) { return; }
    if (this.active >= 0 && items[this.active]) { items[this.active].setAttribute("aria-selected", "false"); }
    this.active = (i + items.length) % items.length;
    var item = items[this.active];
    item.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", item.id);
    if (scroll !== false && item.scrollIntoView) { item.scrollIntoView({ block: "nearest" }); }
  };

  SearchBox.prototype.go = function (i) {
    var items = this.list.children;
    if (!items[i]) { return; }
    this.clicked = true;
    window.location.href = items[i].getAttribute("data-href");
  };

  SearchBox.prototype.key = function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); this.open(); this.select(this.active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); this.open(); this.select(this.active - 1); }
    else if (e.key === "Escape") {
      if (!this.panel.hidden) { e.preventDefault(); this.close(true); }
      else if (this.input.value) { e.preventDefault(); this.input.value = ""; this.render(null); }
    }
  };

  SearchBox.prototype.open = function () {
    if (!this.query && !this.status.textContent) { return; }
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  SearchBox.prototype.close = function (leaving) {
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    if (leaving) { this.leave(); }
  };

  /* The localized "not available" message and the contact link (worker or index failed). */
  SearchBox.prototype.showError = function () {
    this.list.textContent = "";
    this.status.textContent = "";
    this.status.appendChild(this.helpBlock(t("error"), null));
    this.panel.classList.remove("hc-search-panel--partial");
    this.panel.classList.add("hc-search-panel--empty");
    this.more.hidden = true;
    if (this.contact) { this.contact.hidden = true; }
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  /* A message, an optional hint and the locale's contact link: no results, or no search. */
  SearchBox.prototype.helpBlock = function (title, hint) {
    var block = el("div", { "class": "hc-search-empty" });
    block.appendChild(el("p", { "class": "hc-search-empty__title" }, title));
    if (hint) { block.appendChild(el("p", {}, hint)); }
    if (cfg.contact) {
      block.appendChild(el("a", { "class": "md-button hc-search-empty__contact", href: abs(cfg.contact) }, t("contact")));
    }
    return block;
  };

  /* ---- the header box, added to Material's header ---------------------------------------- */
  function headerBox() {
    var header = document.querySelector(".md-header__inner");
    if (!header) { return null; }
    var wrap = el("div", { "class": "hc-hsearch" });
    var toggle = el("button", { type: "button", "class": "md-header__button hc-hsearch__toggle", "aria-expanded": "false", "aria-label": t("open") });
    toggle.appendChild(searchIcon());
    var form = el("form", { "class": "hc-hsearch__form", role: "search", action: abs(cfg.home) });
    var id = "hc-header-search";
    form.appendChild(el("label", { "for": id, "class": "hc-visually-hidden" }, t("label")));
    var input = el("input", { id: id, type: "search", name: "q", "class": "hc-hsearch__input", placeholder: t("placeholder"), spellcheck: "false" });
    form.appendChild(input);
    wrap.appendChild(toggle);
    wrap.appendChild(form);
    var anchor = header.querySelector(".md-header__option") || header.querySelector(".md-header__source");
    header.insertBefore(wrap, anchor);
    toggle.addEventListener("click", function () {
      var open = wrap.classList.toggle("hc-hsearch--open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? t("close") : t("open"));
      if (open) { input.focus(); }
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !input.value && wrap.classList.contains("hc-hsearch--open")) {
        wrap.classList.remove("hc-hsearch--open"); toggle.setAttribute("aria-expanded", "false");
        toggle.setAttribute("aria-label", t("open")); toggle.focus();
      }
    });
    wrap.addEventListener("focusout", function (e) {
      if (!wrap.contains(e.relatedTarget) && !input.value && wrap.classList.contains("hc-hsearch--open")) {
        wrap.classList.remove("hc-hsearch--open"); toggle.setAttribute("aria-expanded", "false");
        toggle.setAttribute("aria-label", t("open"));
      }
    });
    return new SearchBox(form, input);
  }

  function searchIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5z");
    svg.appendChild(path);
    return svg;
  }

  function init() {
    var box = headerBox();
    if (box) { boxes.push(box); }
    Array.prototype.forEach.call(document.querySelectorAll("[data-hc-search-form]"), function (form) {
      var input = form.querySelector("[data-hc-search-input]");
      if (input) { boxes.push(new SearchBox(form, input)); }
    });
    window.addEventListener("pagehide", function () { boxes.forEach(function (b) { b.leave(); }); });
    /* A query passed in the URL (?q=..., e.g. from the home form without JavaScript) runs at once. */
    var params = new URLSearchParams(window.location.search);
    var q = params.get("q");
    var target = boxes[boxes.length - 1];
    if (q && target) { target.input.value = q.slice(0, 200); ensureWorker(); target.run(); target.input.focus(); }
  }

  window.HelpCenterSearch.normalizeQuery = normalizeQuery;
  window.HelpCenterSearch.boxes = boxes;
  init();
  }
})();
