# SPDX-License-Identifier: GPL-3.0-or-later
"""The compiled EC2 parser returns exactly what botocore's EC2 parser returns, key order included."""

import json

import botocore.model
import botocore.parsers
import botocore.session
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import response_parser
from ansible_collections.vpnops.aws.plugins.module_utils.connection import botocore_session
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import CompiledEC2QueryParser
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import ResponseParsers
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import compiled_parser_problem
from ansible_collections.vpnops.aws.tests.unit.conftest import FIXTURES

EC2 = botocore.session.get_session().get_service_model("ec2")
NAMESPACE = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"'


def _response(body, status_code=200):
    return {"body": body.encode("utf-8"), "headers": {"x-amzn-requestid": "req-1"}, "status_code": status_code}


def _xml(name):
    return (FIXTURES / "xml" / f"{name}.xml").read_text(encoding="utf-8")


def _as_text(value):
    """JSON of a parsed response, in its key order; XML elements (which botocore can return) by tag and text."""
    return json.dumps(value, ensure_ascii=False, default=lambda element: ["element", element.tag, element.text])


def _parse_both(operation_name, body, status_code=200):
    """(compiled, botocore) results for the same response, each from a fresh parser."""
    shape = EC2.operation_model(operation_name).output_shape
    response = _response(body, status_code)
    return (CompiledEC2QueryParser().parse(response, shape), botocore.parsers.EC2QueryParser().parse(response, shape))


def _connections_document(items):
    return (
        f"<DescribeClientVpnConnectionsResponse {NAMESPACE}><requestId>req-1</requestId>"
        f"<connections>{items}</connections></DescribeClientVpnConnectionsResponse>"
    )


def test_connections_page_matches_botocore():
    compiled, reference = _parse_both("DescribeClientVpnConnections", _xml("describe_client_vpn_connections"))
    assert _as_text(compiled) == _as_text(reference)
    first, second = compiled["Connections"]
    assert list(first) == [
        "ClientVpnEndpointId",
        "Timestamp",
        "ConnectionId",
        "Username",
        "ConnectionEstablishedTime",
        "IngressBytes",
        "EgressBytes",
        "IngressPackets",
        "EgressPackets",
        "ClientIp",
        "CommonName",
        "Status",
        "ConnectionEndTime",
        "PostureComplianceStatuses",
    ]
    assert first["PostureComplianceStatuses"] == ["compliant", "non-compliant"]
    assert first["Status"] == {"Code": "active"}
    assert second["Username"] == "zoë & <李雷>"
    assert second["ClientIp"] == ""
    assert second["PostureComplianceStatuses"] == []
    assert second["Status"]["Message"] == 'Connection could not be terminated: "retry later"'
    assert "ConnectionEndTime" not in second
    assert compiled["NextToken"] == "eyJvZmZzZXQiOiAyfQ=="
    assert compiled["ResponseMetadata"]["RequestId"] == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"


def test_endpoints_page_matches_botocore():
    compiled, reference = _parse_both("DescribeClientVpnEndpoints", _xml("describe_client_vpn_endpoints"))
    assert _as_text(compiled) == _as_text(reference)
    endpoint = compiled["ClientVpnEndpoints"][0]
    # Numbers and booleans are botocore's own conversions; member names without a locationName match too.
    assert (endpoint["VpnPort"], endpoint["SplitTunnel"], endpoint["SessionTimeoutHours"]) == (443, True, 24)
    assert endpoint["ConnectionLogOptions"] == {"Enabled": False, "CloudwatchLogGroup": "/vpn/staff"}
    assert endpoint["Tags"] == [{"Key": "Name", "Value": "staff"}, {"Key": "empty", "Value": ""}]
    assert endpoint["DnsServers"] == ["10.1.0.2", "10.1.0.3"]


