# SPDX-License-Identifier: GPL-3.0-or-later
"""The input contract of every module in plugins/modules, checked with generated values.

Each option of each module (modules added later included: they are found by listing the directory) is given
odd values of every type while the other options hold valid ones (BASELINE), in normal and in check mode.
Whatever the value, the module must end in exit_json or fail_json; a failure before any API request must
name the option; no message may carry Python exception text; and no result may carry a traceback.

No request leaves the process: every client the modules build answers from an event hook that records the
request. A Describe request gets an empty, valid answer (so the module goes on to its selection, query and
report), a DryRun request gets DryRunOperation, and any other request gets an error, which the module must
report cleanly.
"""

import datetime
import decimal
import functools
import importlib
import pathlib
import re
import sys
import typing

import boto3
import botocore.awsrequest
import botocore.config
import botocore.loaders
import botocore.session
import pytest
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec

MODULES_DIR = pathlib.Path(__file__).resolve().parents[3] / "plugins" / "modules"
MODULE_NAMES = sorted(path.stem for path in MODULES_DIR.glob("*.py") if not path.stem.startswith("_"))
ENDPOINT_ID = "cvpn-endpoint-0123456789abcdef0"


def _valid_crl():
    try:
        from ansible_collections.vpnops.aws.plugins.module_utils import crl
        from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import make_crl
    except ImportError:
        return None
    now = datetime.datetime.now(datetime.UTC)
    return crl.to_pem(
        make_crl(this_update=now - datetime.timedelta(days=1), next_update=now + datetime.timedelta(days=30))
    )


# Valid values by option name, for any module that has an option of that name.  A new module whose required
# options have special forms adds its names here (test_the_baseline_reaches_the_api says which are missing).
BASELINE = {
    "client_vpn_endpoint_id": ENDPOINT_ID,
    "client_vpn_endpoint_ids": [ENDPOINT_ID],
    "connection_ids": ["cvpn-connection-0123456789abcdef0"],
    "association_ids": ["cvpn-assoc-0123456789abcdef0"],
    "subnet_id": "subnet-0123456789abcdef0",
    "target_vpc_subnet_id": "subnet-0123456789abcdef0",
    "vpc_id": "vpc-0123456789abcdef0",
    "security_group_ids": ["sg-0123456789abcdef0"],
    "target_network_cidr": "10.0.0.0/16",
    "destination_cidr_block": "10.1.0.0/16",
    "client_cidr_block": "172.16.0.0/22",
    "server_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    "username": "alice",
    "name": "contract-test",
    "crl": _valid_crl,
    # The connection options: a region and static credentials, so nothing is read from the machine.
    "region": "us-east-1",
    "access_key": "AKIDCONTRACTTEST",
    "secret_key": "contract-test-secret",
}

# Options a module needs in practice, though its argument spec does not require them: set whenever a module
# has them.
ALWAYS = {"authorize_all_groups": True}

# Text that betrays a Python exception (or botocore's own validation) in a message.
EXCEPTION_TEXT = re.compile(
    r"Traceback|object has no attribute|int too large|Exceeds the limit|unhashable type|not subscriptable|"
    r"is not iterable|object is not callable|invalid literal for|could not convert string|"
    r"Parameter validation failed|Unexpected error|RecursionError|maximum recursion depth|embedded null|"
    r"codec can't|list index out of range|KeyError|ValueError|TypeError|AttributeError|OverflowError"
)


class _Captured(Exception):
    def __init__(self, kwargs):
        super().__init__("AnsibleModule arguments captured")
        self.kwargs = kwargs


class _Exit(SystemExit):
    """exit_json() and fail_json() end the module with it: a SystemExit, as the real ones raise."""

    def __init__(self, result):
        super().__init__("module ended")
        self.result = result


def _module(name):
    return importlib.import_module(f"ansible_collections.vpnops.aws.plugins.modules.{name}")


