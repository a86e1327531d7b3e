/* Help center search: the compact per-locale index (plugins/helpcenter/search/index.py,
 * compact_index) as a real lunr.Index, decoded lazily, and the ranking shared with query.py.
 * Loaded by worker.js; also runs in node for the tests. Needs lunr loaded first. */
(function (root, factory) {
  "use strict";
  var api = factory(root.lunr || (typeof require === "function" ? require("../vendor/lunr-2.3.9/lunr.min.js") : null));
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.HelpCenterSearchIndex = api;
})(typeof self !== "undefined" ? self : this, function (lunr) {
"use strict";

/* lunr's inverse document frequency and BM25 field weight, with the same arithmetic as
 * plugins/helpcenter/search/query.py (idf, weight): the compact index stores term frequencies
 * and field lengths, and both readers recompute lunr's weights from them identically. */
function idf(withTerm, count) {
  var x = (count - withTerm + 0.5) / (withTerm + 0.5);
  return Math.log(1 + Math.abs(x));
}
function weight(termIdf, tf, length, average, boost, k1, b) {
  var score = termIdf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf);
  score = score * boost;
  return Math.floor(score * 1000 + 0.5) / 1000;
}

/* A field's average length over the documents that have it (= query.py's average_length): over
 * every document, as lunr does, a field most articles leave empty (aliases) would all but vanish. */
function averageLength(lengths) {
  var sum = 0, filled = 0;
  for (var i = 0; i < lengths.length; i++) { if (lengths[i] > 0) { sum += lengths[i]; filled++; } }
  return filled ? sum / filled : 1;
}

/* A real lunr.Index whose inverted index and field vectors are decoded on first use, so that
 * loading costs one JSON.parse and a TokenSet, not one object per posting. lunr.Index#query
 * reads invertedIndex[term] for every expanded query term first, then fieldVectors[ref] for the
 * matching fields; a field vector holding only this query's terms has the same dot product
 * with the query vector as the full one (lunr scores queryVector.similarity(fieldVector)). */
function lazyIndex(compact, count) {
  var terms = compact.terms ? compact.terms.split("\n") : [];
  var fields = Object.keys(compact.boosts);
  var k1 = compact.k1, b = compact.b;
  var raw = {}, average = {}, position = Object.create(null), cache = [];
  fields.forEach(function (f) {
    /* an array when the index is split: split-index.js fills it in as term shards arrive */
    var postings = compact.postings[f];
    raw[f] = typeof postings !== "string" ? postings : (terms.length ? postings.split(";") : []);
    average[f] = averageLength(compact.lengths[f]);
  });
  terms.forEach(function (term, i) { position[term] = i; });

  function decode(i) {
    if (cache[i]) { return cache[i]; }
    var lists = {}, total = 0;
    fields.forEach(function (f) {
      var refs = [], tfs = [], text = raw[f][i], ref = -1;
      if (text) {
        var entries = text.split(",");
        for (var e = 0; e < entries.length; e++) {
          var dot = entries[e].indexOf(".");
          ref += parseInt(dot < 0 ? entries[e] : entries[e].slice(0, dot), 36) + 1;
          refs.push(ref);
          tfs.push(dot < 0 ? 1 : parseInt(entries[e].slice(dot + 1), 36));
        }
      }
      lists[f] = { refs: refs, tfs: tfs };
      total += refs.length;
    });
    var termIdf = idf(total, count), posting = { _index: i }, weights = {};
    fields.forEach(function (f) {
      var docs = Object.create(null), w = Object.create(null), list = lists[f];
      for (var k = 0; k < list.refs.length; k++) {
        var ref = list.refs[k];
        docs[ref] = {};
        w[ref] = weight(termIdf, list.tfs[k], compact.lengths[f][ref], average[f], compact.boosts[f], k1, b);
      }
      posting[f] = docs;
      weights[f] = w;
    });
    cache[i] = { posting: posting, weights: weights };
    return cache[i];
  }

  var sorted = null, touched = Object.create(null);
  var invertedIndex = new Proxy(Object.create(null), {
    get: function (target, term) {
      var i = position[term];
      if (i === undefined) { return undefined; }
      if (!touched[i]) { touched[i] = true; sorted = null; }
      return decode(i).posting;
    }
  });
  var fieldVectors = new Proxy(Object.create(null), {
    get: function (target, fieldRef) {
      var cut = String(fieldRef).indexOf("/");
      var field = String(fieldRef).slice(0, cut), ref = String(fieldRef).slice(cut + 1);
      if (!sorted) {
        sorted = Object.keys(touched).map(Number).sort(function (x, y) { return x - y; });
      }
      var elements = [];
      for (var n = 0; n < sorted.length; n++) {
        var w = cache[sorted[n]].weights[field][ref];
        if (w !== undefined) { elements.push(sorted[n], w); }
      }
      return new lunr.Vector(elements);
    }
  });
  var index = new lunr.Index({
    invertedIndex: invertedIndex, fieldVectors: fieldVectors,
    tokenSet: lunr.TokenSet.fromArray(terms), fields: fields, pipeline: new lunr.Pipeline()
  });
  /* Runs lunr.Index#query with a fresh record of the terms it touches. */
  index.queryFresh = function (fn) { touched = Object.create(null); sorted = null; return index.query(fn); };
  return index;
}

function rankKey(score) { return Math.floor(score * 1e6 + 0.5); }

/* Precision, = query.py: required_units, within_one_edit, clause_matches, unit_hits,
 * covered_score. */
var FREE_UNITS = 3, MIN_SHARE = 0.2, RELATIVE_FLOOR = 0.07, COVERAGE_POWER = 2;
function requiredUnits(meaningful) {
  if (meaningful <= FREE_UNITS) { return meaningful ? 1 : 0; }
  return Math.ceil(meaningful * MIN_SHARE);
}
function withinOneEdit(a, b) {
  if (a === b) { return true; }
  a = Array.from(a); b = Array.from(b);
  if (Math.abs(a.length - b.length) > 1) { return false; }
  var i;
  if (a.length === b.length) {
    var diff = [];
    for (i = 0; i < a.length; i++) { if (a[i] !== b[i]) { diff.push(i); } }
    return diff.length === 1 || (diff.length === 2 && diff[1] === diff[0] + 1 &&
      a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]);
  }
  var shortW = a.length < b.length ? a : b, longW = a.length < b.length ? b : a;
  i = 0;
  while (i < shortW.length && shortW[i] === longW[i]) { i++; }
  return shortW.slice(i).join("") === longW.slice(i + 1).join("");
}
function clauseMatches(clause, term) {
  if (clause.wildcard) { return term.indexOf(clause.term) === 0; }
  if (clause.editDistance) { return withinOneEdit(term, clause.term); }
  return term === clause.term;
}
/* [units matched, meaningful units] (= query.py's unit_hits): grammar and word clauses count none. */
function unitHits(clauses, matchedTerms) {
  var meaningful = Object.create(null), hit = Object.create(null), total = 0, hits = 0;
  clauses.forEach(function (c) {
    if (c.grammar || c.word) { return; }
    if (!c.synonym && !meaningful[c.unit]) { meaningful[c.unit] = true; total++; }
    if (!hit[c.unit] && matchedTerms.some(function (t) { return clauseMatches(c, t); })) {
      hit[c.unit] = true; hits++;
    }
  });
  return [Math.min(hits, total), total];
}
/* lunr's score times the share of the query matched, to COVERAGE_POWER (= query.py's covered_score). */
function coveredScore(score, hits, total) {
  var share = hits / total;
  for (var i = 0; i < COVERAGE_POWER; i++) { score = score * share; }
  return score;
}

