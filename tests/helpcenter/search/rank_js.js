// Ranks queries in node with the browser's code: tokenize.js + lazy-index.js over the compact
// index, and (when given) lunr.js's own lunr.Index.load over lunr.py's full serialized index.
//   node rank_js.js SEARCH_FILE QUERIES_JSON [FULL_LUNR_INDEX_JSON]   → JSON on stdout
"use strict";
const fs = require("fs");
const path = require("path");
const repo = path.resolve(__dirname, "..", "..", "..");
global.lunr = require(path.join(repo, "overrides/assets/helpcenter/vendor/lunr-2.3.9/lunr.min.js"));
const T = require(path.join(repo, "overrides/assets/helpcenter/search/tokenize.js"));
const S = require(path.join(repo, "overrides/assets/helpcenter/search/lazy-index.js"));

const data = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const lazy = S.lazyIndex(data.index, data.docs.length);
let full = null;
if (process.argv[4]) {
  full = lunr.Index.load(JSON.parse(fs.readFileSync(process.argv[4], "utf8")));
  full.queryFresh = full.query.bind(full);
}
const out = queries.map((q) => {
  const clauses = T.queryClauses(q, data.lang, data.synonyms);
  const ranked = S.runQuery(lazy, clauses);
  const row = { q, lazy: ranked.map((r) => [r.ref, r.score]), partial: ranked.partial };
  if (full) {
    const again = S.runQuery(full, T.queryClauses(q, data.lang, data.synonyms));
    row.full = again.map((r) => [r.ref, r.score]);
    row.fullPartial = again.partial;
  }
  return row;
});
process.stdout.write(JSON.stringify(out));