def test_terminate_response_matches_botocore():
    compiled, reference = _parse_both("TerminateClientVpnConnections", _xml("terminate_client_vpn_connections"))
    assert _as_text(compiled) == _as_text(reference)
    assert compiled["ConnectionStatuses"][0]["CurrentStatus"] == {"Code": "terminating"}


def test_error_response_matches_botocore():
    compiled, reference = _parse_both("DescribeClientVpnConnections", _xml("error_invalid_endpoint"), 400)
    assert _as_text(compiled) == _as_text(reference)
    assert compiled["Error"]["Code"] == "InvalidClientVpnEndpointId.NotFound"


@pytest.mark.parametrize(
    "items",
    [
        # A member element given twice: botocore has a rule of its own, which the compiled walk defers to.
        "<item><connectionId>cvpn-connection-1</connectionId><status><code>active</code></status>"
        "<status><code>terminated</code></status></item>",
        "<item><username>alice</username><username>bob</username></item>",
        # Elements out of the model's order: the keys still come in the model's order.
        "<item><status><code>active</code></status><username>alice</username>"
        "<connectionId>cvpn-connection-1</connectionId></item>",
        # Empty and missing elements.
        "<item><connectionId/><status/></item><item/>",
        "",
    ],
    ids=["repeated-structure", "repeated-string", "out-of-order", "empty-elements", "no-connections"],
)
def test_unusual_documents_match_botocore(items):
    compiled, reference = _parse_both("DescribeClientVpnConnections", _connections_document(items))
    assert _as_text(compiled) == _as_text(reference)


def test_document_without_namespace_matches_botocore():
    body = _xml("describe_client_vpn_connections").replace(f" {NAMESPACE}", "")
    compiled, reference = _parse_both("DescribeClientVpnConnections", body)
    assert _as_text(compiled) == _as_text(reference)
    assert len(compiled["Connections"]) == 2


def test_unknown_elements_are_skipped_and_remembered_up_to_a_bound():
    unknown = "".join(f"<future{number}>x</future{number}>" for number in range(200))
    body = _connections_document(f"<item><connectionId>cvpn-connection-1</connectionId>{unknown}</item>")
    parser = CompiledEC2QueryParser()
    shape = EC2.operation_model("DescribeClientVpnConnections").output_shape
    compiled = parser.parse(_response(body), shape)
    assert compiled["Connections"] == [{"ConnectionId": "cvpn-connection-1"}]
    assert _as_text(compiled) == _as_text(botocore.parsers.EC2QueryParser().parse(_response(body), shape))
    connection_shape = shape.members["Connections"].member
    connection_walk = parser._walks[connection_shape]
    assert 0 < len(connection_walk._by_tag) <= 4 * len(connection_shape.members) + 16


def test_a_shape_that_contains_itself_matches_botocore():
    model = botocore.model.ServiceModel(
        {
            "metadata": {"protocol": "ec2", "apiVersion": "2016-11-15", "endpointPrefix": "ec2"},
            "operations": {
                "DescribeTree": {
                    "name": "DescribeTree",
                    "http": {"method": "POST", "requestUri": "/"},
                    "output": {"shape": "DescribeTreeResult"},
                }
            },
            "shapes": {
                "DescribeTreeResult": {
                    "type": "structure",
                    "members": {"Root": {"shape": "Node", "locationName": "root"}},
                },
                "Node": {
                    "type": "structure",
                    "members": {
                        "Name": {"shape": "String", "locationName": "name"},
                        "Children": {"shape": "NodeList", "locationName": "childSet"},
                    },
                },
                "NodeList": {"type": "list", "member": {"shape": "Node", "locationName": "item"}},
                "String": {"type": "string"},
            },
        }
    )
    shape = model.operation_model("DescribeTree").output_shape
    body = (
        f"<DescribeTreeResponse {NAMESPACE}><requestId>req-1</requestId><root><name>a</name><childSet>"
        "<item><name>b</name><childSet><item><name>c</name></item></childSet></item><item><name>d</name></item>"
        "</childSet></root></DescribeTreeResponse>"
    )
    compiled = CompiledEC2QueryParser().parse(_response(body), shape)
    assert _as_text(compiled) == _as_text(botocore.parsers.EC2QueryParser().parse(_response(body), shape))
    assert compiled["Root"]["Children"][0]["Children"] == [{"Name": "c"}]


