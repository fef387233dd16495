# SPDX-License-Identifier: GPL-3.0-or-later
"""Client configuration export, the client CRL (import, export, pending -> active) and endpoint tags."""

import pytest
from conftest import ENDPOINT_ID
from conftest import OTHER_ENDPOINT_ID
from conftest import admin
from conftest import error_of
from conftest import make_client
from conftest import make_crl

from cvpn_emulator.crl_operations import client_configuration

MISSING_ENDPOINT = "cvpn-endpoint-00000000000000000"


def actions(emu):
    return [(entry["action"], entry["error_code"]) for entry in emu.requests]


# -- ExportClientVpnClientConfiguration ------------------------------------------------------------------------


def test_client_configuration_is_an_openvpn_profile_for_the_endpoint(net_ec2, net_emulator):
    text = net_ec2.export_client_vpn_client_configuration(ClientVpnEndpointId=ENDPOINT_ID)["ClientConfiguration"]
    lines = text.splitlines()
    assert lines[:3] == ["client", "dev tun", "proto udp"]
    assert f"remote {ENDPOINT_ID}.prod.clientvpn.us-east-1.amazonaws.com 443" in lines
    for directive in (
        "remote-random-hostname",
        "resolv-retry infinite",
        "nobind",
        "remote-cert-tls server",
        "cipher AES-256-GCM",
        "verb 3",
        "reneg-sec 0",
    ):
        assert directive in lines
    assert any(line.startswith("verify-x509-name ") for line in lines)
    ca = text[text.index("<ca>\n") + 5 : text.index("</ca>")]
    assert ca.startswith("-----BEGIN CERTIFICATE-----\n") and ca.endswith("-----END CERTIFICATE-----\n")
    assert "auth-user-pass" not in lines
    assert actions(net_emulator) == [("ExportClientVpnClientConfiguration", None)]


def test_client_configuration_follows_the_transport_and_authentication():
    record = {
        "ClientVpnEndpointId": ENDPOINT_ID,
        "TransportProtocol": "tcp",
        "VpnPort": 1194,
        "DnsName": f"*.{ENDPOINT_ID}.prod.clientvpn.eu-west-1.amazonaws.com",
        "AuthenticationOptions": [{"Type": "federated-authentication"}],
    }
    lines = client_configuration(record).splitlines()
    assert "proto tcp" in lines and f"remote {ENDPOINT_ID}.prod.clientvpn.eu-west-1.amazonaws.com 1194" in lines
    assert {"auth-user-pass", "auth-federate"} <= set(lines)


def test_client_configuration_dry_run_and_missing_endpoint(net_ec2):
    assert error_of(net_ec2.export_client_vpn_client_configuration, ClientVpnEndpointId=ENDPOINT_ID, DryRun=True)[
        ::2
    ] == ("DryRunOperation", 412)
    assert (
        error_of(net_ec2.export_client_vpn_client_configuration, ClientVpnEndpointId=MISSING_ENDPOINT)[0]
        == "InvalidClientVpnEndpointId.NotFound"
    )


# -- client certificate revocation list ------------------------------------------------------------------------


def test_crl_is_pending_for_transition_reads_exports_then_active(net_ec2, net_emulator):
    pem = make_crl()
    assert (
        net_ec2.import_client_vpn_client_certificate_revocation_list(
            ClientVpnEndpointId=ENDPOINT_ID, CertificateRevocationList=pem
        )["Return"]
        is True
    )
    exports = [
        net_ec2.export_client_vpn_client_certificate_revocation_list(ClientVpnEndpointId=ENDPOINT_ID)
        for _read in range(3)
    ]
    assert [item["Status"] for item in exports] == [{"Code": "pending"}, {"Code": "active"}, {"Code": "active"}]
    assert all(item["CertificateRevocationList"] == pem for item in exports)
    assert net_emulator.state.to_dict()["crls"] == {ENDPOINT_ID: pem}


