// Peer for bench/client_throughput: the AWS SDK for JavaScript v3 doing the same sequential
// PutItem and GetItem calls as our client, over one kept-alive connection.
//   node put_get.cjs ENDPOINT TABLE COUNT
//     ->  {"put_per_second": ..., "get_per_second": ..., "put_cpu_us": ..., "get_cpu_us": ...}
// (*_cpu_us: whole-process user + system CPU per request over the timed loop.)
// Run with NODE_PATH=tools/node_modules (the driver does).
const { DynamoDBClient, PutItemCommand, GetItemCommand } = require("@aws-sdk/client-dynamodb");
const { NodeHttpHandler } = require("@smithy/node-http-handler");
const http = require("node:http");
const https = require("node:https");

const [endpoint, table, countText] = process.argv.slice(2);
const count = Number(countText);
const client = new DynamoDBClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  maxAttempts: 1,
  requestHandler: new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    // For an https endpoint (client_throughput --tls); the CA comes from NODE_EXTRA_CA_CERTS.
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 1 }),
  }),
});

const item = (i) => ({
  pk: { S: `item-${i}` },
  payload: { S: "x".repeat(200) },
  n: { N: String(i) },
});

async function timed(operation) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await operation(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { perSecond: count / seconds, cpuUs: (cpu.user + cpu.system) / count };
}

async function main() {
  // Warm-up: connection, credentials and the SDK's lazy initialisation.
  for (let i = 0; i < 50; i++) {
    await client.send(new PutItemCommand({ TableName: table, Item: item(i) }));
  }
  const put = await timed((i) => client.send(new PutItemCommand({ TableName: table, Item: item(i) })));
  const get = await timed((i) =>
    client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `item-${i}` } } })),
  );
  console.log(
    JSON.stringify({
      put_per_second: put.perSecond,
      get_per_second: get.perSecond,
      put_cpu_us: put.cpuUs,
      get_cpu_us: get.cpuUs,
    }),
  );
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
