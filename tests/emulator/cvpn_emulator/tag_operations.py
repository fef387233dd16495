# SPDX-License-Identifier: GPL-3.0-or-later
"""CreateTags and DeleteTags, for Client VPN endpoints (``cvpn-endpoint-...``) only."""

from . import errors
from .common import decoded
from .common import existing_endpoint

ENDPOINT_PREFIX = "cvpn-endpoint-"
MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256


def _resources(request):
    resource_ids = request.get("Resources") or []
    if not resource_ids:
        raise errors.missing_parameter("ResourceId")
    for resource_id in resource_ids:
        if not resource_id.startswith(ENDPOINT_PREFIX):
            raise errors.invalid_id(resource_id)
    return resource_ids


def check_tags(tags, need_value=True):
    """Tag keys (1..128 characters, not ``aws:``) and values (0..256 characters)."""
    for tag in tags:
        key = tag.get("Key")
        if not key:
            raise errors.invalid_value("Tag keys must not be empty.")
        if len(key) > MAX_KEY_LENGTH:
            raise errors.invalid_value(f"Tag key {key!r} exceeds the maximum length of {MAX_KEY_LENGTH} characters.")
        if key.lower().startswith("aws:"):
            raise errors.invalid_value(f"Tag key {key!r} is invalid: the aws: prefix is reserved.")
        value = tag.get("Value")
        if need_value and value is None:
            tag["Value"] = ""
        if value is not None and len(value) > MAX_VALUE_LENGTH:
            raise errors.invalid_value(
                f"Tag value for key {key!r} exceeds the maximum length of {MAX_VALUE_LENGTH} characters."
            )
    return tags


def merged_tags(existing, added):
    """``existing`` with ``added`` set (same key: new value); more than 50 is ``TagLimitExceeded``."""
    result = [dict(tag) for tag in existing]
    positions = {tag["Key"]: index for index, tag in enumerate(result)}
    for tag in added:
        entry = {"Key": tag["Key"], "Value": tag.get("Value", "")}
        if tag["Key"] in positions:
            result[positions[tag["Key"]]] = entry
        else:
            positions[tag["Key"]] = len(result)
            result.append(entry)
    if len(result) > MAX_TAGS:
        raise errors.ApiError("TagLimitExceeded", f"The maximum number of tags ({MAX_TAGS}) has been reached.", 400)
    return result


class CreateTags:
    name = "CreateTags"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        tags = request.get("Tags") or []
        if not tags:
            raise errors.missing_parameter("Tag")
        return {"resources": _resources(request), "tags": check_tags(tags)}

    @classmethod
    def run(cls, state, request, dry_run):
        records = [existing_endpoint(state, resource_id) for resource_id in request["resources"]]
        updated = [merged_tags(record.get("Tags") or [], request["tags"]) for record in records]
        if dry_run:
            raise errors.dry_run_ok()
        for record, tags in zip(records, updated, strict=False):
            record["Tags"] = tags
        state.changed()
        return {}


class DeleteTags:
    name = "DeleteTags"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        return {
            "resources": _resources(request),
            "tags": check_tags(request.get("Tags") or [], need_value=False),
            "all": "Tags" not in request,
        }

    @classmethod
    def run(cls, state, request, dry_run):
        records = [existing_endpoint(state, resource_id) for resource_id in request["resources"]]
        if dry_run:
            raise errors.dry_run_ok()
        for record in records:
            record["Tags"] = [] if request["all"] else _remaining(record.get("Tags") or [], request["tags"])
        state.changed()
        return {}


def _remaining(existing, removed):
    """Tags of ``existing`` not named in ``removed`` (a removal with a Value only matches that value)."""

    def gone(tag):
        return any(item["Key"] == tag["Key"] and item.get("Value") in (None, tag.get("Value")) for item in removed)

    return [tag for tag in existing if not gone(tag)]
