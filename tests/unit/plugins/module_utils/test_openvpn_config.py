# SPDX-License-Identifier: GPL-3.0-or-later

import pytest
from cryptography.hazmat.primitives import serialization

from ansible_collections.vpnops.aws.plugins.module_utils import openvpn_config
from ansible_collections.vpnops.aws.plugins.module_utils.openvpn_config import PemError
from ansible_collections.vpnops.aws.tests.unit.client_certificates import certificate
from ansible_collections.vpnops.aws.tests.unit.client_certificates import certificate_pem
from ansible_collections.vpnops.aws.tests.unit.client_certificates import key_body_lines
from ansible_collections.vpnops.aws.tests.unit.client_certificates import key_pem

CONFIGURATION = "client\ndev tun\n<ca>\n-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n</ca>\nverb 3\n"


def test_certificates_are_rewritten_as_cryptography_writes_them_in_order():
    given = "subject=CN = alice\r\n" + certificate_pem("alice").replace("\n", "\r\n") + "\n" + certificate_pem("ca")
    pem, first = openvpn_config.load_certificates("client_certificate", given)
    assert pem == certificate_pem("alice") + certificate_pem("ca")
    assert first.serial_number == certificate("alice").serial_number


@pytest.mark.parametrize(
    "text, fragments",
    [
        ("/home/alice/alice.crt", ["client_certificate is not a PEM certificate", "not a file name"]),
        ("", ["client_certificate is not a PEM certificate"]),
        (None, ["client_certificate is not a PEM certificate"]),
        (
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
            ["certificate 1 is not a valid X.509 certificate"],
        ),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", ["certificate 1"]),
        ("-----BEGIN CERTIFICATE-----\nñ\n-----END CERTIFICATE-----\n", ["certificate 1"]),
        ("-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n", ["X509 CRL", "only CERTIFICATE blocks"]),
    ],
)
def test_what_is_not_a_certificate_is_refused_naming_the_option(text, fragments):
    with pytest.raises(PemError) as caught:
        openvpn_config.load_certificates("client_certificate", text)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_a_private_key_given_as_the_certificate_is_refused_without_showing_it():
    key = key_pem("alice")
    with pytest.raises(PemError) as caught:
        openvpn_config.load_certificates("client_certificate", certificate_pem("alice") + key)
    assert "the private key belongs in client_key" in str(caught.value)
    assert not any(line in str(caught.value) for line in key_body_lines(key))


def test_a_damaged_second_certificate_is_named_by_its_position():
    damaged = certificate_pem("ca").replace("\n", "", 1).replace("MII", "MIX", 1)
    with pytest.raises(PemError, match="certificate 2 is not a valid"):
        openvpn_config.load_certificates("client_certificate", certificate_pem("alice") + damaged)


@pytest.mark.parametrize(
    "key_format, label",
    [
        (serialization.PrivateFormat.PKCS8, "PRIVATE KEY"),
        (serialization.PrivateFormat.TraditionalOpenSSL, "EC PRIVATE KEY"),
    ],
)
def test_an_unencrypted_key_is_kept_as_given_and_loaded(key_format, label):
    given = key_pem("alice", key_format=key_format)
    block, key = openvpn_config.load_private_key("client_key", "Bag Attributes\n" + given)
    assert block == given
    assert block.startswith(f"-----BEGIN {label}-----")
    assert openvpn_config.key_matches_certificate(key, certificate("alice"))
    assert not openvpn_config.key_matches_certificate(key, certificate("bob"))


def test_an_rsa_key_in_the_traditional_format():
    given = key_pem("carol", kind="rsa", key_format=serialization.PrivateFormat.TraditionalOpenSSL)
    block, key = openvpn_config.load_private_key("client_key", given)
    assert block.startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert openvpn_config.key_matches_certificate(key, certificate("carol", kind="rsa"))


def _damaged(pem):
    lines = pem.splitlines()
    lines[2] = lines[2][::-1]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "make_text, fragments",
    [
        (lambda: "alice.key", ["client_key holds no PEM private key"]),
        (lambda: certificate_pem("alice"), ["client_key holds no PEM private key"]),
        (lambda: key_pem("alice") + key_pem("bob"), ["client_key holds 2 private keys"]),
        (lambda: key_pem("alice", passphrase=b"secret"), ["client_key is encrypted", "ENCRYPTED PRIVATE KEY"]),
        (
            lambda: key_pem("alice", key_format=serialization.PrivateFormat.TraditionalOpenSSL, passphrase=b"pw"),
            ["client_key is encrypted"],
        ),
        (
            lambda: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n-----END OPENSSH PRIVATE KEY-----\n",
            ["OPENSSH PRIVATE KEY"],
        ),
        (lambda: _damaged(key_pem("alice")), ["client_key could not be read as a private key"]),
        (lambda: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", ["could not be read"]),
    ],
)
def test_what_is_not_a_usable_key_is_refused_without_showing_it(make_text, fragments):
    text = make_text()
    with pytest.raises(PemError) as caught:
        openvpn_config.load_private_key("client_key", text)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert not any(line in message for line in key_body_lines(text) if len(line) > 8)


def test_an_inline_block_is_appended_or_replaces_the_one_there():
    with_cert = openvpn_config.with_inline_block(CONFIGURATION, "cert", "CERT-1\n")
    assert with_cert == CONFIGURATION + "<cert>\nCERT-1\n</cert>\n"
    replaced = openvpn_config.with_inline_block(with_cert + "reneg-sec 0", "cert", "CERT-2")
    assert replaced == CONFIGURATION + "reneg-sec 0\n<cert>\nCERT-2\n</cert>\n"
    assert openvpn_config.with_inline_block("", "key", "K") == "<key>\nK\n</key>\n"


def test_every_secret_is_masked_and_nothing_else():
    key = key_pem("alice")
    text = (
        CONFIGURATION + f"<cert>\n{certificate_pem('alice')}</cert>\n<key>\n{key}</key>\n"
        "<tls-crypt>\n-----BEGIN OpenVPN Static key V1-----\nabcd\n-----END OpenVPN Static key V1-----\n"
        f"</tls-crypt>\n# stray copy\n{key}"
    )
    masked = openvpn_config.masked(text)
    assert not any(line in masked for line in key_body_lines(key))
    assert "abcd" not in masked
    assert "<key>\n(secret not shown)\n</key>" in masked
    assert "<tls-crypt>\n(secret not shown)\n</tls-crypt>" in masked
    assert masked.endswith("# stray copy\n(secret not shown)\n")
    assert certificate_pem("alice") in masked
    assert masked.startswith(CONFIGURATION)