def test_crl_with_transition_reads_zero_is_active_at_once(net_ec2, net_emulator):
    net_emulator.update_settings(transition_reads=0)
    net_ec2.import_client_vpn_client_certificate_revocation_list(
        ClientVpnEndpointId=ENDPOINT_ID, CertificateRevocationList=make_crl()
    )
    status = net_ec2.export_client_vpn_client_certificate_revocation_list(ClientVpnEndpointId=ENDPOINT_ID)["Status"]
    assert status == {"Code": "active"}


def test_a_new_crl_replaces_the_old_one(net_ec2):
    first, second = make_crl((1,)), make_crl((2, 3))
    for pem in (first, second):
        net_ec2.import_client_vpn_client_certificate_revocation_list(
            ClientVpnEndpointId=ENDPOINT_ID, CertificateRevocationList=pem
        )
    exported = net_ec2.export_client_vpn_client_certificate_revocation_list(ClientVpnEndpointId=ENDPOINT_ID)
    assert exported["CertificateRevocationList"] == second and exported["Status"] == {"Code": "pending"}


def test_endpoint_without_crl_exports_neither_list_nor_status(net_ec2):
    exported = net_ec2.export_client_vpn_client_certificate_revocation_list(ClientVpnEndpointId=OTHER_ENDPOINT_ID)
    exported.pop("ResponseMetadata")
    assert exported == {}


@pytest.mark.parametrize(
    "text",
    [
        "not a crl",
        "-----BEGIN X509 CRL-----\nbm90IGEgY3Js\n-----END X509 CRL-----\n",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    ],
)
def test_import_rejects_what_is_not_a_crl(net_ec2, net_emulator, text):
    code, message, status = error_of(
        net_ec2.import_client_vpn_client_certificate_revocation_list,
        ClientVpnEndpointId=ENDPOINT_ID,
        CertificateRevocationList=text,
    )
    assert (code, status) == ("InvalidParameterValue", 400)
    assert "certificate revocation list is not valid" in message
    assert net_emulator.state.crls == {}


@pytest.mark.parametrize("dry_run", [False, True])
def test_crl_calls_on_a_missing_endpoint(net_ec2, dry_run):
    for call, extra in (
        (net_ec2.import_client_vpn_client_certificate_revocation_list, {"CertificateRevocationList": make_crl()}),
        (net_ec2.export_client_vpn_client_certificate_revocation_list, {}),
    ):
        code = error_of(call, ClientVpnEndpointId=MISSING_ENDPOINT, DryRun=dry_run, **extra)[0]
        assert code == "InvalidClientVpnEndpointId.NotFound"


def test_crl_dry_run_changes_nothing(net_ec2, net_emulator):
    assert (
        error_of(
            net_ec2.import_client_vpn_client_certificate_revocation_list,
            ClientVpnEndpointId=ENDPOINT_ID,
            CertificateRevocationList=make_crl(),
            DryRun=True,
        )[0]
        == "DryRunOperation"
    )
    assert (
        error_of(
            net_ec2.export_client_vpn_client_certificate_revocation_list, ClientVpnEndpointId=ENDPOINT_ID, DryRun=True
        )[0]
        == "DryRunOperation"
    )
    assert net_emulator.state.crls == {}


def test_crls_load_from_state_as_active_and_bad_ones_are_refused(net_emulator):
    pem = make_crl()
    status, _body = admin(net_emulator, "PUT", "state", {**net_emulator.state.to_dict(), "crls": {ENDPOINT_ID: pem}})
    assert status == 200
    exported = make_client(net_emulator).export_client_vpn_client_certificate_revocation_list(
        ClientVpnEndpointId=ENDPOINT_ID
    )
    assert exported["Status"] == {"Code": "active"}
    for crls in ({ENDPOINT_ID: "junk"}, {MISSING_ENDPOINT: pem}, ["x"]):
        status, body = admin(net_emulator, "PUT", "state", {**net_emulator.state.to_dict(), "crls": crls})
        assert status == 400 and "crl" in body["error"]


# -- CreateTags / DeleteTags ---------------------------------------------------------------------------------


