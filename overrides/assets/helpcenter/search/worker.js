/* Help center search worker: loads ONE locale's index (helpcenter/search/<locale>.json, built by
 * plugins/helpcenter/search/index.py) when the page first asks, and answers queries with lunr.js
 * 2.3.9's own scoring. A large locale's index is split (split-index.js): the entry first, then
 * the term shards each query needs and the text shards of the results it shows.
 * Messages in:  {type: "init", url, lang}  then  {type: "query", id, q, limit, replaces}
 *   (`replaces`: the id this box asked before; if not answered yet, it never will be)
 * Messages out: {type: "ready", docs} | {type: "results", id, q, total, results, partial[, failed]} |
 *   (`partial`: no article matched enough of the query; these match some of its words) |
 *   {type: "snippets", id, q, snippets} | {type: "error"}
 * Ranking = plugins/helpcenter/search/query.py: same clauses (tokenize.js), lunr's score, ties
 * broken by score rounded to 1e-6 and then site order. */
/* global importScripts, HelpCenterTokenize, HelpCenterSearchIndex, HelpCenterSplitIndex */
"use strict";

importScripts("../vendor/lunr-2.3.9/lunr.min.js", "tokenize.js", "lazy-index.js", "split-index.js");

var state = { index: null, docs: null, count: 0, split: null, lang: "en", loading: null, textBase: "", shard: 0,
              shards: {}, synonyms: {}, pending: Object.create(null) };

function fetchJson(url) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  });
}

function load(url, lang) {
  if (state.loading) { return state.loading; }
  state.lang = lang || "en";
  var t0 = performance.now();
  state.loading = fetchJson(url).then(function (data) {
    var t1 = performance.now();
    if (data.version !== 2) { throw new Error("search index format " + data.version); }
    state.shard = (data.text && data.text.shard) || 0;
    state.textBase = url.replace(/\.json(\?.*)?$/, "/");
    state.lang = data.lang || state.lang;
    state.synonyms = data.synonyms || {};
    if (data.split) {   /* display data comes with the text shards of the results shown */
      state.split = HelpCenterSplitIndex.open(data, state.textBase, fetchJson);
      state.count = data.count;
      state.index = HelpCenterSearchIndex.lazyIndex(state.split.compact, data.count);
    } else {
      state.docs = data.docs;
      state.count = data.docs.length;
      state.index = HelpCenterSearchIndex.lazyIndex(data.index, data.docs.length);
    }
    state.timing = { fetchParse: Math.round(t1 - t0), load: Math.round(performance.now() - t1) };
    return state;
  });
  return state.loading;
}

/* Spans of `text` (code unit offsets) whose normalized run matches a query term: a word run whose
 * term or prefix matches, any CJK bigram/character of the query, or a CJK term of 3+ characters
 * the query's clauses name whole (パスワード, tried for a query typed ぱすわーど). */
