# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import gc
import json

import botocore.exceptions
import botocore.paginate
import botocore.session
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_list
from ansible_collections.vpnops.aws.plugins.module_utils.paging import StartingTokenError
from ansible_collections.vpnops.aws.plugins.module_utils.paging import cyclic_gc_paused
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paginate
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paging_errors
from ansible_collections.vpnops.aws.plugins.module_utils.paging import starting_token_error
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

OPERATION = "DescribeClientVpnConnections"
ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
# The fixture's connections, without the members that the installed botocore (from the floor up) lacks.
_MEMBERS = set(botocore.session.get_session().get_service_model("ec2").shape_for("ClientVpnConnection").members)
CONNECTIONS = [
    {key: value for key, value in connection.items() if key in _MEMBERS}
    for connection in load_fixture("connections")["Connections"]
]


def _queue(stubber, pages, page_size, first_token=None):
    """Queue one response per page, each expecting the NextToken of the page before."""
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": page_size}
    token = first_token
    for number, page in enumerate(pages):
        next_token = f"token-{number + 1}" if number + 1 < len(pages) else None
        queue_page(stubber, "describe_client_vpn_connections", "Connections", page, request, token, next_token)
        token = next_token


def _list(stubber, **kwargs):
    kwargs.setdefault("page_size", 5)
    return paginate(stubber.client, OPERATION, {"ClientVpnEndpointId": ENDPOINT}, "Connections", snake_list, **kwargs)


def test_reads_every_page_in_order(ec2):
    _queue(ec2, [CONNECTIONS[:2], CONNECTIONS[2:4], CONNECTIONS[4:]], 5)
    items, next_token = _list(ec2)
    assert [c["connection_id"] for c in items] == [c["ConnectionId"] for c in CONNECTIONS]
    assert next_token is None


def test_empty_listing(ec2):
    _queue(ec2, [[]], 1000)
    assert _list(ec2, page_size=1000) == ([], None)


def _page(stubber, items, token_in=None, token_out=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 5}
    queue_page(stubber, "describe_client_vpn_connections", "Connections", items, request, token_in, token_out)


def test_max_items_inside_a_page_and_resume_give_every_item_once(ec2):
    _page(ec2, CONNECTIONS[:3], token_out="token-1")
    first, token = _list(ec2, max_items=2)
    assert [c["connection_id"] for c in first] == [c["ConnectionId"] for c in CONNECTIONS[:2]]
    assert token
    # The resumed listing asks again for the page it stopped in and skips what was already returned.
    _page(ec2, CONNECTIONS[:3], token_out="token-1")
    _page(ec2, CONNECTIONS[3:], token_in="token-1")
    second, last_token = _list(ec2, starting_token=token)
    assert [c["connection_id"] for c in first + second] == [c["ConnectionId"] for c in CONNECTIONS]
    assert last_token is None


def test_max_items_on_a_page_boundary(ec2):
    _page(ec2, CONNECTIONS[:3], token_out="token-1")
    first, token = _list(ec2, max_items=3)
    assert [c["connection_id"] for c in first] == [c["ConnectionId"] for c in CONNECTIONS[:3]]
    _page(ec2, CONNECTIONS[3:5], token_in="token-1", token_out="token-2")
    second, second_token = _list(ec2, starting_token=token, max_items=2)
    assert [c["connection_id"] for c in second] == [c["ConnectionId"] for c in CONNECTIONS[3:5]]
    _page(ec2, CONNECTIONS[5:], token_in="token-2")
    third, last_token = _list(ec2, starting_token=second_token)
    assert [c["connection_id"] for c in third] == [c["ConnectionId"] for c in CONNECTIONS[5:]]
    assert last_token is None


def test_repeated_next_token_raises_pagination_error(ec2):
    for token in (None, "same"):
        expected = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 5}
        if token:
            expected["NextToken"] = token
        ec2.add_response(
            "describe_client_vpn_connections", {"Connections": CONNECTIONS[:1], "NextToken": "same"}, expected
        )
    with pytest.raises(botocore.exceptions.PaginationError):
        _list(ec2)


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"page_size": 4}, "page_size must be between 5 and 1000, got 4"),
        ({"page_size": 1001}, "got 1001"),
        ({"page_size": 5, "max_items": 0}, "max_items must be 1 or more, got 0"),
        ({"page_size": 5, "starting_token": "  "}, "starting_token must not be empty"),
    ],
)
def test_paging_errors(params, fragment):
    errors = paging_errors(params)
    assert len(errors) == 1
    assert fragment in errors[0]


