/* Help center: free text without personal data (e-mail and IP addresses, card and phone
 * numbers). The same rules as plugins/helpcenter/scrub.py (read its docstring and
 * docs/events.md, "What is scrubbed"); the corpus tests/helpcenter/scrub_corpus.py proves both
 * give the same text. window.HelpCenterScrub.scrub(text); works in a page, a worker and node. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.HelpCenterScrub = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var EMAIL = "[email]", PHONE = "[phone]", CARD = "[card]", IP = "[ip]";

  /* Full-width ASCII and the ideographic space as ASCII, one code unit for one. */
  function fold(text) {
    return text.replace(/[\uff01-\uff5e\u3000]/g, function (ch) {
      return ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xFEE0);
    });
  }

  function replace(text, folded, spans) {
    var out = "", outFolded = "", last = 0;
    spans.forEach(function (span) {
      if (span[0] < last) { return; }
      out += text.slice(last, span[0]) + span[2];
      outFolded += folded.slice(last, span[0]) + span[2];
      last = span[1];
    });
    return [out + text.slice(last), outFolded + folded.slice(last)];
  }

  function bySpan(a, b) { return a[0] - b[0] || a[1] - b[1]; }

  /* ---- e-mail addresses --------------------------------------------------------------------- */
  var LOCAL_COMMON = "0123456789.!#$%&'*+/=?^_`{|}~-";
  var DOMAIN = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/y;

  function kind(ch) {
    if (LOCAL_COMMON.indexOf(ch) >= 0) { return "common"; }
    var code = ch.charCodeAt(0);
    if ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") ||
        (code >= 0xC0 && code <= 0x24F && code !== 0xD7 && code !== 0xF7) ||
        (code >= 0x370 && code <= 0x3FF) || (code >= 0x400 && code <= 0x4FF)) { return "latin"; }
    if ((code >= 0xAC00 && code <= 0xD7A3) || (code >= 0x1100 && code <= 0x11FF) ||
        (code >= 0x3130 && code <= 0x318F)) { return "hangul"; }
    if ((code >= 0x30A0 && code <= 0x30FF) || (code >= 0x31F0 && code <= 0x31FF) ||
        (code >= 0xFF66 && code <= 0xFF9F)) { return "katakana"; }
    if (code >= 0x3040 && code <= 0x309F) { return "hiragana"; }
    if ((code >= 0x4E00 && code <= 0x9FFF) || (code >= 0x3400 && code <= 0x4DBF)) { return "han"; }
    return null;
  }

  function localStart(folded, at) {
    if (at > 0 && folded[at - 1] === "\"") {
      var quote = at >= 2 ? folded.lastIndexOf("\"", at - 2) : -1;
      if (quote >= Math.max(0, at - 66) && at - 1 - quote >= 1 &&
          folded.slice(quote, at).indexOf("\n") < 0) { return quote; }
      return null;
    }
    var script = null, switched = false, start = at;
    while (start > 0) {
      var k = kind(folded[start - 1]);
      if (k === null) { break; }
      if (k !== "common") {
        if (script === null) {
          if (k === "hiragana" && start < at) { break; }
          script = k;
        } else if (k !== script) {
          if (switched || "._-".indexOf(folded[start]) < 0) { break; }
          script = k;
          switched = true;
        }
      }
      start -= 1;
    }
    return start < at ? start : null;
  }

  function domainEnd(folded, after) {
    DOMAIN.lastIndex = after;
    var match = DOMAIN.exec(folded);
    if (!match) { return null; }
    var labels = match[0].split(".");
    while (labels.length >= 2) {
      var tld = labels[labels.length - 1];
      if (tld.length >= 2 && /^[A-Za-z]+$/.test(tld)) { return after + labels.join(".").length; }
      labels.pop();
    }
    return null;
  }

  function emailSpans(folded) {
    var spans = [];
    for (var at = folded.indexOf("@"); at >= 0; at = folded.indexOf("@", at + 1)) {
      var start = localStart(folded, at);
      var end = start !== null ? domainEnd(folded, at + 1) : null;
      if (start !== null && end !== null && (!spans.length || start >= spans[spans.length - 1][1])) {
        spans.push([start, end, EMAIL]);
      }
    }
    return spans;
  }

  /* ---- IP addresses -------------------------------------------------------------------------- */
  var IPV4 = /(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9]|\.[0-9])/g;
  var IPV6 = new RegExp("(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}" +
    "(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4})(?:%[0-9A-Za-z]{1,15})?(?![0-9A-Za-z:])", "g");

  function isIpv6(text) {
    var address = text.split("%")[0];
    if (!/[0-9]/.test(address)) { return false; }
    var groups = address.split(":").filter(function (g) { return g; });
    var count = groups.length + (groups.length && groups[groups.length - 1].indexOf(".") >= 0 ? 1 : 0);
    if (address.split("::").length > 2 || !groups.length ||
        (groups.length < 2 && address.indexOf("::") !== 0)) { return false; }
    if (address.indexOf("::") >= 0) { return count <= 7; }
    return count === 8 && address.indexOf(":::") < 0 && address[0] !== ":" &&
      address[address.length - 1] !== ":";
  }

  function matches(pattern, text) {
    var found = [], match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text)) !== null) { found.push(match); }
    return found;
  }

  function ipSpans(folded) {
    var spans = matches(IPV6, folded).filter(function (m) { return isIpv6(m[0]); })
      .map(function (m) { return [m.index, m.index + m[0].length, IP]; });
    matches(IPV4, folded).forEach(function (m) {
      if (m[0].split(".").every(function (part) { return Number(part) <= 255; })) {
        spans.push([m.index, m.index + m[0].length, IP]);
      }
    });
    return spans.sort(bySpan);
  }

  /* ---- card and phone numbers ---------------------------------------------------------------- */
  var WS = "[ \\t\\n\\u00a0\\u2000-\\u200a\\u202f\\u205f]";
  var LOOSE = "[-./\\u2010-\\u2015\\u2212\\u30fc\\uff70]";
  var TIGHT = "[,*_\\u00b7\\u30fb\\uff65]";
  var PAREN = "[()]";
  var SEP = "(?:" + TIGHT + "|" + WS + "{0,2}(?:" + LOOSE + "|" + PAREN + ")" + WS + "{0,2}|" + WS + "{1,2})";
  var NUMBER = new RegExp("(?<![A-Za-z0-9+])(?<![0-9][-.,/])\\+?\\(?[0-9](?:" + SEP +
    "?[0-9])+\\)?(?![A-Za-z0-9])", "g");
  var YEAR = "(?:19|20)[0-9]{2}";
  var KEEP = new RegExp("(?<![0-9])(?<![0-9][-./])(?:" +
    YEAR + " ?[-/.] ?[0-9]{1,2} ?[-/.] ?[0-9]{1,2}\\.?" +
    "|[0-9]{1,2}[-/.][0-9]{1,2}[-/.]" + YEAR +
    "|" + YEAR + " ?[-\\u2013~\\u301c] ?" + YEAR +
    "|[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?" +
    "|[0-9]{1,3}(?:\\.[0-9]{3})+(?:,[0-9]+)?" +
    ")(?![0-9]|[-./,][0-9])", "g");
  var DECIMAL = /^[0-9]+[.,][0-9]+$/;
  var DOTTED = /^[0-9]+(?:\.[0-9]+){2,}$/;

  function isVersion(run) {
    if (!DOTTED.test(run)) { return false; }
    var parts = run.split(".");
    return parts.slice(1).some(function (p) { return p.length === 1; }) ||
      parts.some(function (p) { return p.length >= 5; });
  }

  function classify(run) {
    var digits = (run.match(/[0-9]/g) || []).length;
    if (run[0] === "+") { return digits >= 7 && digits <= 15 ? PHONE : digits > 15 ? CARD : null; }
    if (digits >= 13) { return CARD; }
    if (digits < 7 || DECIMAL.test(run) || isVersion(run)) { return null; }
    return PHONE;
  }

  function numberSpans(folded) {
    KEEP.lastIndex = 0;
    var masked = folded.replace(KEEP, function (kept) { return "\u0000".repeat(kept.length); });
    var spans = [];
    matches(NUMBER, masked).forEach(function (m) {
      var placeholder = classify(m[0]);
      if (placeholder) { spans.push([m.index, m.index + m[0].length, placeholder]); }
    });
    return spans;
  }

  /* Replace e-mail addresses, IP addresses, card-like and phone numbers with placeholders. */
  function scrub(text) {
    text = String(text == null ? "" : text);
    var folded = fold(text);
    [emailSpans, ipSpans, numberSpans].forEach(function (find) {
      if (text) {
        var result = replace(text, folded, find(folded));
        text = result[0];
        folded = result[1];
      }
    });
    return text;
  }

  return { scrub: scrub, fold: fold };
});
