"""Peer for bench/client_throughput: boto3 doing the same sequential PutItem and GetItem calls as
our client, over one kept-alive connection.

    /usr/bin/python3 put_get.py ENDPOINT TABLE COUNT
        ->  {"put_per_second": ..., "get_per_second": ..., "put_cpu_us": ..., "get_cpu_us": ...}

(*_cpu_us: whole-process user + system CPU per request over the timed loop.)
"""
import json
import resource
import sys
import time

import boto3
from botocore.config import Config

endpoint, table, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = boto3.client(
    "dynamodb",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="bench",
    aws_secret_access_key="bench",
    config=Config(max_pool_connections=1, retries={"max_attempts": 1}),
)


def item(i):
    return {"pk": {"S": f"item-{i}"}, "payload": {"S": "x" * 200}, "n": {"N": str(i)}}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(operation):
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    for i in range(count):
        operation(i)
    seconds = time.perf_counter() - start
    return count / seconds, (cpu_seconds() - cpu_start) * 1e6 / count


for i in range(50):  # warm-up: connection and botocore's lazy loading
    client.put_item(TableName=table, Item=item(i))
put = timed(lambda i: client.put_item(TableName=table, Item=item(i)))
get = timed(lambda i: client.get_item(TableName=table, Key={"pk": {"S": f"item-{i}"}}))
print(
    json.dumps(
        {"put_per_second": put[0], "get_per_second": get[0], "put_cpu_us": put[1], "get_cpu_us": get[1]}
    )
)
