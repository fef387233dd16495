# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import io

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.vpnops.aws.plugins.filter import to_csv as plugin

to_csv = plugin.FilterModule().filters()["to_csv"]

AWKWARD = [
    "zoë",
    "山田太郎",
    'Smith, "Jo"',
    "<b>bold</b>",
    "two\nlines",
    "carriage\rreturn",
    "crlf\r\nend",
    '"',
    ",",
    "",
    " spaces around ",
    "semi;colon",
    "it's",
]


def _parsed(text):
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def test_the_filter_is_registered_under_its_name():
    assert set(plugin.FilterModule().filters()) == {"to_csv"}


def test_any_text_reads_back_the_same_with_the_csv_module():
    rows = [[value, index] for index, value in enumerate(AWKWARD)]
    text = to_csv(rows, ["value", "index"], neutralize_formulas=False)
    assert _parsed(text) == [["value", "index"], *[[value, str(index)] for index, value in enumerate(AWKWARD)]]


@pytest.mark.parametrize(
    "value, field",
    [
        ("alice", "alice"),
        ("zoë", "zoë"),
        ("a b", "a b"),
        ("semi;colon", "semi;colon"),
        ("it's", "it's"),
        ("a,b", '"a,b"'),
        ('say "hi"', '"say ""hi"""'),
        ('"', '""""'),
        ("two\nlines", '"two\nlines"'),
        ("cr\rhere", '"cr\rhere"'),
        ("", ""),
    ],
)
def test_only_fields_that_need_it_are_quoted(value, field):
    assert to_csv([[value, "x"]], ["a", "b"], header=False) == f"{field},x\r\n"


def test_every_record_ends_with_crlf():
    text = to_csv([["a", 1], ["b", 2]], ["name", "count"])
    assert text == "name,count\r\na,1\r\nb,2\r\n"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_field_starting_with_a_formula_character_gets_a_quote_mark(start):
    value = f"{start}SUM(A1:A2)"
    (field,) = _parsed(to_csv([[value]], ["v"], header=False))[0]
    assert field == f"'{value}"
    assert to_csv([[value]], ["v"], header=False, neutralize_formulas=False) != to_csv([[value]], ["v"], header=False)


def test_formula_characters_elsewhere_are_left_alone():
    text = to_csv([["a=b", "1+1", "x-y", "me@example.com", "a\tb", "'quoted"]], list("abcdef"), header=False)
    assert _parsed(text) == [["a=b", "1+1", "x-y", "me@example.com", "a\tb", "'quoted"]]


def test_a_neutralized_field_is_still_quoted_when_it_needs_it():
    text = to_csv([['=HYPERLINK("https://example.com","x")']], ["v"], header=False)
    assert text == '"\'=HYPERLINK(""https://example.com"",""x"")"\r\n'
    assert _parsed(text) == [['\'=HYPERLINK("https://example.com","x")']]


def test_the_header_row_is_neutralized_too():
    assert to_csv([], ["=name", "count"]) == "'=name,count\r\n"
    assert to_csv([], ["=name", "count"], neutralize_formulas=False) == "=name,count\r\n"


def test_no_rows_without_header_is_an_empty_string():
    assert to_csv([], ["a"], header=False) == ""


def test_dict_rows_by_key_and_by_dotted_path():
    rows = [
        {"connection_id": "c1", "status": {"code": "active"}, "username": "alice"},
        {"connection_id": "c2", "status": {"code": "terminated"}},
        {"connection_id": "c3", "status.code": "own key", "status": {"code": "nested"}},
        {"connection_id": "c4", "status": "not a dict"},
    ]
    text = to_csv(rows, ["connection_id", "status.code", "username"])
    assert _parsed(text) == [
        ["connection_id", "status.code", "username"],
        ["c1", "active", "alice"],
        ["c2", "terminated", ""],
        ["c3", "own key", ""],
        ["c4", "", ""],
    ]


def test_short_list_rows_leave_the_last_fields_empty():
    assert to_csv([["a"], []], ["x", "y"], header=False) == "a,\r\n,\r\n"


@pytest.mark.parametrize(
    "value, field",
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (12345678901234567890, "12345678901234567890"),
        (1.5, "1.5"),
    ],
)
def test_scalars_as_text(value, field):
    assert to_csv([[value]], ["v"], header=False) == f"{field}\r\n"


def test_negative_numbers_are_neutralized_as_documented():
    assert to_csv([[-5]], ["v"], header=False) == "'-5\r\n"
    assert "V('-5)" in plugin.DOCUMENTATION


@pytest.mark.parametrize(
    "rows, columns, options, fragments",
    [
        ({"a": 1}, ["a"], {}, ["to_csv input must be a list", "got dict"]),
        ("a,b", ["a"], {}, ["to_csv input must be a list", "got str"]),
        (None, ["a"], {}, ["to_csv input must be a list", "got NoneType"]),
        (["a"], ["a"], {}, ["input[0] must be a dict or a list", "got str: 'a'"]),
        ([{"a": 1}, 7], ["a"], {}, ["input[1] must be a dict or a list", "got int: 7"]),
        ([[1, 2, 3]], ["a", "b"], {}, ["input[0] has 3 values, more than the 2 columns ['a', 'b']"]),
        ([{"a": {"b": 1}}], ["a"], {}, ["input[0] column 'a' is a dict", "dotted column"]),
        ([[[1, 2]]], ["a"], {}, ["input[0] column 'a' is a list"]),
        ([], "a,b", {}, ["columns must be a non-empty list of non-empty strings", "got 'a,b'"]),
        ([], [], {}, ["columns must be a non-empty list", "got []"]),
        ([], ["a", ""], {}, ["columns must be", "got ['a', '']"]),
        ([], ["a", 1], {}, ["columns must be", "got ['a', 1]"]),
        ([], None, {}, ["columns must be", "got None"]),
        ([], ["a"], {"header": "yes"}, ["header must be true or false", "got 'yes' (str)"]),
        ([], ["a"], {"neutralize_formulas": 1}, ["neutralize_formulas must be true or false", "got 1 (int)"]),
    ],
)
def test_bad_arguments_fail_naming_them(rows, columns, options, fragments):
    with pytest.raises(AnsibleFilterError) as error:
        to_csv(rows, columns, **options)
    for fragment in fragments:
        assert fragment in str(error.value)


def test_the_documentation_parses_and_names_every_argument():
    documentation = yaml.safe_load(plugin.DOCUMENTATION)
    assert documentation["version_added"] == "1.1.0"
    assert set(documentation["options"]) == {"_input", "columns", "header", "neutralize_formulas"}
    assert yaml.safe_load(plugin.EXAMPLES)
    assert yaml.safe_load(plugin.RETURN)["_value"]["type"] == "str"
