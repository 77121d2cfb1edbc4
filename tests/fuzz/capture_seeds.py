#!/usr/bin/env python3
"""Seeds for the response_parser fuzz target: real DynamoDB Local answers plus a few written from
the API reference (what DynamoDB Local never sends: throttling, unprocessed batch entries, proxy
pages, metadata credentials documents), each with the target's two header bytes.

    endpoint=$(tools/local-dynamodb start /tmp/seeds-ddb)
    python3 tests/fuzz/capture_seeds.py "$endpoint" OUT_DIR
    tools/local-dynamodb stop /tmp/seeds-ddb

Then merge OUT_DIR into the committed corpus (tests/fuzz/README.md). Needs curl (--aws-sigv4).
"""
import json
import os
import subprocess
import sys
import tempfile

# The target's operation numbers (response_parser_fuzzer.cpp, enum Operation).
OPERATIONS = {
    "CreateTable": 0, "DescribeTable": 1, "DeleteTable": 2, "UpdateTimeToLive": 3,
    "ListTables": 4, "PutItem": 5, "GetItem": 6, "UpdateItem": 7, "DeleteItem": 8, "Query": 9,
    "Scan": 10, "BatchWriteItem": 11, "BatchGetItem": 12, "TransactWriteItems": 13,
    "TransactGetItems": 14, "Credentials": 15,
}
# Byte 0 of an input: below 0x80 is 200, otherwise kErrorStatuses[byte % 8].
STATUS_BYTES = {200: 0x00, 400: 0x80, 403: 0x82, 413: 0x83, 500: 0x84, 502: 0x85, 503: 0x86,
                504: 0x87}
CRC_MATCHING = 1 << 4

ITEM = {
    "pk": {"S": "o#1"}, "sk": {"N": "1"}, "total": {"N": "-12.50e3"}, "blob": {"B": "AAEC/w=="},
    "open": {"BOOL": True}, "gone": {"NULL": True}, "tags": {"SS": ["a", "b"]},
    "sizes": {"NS": ["1", "2.5"]}, "bins": {"BS": ["AA==", "AAE="]},
    "address": {"M": {"city": {"S": "Lyon"}, "zip": {"N": "69001"}}},
    "lines": {"L": [{"S": "x"}, {"N": "3"}, {"L": []}, {"M": {}}]},
}


def seed(out_dir, name, status, operation, body, crc=True):
    header = bytes([STATUS_BYTES[status], OPERATIONS[operation] | (CRC_MATCHING if crc else 0)])
    data = body if isinstance(body, bytes) else body.encode()
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(header + data)


def call(endpoint, operation, request):
    """(status, body) of one signed request to DynamoDB Local."""
    with tempfile.NamedTemporaryFile() as body_file:
        status = subprocess.run(
            ["curl", "-s", "-o", body_file.name, "-w", "%{http_code}", "-X", "POST", endpoint,
             "--aws-sigv4", "aws:amz:us-east-1:dynamodb", "--user", "seeds:seeds",
             "-H", "Content-Type: application/x-amz-json-1.0",
             "-H", "X-Amz-Target: DynamoDB_20120810." + operation,
             "--data-binary", json.dumps(request)],
            check=True, capture_output=True, text=True).stdout
        return int(status), open(body_file.name, "rb").read()


