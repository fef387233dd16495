# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
name: to_csv
short_description: Render rows as CSV text (RFC 4180) that a spreadsheet opens without running formulas
version_added: 1.1.0
author:
  - vpnops maintainers (!UNKNOWN)
description:
  - Renders a list of rows as CSV text, for example the RV(vpnops.aws.client_vpn_connections_info#module:connections)
    of an endpoint for people to open in a spreadsheet.
  - Follows RFC 4180. Fields are separated by commas and every record, the last one too, ends with CRLF. A field
    that holds a comma, a double quote, a carriage return or a line feed is enclosed in double quotes, and each
    double quote inside it is doubled; other fields are written as they are.
  - A row is a dict, whose values are looked up by O(columns), or a list of values in the order of O(columns).
  - A missing key and V(null) give an empty field; V(true) and V(false) are written V(true) and V(false); numbers
    and strings as they are.
  - With O(neutralize_formulas), a field that starts with V(=), V(+), V(-), V(@), a tab or a carriage return, which
    a spreadsheet would take for a formula (CSV injection), is written with a V(') in front, so that the
    spreadsheet shows it as text. Values that come from users, such as user names, can hold anything.
  - Returns text only; how it is encoded is up to the task that writes it. Excel reads a CSV file as UTF-8 only when
    the file starts with a byte order mark; put C({{ '\ufeff' }}) in front of the text in a template to write one.
positional: _input, columns
options:
  _input:
    description:
      - The rows. Each is a dict or a list; a list has at most as many values as O(columns) names (fewer leave the
        last fields empty).
    type: list
    elements: raw
    required: true
  columns:
    description:
      - The names of the columns, written as the header row when O(header) is set.
      - For a row that is a dict, the key of each field's value. A name with dots reaches into nested dicts,
        V(status.code) into C(status), unless the row has a key with that whole name.
      - At least one; each must be a non-empty string.
    type: list
    elements: str
    required: true
  header:
    description:
      - Start with a header row of the O(columns) names.
    type: bool
    default: true
  neutralize_formulas:
    description:
      - Put a V(') in front of each field that starts with V(=), V(+), V(-), V(@), a tab or a carriage return, the
        header row's included.
      - Numbers below zero are then written as text too, such as V('-5).
    type: bool
    default: true
notes:
  - Bad arguments fail the template with a message naming the argument, the bad value and what is allowed (input
    not a list, a row that is neither a dict nor a list or that has more values than O(columns), a value that is a
    dict or a list, O(columns) not a list of non-empty strings, O(header) or O(neutralize_formulas) not a boolean).
  - The fields are the values as text; they are not trimmed, so a value with spaces around it keeps them.
seealso:
  - module: vpnops.aws.client_vpn_connections_info
  - name: RFC 4180, Common Format and MIME Type for Comma-Separated Values (CSV) Files
    description: The CSV format this filter writes.
    link: https://www.rfc-editor.org/rfc/rfc4180
  - name: OWASP, CSV Injection
    description: Why a field that starts with a formula character gets a V(') in front.
    link: https://owasp.org/www-community/attacks/CSV_Injection
"""

EXAMPLES = r"""
- name: Read the connections
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  check_mode: false
  register: vpn

- name: Write them as CSV, with a byte order mark so that Excel reads the names as UTF-8
  ansible.builtin.copy:
    content: "{{ '\ufeff' ~ (vpn.connections | vpnops.aws.to_csv(columns)) }}"
    dest: /var/tmp/connections.csv
    mode: "0600"
  vars:
    columns: [connection_id, username, common_name, status.code, connection_established_time, client_ip]

- name: Rows as lists, without a header row
  ansible.builtin.debug:
    msg: "{{ [['alice', 3], ['=1+1', 'Smith, \"Jo\"']] | vpnops.aws.to_csv(['user', 'sessions'], header=false) }}"
    # "alice,3\r\n'=1+1,\"Smith, \"\"Jo\"\"\"\r\n"
"""

RETURN = r"""
_value:
  description:
    - The CSV text, the header row first when O(header) is set; each record ends with CRLF. An empty string for no
      rows and no header.
  type: str
"""

from collections.abc import Mapping
from collections.abc import Sequence

from ansible.errors import AnsibleFilterError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (",", '"', "\r", "\n")


def _type_name(value):
    return type(value).__name__


def _is_list(value):
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _checked_columns(columns):
    if not _is_list(columns) or not columns or not all(isinstance(name, str) and name for name in columns):
        raise AnsibleFilterError(
            f"to_csv columns must be a non-empty list of non-empty strings, the column names; got {columns!r}."
        )
    return list(columns)


def _checked_bool(value, name):
    if not isinstance(value, bool):
        raise AnsibleFilterError(f"to_csv {name} must be true or false; got {value!r} ({_type_name(value)}).")
    return value


def _lookup(row, column):
    """The value of column in a dict row: the key itself, else the dotted path through nested dicts."""
    if column in row:
        return row[column]
    value = row
    for part in column.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _values(row, columns, index):
    if isinstance(row, Mapping):
        return [_lookup(row, column) for column in columns]
    if _is_list(row):
        if len(row) > len(columns):
            raise AnsibleFilterError(
                f"to_csv input[{index}] has {len(row)} values, more than the {len(columns)} columns {columns!r}."
            )
        return list(row) + [None] * (len(columns) - len(row))
    raise AnsibleFilterError(f"to_csv input[{index}] must be a dict or a list; got {_type_name(row)}: {row!r}.")


def _text(value, where):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise AnsibleFilterError(
        f"to_csv {where} is a {_type_name(value)}, not a string, number, boolean or null: {value!r}. "
        "Name a key inside it with a dotted column, or convert it to a string first."
    )


def _field(text, neutralize):
    if neutralize and text.startswith(FORMULA_STARTS):
        text = f"'{text}"
    if any(character in text for character in _QUOTED):
        return '"' + text.replace('"', '""') + '"'
    return text


def _record(texts, neutralize):
    return ",".join(_field(text, neutralize) for text in texts) + "\r\n"


def to_csv(rows, columns, header=True, neutralize_formulas=True):
    """rows as RFC 4180 CSV text; see DOCUMENTATION."""
    if not _is_list(rows):
        raise AnsibleFilterError(f"to_csv input must be a list of rows (dicts or lists); got {_type_name(rows)}.")
    columns = _checked_columns(columns)
    neutralize = _checked_bool(neutralize_formulas, "neutralize_formulas")
    records = [_record(columns, neutralize)] if _checked_bool(header, "header") else []
    for index, row in enumerate(rows):
        values = _values(row, columns, index)
        texts = [
            _text(value, f"input[{index}] column {column!r}") for column, value in zip(columns, values, strict=True)
        ]
        records.append(_record(texts, neutralize))
    return "".join(records)


class FilterModule:
    """Rows as CSV text for spreadsheets."""

    def filters(self):
        return {"to_csv": to_csv}
