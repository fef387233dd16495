# SPDX-License-Identifier: GPL-3.0-or-later
"""Every EC2 action the emulator answers, by name.

An operation is a class with ``name``, ``mutating`` (a change to an endpoint's configuration: the
ConcurrentMutationLimitExceeded fault applies to it), ``prepare(params, state, faults)`` and
``run(state, request, dry_run)``.
"""

from . import crl_operations
from . import endpoint_operations
from . import network_operations
from . import operations
from . import route_operations
from . import rule_operations
from . import tag_operations

_ALL = (
    operations.DescribeClientVpnConnections,
    operations.DescribeClientVpnEndpoints,
    operations.TerminateClientVpnConnections,
    crl_operations.ExportClientVpnClientConfiguration,
    crl_operations.ImportClientVpnClientCertificateRevocationList,
    crl_operations.ExportClientVpnClientCertificateRevocationList,
    tag_operations.CreateTags,
    tag_operations.DeleteTags,
    endpoint_operations.CreateClientVpnEndpoint,
    endpoint_operations.ModifyClientVpnEndpoint,
    endpoint_operations.DeleteClientVpnEndpoint,
    network_operations.AssociateClientVpnTargetNetwork,
    network_operations.DisassociateClientVpnTargetNetwork,
    network_operations.DescribeClientVpnTargetNetworks,
    rule_operations.AuthorizeClientVpnIngress,
    rule_operations.RevokeClientVpnIngress,
    rule_operations.DescribeClientVpnAuthorizationRules,
    route_operations.CreateClientVpnRoute,
    route_operations.DeleteClientVpnRoute,
    route_operations.DescribeClientVpnRoutes,
)
OPERATIONS = {operation.name: operation for operation in _ALL}
MUTATING_ACTIONS = frozenset(operation.name for operation in _ALL if getattr(operation, "mutating", False))
