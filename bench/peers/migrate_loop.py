"""Peer for bench/migration_bench: the backfill loop teams write with boto3, on one thread: Scan a
page, then one conditional UpdateItem per item, until MAX_ITEMS items were updated.

    /usr/bin/python3 migrate_loop.py ENDPOINT TABLE ATTRIBUTE MAX_ITEMS  ->  {"items_per_second": ...}
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, table, attribute, max_items = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = boto3.client(
    "dynamodb",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="bench",
    aws_secret_access_key="bench",
    config=Config(max_pool_connections=1),
)

start = time.perf_counter()
done = 0
request = {"TableName": table}
while done < max_items:
    page = client.scan(**request)
    for item in page["Items"]:
        if done == max_items:
            break
        client.update_item(
            TableName=table,
            Key={"pk": item["pk"]},
            UpdateExpression="SET #a = :one",
            ConditionExpression="attribute_not_exists(#a)",
            ExpressionAttributeNames={"#a": attribute},
            ExpressionAttributeValues={":one": {"N": "1"}},
        )
        done += 1
    if "LastEvaluatedKey" not in page:
        break
    request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
print(json.dumps({"items_per_second": done / (time.perf_counter() - start)}))
