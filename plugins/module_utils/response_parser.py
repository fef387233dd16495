# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

A faster walk of EC2 Query XML responses, for the clients this collection creates.

botocore turns an EC2 response into a dict in two steps: expat builds an element tree (in C), then a
walk driven by the service model turns the tree into dicts and lists.  That walk looks up a handler
by name for every element, strips every tag's namespace with a regular expression and builds a
name-to-element map for every structure: about three times the cost of building the tree, and a
quarter of the info module's run at 50,000 connections.

CompiledEC2QueryParser is botocore's EC2 parser with that walk replaced, for the shapes that make up
these responses (structures, non-flattened lists and strings), by a walk per shape built once from
the same service model.  It returns what botocore returns, key order included: each structure's keys
in the model's member order, missing members absent, an empty element an empty string, unknown
elements ignored.  Everything else goes to botocore's own parser, unchanged: error responses,
numbers, booleans, timestamps, blobs, maps, flattened lists, XML attributes, tagged unions, and any
structure that repeats a member's element (botocore has a rule of its own for that).

It rests on botocore internals, so compiled_parser_problem() checks them before a client uses it: the
internals must be there, and a small recorded response must parse to exactly what botocore's parser gives.
Otherwise, or when the VPNOPS_AWS_COMPILED_PARSER environment variable is 0, clients keep botocore's parser.
"""

import os

try:
    import botocore
    import botocore.model
    import botocore.session
    from botocore.parsers import EC2QueryParser
    from botocore.parsers import ResponseParserFactory
except ImportError:  # the modules report the missing boto3/botocore themselves
    EC2QueryParser = object
    ResponseParserFactory = None

# Set to 0 (or false, no, off) to parse with botocore's own EC2 parser.
SWITCH = "VPNOPS_AWS_COMPILED_PARSER"
_OFF = ("0", "false", "no", "off")

# Member traits that make botocore parse a structure in a way of its own.
_SPECIAL_MEMBER_TRAITS = ("location", "eventheader", "xmlAttribute")


def _local_name(tag):
    """An element's tag without its namespace: '{http://...}connectionId' -> 'connectionId'."""
    start = tag.rfind("}") + 1
    return tag[start:]


def _element_name(member_name, member):
    """The element botocore reads a (non-flattened) structure member from: its locationName, else its name."""
    serialized_name = member.serialization.get("name")
    return member_name if serialized_name is None else serialized_name


def _is_plain_structure(shape):
    if shape.metadata.get("exception") or shape.is_tagged_union or shape.is_document_type:
        return False
    for member in shape.members.values():
        if any(member.serialization.get(trait) for trait in _SPECIAL_MEMBER_TRAITS):
            return False
        if member.type_name == "list" and member.serialization.get("flattened"):
            return False
    return True


class CompiledEC2QueryParser(EC2QueryParser):
    """botocore's EC2 Query parser, with a precompiled walk for structures, lists and strings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shapes this walk leaves to botocore are parsed by botocore's own parser, all the way down.
        self._botocore = EC2QueryParser(*args, **kwargs)
        self._walks = {}

    def _parse_shape(self, shape, node):
        return self._walk(shape)(node)

    def _walk(self, shape, building=()):
        """The function that parses an element of shape, built on first use and then reused.

        building holds the names of the shapes whose walks are being built, outermost first.
        """
        walk = self._walks.get(shape)
        if walk is None:
            if shape.name in building:
                # A shape that contains itself (botocore gives each reference a new shape object): its walk
                # is built when an element of it is parsed, so only as deep as the response goes.
                def deferred_walk(node):
                    return self._walk(shape)(node)

                return deferred_walk
            walk = self._walks[shape] = self._build(shape, building + (shape.name,))
        return walk

    def _build(self, shape, building):
        if shape.type_name == "structure" and _is_plain_structure(shape):
            members = {
                _element_name(name, member): (position, name, self._walk(member, building))
                for position, (name, member) in enumerate(shape.members.items())
            }
            return _StructureWalk(members, self._botocore_walk(shape))
        if shape.type_name == "list" and not shape.serialization.get("flattened"):
            item_walk = self._walk(shape.member, building)
            return lambda node: [item_walk(item) for item in node]
        if shape.type_name == "string":
            return _string_walk
        return self._botocore_walk(shape)

    def _botocore_walk(self, shape):
        parse_shape = self._botocore._parse_shape

        def walk(node):
            return parse_shape(shape, node)

        return walk


def _string_walk(node):
    text = node.text
    return "" if text is None else text


class _StructureWalk:
    """Parses the element of a structure shape into a dict whose keys come in the model's member order.

    Elements normally come in that order too, and are then read in one pass, by their tag.  Elements
    in another order are collected first and read in the model's order; a member element given twice
    sends the whole element to botocore.
    """

    def __init__(self, members, botocore_walk):
        # {element name: (position, member name, walk)}, in the model's member order.
        self._members = members
        self._botocore_walk = botocore_walk
        # {element tag, namespace included: the member entry, or None to skip it}; bounded, so that a
        # response full of unknown elements cannot make it grow without end.
        self._by_tag = {}
        self._tag_limit = 4 * len(members) + 16

    def _entry_for(self, tag):
        entry = self._members.get(_local_name(tag))
        if len(self._by_tag) < self._tag_limit:
            self._by_tag[tag] = entry
        return entry

    def _in_model_order(self, node):
        children = {}
        for child in node:
            element_name = _local_name(child.tag)
            if element_name in children:
                return self._botocore_walk(node)
            children[element_name] = child
        parsed = {}
        for element_name, (_position, name, member_walk) in self._members.items():
            child = children.get(element_name)
            if child is not None:
                parsed[name] = member_walk(child)
        return parsed

    def __call__(self, node):
        by_tag = self._by_tag
        parsed = {}
        last = -1
        for child in node:
            tag = child.tag
            entry = by_tag[tag] if tag in by_tag else self._entry_for(tag)
            if entry is None:
                continue
            position, name, member_walk = entry
            if position <= last:
                return self._in_model_order(node)
            last = position
            parsed[name] = member_walk(child)
        return parsed


class ResponseParsers:
    """A botocore response parser factory that gives EC2 clients CompiledEC2QueryParser.

    Other protocols get botocore's own parsers.  Register it on a botocore session as the
    ``response_parser_factory`` component before creating clients from that session.
    """

    def __init__(self):
        self._botocore = ResponseParserFactory()

    def create_parser(self, protocol_name):
        if protocol_name == "ec2":
            return CompiledEC2QueryParser()
        return self._botocore.create_parser(protocol_name)


# (where, attribute) pairs of the botocore internals the compiled walk relies on; attributes set per instance
# (Shape.type_name, Shape.name) are exercised by the self-check.
_INTERNALS = (
    ("botocore.parsers.EC2QueryParser", "_parse_shape"),
    ("botocore.parsers.ResponseParserFactory", "create_parser"),
    ("botocore.session.Session", "register_component"),
    ("botocore.model.Shape", "serialization"),
    ("botocore.model.Shape", "metadata"),
    ("botocore.model.StructureShape", "members"),
    ("botocore.model.StructureShape", "is_tagged_union"),
    ("botocore.model.StructureShape", "is_document_type"),
    ("botocore.model.ListShape", "member"),
)

# A DescribeClientVpnConnections response with what the walk must get right: nested structures, lists,
# empty and missing elements, elements out of the model's order, unknown and repeated elements, entities.
SELF_CHECK_OPERATION = "DescribeClientVpnConnections"
SELF_CHECK_DOCUMENT = (
    '<DescribeClientVpnConnectionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
    "<requestId>req-1</requestId><connections>"
    "<item><clientVpnEndpointId>cvpn-endpoint-01234567</clientVpnEndpointId><connectionId>cvpn-connection-0"
    "</connectionId><username>zo&#235; &amp; &lt;x&gt;</username><clientIp/><status><code>active</code></status>"
    "<postureComplianceStatusSet><item>compliant</item><item/></postureComplianceStatusSet>"
    "<unknownMember>x</unknownMember></item>"
    "<item><status><code>terminated</code><message>m</message></status><connectionId>cvpn-connection-1"
    "</connectionId><postureComplianceStatusSet/></item>"
    "<item><username>a</username><username>b</username></item><item/>"
    "</connections><nextToken>token</nextToken></DescribeClientVpnConnectionsResponse>"
)


def _missing_internals():
    """The botocore internals the compiled walk needs that are not there, as 'module.Class.attribute'."""
    if ResponseParserFactory is None:
        return ["botocore.parsers"]
    missing = []
    for where, attribute in _INTERNALS:
        module_name, class_name = where.rsplit(".", 1)
        owner = getattr(__import__(module_name, fromlist=[class_name]), class_name, None)
        if owner is None or not hasattr(owner, attribute):
            missing.append(f"{where}.{attribute}")
    return missing


def _same(first, second):
    """Whether two parsed responses are equal, key order and value types included."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return list(first) == list(second) and all(_same(first[key], second[key]) for key in first)
    if isinstance(first, list):
        return len(first) == len(second) and all(map(_same, first, second))
    if hasattr(first, "tag"):
        # botocore returns the XML elements of a member given twice: equal when their tags and text are.
        return (first.tag, first.text) == (second.tag, second.text)
    return first == second


# The self-check's outcome, once per process: {"problem": None or why the compiled walk cannot be used}.
_SELF_CHECK = {}


def _self_check_problem(session=None):
    """Why the compiled walk cannot be used with the installed botocore, or None; checked once per process.

    session is the botocore session the client will be made from: its loader then reads the EC2 service
    model once for both.
    """
    if "problem" not in _SELF_CHECK:
        _SELF_CHECK["problem"] = _run_self_check(session)
    return _SELF_CHECK["problem"]


def _run_self_check(session):
    missing = _missing_internals()
    if missing:
        return f"botocore {botocore.__version__} lacks {', '.join(missing)}"
    try:
        session = session or botocore.session.get_session()
        shape = session.get_service_model("ec2").operation_model(SELF_CHECK_OPERATION).output_shape
        response = {"body": SELF_CHECK_DOCUMENT.encode("utf-8"), "headers": {}, "status_code": 200}
        compiled = CompiledEC2QueryParser().parse(response, shape)
        reference = EC2QueryParser().parse(response, shape)
    except Exception as exc:  # pylint: disable=broad-exception-caught  # any failure means: do not use it
        return f"its self-check failed with botocore {botocore.__version__}: {type(exc).__name__}: {exc}"
    if not _same(compiled, reference):
        return f"its self-check result differs from botocore {botocore.__version__}'s parser"
    return None


def compiled_parser_problem(environ=None, session=None):
    """None when clients may use the compiled parser, else why not (a sentence for the module's debug log).

    session: the botocore session the clients will be made from, if there is one already.
    """
    environ = os.environ if environ is None else environ
    if environ.get(SWITCH, "").strip().lower() in _OFF:
        return f"switched off by the {SWITCH} environment variable"
    return _self_check_problem(session)
