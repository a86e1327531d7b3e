"""`helpcenter demo-events`: realistic synthetic feedback for the demo content.

So that a newcomer can run the report before any customer has clicked anything, and so the
benchmark has millions of plausible rows. The story the data tells (and the report should find):

- most articles help about four customers in five;
- a few clearly fail (`billing/unexpected-charge`, `returns/refund-timing`,
  `account/two-step-verification`), and `subscriptions/cancel-subscription` was bad and got
  better during the last weeks;
- `orders/delivery-times` is fine in English and Korean but clearly worse in Japanese (a
  translation problem, not a content problem), and untranslated (fallback) pages do a bit worse;
- customers search for things the help center does not cover, in each language and spelling;
- some feedback still arrives for articles that were renamed or deleted;
- comments in each language, one of them hostile HTML, some with contact details the collector
  scrubbed.

Only articles and locales from the manifest are used (plus the two removed ids on purpose).
Event ids are derived from the seed, so running the same command twice stores nothing new.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable, Iterator
from itertools import accumulate

from helpcenter import clock
from helpcenter.events import Catalog, EventError, clean_text, scrub, validate_event
from helpcenter.manifest import Manifest
from helpcenter.store import COLUMNS, iso_utc, open_store

DAYS = 60
BATCH = 50_000
REMOVED_ARTICLES = ("billing/old-refund-policy", "orders/shipping-rates")

LOCALE_SHARE = {"en": 0.5, "ko": 0.28, "ja": 0.22}
BASE_HELPFUL = 0.84
ARTICLE_HELPFUL = {"billing/unexpected-charge": 0.42, "returns/refund-timing": 0.55,
                   "account/two-step-verification": 0.6}
IMPROVED = ("subscriptions/cancel-subscription", 0.45, 0.8)  # before, after the fix
TRANSLATION_GAP = ("orders/delivery-times", "ja", 0.38)
FALLBACK_HELPFUL = 0.66
POPULAR = ("account/reset-password", "orders/track-order", "returns/return-an-item",
           "returns/refund-timing", "billing/unexpected-charge", "orders/delivery-times",
           "subscriptions/cancel-subscription", "billing/payment-methods")
CHANNELS = {"en": ("chat", "email", "whatsapp", "phone"),
            "ko": ("kakaotalk", "phone-kr", "email-kr", "form-kr"),
            "ja": ("line", "phone-jp", "email-jp", "form-jp")}

NO_RESULT_QUERIES = {
    "en": ["gift wrap", "Gift wrapping", "gift wrap!", "price match", "Price Match", "match price",
           "student discount", "klarna", "Klarna", "afterpay", "warranty claim",
           "claim warranty", "change delivery address", "ｇｉｆｔ ｗｒａｐ"],
    "ko": ["선물 포장", "선물포장", "현금영수증", "현금 영수증", "해외 배송", "해외배송",
           "적립금 사용", "적립금사용", "가격 비교"],
    "ja": ["ギフト包装", "ギフト 包装", "ｷﾞﾌﾄ包装", "領収書 宛名", "領収書宛名", "海外発送",
           "ポイント 使い方", "ポイント使い方", "のし"],
}
NO_CLICK_QUERIES = {"en": ["refund", "password", "track order", "cancel plus"],
                    "ko": ["환불", "비밀번호", "배송 조회", "구독 해지"],
                    "ja": ["返金", "パスワード", "配送状況", "解約"]}
#: Comments any article may get, per locale (hostile and personal ones included on purpose:
#: the collector scrubs contact details, the report must show HTML as text).
COMMENTS = {
    "en": ["Steps don't match the app anymore, there is no 'Security' tab.",
           "Please email me at jane.doe@example.com, nobody answers the chat.",
           "<script>alert('xss')</script> this page is useless",
           "<img src=x onerror=alert(1)> can't find the button it talks about",
           "=HYPERLINK(\"http://evil.example\",\"click\") formula test",
           "Too long. I just want a yes or no."],
    "ko": ["앱 화면이랑 설명이 달라요. 메뉴 이름이 바뀐 것 같습니다.",
           "010-1234-5678로 연락 주세요. 카카오톡 상담이 안 돼요.",
           "<b>굵게</b> 버튼이 어디 있는지 모르겠어요.",
           "설명이 너무 길어요. 핵심만 알려 주세요."],
    "ja": ["アプリの画面と説明が違います。",
           "メールアドレス taro@example.jp に連絡してください。",
           "英語のページが表示されて読めません。",
           "説明が長すぎて分かりにくいです。"],
}
#: Comments about what an article is about, for the articles the story is built on.
ARTICLE_COMMENTS = {
    "billing/unexpected-charge": {
        "en": ["I was charged twice and this page doesn't explain why.",
               "There's a charge I don't recognise and nothing here tells me what it is."],
        "ko": ["결제가 두 번 됐는데 이 글로는 해결이 안 됩니다."],
        "ja": ["身に覚えのない請求があります。この説明では分かりません。"]},
    "returns/refund-timing": {
        "en": ["The refund still hasn't arrived after two weeks, the article doesn't say what to "
               "do.", "Too long, I just want to know when my money comes back."],
        "ko": ["환불이 언제 들어오는지 정확히 안 나와 있어요."],
        "ja": ["返金がいつになるのか分かりません。"]},
    "orders/delivery-times": {
        "ja": ["配送日の説明が分かりにくいです。翌日に届くと書いてあるのに届きません。",
               "時間帯指定の方法がどこにも書いてありません。",
               "「最短翌日」が何時までの注文なのか書いてありません。"]},
    "subscriptions/cancel-subscription": {
        "en": ["<img src=x onerror=alert(1)> can't find the cancel button"],
        "ko": ["해지 버튼이 어디 있는지 모르겠어요."],
        "ja": ["解約ボタンが見つかりません。"]},
}


class DemoGenerator:
    """Yields stored rows (COLUMNS without seq) in arrival order."""

    def __init__(self, manifest: Manifest, seed: int = 1, end: dt.datetime | None = None,
                 days: int = DAYS) -> None:
        self.manifest = manifest
        self.seed = seed
        self.random = random.Random(seed)
        self.end = (end or clock.now()).astimezone(dt.UTC)
        self.days = days
        self.start = self.end - dt.timedelta(days=days)
        self.build = manifest.build_id if len(manifest.build_id) <= 64 else None
        locales = [loc for loc in manifest.locales]
        shares = [LOCALE_SHARE.get(loc, 0.1) for loc in locales]
        self.locales, self.locale_cum = locales, list(accumulate(shares))
        ids = sorted(manifest.articles)
        weights = [6.0 if a in POPULAR else 1.0 + (sum(map(ord, a)) % 3) * 0.3 for a in ids]
        self.articles, self.article_cum = ids, list(accumulate(weights))
        self.comments = {loc: [scrub(clean_text(c)) for c in COMMENTS.get(loc, COMMENTS["en"])]
                         for loc in locales}
        self.article_comments = {
            (article, loc): [scrub(clean_text(c)) for c in texts]
            for article, by_locale in ARTICLE_COMMENTS.items() for loc, texts in by_locale.items()}
        self.fix_time = self.end - dt.timedelta(days=17)
        self.events_per_session = self._calibrate()

    def _pick(self, items: list[str], cumulative: list[float]) -> str:
        x = self.random.random() * cumulative[-1]
        return items[min(len(items) - 1, bisect.bisect_right(cumulative, x))]

    def helpful_chance(self, article: str, locale: str, when: dt.datetime) -> float:
        info = self.manifest.articles.get(article, {}).get("locales", {}).get(locale, {})
        chance = ARTICLE_HELPFUL.get(article, BASE_HELPFUL)
        if article == IMPROVED[0]:
            chance = IMPROVED[2] if when >= self.fix_time else IMPROVED[1]
        if (article, locale) == TRANSLATION_GAP[:2]:
            chance = TRANSLATION_GAP[2]
        elif info.get("fallback"):
            chance = min(chance, FALLBACK_HELPFUL)
        return chance

    def _calibrate(self) -> float:
        """Average events per visit, from a dry run with its own random numbers, so that the
        visits of `rows(count)` spread evenly over the whole period."""
        main = self.random
        self.random = random.Random(self.seed + 7919)
        try:
            sample = 4000
            made = sum(len(self.session(n, self.start)) for n in range(sample))
        finally:
            self.random = main
        return max(1.0, made / sample)

    def rows(self, count: int) -> Iterator[tuple]:
        """Exactly `count` rows, visits spread evenly over the period (the last one cut off)."""
        rnd = self.random
        sessions = max(1, round(count / self.events_per_session))
        span = (self.end - self.start).total_seconds()
        made = 0
        number = 0
        while made < count:
            share = min(0.999999, (number + rnd.random()) / sessions)
            when = self.start + dt.timedelta(seconds=span * share)
            for row in self.session(number, when):
                yield row
                made += 1
                if made >= count:
                    return
            number += 1

    def session(self, number: int, when: dt.datetime) -> list[tuple]:
        rnd = self.random
        locale = self._pick(self.locales, self.locale_cum)
        session = f"demo{self.seed}s{number:010d}"
        rows: list[tuple] = []
        tick = [0]

        def add(kind: str, article: str | None, value: str | None = None,
                text: str | None = None, results: int | None = None,
                source: str | None = None) -> None:
            tick[0] += 1
            at = iso_utc(when + dt.timedelta(seconds=7 * tick[0]))
            url = None
            if article:
                info = self.manifest.articles.get(article, {}).get("locales", {}).get(locale)
                url = info["url"] if info else "/" + article + "/"
            event_id = f"demo{self.seed}e{number:010d}n{tick[0]:02d}"
            if kind == "search" and source is None:
                source = "site"
            rows.append((event_id, kind, at, session, article, locale, self.build, url, value,
                         text, results, source))

        roll = rnd.random()
        if roll < 0.12:
            if rnd.random() < 0.6:
                query = rnd.choice(NO_RESULT_QUERIES.get(locale, NO_RESULT_QUERIES["en"]))
                # Every fourth one was asked through an assistant (helpcenter mcp): chosen by
                # the session number, so the random stream (and every other figure) is unchanged.
                add("search", None, "no_results", query, 0,
                    source="assistant" if number % 4 == 0 else "site")
            else:
                query = rnd.choice(NO_CLICK_QUERIES.get(locale, NO_CLICK_QUERIES["en"]))
                add("search", None, "no_click", query, rnd.randint(1, 8))
            if rnd.random() < 0.5:
                return rows
        elif roll < 0.15:
            add("contact_click", None, rnd.choice(CHANNELS.get(locale, ("email",))))
            return rows
        if roll > 0.997:
            article = rnd.choice(REMOVED_ARTICLES)
        else:
            article = self._pick(self.articles, self.article_cum)
            if locale not in self.manifest.articles[article]["locales"]:
                locale = self.manifest.default_locale
        helpful = rnd.random() < self.helpful_chance(article, locale, when)
        if rnd.random() < 0.03:  # changed their mind: only the second vote counts
            add("vote", article, "yes" if not helpful else "no")
        add("vote", article, "yes" if helpful else "no")
        channels = CHANNELS.get(locale, ("email",))
        if helpful:
            if rnd.random() < 0.3:
                add("effort", article, str(rnd.choice((4, 5, 5, 3))))
            if rnd.random() < 0.04:
                add("contact_click", article, rnd.choice(channels))
            return rows
        picks = rnd.sample(("inaccurate", "unclear", "missing", "not_solved", "other"),
                           k=rnd.choice((0, 1, 1, 1, 2)))
        if article == TRANSLATION_GAP[0] and locale == TRANSLATION_GAP[1]:
            picks = ["unclear"] + [p for p in picks if p != "unclear"][:1]
        for reason in picks:
            add("reason", article, reason)
        if rnd.random() < 0.12:
            specific = self.article_comments.get((article, locale))
            pool = specific if specific and rnd.random() < 0.7 else self.comments[locale]
            add("comment", article, text=rnd.choice(pool))
        if rnd.random() < 0.45:
            add("effort", article, str(rnd.choice((1, 2, 2, 3))))
        if rnd.random() < 0.35:
            add("contact_click", article, rnd.choice(channels))
        return rows


def check_sample(rows: list[tuple], manifest: Manifest) -> None:
    """Run generated rows through the collector's own validation (a bug here is ours)."""
    catalog = Catalog.from_manifest(manifest)
    for row in rows:
        values = dict(zip(COLUMNS[1:], row, strict=True))
        if values["article"] in REMOVED_ARTICLES:
            continue
        wire = {"v": 2, "id": values["event_id"], "type": values["type"],
                "session": values["session"], "locale": values["locale"],
                "article": values["article"], "build": values["build"], "url": values["url"],
                "value": int(values["value"]) if values["type"] == "effort" else values["value"],
                "text": values["text"], "results": values["results"],
                "source": values["source"]}
        wire = {k: v for k, v in wire.items() if v is not None}
        try:
            validate_event(wire, catalog)
        except EventError as exc:  # pragma: no cover - guards the generator itself
            raise AssertionError(f"demo event {values['event_id']} is invalid: {exc}") from None


def write_demo_events(db_url, manifest: Manifest, count: int, seed: int = 1,
                      end: dt.datetime | None = None,
                      advance: Callable[[int], None] | None = None) -> int:
    """Generate `count` events into the store at `db_url`; return how many were new."""
    generator = DemoGenerator(manifest, seed, end)
    stored = 0
    with open_store(db_url) as store:
        batch: list[dict] = []
        checked = False
        for row in generator.rows(count):
            batch.append(dict(zip(COLUMNS[1:], row, strict=True)))
            if len(batch) >= BATCH:
                if not checked:
                    check_sample([tuple(r.values()) for r in batch[:2000]], manifest)
                    checked = True
                stored += store.insert_many(batch)
                if advance:
                    advance(len(batch))
                batch = []
        if batch:
            if not checked:
                check_sample([tuple(r.values()) for r in batch[:2000]], manifest)
            stored += store.insert_many(batch)
            if advance:
                advance(len(batch))
    return stored
