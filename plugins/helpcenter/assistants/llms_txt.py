"""`llms.txt` and `llms-full.txt` per locale, following the llms.txt proposal (llmstxt.org).

`/llms.txt`, `/ko/llms.txt`, …: the locale's home title as `#` heading, its description as the
`>` summary, one note paragraph, then a `##` section per category (in the site's order) listing
each article's Markdown copy with its description; an `## Optional` section links the contact
page and the full text. `llms-full.txt` is every article's Markdown in the same order.

Untranslated articles: a locale lists every article its pages show, as the site does. An article
without a translation appears in its category like the others, linked to its copy under the
locale's own address (whose text is the default locale's), and its line ends with the locale's
`assistants.fallback` note (e.g. "영어 문서, 아직 번역되지 않았습니다"); in its copy and in
`llms-full.txt` it carries `fallback: true` and the language it is written in. Nothing is left
out, so an assistant answering in Korean still finds the English-only article, and knows it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from helpcenter.assistants.copies import ArticleCopy, absolute_url, copy_url
from helpcenter.content import HelpCenter
from helpcenter.locales import UIStrings, page_url

LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"


def site_order(center: HelpCenter, locale: str) -> list[str]:
    """Article ids as the locale's pages list them: categories in order, articles in order."""
    return [view.article.id for category in center.categories_for(locale)
            for view in center.articles_in(locale, category.category.id)]


def llms_txt(center: HelpCenter, locale: str, site_url: str, strings: UIStrings,
             contact_page: str = "") -> str:
    """The locale's `llms.txt`."""
    loc = center.locale(locale)
    home = center.homes.get(locale) or center.homes.get(center.default_locale)
    title = home.title if home else locale
    lines = [f"# {_one_line(title)}", ""]
    if home and home.description:
        lines += [f"> {_one_line(home.description)}", ""]
    lines += [strings["assistants.note"], ""]
    fallback_note = strings["assistants.fallback"]
    for category in center.categories_for(locale):
        lines += [f"## {_one_line(category.category.title)}", ""]
        for view in center.articles_in(locale, category.category.id):
            article = view.article
            link = copy_url(absolute_url(site_url, view.url))
            entry = f"- [{_link_text(article.title)}]({link}): {_one_line(article.description)}"
            if view.fallback:
                entry += f" ({fallback_note})"
            lines.append(entry)
        lines.append("")
    lines += ["## Optional", ""]
    if contact_page:
        lines.append(f"- [{_link_text(strings['contact.title'])}]"
                     f"({absolute_url(site_url, page_url(loc, contact_page))}): "
                     f"{_one_line(strings['contact.intro'])}")
    lines.append(f"- [{LLMS_FULL_TXT}]({absolute_url(site_url, loc.url_prefix + LLMS_FULL_TXT)}): "
                 f"{strings['assistants.full_text']}")
    return "\n".join(lines).rstrip() + "\n"


def llms_full_txt(center: HelpCenter, locale: str, copies: Mapping[str, ArticleCopy],
                  strings: UIStrings) -> str:
    """Every article of the locale in site order, each as its Markdown copy's section."""
    home = center.homes.get(locale) or center.homes.get(center.default_locale)
    head = f"# {_one_line(home.title if home else locale)}\n\n"
    if home and home.description:
        head += f"> {_one_line(home.description)}\n\n"
    note = strings["assistants.fallback"]
    parts = [copies[aid].section(note) for aid in site_order(center, locale) if aid in copies]
    return head + "\n---\n\n".join(parts)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _link_text(text: str) -> str:
    return _one_line(text).replace("[", "\\[").replace("]", "\\]")
