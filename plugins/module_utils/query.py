# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The query option: a JMESPath expression over a module's result, as the AWS CLI's --query."""

import re

from ansible.module_utils.basic import missing_required_lib

try:
    import jmespath
    import jmespath.exceptions
except ImportError:
    HAS_JMESPATH = False
else:
    HAS_JMESPATH = True


MAX_QUERY_LENGTH = 2000
MAX_QUERY_DEPTH = 100
# Control characters other than tab and line breaks, which a query written over several YAML lines holds.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryError(ValueError):
    """A query that is not a valid JMESPath expression, or that failed on the result."""


def _shown(expression):
    text = repr(expression)
    return text if len(text) <= 100 else f"{text[:100]}... ({len(expression)} characters)"


def _depth(parsed):
    """How deeply the nodes of a parsed expression nest (counted without recursion)."""
    deepest, pending = 0, [(parsed, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in node.get("children", ()) if isinstance(child, dict))
    return deepest


def _form_error(expression):
    if not isinstance(expression, str):
        return f"query must be text, got {type(expression).__name__}"
    if len(expression) > MAX_QUERY_LENGTH:
        return f"query is {len(expression)} characters long; at most {MAX_QUERY_LENGTH} are allowed"
    if _CONTROL.search(expression):
        return f"query {_shown(expression)} contains a control character (such as NUL)"
    if not expression.strip():
        return "query is empty; omit it to get no query_result"
    return None


def compile_query(expression):
    """The compiled expression; raises QueryError naming it and what is wrong with it, or the missing library."""
    if not HAS_JMESPATH:
        raise QueryError(missing_required_lib("jmespath"))
    error = _form_error(expression)
    if error:
        raise QueryError(f"{error}.")
    try:
        compiled = jmespath.compile(expression)
    except jmespath.exceptions.JMESPathError as exc:
        raise QueryError(f"query {_shown(expression)} is not a valid JMESPath expression: {exc}") from None
    except RecursionError:
        compiled = None
    if compiled is None or _depth(compiled.parsed) > MAX_QUERY_DEPTH:
        raise QueryError(f"query {_shown(expression)} nests too deeply: at most {MAX_QUERY_DEPTH} levels are allowed.")
    return compiled


def search_query(compiled, document):
    """compiled (from compile_query()) applied to document; raises QueryError when it fails on the document."""
    try:
        return compiled.search(document)
    except jmespath.exceptions.JMESPathError as exc:
        raise QueryError(f"query {_shown(compiled.expression)} failed on the result: {exc}") from None
    except RecursionError:
        raise QueryError(f"query {_shown(compiled.expression)} nests too deeply to apply.") from None