def _token(value):
    return base64.b64encode(json.dumps(value).encode("utf-8")).decode("ascii")


def test_paging_errors_accepts_valid_values():
    assert paging_errors({"page_size": 1000, "max_items": 1, "starting_token": _token({"NextToken": "abc"})}) == []


@pytest.mark.parametrize(
    "token",
    [
        _token({"NextToken": "eyJvZmZzZXQiOiAyfQ=="}),
        _token({"NextToken": "abc", "boto_truncate_amount": 999}),
        # max_items stopped inside the first page, which has no service token.
        _token({"NextToken": None, "boto_truncate_amount": 3}),
    ],
)
def test_tokens_shaped_as_the_paginator_makes_them_are_accepted(token):
    assert starting_token_error(token) is None


def test_a_token_returned_by_the_paginator_is_accepted(ec2):
    _page(ec2, [{"ConnectionId": f"cvpn-connection-{number:08x}"} for number in range(3)], token_out="token-1")
    token = _list(ec2, max_items=2)[1]
    assert starting_token_error(token) is None


@pytest.mark.parametrize(
    "token, fragment",
    [
        ("not-a-token", "not base64 text"),
        ("abc", "does not decode to a pagination token"),
        ("a" * 9000, "at most 8192"),
        ("eyJ\x00", "not base64 text"),
        (base64.b64encode(b"\xff\xfe").decode(), "does not decode"),
        (_token([1, 2]), "does not decode"),
        (_token("NextToken"), "does not decode"),
        (base64.b64encode(b"[" * 5000 + b"]" * 5000).decode()[:8192], "does not decode"),
        (base64.b64encode(b"[" * 3000 + b"]" * 3000).decode(), "does not decode"),
        (_token({}), "exactly NextToken"),
        (_token({"NextToken": "a", "ClientVpnEndpointId": "cvpn-endpoint-00000000"}), "exactly NextToken"),
        (_token({"NextToken": "a", "boto_encoded_keys": [["NextToken"]]}), "exactly NextToken"),
        (_token({"NextToken": 5}), "non-empty text or null"),
        (_token({"NextToken": ""}), "non-empty text or null"),
        (_token({"NextToken": None}), "must have a boto_truncate_amount"),
        (_token({"NextToken": "a", "boto_truncate_amount": "2"}), "boto_truncate_amount must be a whole number"),
        (_token({"NextToken": "a", "boto_truncate_amount": -1}), "from 0 to 999"),
        (_token({"NextToken": "a", "boto_truncate_amount": 10**20}), "from 0 to 999"),
        (_token({"NextToken": "a", "boto_truncate_amount": True}), "whole number"),
    ],
)
def test_forged_or_garbage_tokens_are_refused_naming_starting_token(token, fragment):
    error = starting_token_error(token)
    assert error.startswith("starting_token ")
    assert fragment in error
    assert "next_token" in error
    assert len(error) < 400


def test_a_token_botocore_would_decode_differently_is_refused(monkeypatch):
    monkeypatch.setattr(botocore.paginate.TokenDecoder, "decode", lambda self, token: {"NextToken": "other"})
    assert "botocore decodes it differently" in starting_token_error(_token({"NextToken": "abc"}))


def test_a_token_botocore_fails_to_use_is_reported_naming_starting_token(ec2, monkeypatch):
    def refuse(self):
        raise ValueError("Bad starting token: x")

    monkeypatch.setattr(botocore.paginate.PageIterator, "_parse_starting_token", refuse)
    with pytest.raises(StartingTokenError) as caught:
        _list(ec2, starting_token=_token({"NextToken": "abc"}))
    assert str(caught.value).startswith("starting_token could not be used to continue the listing: give the next_token")


def test_without_a_starting_token_botocore_errors_are_not_blamed_on_it(ec2, monkeypatch):
    def broken(self, current_kwargs):
        raise ValueError("something else")

    monkeypatch.setattr(botocore.paginate.PageIterator, "_make_request", broken)
    with pytest.raises(ValueError) as caught:
        _list(ec2)
    assert not isinstance(caught.value, StartingTokenError)


@pytest.mark.parametrize("enabled_before", [True, False])
def test_cyclic_gc_paused_restores_the_collector(enabled_before):
    was_enabled = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        with pytest.raises(SystemExit), cyclic_gc_paused():
            assert not gc.isenabled()
            raise SystemExit(0)  # as exit_json() leaves
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was_enabled else gc.disable)()