function highlights(text, clauses, lang) {
  var spans = [];
  var exact = Object.create(null), prefixes = [], whole = [];
  clauses.forEach(function (c) {
    if (c.editDistance) { return; }
    var term = c.wildcard ? c.term.replace(/\*$/, "") : c.term, chars = Array.from(term);
    if (c.wildcard) { prefixes.push(term); } else { exact[term] = true; }
    if (chars.length > 2 && chars.every(function (ch) { return HelpCenterTokenize.charClass(ch) === HelpCenterTokenize.CJK; })) {
      whole.push(chars);
    }
  });
  var re = /[\p{L}\p{M}\p{N}]+/gu, m;
  while ((m = re.exec(text)) !== null) {
    var chunk = m[0], start = m.index;
    var chars = Array.from(chunk), offsets = [], pos = start;
    for (var i = 0; i < chars.length; i++) { offsets.push(pos); pos += chars[i].length; }
    offsets.push(pos);
    var cls = HelpCenterTokenize.charClass(chars[0]);
    if (cls === HelpCenterTokenize.CJK) {
      var norm = chars.map(function (ch) { return HelpCenterTokenize.normalize(ch); });
      whole.forEach(function (term) {
        for (var k = 0; k + term.length <= norm.length; k++) {
          if (norm.slice(k, k + term.length).join("") === term.join("")) { spans.push([offsets[k], offsets[k + term.length]]); }
        }
      });
      for (var j = 0; j < chars.length; j++) {
        var gram = HelpCenterTokenize.normalize(chars[j] + (chars[j + 1] || ""));
        if (j + 1 < chars.length && exact[gram]) { spans.push([offsets[j], offsets[j + 2]]); }
        else if (prefixes.indexOf(HelpCenterTokenize.normalize(chars[j])) >= 0) {
          spans.push([offsets[j], offsets[j + 1]]);
        }
      }
    } else {
      var terms = HelpCenterTokenize.tokenize(chunk, lang);
      var word = HelpCenterTokenize.normalize(chunk);
      var hit = terms.some(function (t) { return exact[t]; }) ||
        prefixes.some(function (p) { return p.length >= 3 && word.indexOf(p) === 0; });
      if (hit) { spans.push([start, start + chunk.length]); }
    }
  }
  spans.sort(function (a, b) { return a[0] - b[0]; });
  var merged = [];
  spans.forEach(function (s) {
    var last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) { last[1] = Math.max(last[1], s[1]); } else { merged.push(s.slice()); }
  });
  return merged;
}

/* An article's entry in its text shard, once the shard has arrived (index.py, text_shards):
 * [description, text], and in a split index also [id, title, category, url, fallback]. */
function textEntry(ref) {
  var shard = state.shard ? state.shards[Math.floor(ref / state.shard)] : null;
  var entry = Array.isArray(shard) ? shard[ref % state.shard] : null;
  return Array.isArray(entry) ? entry : null;
}
function texts(ref) {
  var entry = textEntry(ref);
  return entry ? [String(entry[0] || ""), String(entry[1] || "")] : ["", ""];
}
/* [id, title, category, url, fallback]: from the index file, or (split) from the text shard. */
function docOf(ref) {
  if (state.docs) { return state.docs[ref]; }
  var entry = textEntry(ref);
  return entry && entry.length === 7 ? entry.slice(2) : null;
}

/* Fetch the text shards holding `refs` that are not here yet; resolves when all have arrived
 * (those already on their way included), with whether any was missing. One that failed is
 * fetched again next time. */
function fetchShards(refs) {
  if (!state.shard) { return Promise.resolve(false); }
  var waits = [];
  refs.forEach(function (ref) {
    var k = Math.floor(ref / state.shard);
    if (state.shards[k] === undefined) {
      state.shards[k] = fetchJson(state.textBase + k + ".json")
        .then(function (texts) { state.shards[k] = Array.isArray(texts) ? texts : []; },
              function () { delete state.shards[k]; });
    }
    if (!Array.isArray(state.shards[k]) && waits.indexOf(state.shards[k]) < 0) { waits.push(state.shards[k]); }
  });
  if (!waits.length) { return Promise.resolve(false); }
  return Promise.all(waits).then(function () { return true; });
}

/* A window of about `size` characters around the first highlighted span of the best text. */
function snippet(doc, ref, clauses, size) {
  var candidates = texts(ref);
  var best = null;
  for (var i = 0; i < candidates.length; i++) {
    var candidate = candidates[i];
    if (!candidate) { continue; }
    var found = highlights(candidate, clauses, state.lang);
    if (found.length && (!best || found.length > best.spans.length)) { best = { text: candidate, spans: found }; }
  }
  if (!best) { return { text: candidates[0] || candidates[1].slice(0, size), spans: [] }; }
  var text = best.text, first = best.spans[0][0];
  var start = Math.max(0, first - Math.floor(size / 3));
  if (start > 0) {
    var space = text.lastIndexOf(" ", first);
    if (space > start - 20 && space < first) { start = space + 1; }
  }
  var end = Math.min(text.length, start + size);
  var shown = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  var shift = start > 0 ? 1 : 0;
  var spans = best.spans.filter(function (s) { return s[0] >= start && s[1] <= end; })
    .map(function (s) { return [s[0] - start + shift, s[1] - start + shift]; });
  return { text: shown, spans: spans };
}

