/* Help center search: tokenization per script. The same rules as
 * plugins/helpcenter/search/tokenize.py (read its docstring); the shared fixture
 * tests/helpcenter/search/tokenize_fixture.json proves both give the same terms.
 * Needs lunr (for its stemmer and stop words) loaded first. Works in a worker, a page and node. */
(function (root, factory) {
  "use strict";
  var api = factory(root.lunr || (typeof require === "function" ? require("../vendor/lunr-2.3.9/lunr.min.js") : null));
  if (typeof module === "object" && module.exports) { module.exports = api; }
  root.HelpCenterTokenize = api;
})(typeof self !== "undefined" ? self : this, function (lunr) {
  "use strict";

  var MAX_WORD = 64;
  var STEMMED = { en: true };
  var CJK_RANGES = [
    [0x1100, 0x11FF], [0x3005, 0x3006], [0x3041, 0x309F], [0x30A0, 0x30FA], [0x30FC, 0x30FF],
    [0x3131, 0x318E], [0x31F0, 0x31FF], [0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xA960, 0xA97F],
    [0xAC00, 0xD7A3], [0xD7B0, 0xD7FF], [0xF900, 0xFAFF], [0x20000, 0x3134F]
  ];
  var OTHER = 0, WORD = 1, CJK = 2;
  var LETTER = /^[\p{L}\p{M}\p{N}]$/u;
  var APOSTROPHES = "'\u2019";
  var PREFIX_MIN = 3, FUZZY_MIN = 5, PREFIX_BOOST = 0.5, FUZZY_BOOST = 0.2, GRAMMAR_BOOST = 0.1;
  /* = tokenize.py's KO_GRAMMAR: Korean particle and ending bigrams and one-syllable function
   * words (hiragana need no list). */
  var KO_GRAMMAR = Object.create(null);
  ("어요 니다 습니 합니 해요 세요 에서 으로 하기 했어 었어 았어 어서 는데 지만 하는 하고 에게 까지 부터 " +
   "나요 까요 려면 하려 싶어 하면 예요 이요 돼요 되요 해주 주세 는지 을까 할까 인가 렸어 였어 워요 와요 져요 " +
   "줘요 거나 나요 을때 할때 는법 하나 하죠 었다 았다 했다 한다 된다 되나 되는 되어 되었 있나 없나 이에 " +
   "가능 능한 능해 능할 능합 능하 어떻 떻게 어떡 떡해 뭐예 " +
   "있어 있을 싶은 싶다 싶고 싶습 " +
   "안 못 수 것 거 게 걸 건 때 좀 잘 더 또 꼭 다 왜 뭐 및 등 내 제 저 그 이 할 될 한 된 지")
    .split(" ").forEach(function (gram) { KO_GRAMMAR[gram] = true; });

  function charClass(ch) {
    var code = ch.codePointAt(0);
    for (var i = 0; i < CJK_RANGES.length; i++) {
      if (code >= CJK_RANGES[i][0] && code <= CJK_RANGES[i][1]) { return CJK; }
    }
    return LETTER.test(ch) ? WORD : OTHER;
  }

  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  /* [{kind, text, cased}] runs of normalized text (cased: before lower-casing, = tokenize.py's
   * Run); characters are code points, not UTF-16 units. */
  function runs(text) {
    var normalized = String(text).normalize("NFKC");
    var casedChars = Array.from(normalized), chars = Array.from(normalized.toLowerCase());
    if (casedChars.length !== chars.length) { casedChars = chars; }
    var found = [], current = [], cased = [], kind = OTHER;
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i], cls = charClass(ch);
      if (cls === OTHER && APOSTROPHES.indexOf(ch) >= 0 && kind === WORD && i + 1 < chars.length &&
          charClass(chars[i + 1]) === WORD) {
        continue;
      }
      if (cls !== kind) {
        if (current.length) { found.push({ kind: kind, text: current.join(""), cased: cased.join("") }); }
        current = [];
        cased = [];
        kind = cls;
      }
      if (cls !== OTHER) { current.push(ch); cased.push(casedChars[i]); }
    }
    if (current.length && kind !== OTHER) { found.push({ kind: kind, text: current.join(""), cased: cased.join("") }); }
    return found;
  }

  /* Whole words inside CJK runs (= tokenize.py's segments, korean_stem, cjk_words, query_words). */
  var WORD_MIN = 3, SUBWORD_MAX = 6, MAX_QUERY_RUN = 32;
  var HANGUL = 1, HAN = 2, KATAKANA = 3, HIRAGANA = 4;
  /* = tokenize.py's KO_SUFFIXES, longest first. */
  var KO_SUFFIXES = (
    "을 를 이 가 은 는 의 에 로 와 과 도 만 나 며 한 할 함 된 될 됨 " +
    "에서 에게 에는 에도 으로 부터 까지 처럼 보다 이나 이며 이고 이란 이라 라는 이랑 한테 께서 " +
    "에서는 에서도 에게서 으로는 으로도 으로써 으로서 에서의 으로의 " +
    "하기 하는 하고 하면 하여 해서 해야 하지 한다 했다 하다 해요 하게 하며 하려 하던 " +
    "합니다 됩니다 입니다 습니다 하려면 하세요 하도록 하거나 했어요 했어 하시오 해주세요 " +
    "되는 되면 되어 되고 되지 된다 되다 되었 돼요 되기 되도록 되었습니다 했습니다 하십시오 " +
    "어요 아요 세요 나요 까요 니다 예요 이에요 인가요 인가 할까요 하나요 되나요"
  ).split(" ").map(function (suffix) { return Array.from(suffix); })
    .sort(function (a, b) { return b.length - a.length; });

  function script(ch) {
    var code = ch.codePointAt(0);
    if ((code >= 0xAC00 && code <= 0xD7A3) || (code >= 0x1100 && code <= 0x11FF) ||
        (code >= 0x3131 && code <= 0x318E)) { return HANGUL; }
    if (code >= 0x3041 && code <= 0x309F) { return HIRAGANA; }
    if ((code >= 0x30A0 && code <= 0x30FF) || (code >= 0x31F0 && code <= 0x31FF)) { return KATAKANA; }
    if ((code >= 0x4E00 && code <= 0x9FFF) || (code >= 0x3400 && code <= 0x4DBF) ||
        (code >= 0xF900 && code <= 0xFAFF) || (code >= 0x20000 && code <= 0x3134F) ||
        (code >= 0x3005 && code <= 0x3006)) { return HAN; }
    return OTHER;
  }

  /* [{kind, chars}] of a run cut where the script changes. */
  function segments(chars) {
    var found = [];
    chars.forEach(function (ch) {
      var kind = script(ch), last = found[found.length - 1];
      if (last && last.kind === kind) { last.chars.push(ch); } else { found.push({ kind: kind, chars: [ch] }); }
    });
    return found;
  }

  function koreanStem(chars) {
    for (var i = 0; i < KO_SUFFIXES.length; i++) {
      var suffix = KO_SUFFIXES[i], n = chars.length - suffix.length;
      if (n >= 2 && chars.slice(n).join("") === suffix.join("")) { return chars.slice(0, n); }
    }
    return chars;
  }

  /* = tokenize.py's segment_keys: each segment's word (Hangul stemmed, Han and Katakana as
   * they are, cut to MAX_WORD), null for a segment of no script, Hiragana left out. */
  function segmentKeys(run) {
    var keys = [];
    segments(Array.from(run)).forEach(function (segment) {
      if (segment.kind === HANGUL) {
        keys.push(koreanStem(segment.chars).slice(0, MAX_WORD).join(""));
      } else if (segment.kind === HAN || segment.kind === KATAKANA) {
        keys.push(segment.chars.slice(0, MAX_WORD).join(""));
      } else if (segment.kind === OTHER) {
        keys.push(null);
      }
    });
    return keys;
  }

  function cjkWords(run) {
    return segmentKeys(run).filter(function (word) {
      return word !== null && Array.from(word).length >= WORD_MIN;
    });
  }

  function queryWords(run) {
    var words = [], seen = Object.create(null);
    function push(word) { if (!seen[word]) { seen[word] = true; words.push(word); } }
    var parts = segments(Array.from(run).slice(0, MAX_QUERY_RUN)).filter(function (segment) {
      return segment.kind !== HIRAGANA && segment.kind !== OTHER;
    });
    parts.forEach(function (segment) {
      var own = segment.kind === HANGUL ? koreanStem(segment.chars) : segment.chars;
      own = own.slice(0, MAX_WORD);
      if (own.length >= WORD_MIN) { push(own.join("")); }
    });
    for (var size = WORD_MIN; size <= SUBWORD_MAX; size++) {
      parts.forEach(function (segment) {
        for (var i = 0; i + size <= segment.chars.length; i++) { push(segment.chars.slice(i, i + size).join("")); }
      });
    }
    return words;
  }

  /* = tokenize.py's kanji_stems: a single Han character followed by Hiragana (届きますか → 届). */
  var KANJI_BOOST = 0.5;
  function kanjiStems(run) {
    var found = segments(Array.from(run)), stems = [];
    for (var i = 0; i < found.length; i++) {
      var after = i + 1 < found.length ? found[i + 1].kind : OTHER;
      if (found[i].kind === HAN && found[i].chars.length === 1 && after === HIRAGANA) { stems.push(found[i].chars[0]); }
    }
    return stems;
  }

  /* = tokenize.py's is_kana and kana_words: Katakana forms of the Hiragana stretch (ー allowed)
   * a query run begins with, whole, cut before each particle in it and what follows that
   * particle, KANA_MIN+ characters (ぱすわーどをわすれた → パスワードヲワスレタ, パスワード, ワスレタ). */
  var KANA_MIN = 3, MAX_KANA_WORDS = 4, KANA_FUZZY_MIN = 4, KANA_RUN = /^[\u3041-\u309f\u30fc]+$/;
  function isKana(text) {
    return KANA_RUN.test(text) && text.replace(/\u30fc/g, "") !== "";
  }
  function toKatakana(chars) {
    return chars.map(function (ch) {
      var code = ch.codePointAt(0);
      if ((code >= 0x3041 && code <= 0x3096) || code === 0x309D || code === 0x309E) { return String.fromCodePoint(code + 0x60); }
      return ch;
    }).join("");
  }
  var NOT_AFTER_PARTICLE = "んぁぃぅぇぉっゃゅょゎゕゖー";   /* = tokenize.py's _NOT_AFTER_PARTICLE, with JA_PARTICLES */
  /* = tokenize.py's kana_words (and JA_BEFORE_WORD). */
  var JA_BEFORE_WORD = "はをがのにとへも";
  function kanaWords(run) {
    var chars = Array.from(run).slice(0, MAX_WORD), words = [], i = 0;
    while (i < chars.length) {
      if (script(chars[i]) !== HIRAGANA) { i++; continue; }
      var at = i;
      while (i < chars.length && isStretchChar(chars[i])) { i++; }
      var word = chars.slice(at, i);
      if (at > 0) {
        if (JA_BEFORE_WORD.indexOf(word[0]) < 0 || (word.length > 1 && (NOT_AFTER_PARTICLE.indexOf(word[1]) >= 0 || JA_PARTICLES.indexOf(word[1]) >= 0))) { continue; }
        word = word.slice(1);
      }
      if (word.length < KANA_MIN) { continue; }
      words.push(word);
      for (var k = 1; k < word.length; k++) {
        /* ぱすわーど|わすれた, ゆーざー|めい: a loanword ends at ー or one kana later (= tokenize.py) */
        if (word[k] === "ー" && k + 2 < word.length && word[k + 1] !== "ー" && word[k + 2] !== "ー") {
          if (k + 1 >= KANA_MIN) { words.push(word.slice(0, k + 1)); }
          if (k + 2 >= KANA_MIN) { words.push(word.slice(0, k + 2)); }
        }
        if (k >= KANA_MIN && JA_PARTICLES.indexOf(word[k]) >= 0) {
          words.push(word.slice(0, k));
          var after = word.slice(k + 1);
          if (after.length >= KANA_MIN && NOT_AFTER_PARTICLE.indexOf(after[0]) < 0 &&
              JA_PARTICLES.indexOf(after[0]) < 0) { words.push(after); }
        }
      }
    }
    var seen = Object.create(null), out = [];
    words.forEach(function (w) {
      var katakana = toKatakana(w);
      if (!seen[katakana]) { seen[katakana] = true; out.push(katakana); }
    });
    return out.slice(0, MAX_KANA_WORDS);
  }

  /* = tokenize.py's _KANA_FOLD: a Hiragana without its voicing mark (small kana stay small). */
  function kanaFold(ch) {
    var code = ch.codePointAt(0);
    if (code >= 0x3041 && code <= 0x3096) { return ch.normalize("NFD").charAt(0); }
    return ch;
  }

  /* = tokenize.py's JA_LEADING, JA_AFTER_SHORT. */
  var JA_LEADING = ["いつ", "いま", "まだ", "もう", "すぐ", "すでに", "はやく", "もし", "また", "まず",
                    "ずっと", "なぜ", "どう"];
  var JA_AFTER_SHORT = "はをがのにでとへもしさすせ";

  function isStretchChar(ch) { return script(ch) === HIRAGANA || ch === "\u30fc"; }

  /* = tokenize.py's _kana_spots: the CJK runs joined (as code points), where a word typed in
   * Hiragana may begin (a stretch not after a kanji, or after 々; after a particle or お/ご
   * inside a stretch, not inside a leading adverb; after a leading adverb), where a run ends,
   * which beginnings start a stretch, and the positions inside a leading adverb. */
  function kanaSpots(found) {
    var starts = Object.create(null), ends = Object.create(null), strong = Object.create(null);
    var inside = Object.create(null), offset = 0, joined = [];
    found.forEach(function (run) {
      if (run.kind !== CJK) { return; }
      var chars = Array.from(run.text), i = 0;
      while (i < chars.length) {
        if (script(chars[i]) !== HIRAGANA) { i++; continue; }
        var at = i;
        while (i < chars.length && isStretchChar(chars[i])) { i++; }
        var stretch = chars.slice(at, i).join("");
        if (at === 0 || script(chars[at - 1]) !== HAN || chars[at - 1] === "々") {
          starts[offset + at] = true;
          strong[offset + at] = true;
        }
        var lead = "";
        for (var w = 0; w < JA_LEADING.length; w++) {
          if (stretch.indexOf(JA_LEADING[w]) === 0 && stretch.length > JA_LEADING[w].length) { lead = JA_LEADING[w]; break; }
        }
        for (var j = lead.length; j < i - at - 1; j++) {
          var ch = chars[at + j];
          if (JA_PARTICLES.indexOf(ch) >= 0 || JA_HONORIFIC.indexOf(ch) >= 0) { starts[offset + at + j + 1] = true; }
        }
        if (lead) {
          starts[offset + at + lead.length] = true;
          for (var k = 1; k < lead.length; k++) { inside[offset + at + k] = true; }
        }
      }
      Array.prototype.push.apply(joined, chars);
      offset += chars.length;
      ends[offset] = true;
    });
    return { joined: joined, folded: joined.map(kanaFold), starts: starts, ends: ends, strong: strong, inside: inside };
  }

  /* = tokenize.py's _kana_key_found: a three-kana key where a word begins, then a word's end
   * (or か when it begins a stretch); a longer one anywhere but inside a leading adverb. */
  function kanaKeyFound(key, spots) {
    var keyChars = Array.from(key), joined = spots.joined, n = keyChars.length;
    var plain = keyChars.map(kanaFold), folded = spots.folded, places = [], at;
    if (n > 3) {
      for (at = 0; at < joined.length; at++) {
        if (joined[at] === keyChars[0] && spots.inside[at] !== true) { places.push(at); }
      }
    } else {
      places = Object.keys(spots.starts).map(Number);
    }
    return places.some(function (start) {
      var after = start + n;
      if (joined[start] !== keyChars[0] || after > joined.length) { return false; }
      for (var k = 1; k < n; k++) { if (folded[start + k] !== plain[k]) { return false; } }
      if (joined.slice(after, after + 2).join("") === "です") { return false; }
      return n > 3 || spots.ends[after] === true || after >= joined.length ||
        script(joined[after]) !== HIRAGANA || JA_AFTER_SHORT.indexOf(joined[after]) >= 0 ||
        (spots.strong[start] === true && joined[after] === "か");
    });
  }

  /* = tokenize.py's _UNSHIFT: a Hangul syllable typed with Shift held by mistake → without
   * (tense initials ㄲㄸㅃㅆㅉ → ㄱㄷㅂㅅㅈ, ㅒㅖ → ㅐㅔ: 결졔 → 결제). */
  var UNSHIFT_BOOST = 0.5, UNSHIFT_INITIAL = { 1: 0, 4: 3, 8: 7, 10: 9, 13: 12 }, UNSHIFT_MEDIAL = { 3: 1, 7: 5 };
  function unshift(text) {
    return Array.from(text).map(function (ch) {
      var code = ch.codePointAt(0) - 0xAC00;
      if (code < 0 || code >= 11172) { return ch; }
      var initial = Math.floor(code / 588), medial = Math.floor((code % 588) / 28), final = code % 28;
      if (UNSHIFT_INITIAL[initial] !== undefined) { initial = UNSHIFT_INITIAL[initial]; }
      if (UNSHIFT_MEDIAL[medial] !== undefined) { medial = UNSHIFT_MEDIAL[medial]; }
      return String.fromCodePoint(0xAC00 + initial * 588 + medial * 28 + final);
    }).join("");
  }

  /* = tokenize.py's jamo_slips and its tables: a short Korean word with one initial, medial or
   * final typed on a neighbouring key of the two-beat keyboard or with Shift toggled
   * (탈톼 → 탈퇴, 반퓸 → 반품); none that is grammar. */
  var KEY_ROWS = ["ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ"], KEY_ROW_OFFSETS = [0, 1, 3];
  var SHIFTED = { "ㅂ": "ㅃ", "ㅈ": "ㅉ", "ㄷ": "ㄸ", "ㄱ": "ㄲ", "ㅅ": "ㅆ", "ㅐ": "ㅒ", "ㅔ": "ㅖ" };
  var INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ", MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
  var FINALS = "-ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";
  var TWO_KEYS = { "ㅘ": "ㅗㅏ", "ㅙ": "ㅗㅐ", "ㅚ": "ㅗㅣ", "ㅝ": "ㅜㅓ", "ㅞ": "ㅜㅔ", "ㅟ": "ㅜㅣ",
    "ㅢ": "ㅡㅣ", "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ",
    "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ" };
  var SLIP_BOOST = 0.5, MAX_SLIP_TERMS = 3, SLIP_SYLLABLES = 2;
  function nearKeys() {
    var where = Object.create(null), plainOf = Object.create(null), near = Object.create(null);
    KEY_ROWS.forEach(function (keys, row) {
      Array.from(keys).forEach(function (letter, column) { where[letter] = [row, KEY_ROW_OFFSETS[row] + 4 * column]; });
    });
    Object.keys(SHIFTED).forEach(function (plain) { plainOf[SHIFTED[plain]] = plain; });
    Object.keys(where).concat(Object.keys(plainOf)).forEach(function (letter) {
      var plain = plainOf[letter] || letter, row = where[plain][0], x = where[plain][1], found = Object.create(null);
      found[letter === plain ? (SHIFTED[plain] || plain) : plain] = true;
      Object.keys(where).forEach(function (other) {
        var otherRow = where[other][0], otherX = where[other][1];
        if ((otherRow === row && Math.abs(otherX - x) === 4) || (Math.abs(otherRow - row) === 1 && Math.abs(otherX - x) < 4)) {
          found[letter !== plain ? (SHIFTED[other] || other) : other] = true;
        }
      });
      delete found[letter];
      near[letter] = Object.keys(found).sort().join("");
    });
    return near;
  }
  /* = tokenize.py's _slip_table: the jamo one key slip away (any jamo was measured and dropped) */
  function slipTable(letters, near) {
    var list = Array.from(letters), table = [], byKeys = Object.create(null);
    list.forEach(function (letter, i) { byKeys[TWO_KEYS[letter] || letter] = i; });
    list.forEach(function (letter) {
      var keys = Array.from(TWO_KEYS[letter] || letter), found = Object.create(null);
      keys.forEach(function (key, at) {
        Array.from(near[key] || "").forEach(function (other) {
          var typed = keys.slice(0, at).concat([other], keys.slice(at + 1)).join("");
          if (byKeys[typed] !== undefined) { found[byKeys[typed]] = true; }
        });
      });
      table.push(Object.keys(found).map(Number).sort(function (a, b) { return a - b; }));
    });
    return table;
  }
  var NEAR = nearKeys();
  var SLIPS = [INITIALS, MEDIALS, FINALS].map(function (letters) { return slipTable(letters, NEAR); });
  function jamoSlips(word) {
    var chars = Array.from(word), found = [];
    chars.forEach(function (ch, at) {
      var code = ch.codePointAt(0) - 0xAC00;
      if (code < 0 || code >= 11172) { return; }
      var parts = [Math.floor(code / 588), Math.floor((code % 588) / 28), code % 28];
      [588, 28, 1].forEach(function (scale, role) {
        SLIPS[role][parts[role]].forEach(function (other) {
          var slipped = chars.slice(0, at).concat([String.fromCodePoint(0xAC00 + code + (other - parts[role]) * scale)], chars.slice(at + 1)).join("");
          if (!isGrammar(slipped)) { found.push(slipped); }
        });
      });
    });
    return found;
  }
  /* = tokenize.py's short_hangul_words: the stemmed Hangul words of SLIP_SYLLABLES syllables,
   * and the first SLIP_SYLLABLES of each longer one. */
  function shortHangulWords(run) {
    var words = Object.create(null);
    segments(Array.from(run).slice(0, MAX_QUERY_RUN)).forEach(function (segment) {
      if (segment.kind !== HANGUL) { return; }
      var word = koreanStem(segment.chars), head = word.slice(0, SLIP_SYLLABLES).join("");
      if (word.length >= SLIP_SYLLABLES && KO_EVERYDAY[head] !== true) { words[head] = true; }
    });
    return words;
  }
  /* = tokenize.py's KO_EVERYDAY: everyday adverbs and pronouns, typed right (no slip clause). */
  var KO_EVERYDAY = Object.create(null);
  ("이제 방금 아까 벌써 이미 아직 지금 요즘 오늘 내일 어제 저번 이번 맨날 매번 자꾸 계속 다시 그냥 " +
   "혹시 너무 정말 진짜 완전 아예 제발 겨우 빨리 얼른 먼저 나중 항상 원래 그거 이거 저거 여기 거기 " +
   "저기 근데 그럼 그래 다들 같이 따로")
    .split(" ").forEach(function (word) { KO_EVERYDAY[word] = true; });

  /* = tokenize.py's camel_parts: "DBConnection" → ["db", "connection"]; [] when not glued. */
  var CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g, CAMEL_JOIN = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/;
  function camelParts(cased) {
    var parts = cased.match(CAMEL) || [];
    if (parts.length < 2 || parts.join("") !== cased || !CAMEL_JOIN.test(cased)) { return []; }
    return parts.map(function (part) { return part.toLowerCase(); });
  }

  function bigrams(run) {
    var chars = Array.from(run);
    if (chars.length < 2) { return [run]; }
    var out = [];
    for (var i = 0; i < chars.length - 1; i++) { out.push(chars[i] + chars[i + 1]); }
    return out;
  }

  /* = tokenize.py's base_language: "ja" of ja-JP, "en" of en_GB. */
  function baseLanguage(lang) { return String(lang).split(/[-_]/)[0].toLowerCase(); }
  function isStemmed(lang) {
    return STEMMED[baseLanguage(lang)] === true;
  }

  function stem(word) {
    return lunr.stemmer(new lunr.Token(word)).toString();
  }

  function isStopWord(word) {
    return lunr.stopWordFilter(new lunr.Token(word)) === undefined;
  }

  function truncate(word, n) {
    var chars = Array.from(word);
    return chars.length > n ? chars.slice(0, n).join("") : word;
  }

  function wordTerm(word, lang) {
    word = truncate(word, MAX_WORD);
    if (!isStemmed(lang)) { return word; }
    if (isStopWord(word)) { return null; }
    return stem(word);
  }

  /* = tokenize.py's phrase_keys and word_pairs: adjacent words as one term "a b". */
  function phraseKeys(text, lang, camel) {
    var keys = [];
    runs(text || "").forEach(function (run) {
      if (run.kind === CJK) {
        Array.prototype.push.apply(keys, segmentKeys(run.text));
        return;
      }
      var word = truncate(run.text, MAX_WORD);
      var parts = camel ? camelParts(truncate(run.cased, MAX_WORD)) : [];
      (parts.length ? parts : [word]).forEach(function (part) {
        var term = wordTerm(part, lang);
        if (term !== null) { keys.push(term); }
      });
    });
    return keys;
  }

  function wordPairs(text, lang, camel) {
    var keys = phraseKeys(text, lang, camel), pairs = [];
    for (var i = 0; i + 1 < keys.length; i++) {
      if (keys[i] && keys[i + 1]) { pairs.push(keys[i] + " " + keys[i + 1]); }
    }
    return pairs;
  }

  function tokenize(text, lang, words) {
    var terms = [];
    runs(text || "").forEach(function (run) {
      if (run.kind === CJK) {
        Array.prototype.push.apply(terms, bigrams(run.text));
        if (words !== false) { Array.prototype.push.apply(terms, cjkWords(run.text)); }
      } else {
        var term = wordTerm(run.text, lang);
        if (term) { terms.push(term); }
      }
    });
    return terms;
  }

  /* A bigram or a one-character run that is grammar, not meaning (= tokenize.py's is_grammar,
   * JA_EDGE, JA_PARTICLES). */
  var JA_PARTICLES = "はをがのにでとへもやか", JA_HONORIFIC = "おご";
  function isGrammar(gram) {
    var chars = Array.from(gram);
    if (chars.length !== 1 && chars.length !== 2) { return false; }
    var kinds = chars.map(script);
    if (kinds.every(function (kind) { return kind === HIRAGANA; })) { return true; }
    if (chars.length === 2) {
      if (kinds[0] === HIRAGANA && (kinds[1] === HAN || kinds[1] === KATAKANA) &&
          JA_HONORIFIC.indexOf(chars[0]) < 0) { return true; }
      if (kinds[0] === KATAKANA && kinds[1] === HIRAGANA) { return true; }
      if (kinds[0] === HAN && kinds[1] === HIRAGANA && JA_PARTICLES.indexOf(chars[1]) >= 0) { return true; }
    }
    return KO_GRAMMAR[gram] === true;
  }

  /* = tokenize.py's _hangul_key_found: a Korean key begins a word of the query (its words as
   * the query's words, the last one as a word's beginning, or glued as a word's beginning). */
  function hangulKeyFound(key, words) {
    var parts = key.split(" ").filter(function (p) { return p; }), glued = parts.join(""), last = parts.length - 1;
    return words.some(function (word, i) {
      if (hangulBegins(word, glued)) { return true; }
      if (!last || i + last >= words.length) { return false; }
      for (var j = 0; j < last; j++) { if (words[i + j] !== parts[j]) { return false; } }
      return hangulBegins(words[i + last], parts[last]);
    });
  }
  /* = tokenize.py's _hangul_begins: `word` begins with `key`, the key's last syllable also with
   * a final ㄴ ㄹ ㅁ ㅂ added when it has none (그만 쓰 in 그만 쓸래요, 돌려보내 in 돌려보낼). */
  var KO_ENDING_FINALS = [4, 8, 16, 17];
  function hangulBegins(word, key) {
    if (word.indexOf(key) === 0) { return true; }
    var size = key.length;   /* Hangul syllables are one UTF-16 unit each */
    if (word.length < size || word.indexOf(key.slice(0, -1)) !== 0) { return false; }
    var code = key.charCodeAt(size - 1) - 0xAC00, typed = word.charCodeAt(size - 1) - 0xAC00;
    return code >= 0 && code < 11172 && code % 28 === 0 && typed >= 0 && typed < 11172 &&
      typed - typed % 28 === code && KO_ENDING_FINALS.indexOf(typed % 28) >= 0;
  }

  /* [key, synonym list] for each key that occurs in the query (= tokenize.py's synonym_texts). */
  function synonymTexts(text, synonyms) {
    if (!synonyms) { return []; }
    var found = runs(truncate(String(text || ""), 1000));
    var spaced = " " + found.map(function (r) { return r.text; }).join(" ") + " ";
    var joined = found.filter(function (r) { return r.kind === CJK; }).map(function (r) { return r.text; }).join("");
    var spots = null;
    return Object.keys(synonyms).sort(codePointOrder).filter(function (key) {
      var kind = keyKind(key);
      if (kind === "kana") {
        if (spots === null) { spots = kanaSpots(found); }
        return kanaKeyFound(key, spots) || mixedReadingFound(key, synonyms[key], spots);
      }
      if (kind === "hangul") { return hangulKeyFound(key, found.map(function (r) { return r.text; })); }
      return kind === "cjk" ? joined.indexOf(key.split(" ").join("")) >= 0 : spaced.indexOf(" " + key + " ") >= 0;
    }).map(function (key) { return [key, synonyms[key]]; });
  }
  /* = tokenize.py's _key_kind: how synonymTexts looks for a key: "kana" (a reading), "hangul",
   * "cjk" (kanji or Katakana) or "word". */
  function keyKind(key) {
    if (isKana(key)) { return "kana"; }
    var chars = Array.from(key);
    if (chars.some(function (ch) { return charClass(ch) === CJK && script(ch) === HANGUL; })) { return "hangul"; }
    return chars.some(function (ch) { return charClass(ch) === CJK; }) ? "cjk" : "word";
  }
  /* = tokenize.py's _mixed_reading_found: a kanji word a reading stands for typed partly in
   * kana (返きん, りょう収書), each kanji 1-3 kana, the kana part 2+, where a word begins; no
   * kanji head before an inflected ending (返したい). */
  var MIXED_MAX = 4;
  /* Every code point position of `part` (code points) in the query's joined CJK text. */
  function places(spots, part) {
    if (spots.text === undefined) {
      spots.text = spots.joined.join("");
      spots.point = [];
      spots.joined.forEach(function (ch, n) { spots.point.push(n); if (ch.length > 1) { spots.point.push(n); } });
    }
    var found = [], needle = part.join(""), at = spots.text.indexOf(needle);
    while (at >= 0) { found.push(spots.point[at]); at = spots.text.indexOf(needle, at + 1); }
    return found;
  }
  var JA_INFLECTED = ["たい", "ない", "る", "た", "て", "す", "だ", "ば"];   /* = tokenize.py's */
  function mixedReadingFound(key, values, spots) {
    var keyChars = Array.from(key), joined = spots.joined;
    var inflected = JA_INFLECTED.some(function (end) { return key.slice(-end.length) === end; });
    return values.some(function (value) {
      var word = Array.from(value), size = word.length;
      if (size < 2 || size > MIXED_MAX || !word.every(function (ch) { return script(ch) === HAN; })) { return false; }
      for (var cut = 1; cut < size; cut++) {
        for (var read = cut; read <= Math.min(3 * cut, keyChars.length - 1); read++) {
          var rest = keyChars.length - read;
          if (rest < size - cut || rest > 3 * (size - cut)) { continue; }
          if (rest >= 2 && !inflected && places(spots, word.slice(0, cut).concat(keyChars.slice(read))).some(function (at) {
            return at === 0 || spots.ends[at] === true || script(joined[at - 1]) !== HAN;
          })) { return true; }
          if (read >= 2 && places(spots, keyChars.slice(0, read).concat(word.slice(cut))).some(function (at) {
            return spots.starts[at] === true;
          })) { return true; }
        }
      }
      return false;
    });
  }
  /* Python's sorted(): by code point, not by UTF-16 unit. */
  function codePointOrder(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) { return d; }
    }
    return x.length - y.length;
  }

  var MAX_CLAUSES = 40, WORD_BOOST = 1, PAIR_BOOST = 3, CAMEL_BOOST = 0.5;
  function isJapanese(lang) { return baseLanguage(lang) === "ja"; }
  /* = tokenize.py's typed_as_keywords: a Japanese query of two CJK runs or more, spaced. */
  function typedAsKeywords(text, lang) {
    return isJapanese(lang) && normalize(text).indexOf(" ") >= 0 &&
      runs(text).filter(function (run) { return run.kind === CJK; }).length >= 2;
  }
  /* = tokenize.py's keyword_shares: the n-1 bigrams of a keyword's Han or Katakana word of 3+
   * characters share one word's weight, 1/(n-1) each. */
  function keywordShares(run) {
    var shares = Object.create(null);
    segments(Array.from(run)).forEach(function (segment) {
      var n = segment.chars.length;
      if ((segment.kind === HAN || segment.kind === KATAKANA) && n >= WORD_MIN) {
        bigrams(segment.chars.join("")).forEach(function (gram) { shares[gram] = 1 / (n - 1); });
      }
    });
    return shares;
  }
  /* = tokenize.py's TRANSLATION_BOOST and is_translation: a Japanese key's synonym in Latin
   * letters (変更: change), what finds an article shown untranslated, weighs less. */
  var TRANSLATION_BOOST = 0.25;
  function isTranslation(key, value, lang) {
    var kind = keyKind(key);
    return isJapanese(lang) && (kind === "cjk" || kind === "kana") &&
      !runs(value).some(function (run) { return run.kind === CJK; });
  }

  /* = tokenize.py's query_clauses (read its docstring). */
  function queryClauses(text, lang, synonyms) {
    var clauses = [], seen = Object.create(null), touched = [], unit = 0, words = [];
    function add(term, boost, wildcard, edit, grammar, synonym, unless, slip, stem) {
      var key = term + "\u0000" + (wildcard ? 1 : 0) + "\u0000" + (edit || 0) + (slip ? "\u0000slip" : "");
      if (!term) { return; }
      if (seen[key]) {
        if (!unless) { delete seen[key].unless; }   /* also asked for on its own: always kept */
        touched.push(seen[key]);
        return;
      }
      var clause = { term: term, boost: boost, usePipeline: false, wildcard: wildcard ? 2 : 0, unit: unit };
      seen[key] = clause;
      touched.push(clause);
      if (edit) { clause.editDistance = edit; }
      if (grammar) { clause.grammar = true; }
      if (synonym) { clause.synonym = true; }
      if (unless) { clause.unless = unless; }
      if (slip) { clause.slip = true; }
      if (stem) { clause.stem = true; }
      clauses.push(clause);
    }
    function nextUnit() {
      if (clauses.length && clauses[clauses.length - 1].unit === unit) { unit += 1; }
    }
    function addWord(word, synonym, scale) {
      var term = wordTerm(word, lang);
      if (term === null) { return; }
      add(term, scale, false, 0, false, synonym);
      var length = Array.from(word).length;
      if (length >= PREFIX_MIN) { add(word, PREFIX_BOOST * scale, true, 0, false, synonym); }
      if (length >= FUZZY_MIN && !/^[0-9]+$/.test(word)) { add(term, FUZZY_BOOST * scale, false, 1, false, synonym); }
    }
    function addText(query, synonym, scale) {
      if (scale === undefined) { scale = 1; }
      runs(query).forEach(function (run) {
        if (run.kind === CJK) {
          if (!synonym) { Array.prototype.push.apply(words, queryWords(run.text)); }
          if (Array.from(run.text).length === 1) {
            var alone = isGrammar(run.text);
            add(run.text, alone ? GRAMMAR_BOOST : 1, !alone, 0, alone, synonym, "", false,
              !synonym && script(run.text) === HAN);
            if (!synonym) { nextUnit(); }
          } else {
            var short = synonym ? Object.create(null) : shortHangulWords(run.text);
            var shares = keywords && !synonym ? keywordShares(run.text) : Object.create(null);
            bigrams(run.text).forEach(function (gram) {
              var grammar = isGrammar(gram);
              add(gram, grammar ? GRAMMAR_BOOST : (shares[gram] === undefined ? 1 : shares[gram]), false, 0, grammar, synonym);
              var plain = grammar ? gram : unshift(gram);
              if (short[gram] === true && !grammar) {
                add(gram, SLIP_BOOST, false, 0, false, false, gram, true);
              } else if (plain !== gram) { add(plain, UNSHIFT_BOOST, false, 0, false, synonym, gram); }
              if (!synonym) { nextUnit(); }
            });
            kanjiStems(run.text).forEach(function (kanji) {
              add(kanji, KANJI_BOOST, true, 0, false, synonym, "", false, !synonym);
              if (!synonym) { nextUnit(); }
            });
          }
          var katakana = kanaWords(run.text);
          katakana.forEach(function (word) {
            add(word, 1, false, 0, false, synonym);
            add(word, PREFIX_BOOST, true, 0, false, synonym);
            if (Array.from(word).length >= KANA_FUZZY_MIN) { add(word, FUZZY_BOOST, false, 1, false, synonym); }
          });
          if (katakana.length && !synonym) { nextUnit(); }
          return;
        }
        addWord(truncate(run.text, MAX_WORD), synonym, scale);
        camelParts(truncate(run.cased, MAX_WORD)).forEach(function (part) { addWord(part, synonym, CAMEL_BOOST * scale); });
        if (!synonym) { nextUnit(); }
      });
    }
    var keywords = typedAsKeywords(truncate(String(text || ""), 1000), lang);
    addText(truncate(String(text || ""), 1000), false);
    synonymTexts(text, synonyms).forEach(function (match) {
      /* the query units of the key's own words and bigrams, which its synonyms stand for */
      var keyTerms = Object.create(null), stands = [];
      tokenize(match[0], lang, false).forEach(function (term) { keyTerms[term] = true; });
      kanaWords(match[0]).slice(0, 1).forEach(function (word) { keyTerms[word] = true; });
      clauses.forEach(function (c) {
        if (keyTerms[c.term] === true && !c.grammar && !c.synonym && stands.indexOf(c.unit) < 0) { stands.push(c.unit); }
      });
      stands.sort(function (a, b) { return a - b; });
      nextUnit();
      var first = clauses.length;
      touched = [];
      match[1].forEach(function (other) {
        addText(other, true, isTranslation(match[0], other, lang) ? TRANSLATION_BOOST : 1);
      });
      var fresh = clauses.slice(first);
      touched.filter(function (c, i) { return touched.indexOf(c) === i; }).forEach(function (c) {
        if (!stands.length || !c.synonym) { return; }
        /* a synonym two keys share stands for both */
        var own = c.stands || (fresh.indexOf(c) >= 0 ? [] : [c.unit]);
        c.stands = own.concat(stands).filter(function (u, i, all) { return all.indexOf(u) === i; })
          .sort(function (a, b) { return a - b; });
      });
      nextUnit();
    });
    clauses = clauses.slice(0, MAX_CLAUSES);
    var typed = truncate(String(text || ""), 1000);
    var extra = [], boosts = Object.create(null), terms = Object.create(null);
    function addExtra(term, boost) {
      if (boosts[term] === undefined) { boosts[term] = boost; extra.push(term); }
    }
    wordPairs(typed, lang, false).concat(wordPairs(typed, lang, true)).forEach(function (pair) {
      var space = pair.indexOf(" ");
      if (!grammarPair(pair.slice(0, space), pair.slice(space + 1))) { addExtra(pair, PAIR_BOOST); }
    });
    words.forEach(function (word) { addExtra(word, WORD_BOOST); });
    clauses.forEach(function (c) { if (!c.wildcard && !c.editDistance) { terms[c.term] = true; } });
    var fuzzy = hangulWords(typed).filter(function (word, i, all) { return all.indexOf(word) === i; })
      .slice(0, MAX_FUZZY_WORDS).map(function (word) {
        return { term: word, boost: FUZZY_BOOST, usePipeline: false, wildcard: 0, unit: unit, word: true, editDistance: 1, unless: word };
      });
    return clauses.concat(extra.filter(function (term) { return !terms[term]; }).slice(0, MAX_CLAUSES)
      .map(function (term) {
        return { term: term, boost: boosts[term], usePipeline: false, wildcard: 0, unit: unit, word: true };
      }), fuzzy);
  }

  /* = tokenize.py's grammar_pair: a pair made with a Korean function word (받을 수, 안 와요), but
   * not a bound noun after a noun (이용자 수). */
  var KO_BOUND = "수것거때줄적";
  function grammarPair(first, second) {
    var last = Array.from(first).pop(), code = last ? last.codePointAt(0) - 0xAC00 : -1;
    var rieul = code >= 0 && code < 11172 && code % 28 === 8;
    if (second.length === 1 && KO_BOUND.indexOf(second) >= 0 && KO_GRAMMAR[first] !== true && first && !rieul) { return false; }
    return KO_GRAMMAR[first] === true || KO_GRAMMAR[second] === true;
  }

  /* = tokenize.py's hangul_words: stemmed Hangul words of 3-10 syllables, matched with one
   * syllable wrong (요굼제 → 요금제) as word clauses. */
  var MAX_FUZZY_WORDS = 8, FUZZY_WORD_MAX = 10;
  function hangulWords(text) {
    var words = [];
    runs(text).forEach(function (run) {
      if (run.kind !== CJK) { return; }
      segments(Array.from(run.text).slice(0, MAX_QUERY_RUN)).forEach(function (segment) {
        if (segment.kind !== HANGUL) { return; }
        var word = koreanStem(segment.chars);
        if (word.length >= WORD_MIN && word.length <= FUZZY_WORD_MAX) { words.push(word.join("")); }
      });
    });
    return words;
  }

  return {
    runs: runs, bigrams: bigrams, tokenize: tokenize, queryClauses: queryClauses,
    normalize: normalize, charClass: charClass, stem: stem, isGrammar: isGrammar, cjkWords: cjkWords,
    queryWords: queryWords, camelParts: camelParts, wordPairs: wordPairs, CJK: CJK, WORD: WORD,
    jamoSlips: jamoSlips, MAX_SLIP_TERMS: MAX_SLIP_TERMS
  };
});
