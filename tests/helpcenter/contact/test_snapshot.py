"""helpcenter/contact.json: the validated contact data, written out and read back without loss."""

import datetime as dt
import json

import pytest

from helpcenter.contact import load_contact_file, status_at
from helpcenter.contact.snapshot import SnapshotError, book_as_json, book_from_json
from tests.conftest import REPO


def demo_book():
    book, problems = load_contact_file(REPO / "content" / "contact.yml", ["en", "ko", "ja"])
    assert book is not None, problems
    return book


def test_the_snapshot_reads_back_as_the_same_book():
    book = demo_book()
    again = book_from_json(json.loads(json.dumps(book_as_json(book, {"ko": "/ko/contact/"}))))
    assert book_as_json(again, {"ko": "/ko/contact/"}) == book_as_json(book, {"ko": "/ko/contact/"})
    moment = dt.datetime(2026, 12, 25, 3, 0, tzinfo=dt.UTC)   # Christmas, noon in Seoul
    for cid, channel in book.channels.items():
        if channel.hours:
            ours, theirs = status_at(again.channels[cid].hours, moment), status_at(channel.hours, moment)
            assert (ours.state, ours.opens, ours.closes) == (theirs.state, theirs.opens, theirs.closes)
            assert (ours.holiday and ours.holiday.names) == (theirs.holiday and theirs.holiday.names)


@pytest.mark.parametrize("data", [
    None, [], {"schema": "helpcenter.contact", "version": 99},
    {"schema": "helpcenter.contact", "version": 1, "channels": {"x": {"type": "chat",
     "hours": {"timezone": "UTC", "week": [[]]}}}, "regions": {}},
    {"schema": "helpcenter.contact", "version": 1, "channels": [], "regions": {}},
])
def test_anything_else_is_a_clear_error(data):
    with pytest.raises(SnapshotError, match="rebuild the site|not a helpcenter.contact"):
        book_from_json(data)