/* Characters of snippet: CJK text carries about twice the meaning per character. */
function snippetSize() { return /^(ja|ko|zh)/.test(state.lang) ? 90 : 160; }

function titleSpans(title, clauses) { return highlights(title, clauses, state.lang); }

/* A query the page still waits for: fetch what it needs (split index: the term shards, then
 * the text shards of the results shown, which carry their titles), then rank and reply. A
 * failed fetch answers this query as failed; a later query may fetch the same shard again. */
function answer(message) {
  var started = performance.now();
  if (!state.pending[message.id]) { return; }
  var clauses = HelpCenterTokenize.queryClauses(String(message.q || "").slice(0, 1000), state.lang, state.synonyms);
  var limit = Math.max(1, Math.min(50, message.limit || 10));
  var ranked = null;
  clauses = HelpCenterSearchIndex.neededClauses(state.index, clauses);   /* before fetching: what it drops needs no shard */
  var needs = state.split ? state.split.prepare(state.index, clauses) : Promise.resolve();
  needs.then(function () {
    if (!state.pending[message.id]) { return false; }
    ranked = HelpCenterSearchIndex.runQuery(state.index, clauses);
    if (state.docs) { return true; }
    return fetchShards(ranked.slice(0, limit).map(function (r) { return r.ref; })).then(function () { return true; });
  }).then(function (go) {
    if (go && state.pending[message.id]) { reply(message, clauses, ranked, limit, started); }
  }).catch(function () {
    if (!state.pending[message.id]) { return; }
    delete state.pending[message.id];
    self.postMessage({ type: "results", id: message.id, q: message.q, total: 0, results: [], failed: true });
  });
}

function reply(message, clauses, ranked, limit, started) {
  var shown = ranked.slice(0, limit);
  var results = shown.map(function (r, n) {
    var doc = docOf(r.ref);
    if (!doc) { throw new Error("no text shard for result " + r.ref); }
    return {
      rank: n + 1, id: doc[0], title: doc[1], category: doc[2], url: doc[3],
      score: Math.round(r.score * 1e6) / 1e6, fallback: !!doc[4],
      titleSpans: titleSpans(doc[1], clauses), snippet: snippet(doc, r.ref, clauses, snippetSize())
    };
  });
  delete state.pending[message.id];
  self.postMessage({ type: "results", id: message.id, q: message.q, total: ranked.length, results: results,
                    partial: !!ranked.partial, ms: Math.round(performance.now() - started) });
  /* Then the description and text of the shown results (shards not fetched yet) for snippets. */
  var refs = shown.map(function (r) { return r.ref; });
  fetchShards(refs).then(function (fetched) {
    if (!fetched) { return; }
    var better = [];
    shown.forEach(function (r, n) {
      var s = snippet(docOf(r.ref), r.ref, clauses, snippetSize());
      if (s.text !== results[n].snippet.text) { better.push({ rank: n + 1, snippet: s }); }
    });
    if (better.length) { self.postMessage({ type: "snippets", id: message.id, q: message.q, snippets: better }); }
  });
}

self.onmessage = function (event) {
  var message = event.data || {};
  if (message.type === "init") {
    load(message.url, message.lang).then(function () {
      self.postMessage({ type: "ready", docs: state.count, timing: state.timing });
    }, function (error) {
      state.loading = null;
      self.postMessage({ type: "error", message: String(error && error.message || error) });
    });
  } else if (message.type === "query") {
    if (!state.loading) { return; }
    delete state.pending[message.replaces];
    state.pending[message.id] = true;
    state.loading.then(function () { answer(message); }, function () {});
  }
};
