# SPDX-License-Identifier: GPL-3.0-or-later
"""Client configuration export and the client certificate revocation list (CRL) of an endpoint."""

import base64
import hashlib
import textwrap

from . import errors
from . import params
from .common import changeable_endpoint
from .common import existing_endpoint
from .resources import crl_error


def _endpoint_request(request_params):
    return {"endpoint_id": params.required(request_params, "ClientVpnEndpointId")}


class ExportClientVpnClientConfiguration:
    name = "ExportClientVpnClientConfiguration"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        return _endpoint_request(request_params)

    @classmethod
    def run(cls, state, request, dry_run):
        record = existing_endpoint(state, request["endpoint_id"])
        if dry_run:
            raise errors.dry_run_ok()
        return {"ClientConfiguration": client_configuration(record)}


def _fake_certificate(seed):
    """A PEM block shaped like a CA certificate (its body is not a real certificate)."""
    body = b"".join(hashlib.sha512(f"{seed}#{index}".encode()).digest() for index in range(12))
    lines = textwrap.wrap(base64.b64encode(body).decode("ascii"), 64)
    return "\n".join(["-----BEGIN CERTIFICATE-----", *lines, "-----END CERTIFICATE-----"])


def client_configuration(record):
    """The OpenVPN client configuration AWS hands out for an endpoint, with a stand-in CA certificate."""
    host = record.get("DnsName", "").removeprefix("*.")
    types = {option.get("Type") for option in record.get("AuthenticationOptions") or []}
    lines = [
        "client",
        "dev tun",
        f"proto {record.get('TransportProtocol', 'udp')}",
        f"remote {host} {record.get('VpnPort', 443)}",
        "remote-random-hostname",
        "resolv-retry infinite",
        "nobind",
        "remote-cert-tls server",
        "cipher AES-256-GCM",
        "verb 3",
    ]
    if "directory-service-authentication" in types:
        lines.append("auth-user-pass")
    if "federated-authentication" in types:
        lines += ["auth-user-pass", "auth-federate", "auth-retry interact"]
    lines += [
        "<ca>",
        _fake_certificate(record["ClientVpnEndpointId"]),
        "</ca>",
        "",
        "",
        "reneg-sec 0",
        "",
        f"verify-x509-name {host.split('.', 1)[-1]} name-suffix",
        "",
    ]
    return "\n".join(lines)


class ImportClientVpnClientCertificateRevocationList:
    name = "ImportClientVpnClientCertificateRevocationList"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = _endpoint_request(request_params)
        pem = params.required(request_params, "CertificateRevocationList")
        problem = crl_error(pem)
        if problem is not None:
            raise errors.invalid_value(f"The certificate revocation list is not valid: {problem}.")
        request["pem"] = pem
        return request

    @classmethod
    def run(cls, state, request, dry_run):
        changeable_endpoint(state, request["endpoint_id"])
        if dry_run:
            raise errors.dry_run_ok()
        state.import_crl(request["endpoint_id"], request["pem"])
        return {"Return": True}


class ExportClientVpnClientCertificateRevocationList:
    name = "ExportClientVpnClientCertificateRevocationList"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        return _endpoint_request(request_params)

    @classmethod
    def run(cls, state, request, dry_run):
        existing_endpoint(state, request["endpoint_id"])
        if dry_run:
            raise errors.dry_run_ok()
        pem, code = state.read_crl(request["endpoint_id"])
        if pem is None:
            return {}
        return {"CertificateRevocationList": pem, "Status": {"Code": code}}
