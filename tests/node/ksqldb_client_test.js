'use strict';
// End-to-end: the npm client `ksqldb-client` 1.0.5 (HTTP/2 with prior knowledge, "h2c",
// even for /ksql) against `connql serve` and the real Kafka Connect cluster of
// scripts/cluster. Plain Node: the steps run in order and the first failure stops the run.
//
//   CONNQL_BINARY=build/connql CONNECT_URLS=http://127.0.0.1:8083,... \
//   BOOTSTRAP_SERVERS=127.0.0.1:9092 node tests/node/ksqldb_client_test.js
//
// (tests/node/run.sh installs the locked packages first; ctest runs it as cluster_node_client.)
// What the client does with an answer is read from its source (node_modules/ksqldb-client):
//   - executeStatement (lib/index.js) requires one statement ending with ';', POSTs
//     {"ksql": ...} to /ksql and hands the answer to StatementHandler
//     (lib/Handlers/Statement/index.js): on a 200 it resolves {data: {rows: <the array>},
//     error: undefined, status: 200} only if the first entity has commandId or
//     commandSequenceNumber (else it rejects, "Unexpected server response type"); on any
//     other status it resolves {data: undefined, error: <the parsed body>, status}; a
//     body that is not JSON rejects.
//   - listStreams (lib/index.js) sends "LIST STREAMS;" through AdminStatementHandler and
//     returns rows[0].streams, or [] when the answer was not a 200 (it swallows errors):
//     so the test also reads the server's access log to see the 200.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const KsqldbClient = require('ksqldb-client');

const DEADLINE_MS = Number(process.env.CONNQL_NODE_TEST_DEADLINE_MS || 60000);

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (scripts/test.sh exports it from scripts/cluster; see tests/node/run.sh)`);
  }
  return value;
}

const binary = path.resolve(process.env.CONNQL_BINARY || path.join(__dirname, '..', '..', 'build', 'connql'));
const connectUrls = env('CONNECT_URLS');
const bootstrapServers = env('BOOTSTRAP_SERVERS');
const workerUrl = connectUrls.split(',')[0].trim();
// A name of its own per run; the hyphens need ksqlDB's back quotes.
const connectorName = `node-client-${process.pid}-${Date.now()}`;
const quotedName = '`' + connectorName + '`';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits until `check()` returns a truthy value (returned) or throws after the deadline,
// with what the last attempt saw.
async function eventually(what, check, deadlineMs = DEADLINE_MS) {
  const until = Date.now() + deadlineMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = 'condition false';
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > until) throw new Error(`${what}: not so after ${deadlineMs} ms (last: ${last})`);
    await sleep(100);
  }
}

// Connect's REST API, straight, with Node's http: {status, body (parsed when JSON)}.
function connectRest(method, urlPath) {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(urlPath, workerUrl), { method, timeout: 10000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => {
        let body = text;
        try { body = JSON.parse(text); } catch { /* left as text */ }
        resolve({ status: response.statusCode, body });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${urlPath}: timed out`)));
    request.on('error', reject);
    request.end();
  });
}

// ---------------------------------------------------------------------------------------
// The server: started here, its stderr read line by line (the listening line, the access
// log: one JSON object a line), stopped with SIGTERM at the end.

class Server {
  constructor() {
    this.lines = [];       // every stderr line, for the failure report
    this.access = [];      // the access log's records, parsed
    this.exit = null;      // {code, signal} once it exited
    this.exited = null;    // a promise of that
  }

  start() {
    const args = ['serve', '--listen', '127.0.0.1:0', '--connect-url', connectUrls,
      '--bootstrap-servers', bootstrapServers];
    this.process = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => { this.exit = { code, signal }; resolve(this.exit); });
    });
    const spawned = new Promise((resolve, reject) => {
      this.process.on('spawn', resolve);
      this.process.on('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
    });
    this.process.stdout.on('data', (chunk) => { this.lines.push(`(stdout) ${String(chunk).trimEnd()}`); });
    const listening = new Promise((resolve, reject) => {
      readline.createInterface({ input: this.process.stderr }).on('line', (line) => {
        this.lines.push(line);
        const match = /^connql serve: listening on http:\/\/127\.0\.0\.1:(\d+) \(HTTP\/1\.1 and HTTP\/2, h2c\)/.exec(line);
        if (match) resolve(Number(match[1]));
        if (line.startsWith('{')) {
          try { this.access.push(JSON.parse(line)); } catch { /* not a record */ }
        }
      });
      this.exited.then((exit) => reject(new Error(`connql serve exited before listening: ${JSON.stringify(exit)}`)));
      setTimeout(() => reject(new Error(`no "listening on" line within ${DEADLINE_MS} ms`)), DEADLINE_MS).unref();
    });
    return spawned.then(() => listening).then((port) => { this.port = port; return port; });
  }

  // The access record of the next request to `urlPath` after `from` records, waited for
  // (the line is written once the answer is out, which may come after the client has it).
  async accessRecord(from, urlPath) {
    return eventually(`an access log line for ${urlPath}`,
      () => this.access.slice(from).find((record) => record.path === urlPath), 10000);
  }

  async stop() {
    if (this.exit) return this.exit;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 30000);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

