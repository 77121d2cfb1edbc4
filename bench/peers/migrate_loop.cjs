// Peer for bench/migration_bench: the backfill loop teams write with the AWS SDK for JavaScript
// v3, on one thread: Scan a page, then one conditional UpdateItem per item, until MAX_ITEMS items
// were updated.
//   node migrate_loop.cjs ENDPOINT TABLE ATTRIBUTE MAX_ITEMS  ->  {"items_per_second": ...}
// Run with NODE_PATH=tools/node_modules (the driver does).
const { DynamoDBClient, ScanCommand, UpdateItemCommand } = require("@aws-sdk/client-dynamodb");
const { NodeHttpHandler } = require("@smithy/node-http-handler");
const http = require("node:http");

const [endpoint, table, attribute, maxText] = process.argv.slice(2);
const maxItems = Number(maxText);
const client = new DynamoDBClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  requestHandler: new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
  }),
});

async function main() {
  const start = process.hrtime.bigint();
  let done = 0;
  let startKey;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    for (const item of page.Items) {
      if (done === maxItems) break;
      await client.send(new UpdateItemCommand({
        TableName: table,
        Key: { pk: item.pk },
        UpdateExpression: "SET #a = :one",
        ConditionExpression: "attribute_not_exists(#a)",
        ExpressionAttributeNames: { "#a": attribute },
        ExpressionAttributeValues: { ":one": { N: "1" } },
      }));
      done++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && done < maxItems);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ items_per_second: done / seconds }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
