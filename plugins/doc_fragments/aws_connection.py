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
      - It must look like an AWS region name (lowercase words and a number joined by hyphens, such as
        V(us-gov-west-1)); any other value fails the task before any request.
      - When not set, the E(AWS_REGION) environment variable is used, then boto3's own lookup
        (E(AWS_DEFAULT_REGION), the shared configuration file).
    type: str
    aliases: [aws_region]
  endpoint_url:
    description:
      - URL to send API requests to instead of the regional EC2 endpoint, for example a VPC interface endpoint.
      - It must be an C(http://) or C(https://) URL with a host, of at most 2048 characters, without spaces,
        control characters, a user name or password, a query or a fragment.
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
      - When set, the file must exist and be readable.
    type: path
  aws_config:
    description:
      - Settings passed to C(botocore.config.Config), for example timeouts or the retry behaviour.
      - Requests use botocore's V(standard) retry mode with up to 10 retries (11 attempts in all) unless C(retries)
        is set here.
      - Each setting is checked before any request; a bad one fails the task naming C(aws_config.<key>), the value
        and what is allowed. Accepted are C(retries) (a dictionary of C(mode) V(legacy), V(standard) or
        V(adaptive), C(max_attempts) 0 to 50 and C(total_max_attempts) 1 to 51), C(connect_timeout) and
        C(read_timeout) (seconds, more than 0 and at most 3600), C(max_pool_connections) (1 to 100),
        C(tcp_keepalive), C(parameter_validation), C(inject_host_prefix), C(use_dualstack_endpoint),
        C(use_fips_endpoint) and C(ignore_configured_endpoint_urls) (booleans), C(defaults_mode),
        C(user_agent_extra) (added after the collection's own user agent), C(user_agent_appid), C(client_cert),
        C(proxies) (C(http) and C(https) proxy URLs) and C(proxies_config).
      - Refused are settings that EC2 does not use or that would undo the collection's choices, such as
        C(region_name) (use O(region)), C(user_agent), C(signature_version) and the Amazon S3 settings.
      - See U(https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html).
    type: dict
requirements:
  - python >= 3.11
  - boto3 >= 1.35.0
  - botocore >= 1.35.0
notes:
  - Environment variables and AWS configuration files are read on the host that runs the module,
    usually C(localhost) for AWS modules.
  - Throttled requests (C(RequestLimitExceeded)) are retried by botocore with exponential backoff.
  - EC2 responses are parsed by a parser compiled from botocore's service model, which gives the same results
    faster. It is used only when the botocore internals it relies on are there and a self-check gives exactly
    what botocore's own parser gives; otherwise, or when the E(VPNOPS_AWS_COMPILED_PARSER) environment variable
    is V(0) (or V(false), V(no), V(off)) on the host that runs the module, botocore's own parser is used. Which
    parser was used, and why, is written to the module's debug log (with E(ANSIBLE_DEBUG) set to V(1), the
    system log (syslog or journald) of the host that runs the module).
  - A failure reported for an AWS error returns C(boto3_version) and C(botocore_version) for a bug report; so
    does an error the collection did not expect, which also returns its traceback as C(exception) (shown with
    C(-vvv)).
"""
