# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The query option: a JMESPath expression over a module's result, as the AWS CLI's --query."""

from ansible.module_utils.basic import missing_required_lib

try:
    import jmespath
    import jmespath.exceptions
except ImportError:
    HAS_JMESPATH = False
else:
    HAS_JMESPATH = True


class QueryError(ValueError):
    """A query that is not a valid JMESPath expression."""


def compile_query(expression):
    """The compiled expression; raises QueryError naming it and what is wrong with it, or the missing library."""
    if not HAS_JMESPATH:
        raise QueryError(missing_required_lib("jmespath"))
    try:
        return jmespath.compile(expression)
    except jmespath.exceptions.JMESPathError as exc:
        raise QueryError(f"query {expression!r} is not a valid JMESPath expression: {exc}") from None
