"""`x.name` on a plain dict read straight as the item renders what Jinja's own look-up renders:
items, a dict's own methods, missing names, subclasses and other objects."""

from __future__ import annotations

from collections import OrderedDict

import jinja2
import pytest

from helpcenter.mkdocs_plugins.template_lookups import read_dict_items_directly

TEMPLATE = (
    "{{ d.title }}|{{ d.items() | list | length }}|{{ d.get('title') }}|{{ d.missing is defined }}|"
    "{{ d.missing }}|{{ d.keys | string | truncate(18, true, '') }}|{{ d.__class__.__name__ }}|"
    "{{ sub.title }}|{{ sub.move_to_end is defined }}|{{ obj.real }}|{{ obj.nothing is defined }}|"
    "{{ nested.a.b.c }}|{{ d['title'] }}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}|"
    "{{ d.items }}"
)
VALUES = {
    "d": {"title": "T<b>", "items": "shadowed", "get": 1, "n": 2},
    "sub": OrderedDict(title="ordered"),
    "obj": 5,
    "nested": {"a": {"b": {"c": "deep"}}},
}


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.ChainableUndefined])
@pytest.mark.parametrize("autoescape", [False, True])
def test_the_same_page_as_jinjas_own_lookup(undefined, autoescape):
    stock = jinja2.Environment(undefined=undefined, autoescape=autoescape)
    fast = jinja2.Environment(undefined=undefined, autoescape=autoescape)
    read_dict_items_directly(fast)
    expected = stock.from_string(TEMPLATE).render(VALUES)
    assert fast.from_string(TEMPLATE).render(VALUES) == expected
    # a dict's methods win over its items, as in Jinja: `d.items` is the method
    assert "bound method" in expected or "built-in method" in expected


def test_a_missing_item_is_undefined_as_jinja_says():
    strict = jinja2.Environment(undefined=jinja2.StrictUndefined)
    read_dict_items_directly(strict)
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'missing'"):
        strict.from_string("{{ d.missing }}").render(d={"title": "x"})