def test_walks_are_built_once_and_reused():
    parser = CompiledEC2QueryParser()
    shape = EC2.operation_model("DescribeClientVpnConnections").output_shape
    first = parser.parse(_response(_xml("describe_client_vpn_connections")), shape)
    walks = dict(parser._walks)
    second = parser.parse(_response(_xml("describe_client_vpn_connections")), shape)
    assert parser._walks == walks
    assert _as_text(first) == _as_text(second)


def test_factory_gives_ec2_the_compiled_parser_and_other_protocols_botocore_parsers():
    factory = ResponseParsers()
    assert isinstance(factory.create_parser("ec2"), CompiledEC2QueryParser)
    for protocol, parser_class in (("json", botocore.parsers.JSONParser), ("query", botocore.parsers.QueryParser)):
        parser = factory.create_parser(protocol)
        assert isinstance(parser, parser_class)
        assert not isinstance(parser, CompiledEC2QueryParser)


def test_clients_are_created_from_a_session_with_the_factory():
    assert isinstance(botocore_session(environ={})[0].get_component("response_parser_factory"), ResponseParsers)


# Responses written after the sample responses of the AWS EC2 API reference: their elements come in
# alphabetical order, not in the service model's order.
@pytest.mark.parametrize(
    "operation_name, fixture, result_key",
    [
        ("DescribeClientVpnConnections", "aws_sample_describe_client_vpn_connections", "Connections"),
        ("DescribeClientVpnEndpoints", "aws_sample_describe_client_vpn_endpoints", "ClientVpnEndpoints"),
        ("TerminateClientVpnConnections", "aws_sample_terminate_client_vpn_connections", "ConnectionStatuses"),
    ],
)
def test_aws_sample_responses_match_botocore(operation_name, fixture, result_key):
    compiled, reference = _parse_both(operation_name, _xml(fixture))
    assert _as_text(compiled) == _as_text(reference)
    item = compiled[result_key][0]
    model_order = list(EC2.operation_model(operation_name).output_shape.members[result_key].member.members)
    assert list(item) == [name for name in model_order if name in item]
    assert len(item) >= 3


def test_aws_sample_values_are_read():
    compiled = _parse_both("DescribeClientVpnEndpoints", _xml("aws_sample_describe_client_vpn_endpoints"))[0]
    endpoint = compiled["ClientVpnEndpoints"][0]
    assert (endpoint["VpnPort"], endpoint["SplitTunnel"], endpoint["Status"]) == (443, False, {"Code": "available"})
    assert endpoint["AuthenticationOptions"][0]["Type"] == "certificate-authentication"
    assert (endpoint["DnsServers"], endpoint["Tags"], endpoint["AssociatedTargetNetworks"]) == ([], [], [])
    terminated = _parse_both("TerminateClientVpnConnections", _xml("aws_sample_terminate_client_vpn_connections"))[0]
    assert list(terminated)[:3] == ["ClientVpnEndpointId", "Username", "ConnectionStatuses"]
    assert terminated["ConnectionStatuses"][0]["PreviousStatus"] == {"Code": "active"}


@pytest.fixture
def fresh_self_check():
    """The self-check runs again in the test, and once more afterwards, so no result leaks between tests."""
    response_parser._SELF_CHECK.clear()
    yield
    response_parser._SELF_CHECK.clear()


def test_the_compiled_parser_passes_its_checks_with_the_installed_botocore(fresh_self_check):
    assert compiled_parser_problem({}) is None
    assert compiled_parser_problem({"VPNOPS_AWS_COMPILED_PARSER": "1"}) is None


