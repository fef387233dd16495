# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the files of playbooks/vpn_report.yml against the connections that the info module listed.

    python check_report.py --listing LISTING.json --csv connections.csv --html index.html
                           [--endpoint ID ...] [--report-time TIME]

LISTING.json holds {"endpoints": [endpoint id, ...], "connections": [connection, ...]}, the connections as the
module returned them; the report must cover the --endpoint ids (default: all of them) and only those.  The
report's "now" is --report-time, else the latest `timestamp` of those connections.  Both files must have mode
0600.  Prints one line per problem and exits 1 when there is any; prints "report ok" and exits 0 otherwise.
"""

import argparse
import csv
import datetime
import html.parser
import json
import os
import pathlib
import stat
import sys

BOM = b"\xef\xbb\xbf"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "client_vpn_endpoint_id",
    "connection_id",
    "username",
    "common_name",
    "status.code",
    "connection_established_time",
    "connection_end_time",
    "client_ip",
    "ingress_bytes",
    "egress_bytes",
    "ingress_packets",
    "egress_packets",
    "connected_seconds",
)
# The elements the page may use; a user name such as <b>bold</b> that reached the page unescaped adds its own.
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "p",
    "section",
    "code",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _time(text):
    return datetime.datetime.strptime(text, TIME_FORMAT)


def _as_text(value):
    """What a spreadsheet-safe cell holds for ``value``: the value, with a ' before a formula character."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _seconds(connection, now):
    ended = connection["connection_end_time"] != "-"
    end = _time(connection["connection_end_time"]) if ended else now
    return max(int((end - _time(connection["connection_established_time"])).total_seconds()), 0)


def _expected_row(connection, now):
    end = connection["connection_end_time"]
    return {
        "client_vpn_endpoint_id": connection["client_vpn_endpoint_id"],
        "connection_id": connection["connection_id"],
        "username": _as_text(connection.get("username", "")),
        "common_name": _as_text(connection["common_name"]),
        "status.code": connection["status"]["code"],
        "connection_established_time": connection["connection_established_time"],
        "connection_end_time": "" if end == "-" else end,
        "client_ip": connection["client_ip"],
        "ingress_bytes": connection["ingress_bytes"],
        "egress_bytes": connection["egress_bytes"],
        "ingress_packets": connection["ingress_packets"],
        "egress_packets": connection["egress_packets"],
        "connected_seconds": str(_seconds(connection, now)),
    }


def check_csv(path, connections, now):
    problems = []
    raw = pathlib.Path(path).read_bytes()
    if not raw.startswith(BOM):
        problems.append("CSV: no UTF-8 byte order mark at the start")
    if raw.count(b"\n") != raw.count(b"\r\n") or not raw.endswith(b"\r\n"):
        problems.append("CSV: not every record ends with CRLF")
    with open(path, encoding="utf-8-sig", newline="") as stream:
        records = list(csv.reader(stream, strict=True))
    header, rows = records[0], records[1:]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return [*problems, f"CSV: the header {header} lacks {missing}"]
    if any(len(row) != len(header) for row in rows):
        problems.append("CSV: a row has not as many fields as the header")
    listed = [dict(zip(header, row, strict=False)) for row in rows]
    ids = [row["connection_id"] for row in listed]
    expected_ids = [connection["connection_id"] for connection in connections]
    if sorted(ids) != sorted(expected_ids):
        problems.append(f"CSV: connection ids {sorted(ids)}, expected {sorted(expected_ids)}")
    by_id = {row["connection_id"]: row for row in listed}
    for connection in connections:
        row = by_id.get(connection["connection_id"])
        if row is None:
            continue
        for column, wanted in _expected_row(connection, now).items():
            if row[column] != wanted:
                problems.append(f"CSV: {connection['connection_id']} {column} is {row[column]!r}, expected {wanted!r}")
    for record in records:
        problems += [f"CSV: the cell {cell!r} starts a formula" for cell in record if cell.startswith(FORMULA_STARTS)]
    return problems


