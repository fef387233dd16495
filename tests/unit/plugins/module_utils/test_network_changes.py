# SPDX-License-Identifier: GPL-3.0-or-later

import jmespath
import pytest
from botocore.exceptions import ClientError

from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import error_code
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import jmespath_literal
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import select_by_status
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import send_unless_done
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import with_status

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
ROUTE = {
    "ClientVpnEndpointId": ENDPOINT,
    "DestinationCidrBlock": "0.0.0.0/0",
    "TargetVpcSubnetId": "subnet-0123456789abcdef0",
}


def _record(code, name):
    return {"Name": name, "Status": {"Code": code}}


@pytest.mark.parametrize(
    "records, expected",
    [
        ([], None),
        ([_record("deleting", "a"), _record("active", "b")], "b"),
        ([_record("creating", "a"), _record("deleting", "b")], "a"),
        ([_record("active", "a"), _record("active", "b")], "a"),
        ([_record("unknown", "a"), {"Name": "b"}], None),
    ],
)
def test_select_by_status_prefers_the_earlier_status(records, expected):
    chosen = select_by_status(records, ("active", "creating", "failed", "deleting"))
    assert (chosen or {}).get("Name") == expected


@pytest.mark.parametrize("value", ["10.0.0.0/16", "S-1-5-21-1004336348-512", 'it\'s `quoted` "twice"', "zoë"])
def test_jmespath_literal_compares_equal_to_the_value_only(value):
    records = [{"Key": value}, {"Key": value + "x"}, {"Key": "other"}]
    assert jmespath.search(f"[?Key=={jmespath_literal(value)}].Key", records) == [value]


def test_send_unless_done_returns_the_response(ec2):
    ec2.add_response("create_client_vpn_route", {"Status": {"Code": "creating"}}, ROUTE)
    assert send_unless_done(ec2.client, "CreateClientVpnRoute", ROUTE, ("InvalidClientVpnDuplicateRoute",)) == {
        "Status": {"Code": "creating"}
    }


def test_send_unless_done_returns_none_for_a_change_made_already(ec2):
    ec2.add_client_error("create_client_vpn_route", "InvalidClientVpnDuplicateRoute", "Duplicate", 400)
    assert send_unless_done(ec2.client, "CreateClientVpnRoute", ROUTE, ("InvalidClientVpnDuplicateRoute",)) is None


def test_send_unless_done_raises_other_errors(ec2):
    ec2.add_client_error("create_client_vpn_route", "InvalidClientVpnActiveAssociationNotFound", "Not associated", 400)
    with pytest.raises(ClientError) as caught:
        send_unless_done(ec2.client, "CreateClientVpnRoute", ROUTE, ("InvalidClientVpnDuplicateRoute",))
    assert error_code(caught.value) == "InvalidClientVpnActiveAssociationNotFound"


def test_error_code_of_an_exception_without_one():
    assert error_code(ValueError("no response")) is None


@pytest.mark.parametrize(
    "record, expected",
    [
        (None, None),
        ({}, None),
        ({"Status": {}}, None),
        ({"Status": {"Code": "active", "Message": "fine"}}, "active"),
    ],
)
def test_status_code(record, expected):
    assert status_code(record) == expected


def test_with_status_copies_the_record_and_the_status():
    record = {"DestinationCidr": "10.0.0.0/16", "Status": {"Code": "active"}}
    status = {"Code": "deleting"}
    changed = with_status(record, status)
    assert changed == {"DestinationCidr": "10.0.0.0/16", "Status": {"Code": "deleting"}}
    status["Code"] = "changed afterwards"
    assert changed["Status"] == {"Code": "deleting"}
    assert record["Status"] == {"Code": "active"}
