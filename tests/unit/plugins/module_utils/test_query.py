# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import query
from ansible_collections.vpnops.aws.plugins.module_utils.query import QueryError
from ansible_collections.vpnops.aws.plugins.module_utils.query import compile_query


def test_compile_query_searches():
    query = compile_query("connections[?status.code == 'active'].connection_id")
    document = {"connections": [{"connection_id": "a", "status": {"code": "active"}},
                                {"connection_id": "b", "status": {"code": "terminated"}}]}
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
