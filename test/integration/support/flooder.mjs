// A flooding channel in a process of its own (the security test's flood): it must not share the
// measuring process's event loop, or the measurement would time the load generator, not the API.
//
// argv: <json: { urls: string[], key: string, rate: number, body: object }>
// stdin, one command a line: "on" starts flooding at `rate` requests a second (open loop, spread over
// the urls in turn, at most 64 in flight), "off" stops and answers one JSON line on stdout with what
// the phase sent and got back ({ sent, statuses: { "429": n, … }, retryAfter: [distinct values] }),
// "quit" exits.
import readline from 'node:readline';

const { urls, key, rate, body } = JSON.parse(process.argv[2]);
let timer;
let phase;
let inFlight = 0;
let next = 0;

function fire() {
  if (inFlight >= 64) return;
  const current = phase;
  current.sent += 1;
  inFlight += 1;
  const url = urls[next++ % urls.length];
  fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': key },
    body: JSON.stringify({ ...body, externalId: `FLOOD-${process.pid}-${next}` }),
  })
    .then(async (res) => {
      await res.arrayBuffer();
      current.statuses[res.status] = (current.statuses[res.status] ?? 0) + 1;
      current.retryAfter.add(res.headers.get('retry-after'));
    })
    .catch(() => {
      current.statuses.error = (current.statuses.error ?? 0) + 1;
    })
    .finally(() => {
      inFlight -= 1;
      current.pending -= 1;
      if (current.pending === 0 && current.done) current.done();
    });
  current.pending += 1;
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'on') {
    phase = { sent: 0, pending: 0, statuses: {}, retryAfter: new Set(), done: undefined };
    const started = performance.now();
    // Open loop at a fixed rate: every tick sends what the schedule says is due by now.
    timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (phase.sent < due && inFlight < 64) fire();
    }, 5);
  } else if (command === 'off') {
    clearInterval(timer);
    const ended = phase;
    const report = () => process.stdout.write(`${JSON.stringify({ sent: ended.sent, statuses: ended.statuses, retryAfter: [...ended.retryAfter] })}\n`);
    if (ended.pending === 0) report();
    else ended.done = report;
  } else if (command === 'quit') {
    process.exit(0);
  }
});
process.stdout.write('ready\n');
