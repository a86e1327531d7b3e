"""Tokenization per script, and proof that Python and JavaScript tokenize identically."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpcenter.search.query import needed_clauses
from helpcenter.search.tokenize import (
    MAX_CLAUSES,
    MAX_SLIP_TERMS,
    bigrams,
    camel_parts,
    cjk_words,
    jamo_slips,
    kana_words,
    korean_stem,
    query_clauses,
    query_words,
    runs,
    stem,
    synonym_texts,
    tokenize,
)

HERE = Path(__file__).resolve().parent
FIXTURE = json.loads((HERE / "tokenize_fixture.json").read_text(encoding="utf-8"))
NODE = shutil.which("node") or "/usr/bin/node"


def test_english_words_are_lowercased_stemmed_and_stop_words_dropped():
    assert tokenize("How do I reset my Passwords?", "en") == ["reset", "password"]
    assert tokenize("refunds refunding refunded", "en") == ["refund"] * 3


def test_korean_is_cut_into_overlapping_bigrams_with_or_without_spaces():
    assert tokenize("비밀번호", "ko") == ["비밀", "밀번", "번호", "비밀번호"]   # + the whole word
    spaced = tokenize("비밀번호를 잊어버렸어요", "ko")
    unspaced = tokenize("비밀번호를잊어버렸어요", "ko")
    assert {t for t in spaced if len(t) == 2} <= set(unspaced)     # the bigrams
    assert "번호" in tokenize("번호", "ko")   # a part of a compound is a term of its own


def test_japanese_without_spaces_shares_terms_with_the_article_text():
    query = set(tokenize("パスワードを変更", "ja"))
    article = set(tokenize("パスワードを変更するには、設定を開きます。", "ja"))
    assert {"パス", "スワ", "ワー", "ード", "変更"} <= query & article


def test_one_character_cjk_runs_are_unigrams():
    assert tokenize("옷 と 服", "ja") == ["옷", "と", "服"]
    assert bigrams("a") == ["a"]


def test_mixed_script_text_splits_at_the_script_boundary():
    assert tokenize("iPhone결제", "ko") == ["iphone", "결제"]
    assert tokenize("iPhone 결제", "en") == ["iphon", "결제"]


def test_full_width_and_half_width_forms_are_normalized():
    assert tokenize("ＡＢＣ１２３ ｶﾀｶﾅ", "ja") == ["abc123", "カタ", "タカ", "カナ", "カタカナ"]


def test_apostrophes_inside_words_do_not_split_them():
    assert tokenize("don't won’t", "ko") == ["dont", "wont"]


def test_stemming_only_for_english():
    assert tokenize("passwords", "en") == ["password"]
    assert tokenize("passwords", "ko") == ["passwords"]
    assert tokenize("the", "ja") == ["the"]


def test_lunr_js_stemmer_is_ported_not_lunr_py_s():
    # lunr.py's Porter variant gives "alwai"; lunr.js 2.3.9 (and so the browser) gives "alway".
    assert stem("always") == "alway"
    assert stem("day") == "day"


def test_hostile_input_is_bounded():
    huge = "a" * 1_000_000
    assert tokenize(huge, "en") == ["a" * 64]
    assert len(query_clauses("word " * 10_000, "en")) <= 40
    assert tokenize("<script>alert(1)</script>", "en") == ["script", "alert", "1", "script"]
    assert tokenize("\x00\ud800\U0010ffff", "en") == []
    assert tokenize(None, "en") == []  # type: ignore[arg-type]


def test_korean_words_lose_one_particle_or_ending():
    words = tokenize("비밀번호를 재설정하기 전에 사용자에게 연동합니다", "ko")
    assert {"비밀번호", "재설정", "사용자"} <= set(words)
    assert korean_stem("설정하기") == "설정" and korean_stem("설정합니다") == "설정"
    assert korean_stem("사용자에게서") == "사용자"        # the longest ending that fits
    assert korean_stem("결과") == "결과" and korean_stem("아이") == "아이"   # two syllables stay
    assert "아이" not in cjk_words("아이")          # a two-character word is its own bigram


def test_japanese_words_are_script_runs_without_hiragana():
    assert cjk_words("パスワードを忘れた場合は二段階認証を設定") == ["パスワード", "二段階認証"]
    assert cjk_words("ダッシュボードの利用者一覧") == ["ダッシュボード", "利用者一覧"]


def test_latin_next_to_hangul_and_camel_case_are_split():
    assert tokenize("DBConnection설정", "ko") == ["dbconnection", "설정"]
    assert camel_parts("DBConnection") == ["db", "connection"]
    assert camel_parts("AIChat") == ["ai", "chat"]
    assert camel_parts("HTTPS") == [] and camel_parts("Hello") == [] and camel_parts("v2") == []
    terms = [c["term"] for c in query_clauses("DBConnection설정", "ko")]
    assert {"dbconnection", "db", "connection", "설정"} <= set(terms)
    assert {c["unit"] for c in query_clauses("DBConnection", "ko") if not c.get("word")} == {0}


def test_queries_typed_without_spaces_try_their_substrings_as_whole_words():
    clauses = query_clauses("비밀번호를잊어버렸어요", "ko")
    words = [c["term"] for c in clauses if c.get("word")]
    assert "비밀번호" in words and "잊어버렸" in words
    assert all(c["boost"] == 1 and not c["wildcard"] for c in clauses
               if c.get("word") and not c.get("editDistance"))
    long_query = query_clauses("가나다라마바사아자차카타파하" * 10, "ko")   # 140 syllables
    assert sum(1 for c in long_query if c.get("word")) == MAX_CLAUSES   # capped, not hundreds
    assert not any(c.get("editDistance") for c in long_query)
    assert query_words("を") == [] and query_words("변경") == []


def test_a_one_kanji_verb_stem_matches_other_okurigana_as_a_prefix():
    clauses = [c for c in query_clauses("いつ届きますか", "ja") if c["term"] == "届"]
    assert clauses == [{"term": "届", "boost": 0.5, "usePipeline": False, "wildcard": 2,
                        "unit": clauses[0]["unit"], "stem": True}]
    # a kanji typed alone is a stem too; a synonym's stems are not marked (its words decide)
    assert [c.get("stem") for c in query_clauses("届", "ja")] == [True]
    assert not [c for c in query_clauses("届 配送", "ja", {"配送": ["送り返す"]})
                if c.get("synonym") and c.get("stem")]
    assert not [c for c in query_clauses("二段階認証", "ja") if c["wildcard"]]


def test_emoji_and_punctuation_are_separators():
    assert [r.text for r in runs("emoji 😀 test ✓!")] == ["emoji", "test"]


def test_query_clauses_add_prefix_and_typo_matching_for_words():
    clauses = query_clauses("pasword", "en")
    assert {"term": "pasword", "boost": 1, "usePipeline": False, "wildcard": 0,
            "unit": 0} in clauses
    assert any(c["wildcard"] == 2 for c in clauses)
    assert any(c.get("editDistance") == 1 for c in clauses)
    assert {c["unit"] for c in clauses} == {0}          # one word: one unit, three ways to match
    assert query_clauses("옷", "ko") == [{"term": "옷", "boost": 1, "usePipeline": False,
                                          "wildcard": 2, "unit": 0}]
    assert query_clauses("the a of", "en") == []


def test_grammar_bigrams_weigh_little_and_are_marked():
    clauses = {c["term"]: c for c in query_clauses("잊어버렸어요 変更しています", "ja")}
    assert clauses["어요"]["grammar"] and clauses["어요"]["boost"] == 0.1
    assert clauses["てい"]["grammar"] and clauses["いま"]["grammar"]   # two hiragana
    assert "grammar" not in clauses["잊어"] and "grammar" not in clauses["変更"]
    assert [c["unit"] for c in query_clauses("비밀번호", "ko") if not c.get("word")
            and not c.get("slip")] == [0, 1, 2]


def test_korean_function_words_between_spaces_are_grammar_matched_exactly():
    """안 (negation), 수 and 할 (할 수 있다): not prefixes of 안내, 수수료, 할인."""
    clauses = {c["term"]: c for c in query_clauses("반품 안 되는 상품 할 수", "ko")}
    for word in ("안", "수", "할"):
        assert clauses[word]["grammar"] and clauses[word]["wildcard"] == 0
    assert query_clauses("옷", "ko")[0]["wildcard"]           # a one-syllable noun: a prefix
    assert "grammar" not in query_clauses("옷", "ko")[0]


def test_korean_modality_words_are_grammar_and_make_no_word_pair():
    """가능한가요 ("is it possible?") and 어떻게 ("how") are the question, not its subject: 할부
    must decide. A word pair of grammar (받을 수, 안 와요) is asked for by no article."""
    clauses = query_clauses("할부 가능한가요 어떻게 해요 받을 수 있나요", "ko")
    grammar = {c["term"] for c in clauses if c.get("grammar")}
    assert {"가능", "능한", "어떻", "떻게"} <= grammar and "할부" not in grammar
    pairs = {c["term"] for c in clauses if c.get("word") and " " in c["term"]}
    assert "받을 수" not in pairs and "수 있나요" not in pairs and "할부 가능한가요" in pairs
    pairs = {c["term"] for c in query_clauses("이용자 수 답장이 안 와요 할 때", "ko")
             if c.get("word") and " " in c["term"]}
    assert pairs == {"이용자 수"}     # 수 as "number" stays; 안 와요, 할 때 do not


def test_korean_can_and_want_auxiliaries_are_grammar():
    """수 있어요 ("can") and 싶은데 ("I'd like to") are the question's modality, like 가능: in 뭐로
    계산할 수 있어요 the article saying 있어요 in a heading must not outrank the one on paying."""
    clauses = query_clauses("계산할 수 있어요 있을까요 사고 싶은데 싶다", "ko")
    grammar = {c["term"] for c in clauses if c.get("grammar")}
    assert {"있어", "있을", "싶은", "싶다"} <= grammar and "계산" not in grammar


def test_the_korean_bound_noun_ji_since_is_grammar():
    """받은 지 3주 ("three weeks since it came"): 지 is grammar, matched exactly, not as a prefix
    (지* found 해지하, 지만 in every article), and 받은 지 is no word pair."""
    clauses = query_clauses("받은 지 3주", "ko")
    ji = next(c for c in clauses if c["term"] == "지")
    assert ji["grammar"] and ji["wildcard"] == 0
    assert "받은 지" not in {c["term"] for c in clauses}


def test_korean_words_also_match_with_one_syllable_wrong_as_word_clauses():
    """요굼제 (a keyboard slip for 요금제) keeps one of its bigrams; the whole word with one
    syllable wrong orders the articles that one found. Two syllables are a bigram already;
    a run typed without spaces is no word to slip in."""
    fuzzy = [c for c in query_clauses("요굼제 변경 회원기입하기", "ko") if c.get("editDistance")]
    assert [(c["term"], c["word"], c["boost"]) for c in fuzzy] == [("요굼제", True, 0.2),
                                                                   ("회원기입", True, 0.2)]
    assert not [c for c in query_clauses("변경 " + "가" * 30, "ko") if c.get("editDistance")]
    assert len([c for c in query_clauses("가나다 " * 100, "ko") if c.get("editDistance")]) <= 1


def test_a_korean_syllable_typed_with_shift_also_tries_the_plain_one():
    """결졔 (Shift held on ㅔ) means 결제, 뻔호 번호: the plain bigram joins the typed one's unit
    at half weight (inside a longer word the twin; a two-syllable word's slip clause, expanded
    over the index's terms); a grammar bigram (했어) gets none."""
    index = SimpleNamespace(inverted_index=dict.fromkeys(["결제", "번호", "비밀", "밀번"]))
    clauses = needed_clauses(query_clauses("결졔 비밀뻔호 했어", "ko"), index)
    by_term = {c["term"]: c for c in clauses if not c.get("word")}
    assert by_term["결제"]["unit"] == by_term["결졔"]["unit"] and by_term["결제"]["boost"] == 0.5
    assert by_term["번호"]["unit"] == by_term["뻔호"]["unit"]
    assert "핬어" not in by_term and "햇어" not in by_term


def test_a_short_korean_word_one_jamo_wrong_asks_for_the_index_terms_one_jamo_away():
    """탈톼 (ㅏ for the neighbouring ㅣ in ㅚ) means 탈퇴, 반퓸 (ㅠ for ㅜ) 반품: the two-syllable
    word's unit also asks for what the index holds one jamo away, at half weight, at most
    MAX_SLIP_TERMS; nothing when the typed word is itself a term, none that is grammar."""
    assert "탈퇴" in jamo_slips("탈톼") and "반품" in jamo_slips("반퓸")
    assert "탈타" not in jamo_slips("탈톼")          # ㅘ → ㅏ drops a key: not one slip
    assert "어요" not in jamo_slips("떠요")          # ㄸ → ㅇ would give grammar
    assert "결제" in jamo_slips("결졔") and "계정" in jamo_slips("게정")   # Shift toggled
    terms = ["탈퇴", "반품", "반푼", "반폼", "만퓸", "신청", "떠요"]
    index = SimpleNamespace(inverted_index=dict.fromkeys(terms))
    clauses = needed_clauses(query_clauses("탈톼하고 반퓸 신청 떠요", "ko"), index)
    by_term = {c["term"]: c for c in clauses if not c.get("word")}
    assert by_term["탈퇴"]["unit"] == by_term["탈톼"]["unit"] and by_term["탈퇴"]["boost"] == 0.5
    slips = [c["term"] for c in clauses if c["unit"] == by_term["반퓸"]["unit"]][1:]
    assert slips == [t for t in jamo_slips("반퓸") if t in terms][:MAX_SLIP_TERMS]
    assert len(slips) == MAX_SLIP_TERMS
    assert not any(c.get("slip") or c.get("unless") for c in clauses)
    # spelt right (a term), grammar or in a synonym: no slip clause
    typed = [c["term"] for c in clauses if c["unit"] in (by_term["신청"]["unit"], by_term["떠요"]["unit"])]
    assert typed == ["신청", "떠요"]
    assert not [c for c in query_clauses("했어", "ko") if c.get("slip")]
    # a longer word's first two syllables (typed without spaces: 탈톼하는법), not its others
    assert [c["term"] for c in query_clauses("탈톼하는법", "ko") if c.get("slip")] == ["탈톼"]
    assert not [c for c in query_clauses("x", "ko", {"x": ["탈톼"]}) if c.get("slip")]


def test_japanese_bigrams_across_a_word_s_edge_are_grammar():
    """料金はいくら: 金は is the particle after 料金; の日, を変 start the next word; ドを and ンす
    follow a Katakana word. Okurigana (変え) and the honorific お (お金) keep their meaning."""
    grammar = {c["term"] for c in query_clauses(
        "料金はいくら 返金までの日数 パスワードを変える お金 ログインする", "ja") if c.get("grammar")}
    assert {"金は", "の日", "ドを", "を変", "ンす"} <= grammar
    assert not {"料金", "日数", "変え", "お金"} & grammar


def test_a_query_typed_in_hiragana_also_tries_its_katakana_word():
    """ぱすわーど (not converted) means パスワード; the Katakana word is one meaningful unit,
    exact, as a prefix and with one edit (ぱすわど), while the Hiragana bigrams stay grammar."""
    clauses = query_clauses("ぱすわーど", "ja")
    meaningful = [c for c in clauses if not c.get("grammar") and not c.get("word")]
    assert {(c["term"], c["wildcard"], c.get("editDistance", 0)) for c in meaningful} == {
        ("パスワード", 0, 0), ("パスワード", 2, 0), ("パスワード", 0, 1)}
    assert len({c["unit"] for c in meaningful}) == 1
    assert kana_words("きゃんせる") == ["キャンセル"] and kana_words("ゆーざー") == ["ユーザー"]
    # the stretch a run begins with, and cut before each particle in it
    assert kana_words("ぱすわーど変更") == ["パスワード"]
    assert kana_words("ぱすわーどをわすれた") == ["パスワードヲワスレタ", "パスワー", "パスワード",
                                               "ワスレタ"]
    assert kana_words("ろぐいんできない") == ["ログインデキナイ", "ログイン", "キナイ"]
    # typed with no particle after the loanword: cut at each ー and one kana after it (two kana
    # must follow, no ー among them: ゆー|ざー is one word)
    assert kana_words("ぱすわーどわすれた") == ["パスワードワスレタ", "パスワー", "パスワード"]
    assert kana_words("めーるあどれすへんこう") == ["メールアドレスヘンコウ", "メール", "メールアドレス"]
    assert kana_words("ゆーざーめい") == ["ユーザーメイ", "ユーザー", "ユーザーメ"]
    assert kana_words("めーる") == ["メール"] and kana_words("めーるを") == ["メールヲ", "メール"]
    # what follows a particle (not ん|を… inside ちゅう|も|んを)
    assert kana_words("ちゅうもんをきゃんせる") == ["チュウモンヲキャンセル", "チュウ", "チュウモン",
                                                   "キャンセル"]
    assert kana_words("あかうんとのぱすわーど")[-1] == "パスワード"
    # ... and after the particle that follows a kanji or Katakana word (not か, や, で: okurigana
    # and できる)
    assert kana_words("注文をきゃんせる") == ["キャンセル"]
    assert kana_words("アカウントのぱすわーど") == ["パスワード"]
    assert kana_words("届かない") == [] and kana_words("分かりにくい") == []
    # too short to be a word (から → カラ would match カラー's bigram), okurigana after a
    # kanji, no Hiragana
    assert kana_words("から") == [] and kana_words("返品できます") == []
    assert kana_words("ーーー") == [] and kana_words("パスワード") == []
    assert not any(c["term"].startswith("デキ") for c in query_clauses("返品できますか", "ja"))


def test_a_hiragana_synonym_key_matches_where_a_word_begins():
    """A reading (へんきん: 返金) matches where a run starts in Hiragana, or after a particle or
    お/ご, not inside another word (はそん in それはそんなに, "that much"; a stretch after a kanji,
    送料はそんなに, begins with the kanji's particle)."""
    keys = {"はそん": ["破損"], "いくら": ["料金"], "へんきん": ["返金"], "かいやく": ["解約"]}
    found = lambda text: [key for key, _ in synonym_texts(text, keys)]  # noqa: E731
    assert found("それはそんなに") == [] and found("送料はそんなに") == []
    assert found("はそんした") == ["はそん"]
    assert found("料金はいくら") == ["いくら"]          # after the particle は
    assert found("おへんきん") == ["へんきん"]          # after the honorific お
    assert found("かいやくしたい 注文") == ["かいやく"]
    # a dropped voicing mark after the first kana is forgiven; size and a first kana's voicing
    # are not (に持っ is not にもつ, ごうかん is not こうかん)
    assert found("へんさん") == [] and found("へんぎん") == ["へんきん"]
    more = {**keys, "にもつ": ["荷物"], "こうかん": ["交換"], "ていき": ["定期"],
            "はいそう": ["配送"], "しはらい": ["支払い"], "とどかない": ["届かない"]}
    found = lambda text: [key for key, _ in synonym_texts(text, more)]  # noqa: E731
    for text in ("すでにもっているかーど", "ほかにもつかえるかーど", "ごうかん", "ていきゅうび",
                 "でーたのていきょう", "はいそうです", "もしはらいもどし"):
        assert found(text) == [], text
    # after a leading adverb or a Katakana word; a three-kana key before a particle or する
    assert found("いつへんきんされますか") == ["へんきん"]
    assert found("もうかいやくしたい") == ["かいやく"] and found("まだとどかない") == ["とどかない"]
    assert found("プランいくら") == ["いくら"] and found("はいそうのじょうきょう") == ["はいそう"]
    assert found("にもつがとどかない") == ["とどかない", "にもつ"]
    # after 々, and a three-kana key beginning a stretch before か (いくら|かかる); a longer key
    # after a kanji word or an adjective, not inside a leading adverb (checked above)
    assert found("月々いくらかかる") == ["いくら"] and found("いくらかかる") == ["いくら"]
    assert found("会員へんきんしたい") == ["へんきん"] and found("ないかいやく") == ["かいやく"]
    # a kanji word typed half in kana, where a word begins
    assert found("返きん") == ["へんきん"] and found("かい約したい") == ["かいやく"]
    assert found("解やく") == ["かいやく"] and found("配そう状況") == ["はいそう"]
    assert found("心配そう") == [] and found("返き") == [] and found("へ金") == []
    # a kanji verb's okurigana is not the rest of a reading (返したい, 変えたい)
    verbs = {"かえしたい": ["返品"], "かえたい": ["変更"], "かえる": ["交換"]}
    assert synonym_texts("返したい 変えたい 変える", verbs) == []
    assert [key for key, _ in synonym_texts("かえしたい", verbs)] == ["かえしたい"]
    # the reading stands for the query's Katakana unit: a match counts as the query's word
    clauses = query_clauses("へんきん", "ja", {"へんきん": ["返金"]})
    kana_unit = next(c["unit"] for c in clauses if c["term"] == "ヘンキン")
    assert next(c for c in clauses if c["term"] == "返金")["stands"] == [kana_unit]


def test_long_kana_queries_stay_bounded():
    assert kana_words("あ" * 100_000) == ["ア" * 64]
    assert len(kana_words("かのはをがのにでとへもやか" * 1000)) == 4
    clauses = query_clauses("あ" * 100_000, "ja", {"ああ" * 50: ["返金"]})
    assert len([c for c in clauses if not c.get("word")]) <= MAX_CLAUSES
    assert synonym_texts("おは" * 50_000, {"はそん": ["破損"]}) == []


@pytest.mark.parametrize("case", FIXTURE["tokenize"], ids=lambda c: f"{c['lang']}:{c['text'][:20]}")
def test_python_matches_the_shared_fixture(case):
    assert tokenize(case["text"], case["lang"]) == case["terms"]


@pytest.mark.parametrize("case", FIXTURE["queries"], ids=lambda c: f"{c['lang']}:{c['text'][:20]}")
def test_python_queries_match_the_shared_fixture(case):
    assert query_clauses(case["text"], case["lang"], case["synonyms"]) == case["clauses"]


def test_python_stems_match_the_shared_fixture():
    mismatches = {w: (s, stem(w)) for w, s in FIXTURE["stems"].items() if stem(w) != s}
    assert not mismatches
    assert len(FIXTURE["stems"]) > 500


def test_javascript_tokenizer_matches_the_shared_fixture_in_node():
    result = subprocess.run([NODE, str(HERE / "check_tokenize.js")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " 0 failed" in result.stdout


def test_queries_full_of_rare_code_points_do_not_grow_the_tokenizer_without_bound():
    # A client of `helpcenter serve` / `mcp --http` can send any characters: the character tables
    # keep the Basic Multilingual Plane only, and what lies beyond is still read right.
    from helpcenter.search import tokenize as module

    astral = "".join(chr(code) for code in range(0x20000, 0x20000 + 5_000))   # CJK Ext. B
    before = len(module._class_table), len(module._word_table)
    runs = module.runs(astral + " 😀 don't")
    assert [run.text for run in runs] == [astral, "dont"]
    assert module.body_counts("𠮷野家 sushi", "ja") == {"𠮷野": 1, "野家": 1, "sushi": 1}
    assert (len(module._class_table), len(module._word_table)) == before


def test_a_long_word_of_japanese_keywords_shares_one_words_weight():
    def boosts(text: str) -> dict[str, float]:
        return {c["term"]: c["boost"] for c in query_clauses(text, "ja")
                if not c.get("word") and not c["wildcard"] and not c.get("editDistance")}
    spaced = boosts("注文後 配達時間 変更")
    assert spaced["配達"] == spaced["達時"] == spaced["時間"] == 1 / 3
    assert spaced["注文"] == spaced["文後"] == 0.5 and spaced["変更"] == 1
    assert boosts("確認メール\u3000届かない")["メー"] == 0.5     # each script's word on its own
    assert boosts("確認メール\u3000届かない")["確認"] == boosts("確認メール 届かない")["認メ"] == 1
    # a sentence, a query typed without spaces, one CJK word and Korean keep every bigram whole
    assert set(boosts("配達時間を変更したい").values()) <= {1, 0.1}
    assert boosts("注文後配達時間変更")["配達"] == boosts("配達時間 Box")["配達"] == 1
    ko = {c["term"]: c["boost"] for c in query_clauses("배달시간 변경", "ko")
          if not c.get("word") and not c.get("slip") and not c.get("unless")}
    assert ko["배달"] == ko["달시"] == 1
