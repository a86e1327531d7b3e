/* English words in a page's interface: text nodes and the attributes people read or hear, outside
   the article body, code, and anything marked with another language. `allowed`: names that stay
   in Latin script in every locale. E-mail addresses, time-zone ids, {placeholders} and order
   numbers are not words. */
(allowed) => {
  const page = document.documentElement.lang;
  /* A fallback article's <title>, description and preview tags are its own (English) words. */
  const fallback = document.querySelector('[data-hc-fallback]')
    ? 'title, meta[name="description"], meta[property^="og:"], meta[name^="twitter:"], ' : '';
  const skip = (el) => el.closest(fallback + 'script, style, noscript, code, kbd, pre, .hc-article__body, svg')
    || el.closest('[lang]:not([lang="' + page + '"])');
  const ATTRS = ['alt', 'title', 'aria-label', 'placeholder', 'aria-description', 'aria-roledescription',
                 'value', 'content', 'data-thanks', 'data-thanks-no', 'data-remembered-yes',
                 'data-remembered-no', 'data-count', 'data-template'];
  const notWords = /\S+@\S+|\b[A-Z][a-z]+\/[A-Za-z_]+\b|\{[a-z_]+\}|\bLM-\d+/g;
  const english = (text) => (text.replace(notWords, ' ').match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) || [])
    .filter((w) => !allowed.includes(w));
  const found = [];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (skip(node.parentElement)) continue;
      const words = english(node.textContent);
      if (words.length) found.push(`text "${node.textContent.trim().slice(0, 60)}" in <${node.parentElement.tagName.toLowerCase()} class="${node.parentElement.className}">`);
    } else {
      if (skip(node)) continue;
      for (const name of ATTRS) {
        if (!node.hasAttribute(name)) continue;
        if (name === 'value' && !['BUTTON', 'INPUT'].includes(node.tagName)) continue;
        if (name === 'value' && !['submit', 'button', 'reset'].includes(node.type)) continue;
        if (name === 'content' && !(node.tagName === 'META' && /^(description|(og|twitter):(title|description|site_name))$/.test(node.getAttribute('name') || node.getAttribute('property') || ''))) continue;
        const words = english(node.getAttribute(name));
        if (words.length) found.push(`${name}="${node.getAttribute(name).slice(0, 60)}" on <${node.tagName.toLowerCase()} class="${node.className}">`);
      }
    }
  }
  return found;
}
