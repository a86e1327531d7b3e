"""Contact channels: the data writers edit (`content/contact.yml`), its validation, and hours.

Plain Python (no MkDocs): the `helpcenter-contact` plugin renders pages from it, `helpcenter
check` validates it, and the browser's `contact.js` repeats the hours logic of `hours.py`.

    from helpcenter.contact import validate_contact_file
    problems = validate_contact_file("content/contact.yml", ["en", "ko", "ja"])
"""

from helpcenter.contact.data import (
    ContactDataError,
    load_contact_file,
    parse_contact,
    parse_opening_hours,
    validate_contact_file,
)
from helpcenter.contact.hours import ChannelStatus, compile_hours, status_at, visitor_time
from helpcenter.contact.model import (
    ContactBook,
    ContactChannel,
    Holiday,
    OpeningHours,
    Region,
    TimeRange,
)

CONTACT_FILE = "contact.yml"

__all__ = [
    "CONTACT_FILE",
    "ChannelStatus",
    "ContactBook",
    "ContactChannel",
    "ContactDataError",
    "Holiday",
    "OpeningHours",
    "Region",
    "TimeRange",
    "compile_hours",
    "load_contact_file",
    "parse_contact",
    "parse_opening_hours",
    "status_at",
    "validate_contact_file",
    "visitor_time",
]
