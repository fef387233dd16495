# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: run a module in-process against a botocore Stubber, which checks every request and
response against the EC2 service model."""

import json
import pathlib

import boto3
import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from botocore.stub import Stubber

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
REGION = "eu-west-1"


class ModuleExit(Exception):
    """Raised in place of exit_json/fail_json; carries the module's result."""

    def __init__(self, result):
        super().__init__(result)
        self.result = result


def load_fixture(name):
    """A canned API response from tests/unit/fixtures/<name>.json."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def queue_page(stubber, operation, result_key, items, request, token_in=None, token_out=None):
    """Queue one page of a paginated operation: expect request (plus NextToken=token_in), answer items
    (plus NextToken=token_out)."""
    expected = dict(request)
    if token_in:
        expected["NextToken"] = token_in
    response = {result_key: items}
    if token_out:
        response["NextToken"] = token_out
    stubber.add_response(operation, response, expected)


@pytest.fixture
def ec2():
    """A real EC2 client whose requests go to a Stubber; stubber.assert_no_pending_responses() at the end."""
    client = boto3.client(
        "ec2", region_name=REGION, aws_access_key_id="AKIDUNITTEST", aws_secret_access_key="unit-test-secret"
    )
    with Stubber(client) as stubber:
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