@pytest.mark.parametrize("value", ["0", "false", "Off", "NO"])
def test_the_environment_variable_turns_the_compiled_parser_off(fresh_self_check, value):
    problem = compiled_parser_problem({"VPNOPS_AWS_COMPILED_PARSER": value})
    assert problem == "switched off by the VPNOPS_AWS_COMPILED_PARSER environment variable"
    session, note = botocore_session(environ={"VPNOPS_AWS_COMPILED_PARSER": value})
    assert not isinstance(session.get_component("response_parser_factory"), ResponseParsers)
    assert note == f"EC2 responses are parsed by botocore's own parser: the compiled parser is {problem}."


@pytest.mark.parametrize(
    "owner, attribute",
    [
        (botocore.parsers.EC2QueryParser, "_parse_shape"),
        (botocore.model.StructureShape, "members"),
        (botocore.model.ListShape, "member"),
        (botocore.session.Session, "register_component"),
    ],
)
def test_missing_internals_fall_back_to_botocore(fresh_self_check, monkeypatch, owner, attribute):
    defined_in = next(cls for cls in owner.__mro__ if attribute in vars(cls))
    monkeypatch.delattr(defined_in, attribute)
    problem = compiled_parser_problem({})
    assert problem.startswith(f"botocore {botocore.__version__} lacks ")
    assert f"{owner.__name__}.{attribute}" in problem
    session, note = botocore_session(environ={}) if attribute != "register_component" else (None, None)
    if session is not None:
        assert not isinstance(session.get_component("response_parser_factory"), ResponseParsers)
        assert "botocore's own parser" in note


def test_a_self_check_mismatch_falls_back_to_botocore(fresh_self_check, monkeypatch):
    original = CompiledEC2QueryParser._parse_shape

    def drifted(self, shape, node):
        parsed = original(self, shape, node)
        if isinstance(parsed, dict) and "NextToken" in parsed:
            parsed["NextToken"] = "drifted"
        return parsed

    monkeypatch.setattr(CompiledEC2QueryParser, "_parse_shape", drifted)
    assert compiled_parser_problem({}) == (
        f"its self-check result differs from botocore {botocore.__version__}'s parser"
    )
    session, note = botocore_session(environ={})
    assert not isinstance(session.get_component("response_parser_factory"), ResponseParsers)
    assert "self-check" in note


def test_a_self_check_that_raises_falls_back_to_botocore(fresh_self_check, monkeypatch):
    def broken(self, shape, node):
        raise AttributeError("'Shape' object has no attribute 'members'")

    monkeypatch.setattr(CompiledEC2QueryParser, "_parse_shape", broken)
    problem = compiled_parser_problem({})
    assert problem.startswith(f"its self-check failed with botocore {botocore.__version__}: AttributeError")


def test_the_self_check_runs_once_with_the_session_given(fresh_self_check, monkeypatch):
    session = botocore.session.Session()
    loaded = []
    original = session.get_service_model
    monkeypatch.setattr(session, "get_service_model", lambda name: loaded.append(name) or original(name))
    assert compiled_parser_problem({}, session) is None
    assert compiled_parser_problem({}, session) is None
    assert loaded == ["ec2"]


def test_the_self_check_document_covers_what_the_walk_must_get_right():
    shape = EC2.operation_model("DescribeClientVpnConnections").output_shape
    parsed = botocore.parsers.EC2QueryParser().parse(_response(response_parser.SELF_CHECK_DOCUMENT), shape)
    first, second, repeated, empty = parsed["Connections"]
    assert first["ClientIp"] == "" and first["PostureComplianceStatuses"] == ["compliant", ""]
    assert list(second) == ["ConnectionId", "Status", "PostureComplianceStatuses"]  # given out of order
    assert isinstance(repeated["Username"], list) and empty == {}
