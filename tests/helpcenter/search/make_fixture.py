"""Regenerate tokenize_fixture.json from the Python tokenizer (the JS must then agree).

    .venv/bin/python tests/helpcenter/search/make_fixture.py

Review the diff before committing: the fixture is the contract both implementations keep.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpcenter.search.tokenize import jamo_slips, query_clauses, stem, tokenize

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

TEXTS = [
    ("en", "How do I reset my Passwords?"),
    ("en", "Refunds, refunding and refunded: always away, day by day"),
    ("en", "iPhone 결제 and パスワードを変更"),
    ("en", "Don't can't won’t customer's"),
    ("en", "ＡＢＣ１２３ full-width ｶﾀｶﾅ half-width"),
    ("en", "Order LM-12345678, e-mail support@lumora.example"),
    ("en", "café naïve Übergröße STRASSE"),
    ("en", "the a an and of to"),
    ("en", ""),
    ("en", "   \t\n  "),
    ("en", "a" * 100),
    ("en", "yellow yes yearly y"),
    ("en", "constructor __proto__ hasOwnProperty toString"),
    ("ko", "비밀번호를 잊어버렸어요"),
    ("ko", "비밀번호를잊어버렸어요"),
    ("ko", "iPhone결제 카카오페이 옷"),
    ("ko", "2단계 인증 코드가 안 와요!!"),
    ("ko", "ㅂㅣㅁㅣㄹ 자모"),
    ("ja", "パスワードを変更したい"),
    ("ja", "パスワード　を　変更"),
    ("ja", "PayPayで支払う・コンビニ払い（３日以内）"),
    ("ja", "々〆ヽヾ 時々"),
    ("ja", "𠮷野家 𩸽"),
    ("ja", "①②③ ㈱ ㌔"),
    ("zh", "如何重置密码"),
    ("fr", "Réinitialiser le mot de passe"),
    ("en", "emoji 😀 test ✓ ©"),
    ("en", "Ǆemo İstanbul ΣΊΣΥΦΟΣ"),
    ("en", "<script>alert(1)</script> ' OR 1=1 --"),
    ("en", "pas*word~1 +must -not title:reset"),
    # whole words: Korean particles and endings, Japanese script changes, Latin next to Hangul
    ("ko", "비밀번호를 재설정하기 전에 계정이 잠겼습니다"),
    ("ko", "DB Connection 설정합니다 DBConnection설정 서버의 사용자에게"),
    ("ko", "카드가 결제되었습니다 환불은 3일 이내에 처리됩니다"),
    ("ko", "아이 원가 결과 이 가 을"),
    ("ja", "パスワードを忘れた場合は二段階認証を設定してください"),
    ("ja", "ダッシュボードの利用者一覧 𠮷野家 々の〆切"),
    ("ja", "DB Connectionを選択 AccessControl"),
]

QUERIES = [
    ("en", "pasword resett"),
    ("en", "how do I reset my password"),
    ("en", "refun"),
    ("en", "passw"),
    ("en", "12345678 lm"),
    ("en", "iPhone 결제"),
    ("en", "the"),
    ("en", "Ab"),
    ("ko", "비밀번호를잊어버렸어요"),
    ("ko", "옷"),
    ("ko", "번호"),
    ("ko", "iPhone결제"),
    ("ko", "DBConnection설정"),
    ("ko", "AWSSSO연동하기"),
    ("ko", "비밀번호를 잊어버렸어요"),
    ("ko", "사용자가로그인할수없습니다 계정잠금해제방법"),
    ("ko", "가" * 50),
    ("ja", "パスワードを忘れた"),
    ("ja", "二段階認証設定 𠮷野家𩸽"),
    ("en", "AccessControlLogs iPhone OAuth2 PayPal HTTPS v2"),
    ("ko", "CustomJDBCConfigs 설정"),
    ("en", "Notes on Secret Store Configuration"),
    ("ko", "비밀번호를 재설정하기 DB Connection 설정"),
    ("ja", "パスワード 変更する 二段階認証 設定"),
    ("ko", "DBConnection 설정 AIChat Audit"),
    ("ja", "いつ届きますか 注文を取り消したい 𠮷い"),
    ("ja", "パスワードを変更"),
    ("ja", "返金はいつ"),
    ("ja", "ア"),
    ("ja", "PayPay"),
    # one-syllable Korean function words; Japanese bigrams across a word's edge
    ("ko", "반품 안 되는 상품"),
    ("ko", "공짜로 써볼 수 있나요 옷 돈"),
    ("ja", "料金はいくら 返金までの日数 パスワードを変える ログインする"),
    ("ja", "を の 使えますか お金 ご注文 おすすめ"),
    # Korean: modality words (가능, 어떻게) are grammar; no word pair with a function word
    # (받을 수); words of 3+ syllables also with one syllable wrong (요굼제)
    ("ko", "할부 가능한가요 어떻게 해요 받을 수 있나요"),
    ("ko", "요굼제 변경 회원기입하기 " + "가나다 " * 12),
    ("ko", "이용자 수 답장이 안 와요 할 때 것 같아요 못 받았어요 이번 달 수수료"),
    # a syllable typed with Shift held (결졔, 쳬험, 뻔호) also tries the plain one
    ("ko", "결졔 쳬험 뻔호 계정 빠른 했어요 꺄"),
    # a short word (two syllables, stemmed) one jamo wrong: its bigram's unit also asks for the
    # index terms one jamo away (a `slip` clause the readers expand), as do the first two syllables
    # of a longer word; not in a grammar bigram
    ("ko", "탈톼하고 싶어요 반퓸 신청 떠요 요금제를 값 닭갈비 탈톼하는법"),
    # everyday adverbs and pronouns are typed right (no slip clause: 이제 is not 이메), also as
    # a longer word's first two syllables; 있어, 싶은 and the bound noun 지 are grammar
    ("ko", "이제 그만 자꾸 아예 내일까지 이제는 수 있어요 사고 싶은데 탈톼 받은 지 3주"),
    # Hiragana-typed Katakana words after a particle (not inside ちゅう|も|んを)
    ("ja", "ちゅうもんをきゃんせる あかうんとのぱすわーど ろぐいんできない"),
    # ... and after the particle following a kanji or Katakana word (not か/や: 届かない)
    ("ja", "注文をきゃんせる アカウントのぱすわーど 届かないよ 返品できます 注文をんー 分かりにくい"),
    # Hiragana typed for a Katakana word (ぱすわーど), grammar typed alone, ー, a long kana run
    ("ja", "ぱすわーど"),
    ("ja", "ちゅうもん きゃんせる ください から ゆーざ"),
    ("ja", "ぱすわーどを忘れた ーー ゝゞ パスワードを"),
    ("ja", "あ" * 300),
    ("ja", "ぱすわーどをわすれた ぱすわど ろぐいんできない ぱすわーど変更 どうやって返品"),
    # ... typed with no particle after it: cut one kana after each ー (ぱすわーど|わすれた)
    ("ja", "ぱすわーどわすれた めーるあどれすへんこう すーぱーまーけっと ーどわすれ めーる ゆーざーめい"),
    ("ja", "かのはをがのにでとへもやか" * 10),
    ("en", "x" * 3000),
    ("en", " ".join(f"word{i}" for i in range(100))),
    ("en", ""),
]
# Queries with the locale's synonyms (content/_search/<locale>.yml, normalized as in the index).
SYNONYM_QUERIES = [
    ("ko", "비번 찾기", {"비번": ["비밀번호"], "카톡": ["카카오톡"]}),
    ("ko", "비번찾기", {"비번": ["비밀번호", "패스워드"]}),
    ("en", "can't sign in", {"sign in": ["log in", "sign-in"], "sign": ["signature"]}),
    ("en", "design input", {"sign in": ["log in"]}),          # not a whole phrase: no synonym
    ("ja", "パスワード忘れ", {"忘れ": ["忘れた"], "パス": ["パスワード"], "𠮷": ["吉"]}),
    # a synonym stands for its key's units; a key inside a bigram (돈 in 돈을) has none
    ("ko", "택배가 안 왔어요", {"택배": ["배송"], "안 와": ["오지 않"]}),
    ("ko", "돈을 돌려주세요", {"돈": ["환불"]}),
    ("en", "money back for my parcel", {"money back": ["refund"], "parcel": ["package"]}),
    # two keys sharing a synonym: it stands for both; a shared one without a unit keeps its own
    ("en", "how much does it cost", {"cost": ["price"], "how much": ["price", "fee"]}),
    ("ko", "돈을 환불받기", {"돈": ["환불"], "환불받": ["환불", "반품"]}),
    # a Hiragana key (a reading) matches where a word typed in Hiragana begins, not inside one
    ("ja", "へんきん", {"へんきん": ["返金"]}),
    ("ja", "料金はいくら それはそんなに おへんきん かいやくしたい",
     {"いくら": ["料金"], "はそん": ["破損"], "へんきん": ["返金"], "かいやく": ["解約"],
      "そんな": ["あれ"]}),
    # with or without voicing marks after the first kana; small kana and a first kana's voicing
    # count
    ("ja", "へんひん きやんせる ぱすわど ごうかん", {"へんぴん": ["返品"], "きゃんせる": ["キャンセル"],
                                          "はすわど": ["x"], "こうかん": ["交換"]}),
    # after an adverb or a Katakana word; a three-kana key needs a word's end after it
    ("ja", "いつへんきん もうかいやくしたい プランいくら すでにもっている ていきゅうび はいそうです",
     {"へんきん": ["返金"], "かいやく": ["解約"], "いくら": ["料金"], "にもつ": ["荷物"],
      "ていき": ["定期"], "はいそう": ["配送"]}),
    # a Korean key begins a word: its words as the query's, or glued at a word's beginning
    ("ko", "모두 번거로워요 배송 안내 일정 두 번 결제됐어요 구독해제 돈을",
     {"두 번": ["중복"], "내일": ["익일"], "두 번 결제": ["중복"], "구독 해제": ["해지"],
      "돈": ["환불"], "번거": ["x"]}),
    # a key's last syllable without a final also matches it with an ending's ㄴ ㄹ ㅁ ㅂ (쓸, 낸,
    # 춤, 씁), not another final (쓱) nor another syllable
    ("ko", "그만 쓸래요 돌려보낸 멈춤 씁니다 쓱 써요 계산합니다 가나",
     {"그만 쓰": ["해지"], "돌려보내": ["반품"], "멈추": ["중지"], "쓰": ["x"], "계산하": ["결제"],
      "가": ["y"], "가나다": ["z"]}),
    ("ja", "もしはらいもどし にもつがとどかない ほかにもつかえる",
     {"しはらい": ["支払い"], "にもつ": ["荷物"], "とどかない": ["届かない"]}),
    # a three-kana key beginning a stretch needs no word's end after it (いくら|かかる; after 々);
    # a longer key anywhere but inside a leading adverb (会員|やめたい, 覚えのない|せいきゅう)
    ("ja", "月々いくらかかる 会員やめたい みにおぼえのないせいきゅう もしはらい ほかにもつかえる",
     {"いくら": ["料金"], "やめたい": ["解約"], "せいきゅう": ["請求"], "しはらい": ["支払い"],
      "にもつ": ["荷物"]}),
    # a kanji word typed half in kana (返きん, りょう収書), where a word begins (not 心配そう)
    ("ja", "返きん 返したい", {"へんきん": ["返金"], "かえしたい": ["返品"]}),
    ("ja", "りょう収書 解やく 心配そう 𠮷もん", {"りょうしゅうしょ": ["領収書"], "かいやく": ["解約"],
                                   "はいそう": ["配送"], "ちゅうもん": ["𠮷文"],
                                   "いくら": ["料金", "x"]}),
    # a Japanese key's synonym in Latin letters is a translation (TRANSLATION_BOOST), also a
    # camel-case one; a Japanese value, an English key's and a Korean key's keep their weight
    ("ja", "メールアドレス 変更 ペイペイ", {"メールアドレス": ["email", "e-mail", "メアド"],
                                  "変更": ["change", "PayPal"], "ぺいぺい": ["paypay"]}),
    ("ja-JP", "email 変えたい へんこう", {"email": ["メールアドレス"], "変え": ["changeMe"],
                                  "へんこう": ["change"]}),
    ("ko", "이메일 변경", {"이메일": ["email"], "변경": ["change"]}),
    # Japanese keywords typed with spaces: a Han or Katakana word of 3+ characters shares one
    # word's weight among its bigrams (not in a sentence, a synonym, Korean, nor unspaced)
    ("ja", "注文後 配達時間 変更", {}),
    ("ja", "確認メール\u3000届かない 登録 パスワード再設定", {"登録": ["会員登録"]}),
    ("ja", "注文後配達時間変更", {}),
    ("ja", "配達時間を変更したい", {}),
    ("ko", "비밀번호 재설정 배달시간", {}),
    ("ja", "配達時間 Box", {}),
]


# Words whose one-jamo slips both readers must list alike (keyboard neighbours, Shift, two-key
# vowels and final clusters, non-Hangul characters left alone).
SLIP_WORDS = ["탈톼", "반퓸", "결졔", "꺄뀨", "닭값", "왜웨", "의뢰", "ㄱa가", "힣"]


def main() -> None:
    words = sorted(set(re.findall(r"[a-z]+", " ".join(
        p.read_text(encoding="utf-8").lower() for p in (REPO / "content" / "en").rglob("*.md")))))
    words += ["y", "ye", "yes", "yellow", "sky", "skies", "happy", "happiness", "relational",
              "conditional", "rational", "valenci", "hesitanci", "digitizer", "conformabli",
              "radicalli", "differentli", "vileli", "analogousli", "vietnamization",
              "predication", "operator", "feudalism", "decisiveness", "hopefulness",
              "callousness", "formaliti", "sensitiviti", "sensibiliti", "triplicate",
              "formative", "formalize", "electriciti", "electrical", "goodness", "revival",
              "allowance", "inference", "airliner", "gyroscopic", "adjustable", "defensible",
              "irritant", "replacement", "adjustment", "dependent", "adoption", "homologou",
              "communism", "activate", "angulariti", "homologous", "effective", "bowdlerize",
              "probate", "cease", "controll", "roll", "agreed", "feed", "plastered", "bled",
              "motoring", "sing", "conflated", "troubled", "sized", "hopping", "tanned",
              "falling", "hissing", "fizzed", "failing", "filing", "caresses", "ponies", "ties",
              "caress", "cats", "generalizations", "oscillators"]
    fixture = {
        "about": "Shared by test_tokenize.py (Python) and check_tokenize.js (node and Chromium). "
                 "Regenerate with make_fixture.py and review the diff.",
        "tokenize": [{"lang": lang, "text": text, "terms": tokenize(text, lang)}
                     for lang, text in TEXTS],
        "queries": [{"lang": lang, "text": text, "synonyms": synonyms,
                     "clauses": query_clauses(text, lang, synonyms)}
                    for lang, text, synonyms in [(*q, {}) for q in QUERIES] + SYNONYM_QUERIES],
        "stems": {w: stem(w) for w in sorted(set(words))},
        "slips": {w: jamo_slips(w) for w in SLIP_WORDS},
    }
    (HERE / "tokenize_fixture.json").write_text(
        json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
