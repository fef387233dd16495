# SPDX-License-Identifier: GPL-3.0-or-later
"""EC2 Query protocol response XML, derived from botocore's EC2 service model.

A writer is built once per shape and cached, so rendering a page of connections is a tight loop that appends
strings to a list. Element names follow what botocore's EC2 parser reads back:

* a structure member uses its ``locationName``; when the model has none (for example the members of
  ``ConnectionLogResponseOptions``) the member name is used verbatim, because botocore looks for exactly that tag;
* a list is a wrapper element holding one element per entry, named after the list member's ``locationName``
  (``item`` in every EC2 response shape), ``item`` when the model gives none;
* strings are escaped text, integers and longs decimal, booleans ``true``/``false``, floats ``repr``,
  timestamps ISO 8601 (``datetime`` values are converted, text is passed through) and blobs base64.
"""

import base64
import datetime
import re
import threading

import botocore.session

XML_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_NEEDS_ESCAPE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_MODEL_LOCK = threading.Lock()
_MODEL_CACHE = {}


def load_ec2_model():
    """botocore's EC2 service model, loaded once per process."""
    with _MODEL_LOCK:
        if "ec2" not in _MODEL_CACHE:
            _MODEL_CACHE["ec2"] = botocore.session.get_session().get_service_model("ec2")
        return _MODEL_CACHE["ec2"]


def _escape_match(match):
    char = match.group(0)
    return _ESCAPES.get(char, "\ufffd")


def escape_text(value):
    """Escape text for an XML element; characters XML 1.0 cannot carry become U+FFFD."""
    if not isinstance(value, str):
        value = str(value)
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return _NEEDS_ESCAPE.sub(_escape_match, value)


def _boolean_text(value):
    if isinstance(value, str):
        return "true" if value.strip().lower() == "true" else "false"
    return "true" if value else "false"


def _integer_text(value):
    return str(int(value))


def _float_text(value):
    return repr(float(value))


def _timestamp_text(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return f"{value.isoformat(timespec='milliseconds')}Z"
    if isinstance(value, (int, float)):
        moment = datetime.datetime.fromtimestamp(value, datetime.UTC).replace(tzinfo=None)
        return f"{moment.isoformat(timespec='milliseconds')}Z"
    return escape_text(value)


def _blob_text(value):
    if isinstance(value, str):
        value = value.encode("utf-8")
    return base64.b64encode(value).decode("ascii")


_SCALAR_TEXT = {
    "string": escape_text,
    "integer": _integer_text,
    "long": _integer_text,
    "boolean": _boolean_text,
    "float": _float_text,
    "double": _float_text,
    "timestamp": _timestamp_text,
    "blob": _blob_text,
}


class _StructureWriter:
    """Writes the members of a structure; ``members`` is filled in after creation so shapes may recurse."""

    __slots__ = ("members",)

    def __init__(self):
        self.members = ()

    def write(self, value, out):
        for name, open_tag, close_tag, to_text, nested in self.members:
            item = value.get(name)
            if item is None:
                continue
            if to_text is not None:
                out.append(f"{open_tag}{to_text(item)}{close_tag}")
            else:
                out.append(open_tag)
                nested.write(item, out)
                out.append(close_tag)


class _ListWriter:
    """Writes the entries of a list, each in its own element."""

    __slots__ = ("close_tag", "nested", "open_tag", "to_text")

    def __init__(self, tag):
        self.open_tag = f"<{tag}>"
        self.close_tag = f"</{tag}>"
        self.to_text = None
        self.nested = None

    def write(self, value, out):
        open_tag, close_tag = self.open_tag, self.close_tag
        if self.to_text is not None:
            to_text = self.to_text
            out.extend(f"{open_tag}{to_text(item)}{close_tag}" for item in value)
            return
        for item in value:
            out.append(open_tag)
            self.nested.write(item, out)
            out.append(close_tag)


def member_tag(member_name, member_shape):
    """The element name botocore's EC2 parser expects for a structure member."""
    return member_shape.serialization.get("name") or member_name


class XmlSerializer:
    """Renders EC2 Query responses for any operation of the EC2 model from dicts keyed by API member names."""

    def __init__(self, service_model=None):
        self._model = service_model or load_ec2_model()
        self._writers = {}
        self._lock = threading.Lock()

    @property
    def model(self):
        return self._model

    def writer_for(self, shape):
        """The cached writer for a structure or list shape (built on first use)."""
        with self._lock:
            return self._writer_locked(shape)

    def _writer_locked(self, shape):
        writer = self._writers.get(shape.name)
        if writer is not None:
            return writer
        if shape.type_name == "structure":
            writer = _StructureWriter()
            self._writers[shape.name] = writer
            writer.members = tuple(self._member_entry(name, member) for name, member in shape.members.items())
        elif shape.type_name == "list":
            writer = _ListWriter(shape.member.serialization.get("name") or "item")
            self._writers[shape.name] = writer
            writer.to_text, writer.nested = self._value_writer(shape.member)
        else:
            raise ValueError(f"shape {shape.name} of type {shape.type_name} has no element writer")
        return writer

    def _value_writer(self, shape):
        to_text = _SCALAR_TEXT.get(shape.type_name)
        if to_text is not None:
            return to_text, None
        return None, self._writer_locked(shape)

    def _member_entry(self, name, member_shape):
        tag = member_tag(name, member_shape)
        to_text, nested = self._value_writer(member_shape)
        return name, f"<{tag}>", f"</{tag}>", to_text, nested

    def render_shape(self, shape_name, value):
        """The inner XML of one structure value (no enclosing element), mostly for tests and debugging."""
        out = []
        self.writer_for(self._model.shape_for(shape_name)).write(value, out)
        return "".join(out)

    def response(self, operation_name, data, request_id):
        """The full XML document answering ``operation_name`` with output members taken from ``data``."""
        operation = self._model.operation_model(operation_name)
        out = [
            XML_DECLARATION,
            f'<{operation_name}Response xmlns="{XML_NAMESPACE}">',
            f"<requestId>{escape_text(request_id)}</requestId>",
        ]
        if operation.output_shape is not None:
            self.writer_for(operation.output_shape).write(data, out)
        out.append(f"</{operation_name}Response>")
        return "".join(out)


def error_document(code, message, request_id):
    """The EC2 error envelope."""
    return (
        f"{XML_DECLARATION}<Response><Errors><Error><Code>{escape_text(code)}</Code>"
        f"<Message>{escape_text(message)}</Message></Error></Errors>"
        f"<RequestID>{escape_text(request_id)}</RequestID></Response>"
    )