class _Page(html.parser.HTMLParser):
    """The tags of a page, and per endpoint section (its <h2>'s <code>) the header and body rows of its table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attributes = []
        self.sections = {}
        self._endpoint = None
        self._in = []
        self._cell = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag not in VOID_TAGS:
            self._in.append(tag)
        if tag == "h2":
            self._endpoint = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        while tag in self._in and self._in.pop() != tag:
            pass
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            part = "head" if "thead" in self._in else "body" if "tbody" in self._in else "foot"
            self.sections.setdefault(self._endpoint, {"head": [], "body": [], "foot": []})[part].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._in[-1:] == ["code"] and "h2" in self._in:
            self._endpoint += data


def _duration(seconds):
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _expected_people(connections, now):
    """Per identity shown (user name, else certificate common name): the cells the page must show."""
    people = {}
    for connection in connections:
        name = connection.get("username", connection["common_name"])
        person = people.setdefault(name, {"Sessions": 0, "Active": 0, "Ingress bytes": 0, "Egress bytes": 0, "s": 0})
        person["Sessions"] += 1
        person["Active"] += connection["status"]["code"] == "active"
        person["Ingress bytes"] += int(connection["ingress_bytes"])
        person["Egress bytes"] += int(connection["egress_bytes"])
        person["s"] = max(person["s"], _seconds(connection, now))
    return {
        name: {
            **{key: f"{value:,}" for key, value in cells.items() if key != "s"},
            "Longest session": _duration(cells["s"]),
        }
        for name, cells in people.items()
    }


def check_html(path, endpoints, connections, now):
    text = pathlib.Path(path).read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    page.close()
    problems = []
    if ("meta", "charset", "utf-8") not in page.attributes:
        problems.append('HTML: no <meta charset="utf-8">')
    unexpected = sorted(set(page.tags) - ALLOWED_TAGS)
    if unexpected:
        problems.append(f"HTML: unexpected elements {unexpected} (markup from a value not escaped?)")
    outside = [(tag, name) for tag, name, _value in page.attributes if name in ("src", "href", "srcset", "action")]
    if outside or "url(" in text or "@import" in text:
        problems.append(f"HTML: refers to other resources: {outside}")
    if sorted(page.sections) != sorted(endpoints):
        return [*problems, f"HTML: sections for {sorted(page.sections)}, expected {sorted(endpoints)}"]
    for endpoint in endpoints:
        section = page.sections[endpoint]
        header = section["head"][0]
        shown = {row[0]: dict(zip(header, row, strict=True)) for row in section["body"]}
        expected = _expected_people([c for c in connections if c["client_vpn_endpoint_id"] == endpoint], now)
        if sorted(shown) != sorted(expected):
            problems.append(f"HTML: {endpoint} shows {sorted(shown)}, expected {sorted(expected)}")
            continue
        for name, cells in expected.items():
            for column, wanted in cells.items():
                if shown[name].get(column) != wanted:
                    problems.append(
                        f"HTML: {endpoint} {name!r} {column} is {shown[name].get(column)!r}, not {wanted!r}"
                    )
    return problems


def check_modes(paths):
    modes = {path: stat.S_IMODE(os.stat(path).st_mode) for path in paths}
    return [f"{path}: mode {mode:04o}, expected 0600" for path, mode in modes.items() if mode != 0o600]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listing", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--html", required=True)
    parser.add_argument("--endpoint", action="append")
    parser.add_argument("--report-time")
    args = parser.parse_args(argv)
    listing = json.loads(pathlib.Path(args.listing).read_text(encoding="utf-8"))
    endpoints = args.endpoint or listing["endpoints"]
    connections = [c for c in listing["connections"] if c["client_vpn_endpoint_id"] in endpoints]
    now = _time(args.report_time or max(connection["timestamp"] for connection in connections))
    problems = check_modes([args.csv, args.html])
    problems += check_csv(args.csv, connections, now) + check_html(args.html, endpoints, connections, now)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"report ok: {len(connections)} connections on {len(endpoints)} endpoint(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
