"""Signs requests with botocore's SigV4Auth, as a second opinion for botocore_signing_test.cpp.

Run with Debian's /usr/bin/python3 (package python3-botocore). Reads one JSON object a line:
  {"method", "url", "headers": [[name, value], ...], "body", "access_key", "secret_key",
   "token", "region", "service", "time": "YYYYMMDDTHHMMSSZ"}
and writes one JSON object a line: {"canonical_request", "authorization"}.
"""

import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class _FixedClock:
    """Stands in for the datetime module inside botocore.auth, so a signature has a chosen time."""

    now = None

    class datetime:  # noqa: N801 - mirrors the name botocore.auth looks up
        @staticmethod
        def utcnow():
            return _FixedClock.now

        strptime = datetime.datetime.strptime


def sign(spec):
    _FixedClock.now = datetime.datetime.strptime(spec["time"], "%Y%m%dT%H%M%SZ")
    request = AWSRequest(method=spec["method"], url=spec["url"], data=spec["body"].encode("utf-8"))
    for name, value in spec["headers"]:
        request.headers[name] = value  # appends, so a repeated header keeps every value
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec["token"] or None)
    signer = botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"])
    signer.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]
    return {
        "canonical_request": signer.canonical_request(request),
        "authorization": authorization,
    }


def main():
    botocore.auth.datetime = _FixedClock
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(sign(json.loads(line))))


if __name__ == "__main__":
    main()
