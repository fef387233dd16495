# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import query
from ansible_collections.vpnops.aws.plugins.module_utils.query import QueryError
from ansible_collections.vpnops.aws.plugins.module_utils.query import compile_query
from ansible_collections.vpnops.aws.plugins.module_utils.query import search_query


def test_compile_query_searches():
    query = compile_query("connections[?status.code == 'active'].connection_id")
    document = {
        "connections": [
            {"connection_id": "a", "status": {"code": "active"}},
            {"connection_id": "b", "status": {"code": "terminated"}},
        ]
    }
    assert query.search(document) == ["a"]


@pytest.mark.parametrize("expression", ["connections[", "connections[?", "]", "connections.[?x=="])
def test_compile_query_rejects(expression):
    with pytest.raises(QueryError) as caught:
        compile_query(expression)
    assert repr(expression) in str(caught.value)
    assert "JMESPath" in str(caught.value)


def test_compile_query_without_jmespath(monkeypatch):
    monkeypatch.setattr(query, "HAS_JMESPATH", False)
    with pytest.raises(QueryError) as caught:
        compile_query("connections")
    assert "jmespath" in str(caught.value)


@pytest.mark.parametrize(
    "expression, fragments",
    [
        ("connections[0]\x00", ["query", "control character"]),
        ("", ["query is empty"]),
        ("   ", ["query is empty"]),
        ("a" * 2001, ["query is 2001 characters long", "at most 2000"]),
        ("(" * 900 + "a" + ")" * 900, ["nests too deeply", "100 levels"]),
        ("!" * 1500 + "a", ["nests too deeply"]),
        ("a || " * 300 + "a", ["nests too deeply"]),
        (12, ["query must be text"]),
    ],
)
def test_pathological_queries_are_refused(expression, fragments):
    with pytest.raises(QueryError) as caught:
        compile_query(expression)
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert "RecursionError" not in str(caught.value)


def test_a_query_over_several_lines_is_accepted():
    assert compile_query("connections[?status.code == 'active']\n  .connection_id").search(
        {"connections": [{"connection_id": "a", "status": {"code": "active"}}]}
    ) == ["a"]


@pytest.mark.parametrize("expression", ["sum(connections)", "sort_by(connections, &a)", "abs(connections)"])
def test_search_query_reports_a_query_that_fails_on_the_result(expression):
    with pytest.raises(QueryError) as caught:
        search_query(compile_query(expression), {"connections": [{"a": 1}, {"a": "x"}]})
    assert f"query {expression!r} failed on the result" in str(caught.value)
