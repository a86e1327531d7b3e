/* Help center search: the compact per-locale index (plugins/helpcenter/search/index.py,
 * compact_index) as a real lunr.Index, decoded lazily, and the ranking shared with query.py.
 * Loaded by worker.js; also runs in node for the tests. Needs lunr loaded first. */
(function (root, factory) {
  "use strict";
  var api = factory(root.lunr || (typeof require === "function" ? require("../vendor/lunr-2.3.9/lunr.min.js") : null),
    root.HelpCenterTokenize || (typeof require === "function" ? require("./tokenize.js") : null));
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.HelpCenterSearchIndex = api;
})(typeof self !== "undefined" ? self : this, function (lunr, tokenize) {
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
    var termIdf = idf(total, count);
    fields.forEach(function (f) {
      var list = lists[f];
      list.w = list.refs.map(function (ref, k) {
        return weight(termIdf, list.tfs[k], compact.lengths[f][ref], average[f], compact.boosts[f], k1, b);
      });
    });
    cache[i] = { lists: lists, posting: null, weights: null };
    return cache[i];
  }

  /* The term's lunr posting ({_index, field: {ref: {}}}) and weights by field and ref, for
   * lunr.Index#query itself (optionalQuery below reads the lists). */
  function lunrPosting(i) {
    var entry = decode(i);
    if (!entry.posting) {
      entry.posting = { _index: i };
      entry.weights = {};
      fields.forEach(function (f) {
        var docs = Object.create(null), w = Object.create(null), list = entry.lists[f];
        for (var k = 0; k < list.refs.length; k++) { docs[list.refs[k]] = {}; w[list.refs[k]] = list.w[k]; }
        entry.posting[f] = docs;
        entry.weights[f] = w;
      });
    }
    return entry;
  }

  var sorted = null, touched = Object.create(null);
  var invertedIndex = new Proxy(Object.create(null), {
    get: function (target, term) {
      var i = position[term];
      if (i === undefined) { return undefined; }
      if (!touched[i]) { touched[i] = true; sorted = null; }
      return lunrPosting(i).posting;
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
  /* lunr.Index#query for queries of optional clauses (ours), step for step with the same
   * floating-point operations in the same order, without its per-match objects (MatchData,
   * FieldRef, one Vector per field of every matching document): at 10,000 articles a two-word
   * query matches half of them, and lunr's bookkeeping took 150 ms of a first search. The same
   * expansion (TokenSet ∩), query vectors (upsert: boosts summed in clause order), matching
   * field refs in lunr's insertion order (clause, expanded term, field, ascending ref), each
   * field's score dot(query, field vector) / |query| (the sum over ascending term positions),
   * added per document in that order. Results: {ref, score, matchData: {metadata: {term: …}}}
   * like lunr's; any other clause presence goes to lunr itself. */
  function optionalQuery(fn) {
    var query = new lunr.Query(fields);
    fn(query);
    var optional = query.clauses.every(function (c) { return c.presence === lunr.Query.presence.OPTIONAL; });
    if (!optional || !query.clauses.length) { return index.query(fn); }
    var vectors = Object.create(null), seen = Object.create(null), expanded = Object.create(null);
    /* slot per field ref (field × count + ref), in lunr's insertion order; per slot a list of
     * (term position, weight) kept in ascending position: flat arrays, no object per match. */
    var slot = new Int32Array(fields.length * count).fill(-1), slotKey = [], head = [];
    var entryAt = [], entryW = [], entryNext = [];
    fields.forEach(function (f) { vectors[f] = Object.create(null); });
    query.clauses.forEach(function (clause) {
      var runs = clause.usePipeline ? index.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      runs.forEach(function (term) {
        clause.term = term;
        index.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray().forEach(function (t) {
          var i = position[t], lists = decode(i).lists;
          expanded[i] = true;
          clause.fields.forEach(function (f) {
            var q = vectors[f];
            q[i] = q[i] === undefined ? clause.boost : q[i] + clause.boost;
            if (seen[t + "/" + f]) { return; }
            seen[t + "/" + f] = true;
            var refs = lists[f].refs, w = lists[f].w, base = fields.indexOf(f) * count;
            for (var k = 0; k < refs.length; k++) {
              var key = base + refs[k], at = slot[key];
              if (at < 0) { at = slot[key] = slotKey.length; slotKey.push(key); head.push(-1); }
              var e = entryAt.length, previous = -1, next = head[at];
              while (next >= 0 && entryAt[next] < i) { previous = next; next = entryNext[next]; }
              entryAt.push(i); entryW.push(w[k]); entryNext.push(next);
              if (previous < 0) { head[at] = e; } else { entryNext[previous] = e; }
            }
          });
        });
      });
    });
    var magnitude = [], sortedExpanded = Object.keys(expanded).map(Number).sort(function (x, y) { return x - y; });
    fields.forEach(function (f) {
      var sum = 0, q = vectors[f];
      sortedExpanded.forEach(function (i) { if (q[i] !== undefined) { sum += q[i] * q[i]; } });
      magnitude.push(Math.sqrt(sum));
    });
    var matches = Object.create(null), results = [];
    for (var n = 0; n < slotKey.length; n++) {
      var fieldNumber = Math.floor(slotKey[n] / count), ref = slotKey[n] - fieldNumber * count;
      var q = vectors[fields[fieldNumber]], dot = 0, e;
      for (e = head[n]; e >= 0; e = entryNext[e]) { dot += q[entryAt[e]] * entryW[e]; }
      var score = dot / magnitude[fieldNumber] || 0, found = matches[ref];
      if (found) {
        found.score += score;
      } else {
        found = matches[ref] = { ref: String(ref), score: score, matchData: { metadata: Object.create(null) } };
        results.push(found);
      }
      for (e = head[n]; e >= 0; e = entryNext[e]) { found.matchData.metadata[terms[entryAt[e]]] = true; }
    }
    return results.sort(function (a, z) { return z.score - a.score; });
  }
  /* Runs a query with a fresh record of the terms it touches. */
  index.hasTerm = function (term) { return position[term] !== undefined; };
  index.queryFresh = function (fn) { touched = Object.create(null); sorted = null; return optionalQuery(fn); };
  return index;
}

function rankKey(score) { return Math.floor(score * 1e6 + 0.5); }

/* Precision, = query.py: required_units, within_one_edit, clause_matches, unit_hits,
 * covered_score. */
var FREE_UNITS = 3, MIN_SHARE = 0.2, RELATIVE_FLOOR = 0.07, COVERAGE_POWER = 2, PARTIAL_LIMIT = 5;
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
/* [units matched, meaningful units] (= query.py's unit_hits): grammar and word clauses count
 * none; a synonym's clause counts as the key's units it stands for, or as its own unit. */
function unitHits(clauses, matchedTerms) {
  var meaningful = Object.create(null), hit = Object.create(null), total = 0, hits = 0;
  clauses.forEach(function (c) {
    if (c.grammar || c.word) { return; }
    if (!c.synonym && !meaningful[c.unit]) { meaningful[c.unit] = true; total++; }
    var units = c.stands || [c.unit];
    if (units.some(function (u) { return !hit[u]; }) &&
        matchedTerms.some(function (t) { return clauseMatches(c, t); })) {
      units.forEach(function (u) { if (!hit[u]) { hit[u] = true; hits++; } });
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

/* = query.py's stem_words: the index's terms beginning with `kanji` that are words, not word
 * pairs, sorted: what a kanji's prefix clause (marked `stem`) asks for. */
function stemWords(index, kanji) {
  return index.tokenSet.intersect(lunr.TokenSet.fromString(kanji + "*")).toArray()
    .filter(function (term) { return term.indexOf(" ") < 0; }).sort();
}

/* = query.py's needed_clauses: without a clause marked `unless` whose typed bigram or word is
 * itself a term of the index (a slip the query did not make); a `slip` clause (a short Korean
 * word one jamo wrong) becomes the index terms one jamo away, at most MAX_SLIP_TERMS; a `stem`
 * clause (a kanji's prefix) becomes its stemWords, exact. */
function neededClauses(index, clauses) {
  var has = index.hasTerm || function (term) { return Object.prototype.hasOwnProperty.call(index.invertedIndex, term); };
  var needed = [];
  clauses.forEach(function (clause) {
    if (clause.unless && has(clause.unless)) { return; }
    if (clause.stem) {
      stemWords(index, clause.term).forEach(function (term) {
        var plain = Object.assign({}, clause, { term: term, wildcard: 0 });
        delete plain.stem;
        needed.push(plain);
      });
      return;
    }
    if (!clause.slip) { needed.push(clause); return; }
    tokenize.jamoSlips(clause.term).filter(has).slice(0, tokenize.MAX_SLIP_TERMS).forEach(function (term) {
      var plain = Object.assign({}, clause, { term: term, slipped: true });
      delete plain.slip; delete plain.unless;
      needed.push(plain);
    });
  });
  return needed;
}

/* [{ref, score}] best first (= query.py's run_query): the documents matching enough of the
 * query; when there are none, those matching some of its meaningful units, at most
 * PARTIAL_LIMIT, and the array's `partial` is true (the box says so). */
function runQuery(index, clauses) {
  clauses = neededClauses(index, clauses);
  var enough = [], some = [], ranked;
  if (clauses.length) {
    var matches = index.queryFresh(function (query) {
      /* copies: lunr.Query#clause appends "*" to a wildcard clause's term */
      clauses.forEach(function (clause) { query.clause(Object.assign({}, clause)); });
    });
    var typed = clauses.filter(function (c) { return !c.slipped; });
    matches.forEach(function (m) {
      var matched = Object.keys(m.matchData.metadata);
      var counts = unitHits(clauses, matched);
      if (counts[1] > 0 && counts[0] > 0) {
        /* a slip read into the query adds to what the typed words match but never makes a
         * result alone: matching nothing else, a document is a partial match (= query.py) */
        var alone = typed.length < clauses.length && !unitHits(typed, matched)[0];
        (counts[0] >= requiredUnits(counts[1]) && !alone ? enough : some).push(
          { ref: parseInt(m.ref, 10), score: coveredScore(m.score, counts[0], counts[1]) });
      }
    });
  }
  ranked = bestFirst(enough.length ? enough : some);
  ranked.partial = !enough.length && ranked.length > 0;
  if (ranked.partial) { ranked.length = Math.min(ranked.length, PARTIAL_LIMIT); }
  return ranked;
}

/* Ordered by score (to 1e-6), then site order, without what scores under RELATIVE_FLOOR of
 * the best (= query.py's best_first). */
function bestFirst(ranked) {
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

return { idf: idf, weight: weight, lazyIndex: lazyIndex, rankKey: rankKey, runQuery: runQuery,
         neededClauses: neededClauses };
});

