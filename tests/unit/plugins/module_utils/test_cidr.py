# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.cidr import parse_cidr
from ansible_collections.vpnops.aws.plugins.module_utils.cidr import same_cidr
from ansible_collections.vpnops.aws.plugins.module_utils.network_ids import subnet_id_error


@pytest.mark.parametrize(
    "value, canonical",
    [
        ("10.0.0.0/16", "10.0.0.0/16"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("192.168.1.7/32", "192.168.1.7/32"),
        ("10.0.0.0/255.255.0.0", "10.0.0.0/16"),
        ("FD00:1::/64", "fd00:1::/64"),
        ("2001:db8:0:0::/48", "2001:db8::/48"),
    ],
)
def test_parse_cidr_gives_the_canonical_network(value, canonical):
    assert parse_cidr("target_network_cidr", value) == (canonical, None)


@pytest.mark.parametrize(
    "value, fragments",
    [
        ("10.0.0.0", ["'10.0.0.0'", "not a CIDR block", "10.0.0.0/16"]),
        ("10.0.0.1/16", ["'10.0.0.1/16'", "host bits", "10.0.0.0/16"]),
        ("10.0.0.0/33", ["'10.0.0.0/33'", "not a CIDR block"]),
        ("10.0.0/16", ["'10.0.0/16'", "not a CIDR block"]),
        ("010.0.0.0/8", ["'010.0.0.0/8'", "not a CIDR block"]),
        (" 10.0.0.0/16", ["' 10.0.0.0/16'", "not a CIDR block"]),
        ("", ["''", "not a CIDR block"]),
        ("fd00:1::1/64", ["'fd00:1::1/64'", "host bits", "fd00:1::/64"]),
        ("any", ["'any'", "not a CIDR block"]),
    ],
)
def test_parse_cidr_names_the_option_and_the_bad_value(value, fragments):
    canonical, error = parse_cidr("destination_cidr_block", value)
    assert canonical is None
    assert error.startswith("destination_cidr_block ")
    for fragment in fragments:
        assert fragment in error


@pytest.mark.parametrize(
    "listed, canonical, expected",
    [
        ("10.0.0.0/16", "10.0.0.0/16", True),
        ("10.0.0.0/16", "10.0.0.0/24", False),
        ("10.1.0.0/16", "10.0.0.0/16", False),
        ("FD00:1:0::/64", "fd00:1::/64", True),
        ("not-a-cidr", "10.0.0.0/16", False),
        (None, "10.0.0.0/16", False),
    ],
)
def test_same_cidr(listed, canonical, expected):
    assert same_cidr(listed, canonical) is expected


@pytest.mark.parametrize("value", ["subnet-0123abcd", "subnet-0123456789abcdef0"])
def test_subnet_ids_are_accepted(value):
    assert subnet_id_error("subnet_id", value) is None


@pytest.mark.parametrize(
    "value",
    ["subnet-0123", "subnet-0123456789ABCDEF0", "sn-0123456789abcdef0", "", None, "local", "subnet-0123456789abcdef0 "],
)
def test_other_values_are_not_subnet_ids(value):
    error = subnet_id_error("subnet_id", value)
    assert (
        error == f"subnet_id {value!r} is not a subnet id: expected subnet- followed by 8 or 17 lowercase "
        "hexadecimal digits."
    )


def test_extra_words_are_accepted_and_named():
    assert subnet_id_error("target_vpc_subnet_id", "local", also=("local",)) is None
    assert "or local" in subnet_id_error("target_vpc_subnet_id", "Local", also=("local",))
