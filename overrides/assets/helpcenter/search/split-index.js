/* Help center search: a split index (plugins/helpcenter/search/split.py). The entry holds the
 * sorted terms and the statistics BM25 needs (document count, field lengths); the postings live
 * in term-range shards, fetched when a query needs them. `open` gives the compact index that
 * lazy-index.js decodes, its postings filled in as shards arrive, so that lunr ranks exactly as
 * over a single file (= plugins/helpcenter/search/split_reader.py). Loaded by worker.js; also
 * runs in node for the tests. Needs lunr loaded first. */
(function (root, factory) {
  "use strict";
  var api = factory(root.lunr || (typeof require === "function" ? require("../vendor/lunr-2.3.9/lunr.min.js") : null));
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.HelpCenterSplitIndex = api;
})(typeof self !== "undefined" ? self : this, function (lunr) {
"use strict";

var PER_TERM = ["postings"];   /* = split.py's PER_TERM: one ';'-separated entry per term */

/* `entry`: the locale's <locale>.json; `base`: the locale folder's URL ("…/search/ja/");
 * `fetchJson(url)`: a promise of the parsed file. */
function open(entry, base, fetchJson) {
  var index = entry.index, count = entry.count;
  var terms = index.terms ? index.terms.split("\n") : [];
  var fields = Object.keys(index.boosts);
  var starts = entry.split.from, names = entry.split.files;
  if (!Array.isArray(starts) || !Array.isArray(names) || starts.length !== names.length ||
      (terms.length && starts[0] !== 0)) {
    throw new Error("search index: the shard table does not match the terms");
  }
  var compact = {}, position = Object.create(null), shards = [];
  Object.keys(index).forEach(function (key) { compact[key] = index[key]; });
  PER_TERM.forEach(function (key) {
    compact[key] = {};
    fields.forEach(function (f) { compact[key][f] = new Array(terms.length); });
  });
  terms.forEach(function (term, i) { position[term] = i; });

  function shardOf(i) {
    var low = 0, high = starts.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (starts[mid] <= i) { low = mid; } else { high = mid - 1; }
    }
    return low;
  }

  function fill(n, shard) {
    var start = starts[n], end = n + 1 < starts.length ? starts[n + 1] : terms.length;
    if (!shard || shard.from !== start || shard.terms !== end - start) {
      throw new Error("search index: shard " + names[n] + " is not the one the entry lists");
    }
    PER_TERM.forEach(function (key) {
      fields.forEach(function (f) {
        var part = String(shard[key][f]).split(";");
        if (part.length !== end - start) { throw new Error("search index: shard " + names[n] + " is short"); }
        for (var k = 0; k < part.length; k++) { compact[key][f][start + k] = part[k]; }
      });
    });
  }

  /* One fetch per shard; a failed one may be asked for again (the visitor came back online). */
  function load(n) {
    if (!shards[n]) {
      shards[n] = fetchJson(base + "terms/" + names[n] + ".json").then(function (shard) { fill(n, shard); },
        function (error) { shards[n] = null; throw error; });
    }
    return shards[n];
  }

  /* Resolves once every shard holding a term that lunr expands `clauses` to has arrived: the
   * same expansion lunr.Index#query makes (TokenSet.fromClause ∩ the index's TokenSet). */
  function prepare(lunrIndex, clauses) {
    var query = new lunr.Query(lunrIndex.fields), needed = [];
    clauses.forEach(function (clause) { query.clause(Object.assign({}, clause)); });
    query.clauses.forEach(function (clause) {
      lunrIndex.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray().forEach(function (term) {
        var n = shardOf(position[term]);
        if (needed.indexOf(n) < 0) { needed.push(n); }
      });
    });
    return Promise.all(needed.map(load));
  }

  return { compact: compact, count: count, prepare: prepare, shardCount: names.length };
}

return { open: open, PER_TERM: PER_TERM };
});
