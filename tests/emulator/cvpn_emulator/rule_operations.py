# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules: AuthorizeClientVpnIngress, RevokeClientVpnIngress, DescribeClientVpnAuthorizationRules."""

from . import errors
from . import params
from .common import changeable_endpoint
from .common import decoded
from .common import existing_endpoint
from .common import listing
from .common import matches
from .common import paged_request
from .common import remember
from .common import replayed
from .resources import parse_cidr

RULE_FILTERS = {"description": "Description", "destination-cidr": "DestinationCidr", "group-id": "GroupId"}
ALL_GROUPS = "all groups"


def cidr_value(name, value):
    if parse_cidr(value) is None:
        raise errors.invalid_value(
            f"Value ({value}) for parameter {name} is invalid. Expected an IPv4 CIDR block such as 10.0.0.0/16."
        )
    return value


def _group(request, group_key, all_key):
    """``None`` for all groups, else the group id; exactly one of the two must be given."""
    group_id, every = request.get(group_key), request.get(all_key, False)
    if group_id and every:
        raise errors.invalid_combination(f"Specify either {group_key} or {all_key}, not both.")
    if not group_id and not every:
        raise errors.missing_parameter(f"{group_key} or {all_key}")
    return None if every else group_id


def _same_rule(rule, cidr, group_id):
    if rule["DestinationCidr"] != cidr:
        return False
    return rule.get("AccessAll", False) if group_id is None else rule.get("GroupId") == group_id


class AuthorizeClientVpnIngress:
    name = "AuthorizeClientVpnIngress"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        request.pop("DryRun", None)
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        cidr = cidr_value("TargetNetworkCidr", params.required(request_params, "TargetNetworkCidr"))
        group_id = _group(request, "AccessGroupId", "AuthorizeAllGroups")
        return {
            "endpoint_id": endpoint_id,
            "cidr": cidr,
            "group_id": group_id,
            "request": request,
            "description": request.get("Description"),
            "token": request.get("ClientToken"),
        }

    @classmethod
    def run(cls, state, request, dry_run):
        changeable_endpoint(state, request["endpoint_id"])
        earlier = replayed(state, cls.name, request["token"], request["request"])
        if earlier is not None and not dry_run:
            return earlier
        cidr, group_id = request["cidr"], request["group_id"]
        for rule in state.endpoint_records("authorization_rule", request["endpoint_id"]):
            if _same_rule(rule, cidr, group_id) and rule["Status"].get("Code") != "revoking":
                raise errors.duplicate_rule(cidr, group_id or ALL_GROUPS)
        if dry_run:
            raise errors.dry_run_ok()
        rule = {
            "ClientVpnEndpointId": request["endpoint_id"],
            "DestinationCidr": cidr,
            "AccessAll": group_id is None,
            "Status": {"Code": "authorizing"},
        }
        if group_id is not None:
            rule["GroupId"] = group_id
        if request["description"] is not None:
            rule["Description"] = request["description"]
        state.authorization_rules.append(rule)
        state.begin_transition(rule)
        state.changed()
        return remember(state, cls.name, request["token"], request["request"], {"Status": {"Code": "authorizing"}})


class RevokeClientVpnIngress:
    name = "RevokeClientVpnIngress"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        cidr = cidr_value("TargetNetworkCidr", params.required(request_params, "TargetNetworkCidr"))
        group_id = _group(request, "AccessGroupId", "RevokeAllGroups")
        return {"endpoint_id": endpoint_id, "cidr": cidr, "group_id": group_id}

    @classmethod
    def run(cls, state, request, dry_run):
        changeable_endpoint(state, request["endpoint_id"])
        cidr, group_id = request["cidr"], request["group_id"]
        rule = next(
            (
                item
                for item in state.endpoint_records("authorization_rule", request["endpoint_id"])
                if _same_rule(item, cidr, group_id) and item["Status"].get("Code") != "revoking"
            ),
            None,
        )
        if rule is None:
            raise errors.rule_not_found(cidr, group_id or ALL_GROUPS)
        if dry_run:
            raise errors.dry_run_ok()
        rule["Status"] = {"Code": "revoking"}
        state.begin_transition(rule)
        state.changed()
        return {"Status": {"Code": "revoking"}}


class DescribeClientVpnAuthorizationRules:
    name = "DescribeClientVpnAuthorizationRules"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        request = paged_request(cls.name, request_params, state, [endpoint_id], RULE_FILTERS)
        request["endpoint_id"] = endpoint_id
        return request

    @classmethod
    def run(cls, state, request, dry_run):
        existing_endpoint(state, request["endpoint_id"])
        if dry_run:
            raise errors.dry_run_ok()
        selected = [
            rule
            for rule in state.endpoint_records("authorization_rule", request["endpoint_id"])
            if matches(rule, request["predicates"])
        ]
        page, next_token = listing(state, "authorization_rule", selected, request)
        return {"AuthorizationRules": [dict(rule) for rule in page], "NextToken": next_token}
