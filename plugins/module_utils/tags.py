# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: may change without notice.

Resource tags as amazon.aws modules manage them: tags (a dict) and purge_tags (default true).

tags=None leaves the tags alone; otherwise every wanted tag is set, and with purge_tags=true every other
tag is removed, except those whose key starts with "aws:" (AWS's own, which no one can remove).
"""

AWS_PREFIX = "aws:"
MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256


def tag_argument_spec():
    """tags and purge_tags, as amazon.aws modules declare them."""
    return dict(
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )


def boto3_tags_to_dict(tags):
    """{key: value} from the API's [{"Key": ..., "Value": ...}] (None or [] gives {})."""
    return {tag["Key"]: tag.get("Value", "") for tag in tags or []}


def dict_to_boto3_tags(tags):
    """The API's [{"Key": ..., "Value": ...}] from {key: value}, sorted by key."""
    return [{"Key": key, "Value": value} for key, value in sorted((tags or {}).items())]


def tag_specifications(resource_type, tags):
    """The TagSpecifications of a Create request (for example resource_type "client-vpn-endpoint"); [] if no tags."""
    return [{"ResourceType": resource_type, "Tags": dict_to_boto3_tags(tags)}] if tags else []


def _tag_error(key, value):
    if not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY_LENGTH:
        return f"tags key {key!r} is not valid: a key is 1 to {MAX_KEY_LENGTH} characters."
    if key.lower().startswith(AWS_PREFIX):
        return f"tags key {key!r} is not allowed: keys starting with {AWS_PREFIX!r} are reserved for AWS."
    if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
        return (
            f"tags value {value!r} of key {key!r} is not valid: a value is a string of at most "
            f"{MAX_VALUE_LENGTH} characters (quote numbers and booleans)."
        )
    return None


def tag_errors(tags):
    """Messages for tags (the option's dict) that AWS would refuse; [] when valid or None."""
    if tags is None:
        return []
    errors = [error for error in (_tag_error(key, value) for key, value in tags.items()) if error]
    if len(tags) > MAX_TAGS:
        errors.append(f"tags has {len(tags)} tags; a resource has at most {MAX_TAGS}.")
    return errors


def compare_tags(current, wanted, purge_tags=True):
    """(to_set, to_unset): {key: value} to set and sorted keys to remove, to turn current into wanted.

    current and wanted are dicts; wanted None means leave the tags alone ({}, []).  Keys starting with
    "aws:" are never removed.
    """
    if wanted is None:
        return {}, []
    to_set = {key: value for key, value in wanted.items() if current.get(key) != value}
    to_unset = []
    if purge_tags:
        to_unset = sorted(key for key in current if key not in wanted and not key.startswith(AWS_PREFIX))
    return to_set, to_unset


def tags_after(current, to_set, to_unset):
    """The tags once to_set and to_unset are applied to current (for a prediction or a diff)."""
    after = {key: value for key, value in current.items() if key not in to_unset}
    after.update(to_set)
    return after


def tag_changes(resource_id, to_set, to_unset):
    """The requests, as (operation, params), that apply compare_tags()'s result to resource_id: [] when none.

    Feed them to resource.apply_changes(), which also dry-runs them in check mode.
    """
    changes = []
    if to_unset:
        changes.append(("DeleteTags", {"Resources": [resource_id], "Tags": [{"Key": key} for key in to_unset]}))
    if to_set:
        changes.append(("CreateTags", {"Resources": [resource_id], "Tags": dict_to_boto3_tags(to_set)}))
    return changes
