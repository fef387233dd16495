# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: run a module in-process against a botocore Stubber, which checks every request and
response against the EC2 service model."""

import copy
import json
import pathlib

import boto3
import botocore.session
import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from botocore.stub import Stubber

from ansible_collections.vpnops.aws.plugins.module_utils import response_parser
from ansible_collections.vpnops.aws.plugins.module_utils import status_wait
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Lifecycle

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
REGION = "eu-west-1"


class ModuleExit(SystemExit):
    """Raised in place of exit_json/fail_json; carries the module's result.

    A SystemExit, as the real exit_json() and fail_json() raise: code that catches Exception (a module's
    errors.failures_reported(), for one) lets it through, as it lets the real exit through.
    """

    def __init__(self, result):
        super().__init__(result)
        self.result = result


def _client_vpn_result_shapes():
    """{output member name: shape} over the Client VPN operations of the installed botocore's EC2 model."""
    model = botocore.session.get_session().get_service_model("ec2")
    shapes = {}
    for name in model.operation_names:
        if "ClientVpn" in name or "ClientCertificateRevocationList" in name:
            output = model.operation_model(name).output_shape
            shapes.update(output.members if output is not None else {})
    return shapes


_RESULT_SHAPES = _client_vpn_result_shapes()


def _load_once():
    """Load here, once, what the tests would otherwise each load again.

    ansible-test runs every test in a process forked from the one that collected the tests, so what a test
    loads is lost when it ends.  Loaded in the collecting process, every test inherits it: boto3's default
    session with the EC2 service model (which the ec2 fixture's clients are made from), and the outcome of the
    compiled response parser's self-check (which every module's client creation asks for).
    """
    boto3.client("ec2", region_name=REGION, aws_access_key_id="AKIDUNITTEST", aws_secret_access_key="unit-test-secret")
    response_parser.compiled_parser_problem(environ={})


_load_once()


def _known_members(value, shape):
    """value without the structure members that shape (from the installed botocore) does not have."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return {key: _known_members(item, shape.members[key]) for key, item in value.items() if key in shape.members}
    if shape.type_name == "list" and isinstance(value, list):
        return [_known_members(item, shape.member) for item in value]
    return value


def installed_model_view(response):
    """A Client VPN API response as the installed botocore knows it: members that its EC2 model lacks are left out.

    The fixtures are written with the newest service model's members; an older botocore (the tested floor)
    would reject them in a Stubber response and never return them, so tests compare with this view.
    """
    return {
        key: _known_members(value, _RESULT_SHAPES[key]) if key in _RESULT_SHAPES else value
        for key, value in response.items()
    }


def has_member(shape_name, member):
    """Whether the installed botocore's EC2 model has member in shape_name (for tests of newer fields)."""
    model = botocore.session.get_session().get_service_model("ec2")
    return member in model.shape_for(shape_name).members


def needs_member(shape_name, member):
    """Skip a test of a field that the installed botocore's EC2 model does not have yet (the tested floor)."""
    return pytest.mark.skipif(
        not has_member(shape_name, member), reason=f"the installed botocore's EC2 model has no {shape_name}.{member}"
    )


def load_fixture(name):
    """A canned API response from tests/unit/fixtures/<name>.json, as the installed botocore knows it."""
    return installed_model_view(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


def queue_page(stubber, operation, result_key, items, request, token_in=None, token_out=None):
    """Queue one page of a paginated operation: expect request (plus NextToken=token_in), answer items
    (plus NextToken=token_out)."""
    expected = dict(request)
    if token_in:
        expected["NextToken"] = token_in
    response = installed_model_view({result_key: items})
    if token_out:
        response["NextToken"] = token_out
    stubber.add_response(operation, response, expected)


class _InstalledModelStubber(Stubber):
    """A Stubber whose canned responses are reduced to what the installed botocore's model has.

    The Stubber still checks every response against the model; this only leaves out the members that a
    botocore older than the fixtures (the tested floor) does not know, as such a botocore would never return them.
    """

    def add_response(self, method, service_response, expected_params=None):
        super().add_response(method, installed_model_view(service_response), expected_params)


@pytest.fixture
def ec2():
    """A real EC2 client whose requests go to a Stubber; stubber.assert_no_pending_responses() at the end."""
    client = boto3.client(
        "ec2", region_name=REGION, aws_access_key_id="AKIDUNITTEST", aws_secret_access_key="unit-test-secret"
    )
    with _InstalledModelStubber(client) as stubber:
        stubber.client = client
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def calls(ec2):
    """Every request the module makes, as (operation, params), recorded before the Stubber checks it."""
    seen = []

    def record(params, model, **kwargs):
        seen.append((model.name, dict(params)))

    ec2.client.meta.events.register_first("before-parameter-build.ec2", record)
    return seen


@pytest.fixture
def run_module(monkeypatch, ec2):
    """run_module(module, args, check_mode=False) -> result dict; the module's client is the stubbed one.

    The connection options the module passed to boto3 are recorded in result['_client_kwargs'],
    result['_session_kwargs'] and result['_botocore_session'] for tests of client creation.
    """
    created = {}

    def fake_session(botocore_session=None, **session_kwargs):
        created["session"] = session_kwargs
        created["botocore_session"] = botocore_session
        return _FakeSession(ec2.client, created)

    monkeypatch.setattr(boto3.session, "Session", fake_session)

    def _exit(self, **result):
        result.setdefault("failed", False)
        raise ModuleExit(result)

    def _fail(self, msg, **result):
        result.update(failed=True, msg=msg)
        raise ModuleExit(result)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", _exit)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", _fail)

    def run(module, args, check_mode=False, diff=False):
        module_args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
        with patch_module_args(module_args), pytest.raises(ModuleExit) as caught:
            module.main()
        result = caught.value.result
        result["_session_kwargs"] = created.get("session")
        result["_client_kwargs"] = created.get("client")
        result["_botocore_session"] = created.get("botocore_session")
        return result

    return run


