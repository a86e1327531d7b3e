"""Contact links that carry the customer's context, so nobody has to repeat themselves.

From an article, the e-mail link's subject and body, and the opening message of WhatsApp and LINE,
name the article (title and URL) and the locale. The page's absolute URL is only known in the
browser when the site has no `site_url`, so the link is also given as a template with `URL_TOKEN`
(percent-encoded) that contact.js replaces with the real address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from helpcenter.contact.model import ContactChannel

URL_TOKEN = "@@hc-page-url@@"
ENCODED_URL_TOKEN = quote(URL_TOKEN, safe="")


@dataclass(frozen=True)
class ArticleContext:
    """What the agent should see: the article the customer read, where, in which language."""

    article_id: str
    title: str
    url: str  # absolute when site_url is known, else the site path ('/ko/billing/refunds/')
    locale: str


def dial_number(phone: str) -> str:
    """'+1 555 010 0199' -> '+15550100199' for tel: and wa.me links."""
    return ("+" if phone.strip().startswith("+") else "") + re.sub(r"\D", "", phone)


def _q(text: str) -> str:
    return quote(text, safe="")


def plain_href(channel: ContactChannel) -> str | None:
    """The channel's link without any context."""
    if channel.type == "email" and channel.email:
        return f"mailto:{channel.email}"
    if channel.type == "phone" and channel.phone:
        return f"tel:{dial_number(channel.phone)}"
    if channel.type == "whatsapp" and channel.phone:
        return f"https://wa.me/{dial_number(channel.phone).lstrip('+')}"
    if channel.type == "line" and channel.line_id and not channel.url:
        return f"https://line.me/R/ti/p/{_q(channel.line_id)}"
    return channel.url


def context_href(channel: ContactChannel, strings, context: ArticleContext | None
                 ) -> tuple[str | None, str | None]:
    """(href, template): href with the context filled in, template with URL_TOKEN (or None).

    `strings` are the locale's UI strings (contact.mail_subject, contact.mail_body,
    contact.message); the template is None for channels that cannot carry text.
    """
    plain = plain_href(channel)
    if context is None:
        return plain, None
    values = {"title": context.title, "locale": context.locale, "article": context.article_id}
    template = None
    if channel.type == "email" and channel.email:
        subject = strings.format("contact.mail_subject", **values)
        body = strings.format("contact.mail_body", url=URL_TOKEN, **values)
        template = f"mailto:{channel.email}?subject={_q(subject)}&body={_q(body)}"
    elif channel.type == "whatsapp" and channel.phone:
        text = strings.format("contact.message", url=URL_TOKEN, **values)
        template = f"https://wa.me/{dial_number(channel.phone).lstrip('+')}?text={_q(text)}"
    elif channel.type == "line" and channel.line_id:
        text = strings.format("contact.message", url=URL_TOKEN, **values)
        template = f"https://line.me/R/oaMessage/{_q(channel.line_id)}/?{_q(text)}"
    if template is None:
        return plain, None
    return template.replace(ENCODED_URL_TOKEN, _q(context.url)), template
