// Runs the browser's scrubber (overrides/assets/helpcenter/scrub.js) over a corpus file of
// [input, expected] pairs and prints every disagreement; exit status 1 when there is one.
//   node tests/helpcenter/check_scrub.js corpus.json
"use strict";
const fs = require("fs");
const path = require("path");
const repo = path.resolve(__dirname, "..", "..");
const { scrub } = require(path.join(repo, "overrides/assets/helpcenter/scrub.js"));
const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

let failures = 0;
for (const [input, expected] of cases) {
  const actual = scrub(input);
  if (actual !== expected) {
    failures++;
    console.log(`MISMATCH ${JSON.stringify(input)}\n  python: ${JSON.stringify(expected)}\n  js:     ${JSON.stringify(actual)}`);
  }
}
console.log(`${cases.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
