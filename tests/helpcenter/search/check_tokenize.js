// Runs the JS tokenizer (overrides/assets/helpcenter/search/tokenize.js, with the vendored lunr)
// over the shared fixture and prints every disagreement; exit status 1 when there is one.
//   node tests/helpcenter/search/check_tokenize.js [fixture.json]
"use strict";
const fs = require("fs");
const path = require("path");
const repo = path.resolve(__dirname, "..", "..", "..");
global.lunr = require(path.join(repo, "overrides/assets/helpcenter/vendor/lunr-2.3.9/lunr.min.js"));
const tok = require(path.join(repo, "overrides/assets/helpcenter/search/tokenize.js"));
const fixture = JSON.parse(fs.readFileSync(process.argv[2] || path.join(__dirname, "tokenize_fixture.json"), "utf8"));

let failures = 0, checks = 0;
function same(kind, input, expected, actual) {
  checks++;
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    failures++;
    console.log(`MISMATCH ${kind} ${JSON.stringify(input).slice(0, 80)}\n  python: ${JSON.stringify(expected).slice(0, 300)}\n  js:     ${JSON.stringify(actual).slice(0, 300)}`);
  }
}
for (const c of fixture.tokenize) same("tokenize", [c.lang, c.text], c.terms, tok.tokenize(c.text, c.lang));
for (const c of fixture.queries) same("queryClauses", [c.lang, c.text], c.clauses, tok.queryClauses(c.text, c.lang, c.synonyms));
for (const [word, stem] of Object.entries(fixture.stems)) same("stem", word, stem, tok.stem(word));
for (const [word, slips] of Object.entries(fixture.slips)) same("jamoSlips", word, slips, tok.jamoSlips(word));
console.log(`${checks - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
