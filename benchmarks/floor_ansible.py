# SPDX-License-Identifier: GPL-3.0-or-later
"""The Ansible floor of the benchmark: the boto3 floor's paging inside a bare AnsibleModule.

    python benchmarks/floor_ansible.py ARGS_FILE

ARGS_FILE holds {"ANSIBLE_MODULE_ARGS": {...}} with the same options the benchmark gives the module:
endpoint_url, region, access_key, secret_key and client_vpn_endpoint_id.  secret_key is no_log, as in
the module, so exit_json() scrubs the result for the same set of secret values.  The raw (CamelCase) list
goes through exit_json() unchanged: this is what every module pays for Ansible's own result handling
(argument parsing, the copy made by remove_values(), Ansible's JSON encoder) on top of the boto3 floor.
"""

import boto3
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint_url=dict(type="str"),
            region=dict(type="str"),
            access_key=dict(type="str", no_log=False),
            secret_key=dict(type="str", no_log=True),
            client_vpn_endpoint_id=dict(type="str", required=True),
        ),
    )
    params = module.params
    client = boto3.client(
        "ec2",
        endpoint_url=params["endpoint_url"],
        region_name=params["region"],
        aws_access_key_id=params["access_key"],
        aws_secret_access_key=params["secret_key"],
    )
    request = {"ClientVpnEndpointId": params["client_vpn_endpoint_id"], "MaxResults": 1000}
    connections = []
    while True:
        page = client.describe_client_vpn_connections(**request)
        connections.extend(page.get("Connections", []))
        token = page.get("NextToken")
        if not token:
            break
        request["NextToken"] = token
    module.exit_json(changed=False, connections=connections)


if __name__ == "__main__":
    main()
