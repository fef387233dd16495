# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import json

import botocore.paginate
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.listing import exit_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import run_listing
from ansible_collections.vpnops.aws.plugins.module_utils.query import compile_query

OPERATION = "DescribeClientVpnConnections"
ENDPOINT = "cvpn-endpoint-0123456789abcdef0"


class _Ended(Exception):
    pass


class _Module:
    def __init__(self, check_mode=False, **params):
        self.check_mode = check_mode
        self.params = dict({"page_size": 5, "max_items": None, "starting_token": None}, **params)
        self.result = None

    def exit_json(self, **result):
        self.result = dict(result, failed=False)
        raise _Ended()

    def fail_json(self, **result):
        self.result = dict(result, failed=True)
        raise _Ended()


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_query_that_fails_on_the_result_fails_the_task_naming_the_query(check_mode):
    module = _Module(check_mode)
    with pytest.raises(_Ended):
        exit_listing(module, OPERATION, "connections", [{"a": 1}], None, compile_query("sum(connections)"))
    assert module.result["failed"] is True
    assert module.result["msg"].startswith("query 'sum(connections)' failed on the result: ")
    assert "connections" not in module.result


def test_a_query_result_is_returned():
    module = _Module()
    with pytest.raises(_Ended):
        exit_listing(module, OPERATION, "connections", [{"a": 1}], None, compile_query("connections[0].a"))
    assert module.result["query_result"] == 1


def test_a_starting_token_botocore_cannot_use_fails_the_task_naming_it(ec2, calls, monkeypatch):
    def refuse(self):
        raise TypeError("slice indices must be integers")

    monkeypatch.setattr(botocore.paginate.PageIterator, "_parse_starting_token", refuse)
    token = base64.b64encode(json.dumps({"NextToken": "abc"}).encode()).decode()
    module = _Module(starting_token=token)
    with pytest.raises(_Ended):
        run_listing(module, ec2.client, OPERATION, {"ClientVpnEndpointId": ENDPOINT}, "Connections", list, {})
    assert module.result["failed"] is True
    assert module.result["msg"].startswith("starting_token could not be used to continue the listing")
    assert "TypeError" not in module.result["msg"]
    assert calls == []
