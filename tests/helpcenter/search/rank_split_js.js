// Ranks queries in node with the browser's code over a SPLIT index: split-index.js fetches the
// term shards each query needs (here: from disk), lazy-index.js + lunr.js rank.
//   node rank_split_js.js SEARCH_DIR LOCALE QUERIES_JSON   → JSON on stdout:
//   [{q, ranked: [[ref, score]...], shards: shards fetched so far}]
"use strict";
const fs = require("fs");
const path = require("path");
const repo = path.resolve(__dirname, "..", "..", "..");
global.lunr = require(path.join(repo, "overrides/assets/helpcenter/vendor/lunr-2.3.9/lunr.min.js"));
const T = require(path.join(repo, "overrides/assets/helpcenter/search/tokenize.js"));
const S = require(path.join(repo, "overrides/assets/helpcenter/search/lazy-index.js"));
const Split = require(path.join(repo, "overrides/assets/helpcenter/search/split-index.js"));

const [dir, locale, queriesFile] = process.argv.slice(2);
const fetched = new Set();
function fetchJson(url) {
  fetched.add(url);
  return fs.promises.readFile(path.join(dir, url), "utf8").then(JSON.parse);
}

async function main() {
  const entry = await fetchJson(`${locale}.json`);
  const split = Split.open(entry, `${locale}/`, fetchJson);
  const index = S.lazyIndex(split.compact, split.count);
  const out = [];
  for (const q of JSON.parse(fs.readFileSync(queriesFile, "utf8"))) {
    // as worker.js does: drop/expand `unless` and `slip` clauses first (a slip's real term is
    // what needs its shard), then fetch the shards of what is left
    const clauses = S.neededClauses(index, T.queryClauses(q, entry.lang, entry.synonyms));
    await split.prepare(index, clauses);
    const ranked = S.runQuery(index, clauses);
    out.push({ q, ranked: ranked.map((r) => [r.ref, r.score]), partial: ranked.partial, shards: fetched.size - 1 });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
