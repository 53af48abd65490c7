// A flooding channel in a process of its own (the flood test, test/integration/flood.test.ts): it
// must not share the measuring process's event loop, or the measurement would time the load
// generator, not the API. It is also kept cheap, so that it does not take one of the machine's cores
// for its own client work: node:http on a few keep-alive connections per API instance (no fetch, no
// new connection per request), one prepared body, and a fixed, bounded rate.
//
// argv: <json: { urls: string[], key: string, rate: number, body: object }>
// stdin, one command a line: "on" starts flooding at `rate` requests a second (open loop on a fixed
// schedule, spread over the urls in turn, at most MAX_IN_FLIGHT unanswered), "off" stops and answers
// one JSON line on stdout with what the phase sent and got back:
//   { sent, statuses: { "429": n, … }, retryAfter: [distinct values], connections, cpuMs, seconds }
// (connections: TCP connections opened in the phase; cpuMs: this process's CPU time in the phase),
// "quit" exits.
import http from 'node:http';
import readline from 'node:readline';

const { urls, key, rate, body } = JSON.parse(process.argv[2]);
const MAX_IN_FLIGHT = 32;
const SOCKETS_PER_INSTANCE = 4;
const targets = urls.map((u) => {
  const url = new URL(u);
  // Idle connections are closed by this side after a second, well before the server's keep-alive
  // timeout (5 s), so a request never races the server closing its connection between phases.
  return { host: url.hostname, port: Number(url.port), agent: new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_INSTANCE, timeout: 1000 }) };
});
const payload = Buffer.from(JSON.stringify(body));
const headers = { 'Content-Type': 'application/json', 'Content-Length': String(payload.length), 'X-Api-Key': key };
const seen = new WeakSet();
let timer;
let phase;
let inFlight = 0;
let next = 0;

function fire() {
  const current = phase;
  const target = targets[next++ % targets.length];
  current.sent += 1;
  current.pending += 1;
  inFlight += 1;
  let settled = false;
  const settle = (status, retryAfter) => {
    if (settled) return;
    settled = true;
    current.statuses[status] = (current.statuses[status] ?? 0) + 1;
    if (retryAfter !== undefined) current.retryAfter.add(retryAfter ?? null);
    inFlight -= 1;
    current.pending -= 1;
    if (current.pending === 0 && current.done) current.done();
  };
  const req = http.request({ host: target.host, port: target.port, path: '/api/events', method: 'POST', agent: target.agent, headers }, (res) => {
    res.resume();
    res.on('end', () => settle(res.statusCode, res.headers['retry-after'] ?? null));
    res.on('error', () => settle('error'));
  });
  req.on('socket', (socket) => {
    if (!seen.has(socket)) {
      seen.add(socket);
      current.connections += 1;
    }
  });
  req.on('error', () => settle('error'));
  req.end(payload);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'on') {
    phase = { sent: 0, pending: 0, statuses: {}, retryAfter: new Set(), connections: 0, done: undefined, cpu: process.cpuUsage(), started: performance.now() };
    const started = phase.started;
    // Open loop on a fixed schedule: every tick sends what the schedule says is due by now (a late
    // tick catches up, but never beyond MAX_IN_FLIGHT unanswered requests).
    timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (phase.sent < due && inFlight < MAX_IN_FLIGHT) fire();
    }, 2);
  } else if (command === 'off') {
    clearInterval(timer);
    const ended = phase;
    const seconds = (performance.now() - ended.started) / 1000;
    const report = () => {
      const cpu = process.cpuUsage(ended.cpu);
      const line = { sent: ended.sent, statuses: ended.statuses, retryAfter: [...ended.retryAfter], connections: ended.connections, cpuMs: (cpu.user + cpu.system) / 1000, seconds };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    };
    if (ended.pending === 0) report();
    else ended.done = report;
  } else if (command === 'quit') {
    for (const t of targets) t.agent.destroy();
    process.exit(0);
  }
});
process.stdout.write('ready\n');