@functools.cache
def module_arguments(name):
    """The keyword arguments the module's main() gives AnsibleModule (argument_spec, mutually_exclusive...)."""

    def capture(self, *args, **kwargs):
        raise _Captured(dict(kwargs, argument_spec=args[0]) if args else kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(basic.AnsibleModule, "__init__", capture)
        try:
            _module(name).main()
        except _Captured as captured:
            return captured.kwargs
    raise AssertionError(f"{name}.main() did not create an AnsibleModule")


def _fallback(name, spec):
    """A plausible valid value for an option that BASELINE does not name."""
    if spec.get("choices"):
        return spec["choices"][0]
    kind = spec.get("type", "str")
    if kind in ("list", "dict"):
        return [] if kind == "list" else {}
    if kind in ("bool", "int", "float"):
        return {"bool": False, "int": 1, "float": 1.0}[kind]
    if name.endswith("_id"):
        return f"{name[:-3].replace('_', '-')}-0123456789abcdef0"
    return f"arn:aws:iam::123456789012:{name}" if name.endswith("_arn") else "example"


def _baseline_value(name, spec):
    value = BASELINE.get(name)
    value = value() if callable(value) else value
    return _fallback(name, spec) if value is None else value


def baseline(name):
    """Valid arguments for the module: its required options and one of each required_one_of group."""
    arguments = module_arguments(name)
    spec = arguments["argument_spec"]
    args = {
        option: _baseline_value(option, spec[option])
        for option in spec
        if spec[option].get("required") or option in ("region", "access_key", "secret_key")
    }
    args.update({option: value for option, value in ALWAYS.items() if option in spec})
    for group in arguments.get("required_one_of", []):
        if not any(option in args for option in group):
            known = [option for option in group if option in BASELINE] or list(group)
            args[known[0]] = _baseline_value(known[0], spec[known[0]])
    return args


def _conflicts(name, option):
    """The options that may not be given with option."""
    groups = module_arguments(name).get("mutually_exclusive", [])
    return {other for group in groups if option in group for other in group if other != option}


def arguments_with(name, option, value):
    """The baseline with option set to value, without the options that conflict with it."""
    args = {key: item for key, item in baseline(name).items() if key not in _conflicts(name, option)}
    args[option] = value
    return args


# ---------------------------------------------------------------------------------------------------------
# Running a module in-process, with every client answering from an event hook.

_REQUESTS = []


def _answer(model, params, **kwargs):
    """The before-call hook: records the request and answers it without any network."""
    _REQUESTS.append(model.name)
    metadata = {"RequestId": "contract-test", "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0}
    response = botocore.awsrequest.AWSResponse("https://contract.test/", 200, {}, None)
    if str(params.get("body", {}).get("DryRun")).lower() == "true":
        response.status_code = 412
        return response, {"Error": {"Code": "DryRunOperation", "Message": "DryRun"}, "ResponseMetadata": metadata}
    if model.name.startswith("Describe"):
        members = model.output_shape.members if model.output_shape else {}
        parsed = {key: [] for key, member in members.items() if member.type_name == "list"}
        return response, dict(parsed, ResponseMetadata=metadata)
    response.status_code = 400
    error = {"Code": "ContractTestStop", "Message": "the contract test answers only Describe requests"}
    return response, {"Error": error, "ResponseMetadata": metadata}


class _Session:
    """boto3.session.Session for the modules: the real one, with clients reused for equal settings."""

    clients: typing.ClassVar[dict] = {}

    def __init__(self, botocore_session=None, **session_kwargs):
        self._botocore_session = botocore_session
        self._session_kwargs = session_kwargs

    def client(self, service, config=None, **client_kwargs):
        # Credentials are left out of the key: requests are answered before they would be signed.
        options = getattr(config, "_user_provided_options", {})
        key = (
            service,
            self._session_kwargs.get("region_name"),
            self._session_kwargs.get("profile_name"),
            repr(sorted(client_kwargs.items())),
            repr(sorted(options.items())),
        )
        if key not in self.clients:
            if self._botocore_session is not None:
                self._botocore_session.register_component("data_loader", _LOADER)
            session = _REAL_SESSION(botocore_session=self._botocore_session, **self._session_kwargs)
            client = session.client(service, config=config, **client_kwargs)
            client.meta.events.register_first("before-call", _answer)
            self.clients[key] = client
        return self.clients[key]


_REAL_SESSION = boto3.session.Session


def _warm_loader():
    """One botocore data loader for every session the modules make, with what an EC2 client needs read once.

    ansible-test runs each test in a process forked from the one that collected the tests: read here, the
    service model is inherited by every test instead of being read again for each test's first client.
    """
    loader = botocore.loaders.create_loader()
    session = botocore.session.Session()
    session.register_component("data_loader", loader)
    session.create_client("ec2", region_name="us-east-1", aws_access_key_id="AKID", aws_secret_access_key="x")
    return loader


_LOADER = _warm_loader()


@pytest.fixture(scope="module", autouse=True)
def harness(tmp_path_factory):
    """exit_json/fail_json raise _Exit; boto3 sessions are _Session; nothing is read from the machine."""
    with pytest.MonkeyPatch.context() as patch:

        def _exit_json(self, **result):
            raise _Exit(dict(result, failed=False))

        def _fail_json(self, msg, **result):
            raise _Exit(dict(result, failed=True, msg=msg))

        patch.setattr(basic.AnsibleModule, "exit_json", _exit_json)
        patch.setattr(basic.AnsibleModule, "fail_json", _fail_json)
        patch.setattr(boto3.session, "Session", _Session)
        # The invocation is not logged to the system log: ansible-core 2.21 fails any module whose arguments
        # hold a NUL byte there, with "Failed to log to syslog (embedded null character)" whatever the option
        # (a limitation of ansible-core, unless no_target_syslog is set).
        patch.setattr(basic.AnsibleModule, "_log_invocation", lambda self: None)
        for variable in (
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_URL",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_EC2",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_CA_BUNDLE",
        ):
            patch.delenv(variable, raising=False)
        patch.setenv("AWS_CONFIG_FILE", "/nonexistent/vpnops-contract/config")
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/vpnops-contract/credentials")
        # A module that writes files writes them here, not in the working directory of the test run.
        patch.chdir(tmp_path_factory.mktemp("contract"))
        yield
    _Session.clients.clear()


def run(name, args, check_mode):
    """(result, names of the requests made) of one run of the module."""
    del _REQUESTS[:]
    module_args = dict(args, _ansible_check_mode=check_mode)
    with patch_module_args(module_args):
        try:
            _module(name).main()
        except _Exit as ended:
            return ended.result, list(_REQUESTS)
        except SystemExit as exc:  # pragma: no cover - only when a module exits on its own
            raise AssertionError(f"{name} exited with {exc.code!r} without exit_json or fail_json") from None
    raise AssertionError(f"{name} returned without exit_json or fail_json")


def _names_of(name, option):
    spec = module_arguments(name)["argument_spec"][option]
    return [option] + list(spec.get("aliases", []))


def breaks_ansible_core(spec, value):
    """Whether ansible-core itself mishandles value for this option, before any module code runs.

    These are limitations of ansible-core's argument validation (AnsibleModule()), which no module can work
    around, so they are left out here:
    - an int option is converted with int(decimal.Decimal(value)), which raises OverflowError (not caught
      there) for an infinite float or text such as "inf";
    - an option with suboptions given something other than a dict (or a list of dicts) either fails with a
      message that does not name the option ("dictionary requested, could not parse JSON or key=value") or
      raises TypeError.
    """
    if spec.get("options"):
        items = value if spec.get("type") == "list" and isinstance(value, list) else [value]
        if not all(isinstance(item, dict) for item in items) or (
            spec.get("type") == "list" and not isinstance(value, list)
        ):
            return value is not None
    if "int" not in (spec.get("type"), spec.get("elements")):
        return False
    values = value if isinstance(value, list) and spec.get("elements") == "int" else [value]
    for item in values:
        try:
            if isinstance(item, (float, str)) and decimal.Decimal(item).is_infinite():
                return True
        except (decimal.DecimalException, ValueError):
            continue
    return False


def check_contract(name, option, value, check_mode):
    if breaks_ansible_core(module_arguments(name)["argument_spec"][option], value):
        return
    result, requests = run(name, arguments_with(name, option, value), check_mode)
    context = f"{name} with {option}={value!r:.200} (check_mode={check_mode})"
    assert "exception" not in result, f"{context} failed with a traceback:\n{result['exception']}"
    message = str(result.get("msg", ""))
    assert not EXCEPTION_TEXT.search(message), f"{context} failed with Python exception text: {message}"
    if result["failed"] and not requests:
        assert any(alias in message for alias in _names_of(name, option)), (
            f"{context} failed before any request without naming the option: {message}"
        )


# ---------------------------------------------------------------------------------------------------------
# The tests.

# Breaches of the contract found in a module and not fixed yet: (module, option) -> what breaks.  Each is an
# expected failure that must fail (strict), so the entry has to go when the module is fixed.
KNOWN_DEFECTS = {}
CONTRACT_CASES = [
    pytest.param(name, option, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[(name, option)]))
    if (name, option) in KNOWN_DEFECTS
    else (name, option)
    for name in MODULE_NAMES
    for option in module_arguments(name)["argument_spec"]
]
AWS_OPTIONS = frozenset(aws_argument_spec())

# Values that broke, or could break, a module: explicit examples (_explicit_examples), tried for every option
# before the generated ones.  With six generated values that is 17 runs per option, a few hundred per module.
_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="ascii"), max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\n",
            "\r\n",
            "-",
            "*",
            "%s",
            "{{ x }}",
            "☃ü\u202eé",
            "0" * 25,
            "1e400",
            "-1",
            "nan",
            "9" * 5000,
            "x" * 20000,
            "99999999999999999999w",
            "-99999999999999999999d",
            "cvpn-endpoint-0123456789ABCDEF0",
            "http://[::1",
            "https://h:99999",
            "eyJOZXh0VG9rZW4iOiA1fQ==",
        ]
    ),
)
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    _TEXT,
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63), 10**20, 10**400]),
)
# ansible-core reserves dictionary keys that start with "__ansible" for its own encoding of module arguments
# (a key such as "__ansible_type" fails to decode in ansible-core 2.21 before any module code runs), and the
# controller never sends such keys from a task's options, so generated dictionaries do not use them.
_KEYS = _TEXT.filter(lambda key: not key.startswith("__ansible"))
VALUES = st.recursive(
    _SCALAR,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)),
    max_leaves=8,
)


