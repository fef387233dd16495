# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options shared by every module of the collection."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - AWS access key ID.
      - When not set, the E(AWS_ACCESS_KEY_ID) or E(AWS_ACCESS_KEY) environment variables are used, in that order,
        and then the rest of the boto3 credential chain (shared credentials file, container or instance role).
      - Mutually exclusive with O(profile).
    type: str
    aliases: [aws_access_key_id, aws_access_key]
  secret_key:
    description:
      - AWS secret access key, the pair of O(access_key).
      - When not set, the E(AWS_SECRET_ACCESS_KEY) or E(AWS_SECRET_KEY) environment variables are used, in that
        order, and then the rest of the boto3 credential chain.
      - Mutually exclusive with O(profile).
    type: str
    aliases: [aws_secret_access_key, aws_secret_key]
  session_token:
    description:
      - AWS STS session token, for temporary credentials.
      - When not set, the E(AWS_SESSION_TOKEN) or E(AWS_SECURITY_TOKEN) environment variables are used, in that
        order.
      - Mutually exclusive with O(profile).
    type: str
    aliases: [aws_session_token]
  profile:
    description:
      - A named profile from the shared AWS configuration and credentials files.
      - When not set, boto3 reads the E(AWS_PROFILE) environment variable.
      - Mutually exclusive with O(access_key), O(secret_key) and O(session_token).
    type: str
    aliases: [aws_profile]
  region:
    description:
      - The AWS region of the Client VPN endpoint, for example V(eu-west-1).
      - When not set, the E(AWS_REGION) environment variable is used, then boto3's own lookup
        (E(AWS_DEFAULT_REGION), the shared configuration file).
    type: str
    aliases: [aws_region]
  endpoint_url:
    description:
      - URL to send API requests to instead of the regional EC2 endpoint, for example a VPC interface endpoint.
      - When not set, the E(AWS_URL) environment variable is used, then boto3's own E(AWS_ENDPOINT_URL_EC2) and
        E(AWS_ENDPOINT_URL).
    type: str
    aliases: [aws_endpoint_url]
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API endpoint.
      - Turning this off is strongly discouraged; set O(aws_ca_bundle) for a private certificate authority instead.
    type: bool
    default: true
  aws_ca_bundle:
    description:
      - Path to a CA bundle used to verify the TLS certificate of the API endpoint.
      - When not set, boto3 reads the E(AWS_CA_BUNDLE) environment variable.
    type: path
  aws_config:
    description:
      - Settings passed to C(botocore.config.Config), for example timeouts or the retry behaviour.
      - Requests use botocore's V(standard) retry mode with up to 10 retries (11 attempts in all) unless C(retries)
        is set here.
      - See U(https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html).
    type: dict
requirements:
  - python >= 3.10
  - boto3 >= 1.35.0
  - botocore >= 1.35.0
notes:
  - Environment variables and AWS configuration files are read on the host that runs the module,
    usually C(localhost) for AWS modules.
  - Throttled requests (C(RequestLimitExceeded)) are retried by botocore with exponential backoff.
"""