class _FakeSession:
    def __init__(self, client, created):
        self._client = client
        self._created = created

    def client(self, service, **client_kwargs):
        self._created["client"] = dict(client_kwargs, service=service)
        return self._client


# ---------------------------------------------------------------------------------------------------------------
# For the tests of the modules that manage one record of an endpoint: a target network, a rule, a route.


@pytest.fixture
def no_poll_delay(monkeypatch):
    """Waits read again at once: status_wait.POLL_DELAY is 0."""
    monkeypatch.setattr(status_wait, "POLL_DELAY", 0)


def record_with_status(record, code, message=None, **changes):
    """A deep copy of record (API shape) with changes, and with the status code (and message) as its Status."""
    changed = copy.deepcopy(record)
    changed.update(changes)
    changed["Status"] = {"Code": code}
    if message:
        changed["Status"]["Message"] = message
    return changed


def expect_dry_run(stubber, method, params, code="DryRunOperation", status=412):
    """Queue AWS's answer to method sent with params and DryRun=True: DryRunOperation (permitted), or code."""
    stubber.add_client_error(method, code, "AWS message", status, expected_params=dict(params, DryRun=True))


def expect_destination_read(stubber, method, result_key, endpoint_id, cidr, records):
    """Queue one read of a wait on a rule or route: method filtered by destination-cidr=cidr, answering records."""
    stubber.add_response(
        method,
        {result_key: records},
        {
            "ClientVpnEndpointId": endpoint_id,
            "MaxResults": 1000,
            "Filters": [{"Name": "destination-cidr", "Values": [cidr]}],
        },
    )


def requests_to(calls, operations):
    """The requests among calls (the calls fixture's) to one of operations, as (operation, params)."""
    return [(name, params) for name, params in calls if name in operations]


def assert_failed_before_any_request(result, calls, fragments):
    """The module failed with a message that holds each of fragments, and sent no request."""
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []


class StandInModule:
    """What module_utils/record_task.py uses of an AnsibleModule, for its tests without a module: params (with
    client_vpn_endpoint_id, state=present, wait=true and wait_timeout=10 unless given), check_mode and _diff;
    exit_json() and fail_json() raise ModuleExit with the result, as run_module's stand-ins do."""

    def __init__(self, check_mode=False, diff=False, **params):
        endpoint_id = "cvpn-endpoint-0123456789abcdef0"
        defaults = dict(client_vpn_endpoint_id=endpoint_id, state="present", wait=True, wait_timeout=10)
        self.params = dict(defaults, **params)
        self.check_mode = check_mode
        self._diff = diff

    def exit_json(self, **result):
        raise ModuleExit(dict(result, failed=False))

    def fail_json(self, msg, **result):
        raise ModuleExit(dict(result, failed=True, msg=msg))


# The lifecycle of a Client VPN route, for the tests of record_task.py and destination_task.py.
ROUTE_LIFECYCLE = Lifecycle(
    describe="DescribeClientVpnRoutes",
    noun="route",
    add="create",
    remove="delete",
    adding="creating",
    live="active",
    removing="deleting",
    already_added=("InvalidClientVpnDuplicateRoute",),
    already_removed=("InvalidClientVpnRouteNotFound",),
    fails_adding=("failed", "deleting"),
    fails_removing=("failed",),
)
