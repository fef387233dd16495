# SPDX-License-Identifier: GPL-3.0-or-later
"""A lookup for the integration tests: one request to the admin API of the project's Client VPN emulator.

The tests reset and inspect the emulator hundreds of times; as a lookup, each request is made by
ansible-playbook itself, where a task with the uri module would start a module process for it.
tests/integration/runner.py puts this directory on ANSIBLE_LOOKUP_PLUGINS.
"""

import json
import urllib.error

from ansible.errors import AnsibleLookupError
from ansible.module_utils.urls import open_url
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = r"""
name: emulator
short_description: Send one request to the Client VPN emulator's admin API
description:
  - Sends a request to C(<url>/_emulator/<resource>) and returns the JSON answer (one dict).
  - For the integration tests of this collection only; the emulator listens on 127.0.0.1.
options:
  _terms:
    description: The admin resource, for example C(state), C(requests), C(faults) or C(settings).
    required: true
  url:
    description: The emulator's base URL.
    type: str
    required: true
  method:
    description: The HTTP method.
    type: str
    default: GET
    choices: [GET, PUT, DELETE]
  body:
    description: The JSON body of a V(PUT) request.
    type: raw
"""

_TIMEOUT = 60


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if len(terms) != 1:
            raise AnsibleLookupError(f"emulator: give exactly one admin resource, not {terms!r}")
        url = f"{self.get_option('url').rstrip('/')}/_emulator/{terms[0]}"
        body = self.get_option("body")
        method = self.get_option("method")
        data = None if body is None else json.dumps(body)
        headers = {} if data is None else {"Content-Type": "application/json"}
        try:
            answer = open_url(url, data=data, method=method, headers=headers, timeout=_TIMEOUT, use_proxy=False)
            return [json.loads(answer.read().decode("utf-8") or "{}")]
        except urllib.error.HTTPError as exc:
            raise AnsibleLookupError(f"emulator: {method} {url} answered {exc.code}: {exc.read()!r}") from exc
        except (OSError, ValueError) as exc:
            raise AnsibleLookupError(f"emulator: {method} {url} failed: {exc}") from exc