def _explicit_examples(test):
    for value in (
        None,
        True,
        -1,
        10**20,
        float("inf"),
        "\x00",
        "x" * 20000,
        "99999999999999999999w",
        [None],
        {"a": {"b": [1]}},
    ):
        test = example(value=value, check_mode=False)(test)
    return example(value=["\x00"], check_mode=True)(test)


def test_every_known_defect_names_an_option_of_a_module():
    cases = {(name, option) for name in MODULE_NAMES for option in module_arguments(name)["argument_spec"]}
    assert set(KNOWN_DEFECTS) <= cases, f"remove the entries of KNOWN_DEFECTS for {set(KNOWN_DEFECTS) - cases}"


@pytest.mark.parametrize("name", MODULE_NAMES)
@pytest.mark.parametrize("check_mode", [False, True])
def test_the_baseline_reaches_the_api(name, check_mode):
    """With valid options every module sends a request, so the generated values test what they mean to."""
    result, requests = run(name, baseline(name), check_mode)
    assert requests, (
        f"{name} failed before any request with its baseline {baseline(name)}: {result.get('msg')}; "
        "add valid values for its options to BASELINE"
    )
    assert "exception" not in result


@pytest.mark.parametrize("name, option", CONTRACT_CASES)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@_explicit_examples
@given(value=VALUES, check_mode=st.booleans())
def test_every_option_keeps_the_input_contract(name, option, value, check_mode):
    check_contract(name, option, value, check_mode)


