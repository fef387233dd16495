# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

snake_case conversion of API responses, identical to camel_dict_to_snake_dict but cheap on large lists."""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

_SNAKE_KEYS = {}


def _snake_key(key):
    snake = _SNAKE_KEYS.get(key)
    if snake is None:
        snake = _SNAKE_KEYS[key] = next(iter(camel_dict_to_snake_dict({key: None})))
    return snake


def snake_dict(record):
    """A copy of record with every key (at any depth) in snake_case; values are kept as they are."""
    result = {}
    for key, value in record.items():
        kind = value.__class__
        if kind is dict:
            value = snake_dict(value)
        elif kind is list:
            value = snake_list(value)
        result[_SNAKE_KEYS.get(key) or _snake_key(key)] = value
    return result


def snake_list(items):
    """snake_dict() applied to every dict in items, at any depth of nested lists."""
    result = []
    for item in items:
        kind = item.__class__
        if kind is dict:
            item = snake_dict(item)
        elif kind is list:
            item = snake_list(item)
        result.append(item)
    return result