def capture(endpoint, out_dir):
    def record(name, operation, request):
        status, body = call(endpoint, operation, request)
        seed(out_dir, "local-" + name, status, operation, body)

    key_schema = [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"},
                   {"AttributeName": "sk", "AttributeType": "N"},
                   {"AttributeName": "gsi", "AttributeType": "S"}]
    record("create-table", "CreateTable", {
        "TableName": "orders", "KeySchema": key_schema, "AttributeDefinitions": definitions,
        "BillingMode": "PROVISIONED",
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        "GlobalSecondaryIndexes": [{
            "IndexName": "by-gsi", "KeySchema": [{"AttributeName": "gsi", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}],
        "LocalSecondaryIndexes": [{
            "IndexName": "by-total",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "gsi", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}]})
    record("create-table-in-use", "CreateTable", {
        "TableName": "orders", "KeySchema": key_schema[:1], "AttributeDefinitions": definitions[:1],
        "BillingMode": "PAY_PER_REQUEST"})
    record("create-table-invalid", "CreateTable", {"TableName": "x"})
    call(endpoint, "CreateTable", {
        "TableName": "simple", "KeySchema": key_schema[:1], "AttributeDefinitions": definitions[:1],
        "BillingMode": "PAY_PER_REQUEST"})
    record("describe-table", "DescribeTable", {"TableName": "orders"})
    record("describe-table-on-demand", "DescribeTable", {"TableName": "simple"})
    record("describe-table-missing", "DescribeTable", {"TableName": "missing"})
    record("update-ttl", "UpdateTimeToLive", {
        "TableName": "simple",
        "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": True}})
    record("list-tables", "ListTables", {})
    record("list-tables-page", "ListTables", {"Limit": 1})

    record("put-item", "PutItem", {"TableName": "orders", "Item": ITEM,
                                   "ReturnConsumedCapacity": "TOTAL"})
    record("put-item-all-old", "PutItem", {"TableName": "orders", "Item": ITEM,
                                           "ReturnValues": "ALL_OLD",
                                           "ReturnConsumedCapacity": "INDEXES"})
    record("put-item-condition-failed", "PutItem", {
        "TableName": "orders", "Item": ITEM, "ConditionExpression": "attribute_not_exists(pk)",
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    record("put-item-invalid", "PutItem", {"TableName": "orders", "Item": {"pk": {"S": "a"}}})
    for i in range(2, 5):
        call(endpoint, "PutItem", {"TableName": "orders",
                                   "Item": {"pk": {"S": "o#1"}, "sk": {"N": str(i)}}})
    key = {"pk": {"S": "o#1"}, "sk": {"N": "1"}}
    record("get-item", "GetItem", {"TableName": "orders", "Key": key,
                                   "ReturnConsumedCapacity": "TOTAL"})
    record("get-item-absent", "GetItem", {"TableName": "orders",
                                          "Key": {"pk": {"S": "x"}, "sk": {"N": "0"}}})
    record("get-item-missing-table", "GetItem", {"TableName": "missing", "Key": key})
    record("update-item-all-new", "UpdateItem", {
        "TableName": "orders", "Key": key, "UpdateExpression": "SET #t = :t",
        "ExpressionAttributeNames": {"#t": "total"},
        "ExpressionAttributeValues": {":t": {"N": "7"}}, "ReturnValues": "ALL_NEW"})
    record("update-item-updated-old", "UpdateItem", {
        "TableName": "orders", "Key": key, "UpdateExpression": "SET #t = :t",
        "ExpressionAttributeNames": {"#t": "total"},
        "ExpressionAttributeValues": {":t": {"N": "8"}}, "ReturnValues": "UPDATED_OLD"})
    record("query", "Query", {
        "TableName": "orders", "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": "o#1"}}, "ReturnConsumedCapacity": "TOTAL"})
    record("query-page", "Query", {
        "TableName": "orders", "KeyConditionExpression": "pk = :pk", "Limit": 2,
        "ExpressionAttributeValues": {":pk": {"S": "o#1"}}})
    record("query-count", "Query", {
        "TableName": "orders", "KeyConditionExpression": "pk = :pk", "Select": "COUNT",
        "ExpressionAttributeValues": {":pk": {"S": "o#1"}}})
    record("scan", "Scan", {"TableName": "orders", "ReturnConsumedCapacity": "INDEXES"})
    record("scan-page", "Scan", {"TableName": "orders", "Limit": 1})
    record("batch-write", "BatchWriteItem", {"RequestItems": {"orders": [
        {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": "1"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "b"}, "sk": {"N": "2"}}}}]},
        "ReturnConsumedCapacity": "TOTAL"})
    record("batch-get", "BatchGetItem", {"RequestItems": {"orders": {
        "Keys": [key, {"pk": {"S": "b"}, "sk": {"N": "1"}}], "ConsistentRead": True}},
        "ReturnConsumedCapacity": "TOTAL"})
    record("transact-write", "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "orders", "Item": {"pk": {"S": "t"}, "sk": {"N": "1"}}}},
        {"ConditionCheck": {"TableName": "orders", "Key": key,
                            "ConditionExpression": "attribute_exists(pk)"}}],
        "ReturnConsumedCapacity": "TOTAL"})
    record("transact-write-cancelled", "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "orders", "Item": {"pk": {"S": "t"}, "sk": {"N": "2"}}}},
        {"Update": {"TableName": "orders", "Key": key, "UpdateExpression": "SET a = :a",
                    "ConditionExpression": "attribute_not_exists(pk)",
                    "ExpressionAttributeValues": {":a": {"S": "x"}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]})
    record("transact-get", "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "orders", "Key": key}},
        {"Get": {"TableName": "orders", "Key": {"pk": {"S": "x"}, "sk": {"N": "0"}}}}]})
    record("delete-item-all-old", "DeleteItem", {"TableName": "orders", "Key": key,
                                                 "ReturnValues": "ALL_OLD"})
    record("delete-table", "DeleteTable", {"TableName": "simple"})
    record("unknown-operation", "Scan", {})


def written(out_dir):
    """What DynamoDB sends but DynamoDB Local does not, from the API reference."""
    def error(type_name, message, **more):
        return json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#" + type_name,
                           "message": message, **more})

    item = json.dumps(ITEM)
    seed(out_dir, "ref-throttling", 400, "GetItem",
         error("ThrottlingException", "Rate of requests exceeds the allowed throughput."))
    seed(out_dir, "ref-provisioned-exceeded", 400, "PutItem",
         error("ProvisionedThroughputExceededException", "The level of configured provisioned "
               "throughput for the table was exceeded."))
    seed(out_dir, "ref-request-limit", 400, "Query",
         error("RequestLimitExceeded", "Throughput exceeds the current throughput limit"))
    seed(out_dir, "ref-transaction-conflict", 400, "TransactWriteItems",
         error("TransactionCanceledException", "Transaction cancelled, please refer "
               "cancellation reasons for specific reasons [None, TransactionConflict]",
               CancellationReasons=[{"Code": "None"},
                                    {"Code": "TransactionConflict",
                                     "Message": "Transaction is ongoing for the item"}]))
    seed(out_dir, "ref-transaction-condition", 400, "TransactWriteItems",
         error("TransactionCanceledException", "Transaction cancelled",
               CancellationReasons=[{"Code": "ConditionalCheckFailed",
                                     "Message": "The conditional request failed",
                                     "Item": ITEM}, {"Code": "None"}]))
    seed(out_dir, "ref-in-progress", 400, "TransactWriteItems",
         error("TransactionInProgressException", "in progress"))
    seed(out_dir, "ref-access-denied", 400, "Scan", json.dumps(
        {"__type": "com.amazon.coral.service#AccessDeniedException",
         "Message": "User is not authorized to perform: dynamodb:Scan"}))
    seed(out_dir, "ref-expired-token", 400, "Scan", json.dumps(
        {"__type": "com.amazon.coral.service#ExpiredTokenException",
         "message": "The security token included in the request is expired"}))
    seed(out_dir, "ref-unrecognized-client", 400, "ListTables", json.dumps(
        {"__type": "com.amazon.coral.service#UnrecognizedClientException",
         "message": "The security token included in the request is invalid."}))
    seed(out_dir, "ref-signature", 403, "ListTables", json.dumps(
        {"__type": "com.amazon.coral.service#InvalidSignatureException",
         "message": "The request signature we calculated does not match the signature you "
                    "provided."}))
    seed(out_dir, "ref-internal", 500, "PutItem",
         error("InternalServerError", "Internal server error"))
    seed(out_dir, "ref-unavailable", 503, "GetItem", json.dumps(
        {"__type": "com.amazon.coral.availability#ServiceUnavailableException"}))
    seed(out_dir, "ref-proxy-page", 502, "GetItem",
         "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", crc=False)
    seed(out_dir, "ref-gateway-timeout", 504, "Scan", "", crc=False)
    seed(out_dir, "ref-too-large", 413, "BatchWriteItem", "", crc=False)
    seed(out_dir, "ref-item-collection", 400, "PutItem",
         error("ItemCollectionSizeLimitExceededException", "Item collection size limit"))
    seed(out_dir, "ref-batch-write-unprocessed", 200, "BatchWriteItem", json.dumps({
        "UnprocessedItems": {"orders": [
            {"PutRequest": {"Item": ITEM}},
            {"DeleteRequest": {"Key": {"pk": {"S": "o#2"}, "sk": {"N": "2"}}}}]},
        "ConsumedCapacity": [{"TableName": "orders", "CapacityUnits": 2.0}]}))
    seed(out_dir, "ref-batch-get-unprocessed", 200, "BatchGetItem", json.dumps({
        "Responses": {"orders": [ITEM]},
        "UnprocessedKeys": {"orders": {
            "Keys": [{"pk": {"S": "o#3"}, "sk": {"N": "1"}}], "ConsistentRead": True,
            "ProjectionExpression": "#p, total", "ExpressionAttributeNames": {"#p": "pk"}}},
        "ConsumedCapacity": [{"TableName": "orders", "CapacityUnits": 1.5,
                              "ReadCapacityUnits": 1.5}]}))
    seed(out_dir, "ref-describe-creating", 200, "DescribeTable", json.dumps({"Table": {
        "TableName": "orders", "TableStatus": "CREATING", "ItemCount": 0,
        "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        "CreationDateTime": 1.716198e9, "TableSizeBytes": 0,
        "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "B"}]}}))
    seed(out_dir, "ref-get-item-capacity", 200, "GetItem", json.dumps({
        "Item": ITEM, "ConsumedCapacity": {"TableName": "orders", "CapacityUnits": 0.5,
                                           "Table": {"CapacityUnits": 0.5}}}))
    seed(out_dir, "ref-credentials-imds", 200, "Credentials", json.dumps({
        "Code": "Success", "LastUpdated": "2024-05-01T11:00:00Z", "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret", "Token": "token",
        "Expiration": "2024-05-01T17:00:00Z"}, indent=2), crc=False)
    seed(out_dir, "ref-credentials-container", 200, "Credentials", json.dumps({
        "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret", "Token": "token",
        "Expiration": "2024-05-01T17:00:00.123+00:00"}), crc=False)
    seed(out_dir, "ref-credentials-failed", 200, "Credentials", json.dumps({
        "Code": "AssumeRoleUnauthorizedAccess", "Message": "denied"}), crc=False)
    seed(out_dir, "ref-corrupted", 200, "Scan", b'{"Items":[],"Count":0}', crc=False)
    with open(os.path.join(out_dir, "ref-corrupted"), "r+b") as f:
        f.write(bytes([0x00, OPERATIONS["Scan"] | (2 << 4)]))  # a wrong x-amz-crc32


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: capture_seeds.py ENDPOINT OUT_DIR")
    os.makedirs(sys.argv[2], exist_ok=True)
    capture(sys.argv[1], sys.argv[2])
    written(sys.argv[2])