// ---------------------------------------------------------------------------------------

const server = new Server();
let client;
let created = false;  // whether the connector may exist on Connect (cleaned up on failure)

// executeStatement, and the access record of its request: HTTP/2 (the client's h2c).
async function execute(statement) {
  const from = server.access.length;
  const answer = await client.executeStatement(statement);
  const record = await server.accessRecord(from, '/ksql');
  assert.equal(record.protocol, 'HTTP/2', `the request went over ${record.protocol}, not h2c`);
  assert.equal(record.method, 'POST');
  assert.equal(record.status, answer.status, 'the access log and the client disagree on the status');
  return answer;
}

// A 200 answer as StatementHandler resolves it: rows is the array of entities, and the
// one entity of a one-statement request carries the command fields it required.
function entitiesOf(answer, statement) {
  assert.equal(answer.status, 200, `${statement} answered ${answer.status}: ${JSON.stringify(answer.error)}`);
  assert.equal(answer.error, undefined);
  assert.ok(answer.data && Array.isArray(answer.data.rows), `data.rows is not an array: ${JSON.stringify(answer.data)}`);
  const rows = answer.data.rows;
  assert.equal(rows.length, 1, `one entity expected: ${JSON.stringify(rows)}`);
  const entity = rows[0];
  assert.equal(typeof entity.statementText, 'string');
  assert.ok(Array.isArray(entity.warnings), 'warnings is not an array');
  assert.equal(typeof entity.commandId, 'string');
  assert.equal(typeof entity.commandSequenceNumber, 'number');
  return entity;
}

async function showConnectors() {
  const entity = entitiesOf(await execute('SHOW CONNECTORS;'), 'SHOW CONNECTORS');
  assert.equal(entity['@type'], 'connector_list');
  assert.ok(Array.isArray(entity.connectors), `connectors is not an array: ${JSON.stringify(entity)}`);
  for (const connector of entity.connectors) assert.equal(typeof connector.name, 'string');
  return entity.connectors;
}

