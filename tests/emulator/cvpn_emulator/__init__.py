# SPDX-License-Identifier: GPL-3.0-or-later
"""A local stand-in for the EC2 Client VPN API (EC2 Query protocol over HTTP on a loopback address).

from cvpn_emulator import Emulator, generate_connections, generate_endpoint

state = {"endpoints": [generate_endpoint(ENDPOINT)], "connections": generate_connections(ENDPOINT, 100)}
with Emulator(state, now="2024-05-01 12:00:00") as emu:
    client = boto3.client("ec2", endpoint_url=emu.url, region_name="us-east-1", ...)
"""

from .clock import format_time
from .clock import parse_time
from .errors import ApiError
from .faults import FAULT_DEFAULTS
from .faults import Faults
from .generator import DEFAULT_ENDPOINT_ID
from .generator import generate_connections
from .generator import generate_endpoint
from .generator import generate_state
from .server import Emulator
from .state import DEFAULT_SETTINGS
from .state import EmulatorState
from .state import StateError
from .xmlserializer import XmlSerializer

__all__ = [
    "DEFAULT_ENDPOINT_ID",
    "DEFAULT_SETTINGS",
    "FAULT_DEFAULTS",
    "ApiError",
    "Emulator",
    "EmulatorState",
    "Faults",
    "StateError",
    "XmlSerializer",
    "format_time",
    "generate_connections",
    "generate_endpoint",
    "generate_state",
    "parse_time",
]
