# SPDX-License-Identifier: GPL-3.0-or-later
"""The boto3 floor of the benchmark: list every connection with plain boto3 and print them as JSON.

    python benchmarks/floor_boto3.py ENDPOINT_URL REGION CLIENT_VPN_ENDPOINT_ID

Credentials come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).  This is the least any
Python program pays to read the connections through botocore and hand them on: one request per 1000
connections, botocore's XML parsing, one list of the parsed records, one JSON document.
"""

import json
import sys

import boto3


def main():
    endpoint_url, region, endpoint_id = sys.argv[1:4]
    client = boto3.client("ec2", endpoint_url=endpoint_url, region_name=region)
    request = {"ClientVpnEndpointId": endpoint_id, "MaxResults": 1000}
    connections = []
    while True:
        page = client.describe_client_vpn_connections(**request)
        connections.extend(page.get("Connections", []))
        token = page.get("NextToken")
        if not token:
            break
        request["NextToken"] = token
    print(json.dumps({"Connections": connections}))


if __name__ == "__main__":
    main()