def endpoint_tags(client, endpoint_id=ENDPOINT_ID):
    return client.describe_client_vpn_endpoints(ClientVpnEndpointIds=[endpoint_id])["ClientVpnEndpoints"][0]["Tags"]


def test_create_tags_adds_and_overwrites(net_ec2):
    before = endpoint_tags(net_ec2)
    net_ec2.create_tags(
        Resources=[ENDPOINT_ID, OTHER_ENDPOINT_ID],
        Tags=[{"Key": "env", "Value": "prod"}, {"Key": "Name", "Value": "vpn"}],
    )
    assert endpoint_tags(net_ec2) == [{"Key": "Name", "Value": "vpn"}, {"Key": "env", "Value": "prod"}]
    assert before[0]["Key"] == "Name" and before[0]["Value"] != "vpn"
    assert {"Key": "env", "Value": "prod"} in endpoint_tags(net_ec2, OTHER_ENDPOINT_ID)


def test_create_tags_without_value_sets_an_empty_value(net_ec2):
    net_ec2.create_tags(Resources=[ENDPOINT_ID], Tags=[{"Key": "flag"}])
    assert {"Key": "flag", "Value": ""} in endpoint_tags(net_ec2)


def test_delete_tags_by_key_by_key_and_value_and_all(net_ec2):
    net_ec2.create_tags(Resources=[ENDPOINT_ID], Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    net_ec2.delete_tags(Resources=[ENDPOINT_ID], Tags=[{"Key": "a", "Value": "other"}, {"Key": "Name"}])
    assert endpoint_tags(net_ec2) == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    net_ec2.delete_tags(Resources=[ENDPOINT_ID], Tags=[{"Key": "a", "Value": "1"}])
    assert endpoint_tags(net_ec2) == [{"Key": "b", "Value": "2"}]
    net_ec2.delete_tags(Resources=[ENDPOINT_ID])
    described = net_ec2.describe_client_vpn_endpoints(ClientVpnEndpointIds=[ENDPOINT_ID])["ClientVpnEndpoints"][0]
    assert described.get("Tags", []) == []


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"Resources": ["vpc-0123456789abcdef0"], "Tags": [{"Key": "a", "Value": "b"}]}, "InvalidID"),
        (
            {"Resources": [MISSING_ENDPOINT], "Tags": [{"Key": "a", "Value": "b"}]},
            "InvalidClientVpnEndpointId.NotFound",
        ),
        ({"Resources": [ENDPOINT_ID], "Tags": [{"Key": "aws:x", "Value": "b"}]}, "InvalidParameterValue"),
        ({"Resources": [ENDPOINT_ID], "Tags": [{"Key": "k" * 129, "Value": "b"}]}, "InvalidParameterValue"),
        ({"Resources": [ENDPOINT_ID], "Tags": [{"Key": "k", "Value": "v" * 257}]}, "InvalidParameterValue"),
        ({"Resources": [ENDPOINT_ID], "Tags": [{"Key": f"k{n}", "Value": "v"} for n in range(50)]}, "TagLimitExceeded"),
    ],
)
@pytest.mark.parametrize("dry_run", [False, True])
def test_create_tags_errors_win_over_dry_run(net_ec2, net_emulator, kwargs, code, dry_run):
    before = endpoint_tags(net_ec2)
    assert error_of(net_ec2.create_tags, DryRun=dry_run, **kwargs)[0] == code
    assert endpoint_tags(net_ec2) == before


def test_tag_dry_runs_change_nothing(net_ec2):
    before = endpoint_tags(net_ec2)
    assert (
        error_of(net_ec2.create_tags, Resources=[ENDPOINT_ID], Tags=[{"Key": "a", "Value": "b"}], DryRun=True)[0]
        == "DryRunOperation"
    )
    assert error_of(net_ec2.delete_tags, Resources=[ENDPOINT_ID], DryRun=True)[0] == "DryRunOperation"
    assert error_of(net_ec2.delete_tags, Resources=[MISSING_ENDPOINT], DryRun=True)[0] == (
        "InvalidClientVpnEndpointId.NotFound"
    )
    assert endpoint_tags(net_ec2) == before