/* [{ref, score}] best first: lunr's score times the query's share matched, to 1e-6, then site
 * order (= query.py's run_query): only documents matching enough of the query, and none under
 * RELATIVE_FLOOR of the best. */
function runQuery(index, clauses) {
  if (!clauses.length) { return []; }
  var matches = index.queryFresh(function (query) {
    /* copies: lunr.Query#clause appends "*" to a wildcard clause's term */
    clauses.forEach(function (clause) { query.clause(Object.assign({}, clause)); });
  });
  var ranked = [];
  matches.forEach(function (m) {
    var counts = unitHits(clauses, Object.keys(m.matchData.metadata));
    if (counts[1] > 0 && counts[0] >= requiredUnits(counts[1])) {
      ranked.push({ ref: parseInt(m.ref, 10), score: coveredScore(m.score, counts[0], counts[1]) });
    }
  });
  ranked.sort(function (a, b) {
    var ka = rankKey(a.score), kb = rankKey(b.score);
    return ka !== kb ? kb - ka : a.ref - b.ref;
  });
  if (ranked.length) {
    var floor = ranked[0].score * RELATIVE_FLOOR;
    ranked = ranked.filter(function (r) { return r.score >= floor; });
  }
  return ranked;
}

return { idf: idf, weight: weight, lazyIndex: lazyIndex, rankKey: rankKey, runQuery: runQuery };
});

