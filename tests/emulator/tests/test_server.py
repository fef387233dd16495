# SPDX-License-Identifier: GPL-3.0-or-later
"""The Emulator object: loopback only, lifecycle, concurrency, awkward text."""

import concurrent.futures
import urllib.error
import urllib.request

import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import conn_id
from conftest import connection
from conftest import make_client
from conftest import state_with

from cvpn_emulator import Emulator
from cvpn_emulator import EmulatorState
from cvpn_emulator import StateError


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.0.1", "10.0.0.1", "::1", "::", "example.com", ""])
def test_only_ipv4_loopback_hosts_are_accepted(host):
    with pytest.raises(ValueError):
        Emulator(host=host)


def test_localhost_means_127_0_0_1():
    with Emulator(host="localhost") as emu:
        assert emu.url.startswith("http://127.0.0.1:")


def test_lifecycle():
    emu = Emulator(state_with([]))
    assert not emu.running
    with pytest.raises(RuntimeError):
        _url = emu.url
    emu.start()
    assert emu.start() is emu
    url = emu.url
    with urllib.request.urlopen(f"{url}/_emulator/health", timeout=10) as response:
        assert response.status == 200
    emu.stop()
    emu.stop()
    assert not emu.running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/_emulator/health", timeout=10)


def test_state_argument_forms(tmp_path):
    data = state_with([connection(conn_id(1), "a")])
    path = tmp_path / "state.json"
    path.write_text(EmulatorState(data).to_json(), encoding="utf-8")
    for given in (data, str(path), path, EmulatorState(data)):
        with Emulator(given, now=NOW) as emu:
            assert [item["ConnectionId"] for item in emu.state.to_dict()["connections"]] == [conn_id(1)]
    with pytest.raises(StateError):
        Emulator(data, bogus_setting=1)


def test_the_caller_state_dict_is_not_modified():
    data = state_with([connection(conn_id(1), "a")])
    with Emulator(data, now=NOW, terminate_delay_seconds=0) as emu:
        make_client(emu).terminate_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, ConnectionId=conn_id(1))
    assert data["connections"][0]["Status"] == {"Code": "active"}


def test_text_xml_cannot_carry_is_replaced_and_the_rest_survives():
    records = [connection(conn_id(1), "bell\x07user"), connection(conn_id(2), "]]><x>&amp;</x>\r\n")]
    with Emulator(state_with(records), now=NOW) as emu:
        listed = make_client(emu).describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)["Connections"]
    assert [item["Username"] for item in listed] == ["bell\ufffduser", "]]><x>&amp;</x>\r\n"]


def test_concurrent_clients_get_consistent_answers(emulator):
    def work(number):
        client = make_client(emulator)
        listed = []
        for page in client.get_paginator("describe_client_vpn_connections").paginate(
            ClientVpnEndpointId=ENDPOINT_ID, PaginationConfig={"PageSize": 25}
        ):
            listed.extend(item["ConnectionId"] for item in page["Connections"])
        return number, listed

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(work, range(6)))
    expected = [item["ConnectionId"] for item in emulator.state.to_dict()["connections"]]
    assert all(listed == expected for _number, listed in results)
    assert len(emulator.requests) == 6 * 8