_RETRIES = st.dictionaries(
    st.sampled_from(["mode", "max_attempts", "total_max_attempts", "other"]),
    st.one_of(st.sampled_from(["legacy", "standard", "adaptive"]), st.integers(-5, 60), _SCALAR),
    max_size=3,
)
_CONFIG_VALUES = st.one_of(
    _RETRIES, st.integers(-5, 200), st.floats(-1, 4000), st.sampled_from(["yes", "off", "5"]), VALUES
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    aws_config=st.dictionaries(
        st.sampled_from(sorted(botocore.config.Config.OPTION_DEFAULTS) + ["retries"]), _CONFIG_VALUES, max_size=3
    ),
    check_mode=st.booleans(),
)
def test_aws_config_settings_with_known_keys_keep_the_contract(aws_config, check_mode):
    """aws_config again, with the keys botocore knows (which random keys seldom are) and values near the bounds."""
    check_contract("client_vpn_connections_info", "aws_config", aws_config, check_mode)


class _FakeRun:
    def __init__(self, result, requests=()):
        self.answer = (result, list(requests))

    def __call__(self, name, args, check_mode):
        return self.answer


@pytest.mark.parametrize(
    "result, requests, complaint",
    [
        (
            {"failed": True, "msg": "boom", "exception": "Traceback ..."},
            ["DescribeClientVpnConnections"],
            "with a traceback",
        ),
        ({"failed": True, "msg": "'str' object has no attribute 'items'"}, [], "Python exception text"),
        ({"failed": True, "msg": "Invalid value."}, [], "without naming the option"),
    ],
)
def test_the_contract_check_catches_each_kind_of_breach(monkeypatch, result, requests, complaint):
    monkeypatch.setattr(sys.modules[__name__], "run", _FakeRun(result, requests))
    with pytest.raises(AssertionError) as caught:
        check_contract("client_vpn_connections_info", "page_size", 0, False)
    assert complaint in str(caught.value)


def test_the_contract_check_accepts_a_clean_failure_after_a_request(monkeypatch):
    fake = _FakeRun({"failed": True, "msg": "DescribeClientVpnConnections failed (X): no"}, ["Describe"])
    monkeypatch.setattr(sys.modules[__name__], "run", fake)
    check_contract("client_vpn_connections_info", "page_size", 0, False)