const steps = [
  ['connql serve starts and prints its port', async () => {
    const port = await server.start();
    assert.ok(port > 0 && port < 65536, `port ${port}`);
  }],

  ['ksqldb-client connects (h2c, prior knowledge)', async () => {
    client = new KsqldbClient({ host: '127.0.0.1', port: server.port, timeout: DEADLINE_MS });
    await client.connect();
    assert.equal(client.connected, true);
  }],

  ['SHOW CONNECTORS; is a connector_list without the new name', async () => {
    const names = (await showConnectors()).map((connector) => connector.name);
    assert.ok(!names.includes(connectorName), `${connectorName} already listed: ${names}`);
  }],

  ['CREATE SOURCE CONNECTOR is a connector_info, and the connector exists on Connect', async () => {
    const statement = `CREATE SOURCE CONNECTOR ${quotedName} WITH ('connector.class'='FileStreamSource', ` +
      "'topic'='node-test', 'file'='/tmp/none');";
    created = true;
    const entity = entitiesOf(await execute(statement), 'CREATE SOURCE CONNECTOR');
    assert.equal(entity['@type'], 'connector_info');
    assert.ok(entity.info, `no info: ${JSON.stringify(entity)}`);
    assert.equal(entity.info.name, connectorName);
    assert.equal(entity.info.type, 'source');
    assert.match(entity.info.config['connector.class'], /FileStreamSource/);
    assert.ok(Array.isArray(entity.info.tasks), 'info.tasks is not an array');
    // ksqlDB masks every value but connector.class in statementText.
    assert.ok(!entity.statementText.includes('/tmp/none'), `statementText not masked: ${entity.statementText}`);

    const onConnect = await connectRest('GET', `/connectors/${encodeURIComponent(connectorName)}`);
    assert.equal(onConnect.status, 200, `Connect: GET /connectors/${connectorName}: ${JSON.stringify(onConnect.body)}`);
    assert.equal(onConnect.body.name, connectorName);
    assert.equal(onConnect.body.type, 'source');
    assert.match(onConnect.body.config['connector.class'], /FileStreamSource/);
    assert.equal(onConnect.body.config.topic, 'node-test');
    assert.equal(onConnect.body.config.file, '/tmp/none');
  }],

  ['SHOW CONNECTORS; lists the new connector as a source', async () => {
    const listed = (await showConnectors()).find((connector) => connector.name === connectorName);
    assert.ok(listed, `${connectorName} not listed`);
    assert.equal(listed.type, 'source');
    assert.match(listed.className, /FileStreamSource/);
  }],

  ['DESCRIBE CONNECTOR is a connector_description', async () => {
    const entity = entitiesOf(await execute(`DESCRIBE CONNECTOR ${quotedName};`), 'DESCRIBE CONNECTOR');
    assert.equal(entity['@type'], 'connector_description');
    assert.match(entity.connectorClass, /FileStreamSource/);
    assert.ok(entity.status, `no status: ${JSON.stringify(entity)}`);
    assert.equal(entity.status.name, connectorName);
    assert.equal(entity.status.type, 'source');
    assert.ok(['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING'].includes(entity.status.connector.state),
      `connector state ${entity.status.connector.state}`);
    assert.ok(Array.isArray(entity.status.tasks), 'status.tasks is not an array');
    assert.ok(Array.isArray(entity.sources), 'sources is not an array');
    assert.ok(Array.isArray(entity.topics), 'topics is not an array');
  }],

  ['DROP CONNECTOR is a drop_connector, and the connector is gone from Connect', async () => {
    const entity = entitiesOf(await execute(`DROP CONNECTOR ${quotedName};`), 'DROP CONNECTOR');
    assert.equal(entity['@type'], 'drop_connector');
    assert.equal(entity.connectorName, connectorName);
    await eventually(`Connect answers 404 for ${connectorName}`, async () =>
      (await connectRest('GET', `/connectors/${encodeURIComponent(connectorName)}`)).status === 404);
    created = false;
    const names = (await showConnectors()).map((connector) => connector.name);
    assert.ok(!names.includes(connectorName), `${connectorName} still listed after DROP`);
  }],

  ['a syntax error is the client\'s error object: statement_error 40001', async () => {
    const answer = await execute('SHOW CONNECTRS;');
    assert.equal(answer.status, 400);
    assert.equal(answer.data, undefined);
    assert.ok(answer.error && typeof answer.error === 'object', `error is not an object: ${answer.error}`);
    assert.equal(answer.error['@type'], 'statement_error');
    assert.equal(answer.error.error_code, 40001);
    assert.equal(typeof answer.error.message, 'string');
    assert.match(answer.error.message, /CONNECTRS/, 'the message does not name what was wrong');
    assert.equal(answer.error.statementText, 'SHOW CONNECTRS;');
    assert.deepEqual(answer.error.entities, []);
  }],

  ['listStreams() returns [] from a 200 answer', async () => {
    const from = server.access.length;
    const streams = await client.listStreams();
    assert.deepEqual(streams, []);
    // listStreams turns an error into [] too: the server must have answered 200.
    const record = await server.accessRecord(from, '/ksql');
    assert.equal(record.status, 200, `LIST STREAMS; answered ${record.status}`);
    assert.equal(record.protocol, 'HTTP/2');
  }],

  ['the client disconnects and connql serve exits 0 on SIGTERM', async () => {
    await client.disconnect();
    assert.equal(client.connected, false);
    client = undefined;
    const exit = await server.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(server.lines.includes('connql serve: stopped'), 'no "connql serve: stopped" line');
  }],
];

async function cleanUp() {
  if (client) await client.disconnect().catch(() => {});
  if (created) {
    const answer = await connectRest('DELETE', `/connectors/${encodeURIComponent(connectorName)}`).catch((e) => e);
    console.error(`cleanup: DELETE /connectors/${connectorName}: ${answer.status || answer.message}`);
  }
  if (server.process && !server.exit) await server.stop();
}

async function main() {
  console.log(`ksqldb-client ${require('ksqldb-client/package.json').version}, connql ${binary}, Connect ${connectUrls}`);
  let passed = 0;
  for (const [name, run] of steps) {
    try {
      await run();
    } catch (error) {
      console.error(`not ok ${passed + 1} - ${name}`);
      console.error(error && error.stack ? error.stack : error);
      console.error('--- connql serve stderr (last 40 lines):');
      for (const line of server.lines.slice(-40)) console.error(`    ${line}`);
      await cleanUp();
      console.error(`FAILED: ${name} (${passed} of ${steps.length} steps passed)`);
      process.exit(1);
    }
    passed += 1;
    console.log(`ok ${passed} - ${name}`);
  }
  console.log(`PASSED: all ${steps.length} steps (connector ${connectorName})`);
}

process.on('unhandledRejection', (error) => {
  console.error('unhandled rejection:', error);
  process.exitCode = 1;
});

main();
