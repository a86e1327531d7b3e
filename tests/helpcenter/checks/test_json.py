"""The JSON schema: one definition in code (validate_check_report), documented in docs/check.md."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from helpcenter.checks import CheckReportError, report_dict, validate_check_report
from helpcenter.checks.runner import CHECK_NAMES, PROBLEM_FIELDS
from helpcenter.checks.translations import STATUSES
from tests.helpcenter.checks.conftest import check_fixture

DOC = (Path(__file__).resolve().parents[3] / "docs" / "check.md").read_text(encoding="utf-8")
CHECKS_SRC = Path(__file__).resolve().parents[3] / "plugins" / "helpcenter" / "checks"


def documented_example() -> dict:
    block = DOC.split("## JSON output", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    return json.loads(block)


def test_the_documented_example_is_valid():
    validate_check_report(documented_example())


def test_every_field_status_check_and_code_is_documented():
    for name in PROBLEM_FIELDS:
        assert f"`problems[].{name}`" in DOC
    for status in STATUSES:
        assert f"| `{status}` |" in DOC
    for name in CHECK_NAMES:
        assert f"`{name}`" in DOC
    codes = set()
    for path in CHECKS_SRC.glob("*.py"):
        codes |= set(re.findall(r'"((?:link|anchor|image|translation|review|owner|plain|'
                                r'settings|ui)-[a-z-]+)"', path.read_text(encoding="utf-8")))
    assert len(codes) > 20
    undocumented = sorted(c for c in codes if f"`{c}`" not in DOC and c not in DOC)
    assert undocumented == []


def test_every_cli_option_is_documented():
    from helpcenter.cli import check

    for param in check.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in DOC, opt


def test_report_dict_is_valid_for_a_real_report():
    data = report_dict(check_fixture("broken-link"))
    assert validate_check_report(data)["summary"]["errors"] == 2


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.update(schema="other"), "$.schema"),
    (lambda d: d.update(version=2), "$.schema"),
    (lambda d: d.pop("files"), "$"),
    (lambda d: d["problems"][0].update(level="fatal"), "$.problems[0].level"),
    (lambda d: d["problems"][0].update(line=0), "$.problems[0].line"),
    (lambda d: d["problems"][0].update(line="10"), "$.problems[0].line"),
    (lambda d: d["problems"][0].update(check="spelling"), "$.problems[0].check"),
    (lambda d: d["problems"][0].pop("hint"), "$.problems[0]"),
    (lambda d: d["summary"].update(errors=5), "$.summary"),
    (lambda d: d["summary"].update(seconds="fast"), "$.summary.seconds"),
    (lambda d: d.update(ok=True), "$.ok"),
    (lambda d: d["translations"]["articles"][0]["status"].update(ko="done"),
     "$.translations.articles[0].status.ko"),
    (lambda d: d["translations"]["articles"][0]["status"].pop("ja"),
     "$.translations.articles[0].status"),
])
def test_validation_names_the_field_at_fault(mutate, where):
    data = copy.deepcopy(documented_example())
    mutate(data)
    with pytest.raises(CheckReportError) as info:
        validate_check_report(data)
    assert str(info.value).startswith(where + ":")


@pytest.mark.parametrize("value", [None, [], "text", 3])
def test_validation_rejects_non_objects(value):
    with pytest.raises(CheckReportError, match=r"^\$: expected an object"):
        validate_check_report(value)
