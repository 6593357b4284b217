// Load generator for bench/intake-public.bench.ts, run as its own process: offers public message
// submissions over HTTP at a fixed rate (open loop: a late answer delays no later request, and latency
// counts from when a request was due), each client from its own loopback address (127.1.x.y) so the
// per-client abuse guard sees what it would see from many citizens (no X-Forwarded-For).
// argv: <baseUrl> <regionId> <rate per second> <seconds> <warm-up seconds>
// Prints one JSON line: { sent, ok, statuses, latencies (ms, after warm-up), elapsedMs, maxInFlight, cpuMs }.
import http from 'node:http';

const [baseUrl = '', regionArg = '1', rateArg = '550', secondsArg = '20', warmArg = '3'] =
  process.argv.slice(2);
const url = new URL(baseUrl);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const warm = Number(warmArg);
const total = Math.round(rate * (seconds + warm));
/** Requests per client address: under the guard's burst of 5, so no client is ever challenged. */
const PER_CLIENT = 4;

const HAN = (i: number) => String.fromCodePoint(0x4e00 + (i % 6000));
const TOPICS = ['道路', '教育', '医疗', '物业', '噪音', '停车', '供暖', '食品安全', '网络诈骗', '公交'];
const PHRASES = [
  '我要反映',
  '希望尽快处理',
  '已经持续很久',
  '请有关部门核实',
  '附近居民意见很大',
  '多次反映未果',
];

function randomText(seed: number): string {
  let x = seed * 2654435761;
  const next = () => {
    x = (x ^ (x >>> 15)) * 2246822519;
    x = (x ^ (x >>> 13)) >>> 0;
    return x;
  };
  const parts: string[] = [PHRASES[next() % PHRASES.length] ?? ''];
  for (let i = 0; i < 60; i++) parts.push(HAN(next()));
  parts.push(PHRASES[next() % PHRASES.length] ?? '');
  return parts.join('');
}

/** A near-duplicate: about 5% of the characters replaced. */
function nearCopy(text: string, seed: number): string {
  const chars = [...text];
  for (let i = 0; i < Math.ceil(chars.length / 20); i++)
    chars[(seed * 31 + i * 17) % chars.length] = HAN(seed + i);
  return chars.join('');
}

const agents = new Map<number, http.Agent>();
function agentFor(client: number): { agent: http.Agent; localAddress: string } {
  let agent = agents.get(client);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.set(client, agent);
  }
  const n = client + 256; // skip 127.1.0.x
  return { agent, localAddress: `127.1.${(n >> 8) & 255}.${n & 255}` };
}

const statuses: Record<string, number> = {};
const latencies: number[] = [];
let ok = 0;
let done = 0;
let inFlight = 0;
const started = performance.now();

function send(k: number, due: number): void {
  const client = Math.floor(k / PER_CLIENT);
  const { agent, localAddress } = agentFor(client);
  const base = randomText(k % 20 === 0 && k > 100 ? k - 97 : k);
  const content = k % 20 === 0 && k > 100 ? nearCopy(base, k) : base;
  const body = JSON.stringify({
    type: 'complaint',
    topic: TOPICS[k % TOPICS.length],
    regionId: Number(regionArg),
    title: `${TOPICS[k % TOPICS.length]}问题反映 ${k}`,
    content,
    contactPhone: `138${String(k).padStart(8, '0')}`,
    publishable: k % 2 === 0,
  });
  inFlight++;
  const req = http.request(
    {
      host: url.hostname,
      port: url.port,
      path: '/api/v1/public/messages',
      method: 'POST',
      agent,
      localAddress,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        const at = performance.now();
        statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
        if (res.statusCode === 201) ok++;
        if (due - started >= warm * 1000) latencies.push(at - due);
        inFlight--;
        done++;
        // The client's last request: close its connection so sockets do not pile up.
        if (k % PER_CLIENT === PER_CLIENT - 1) agent.destroy();
        if (done === total) finish();
      });
    },
  );
  req.on('error', (err) => {
    statuses[`error:${(err as NodeJS.ErrnoException).code ?? err.message}`] =
      (statuses[`error:${(err as NodeJS.ErrnoException).code ?? err.message}`] ?? 0) + 1;
    inFlight--;
    done++;
    if (done === total) finish();
  });
  req.end(body);
}

let next = 0;
function tick(): void {
  const now = performance.now();
  while (next < total && started + (next * 1000) / rate <= now) {
    send(next, started + (next * 1000) / rate);
    next++;
  }
  if (next < total && now - started < (seconds + warm) * 1000) setTimeout(tick, 1);
}

/** This process's CPU (user + system) so far, in ms: what the load itself takes from the shared cores. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  const elapsedMs = performance.now() - started;
  // Requests still unanswered at the deadline count as failures, with the time waited as their latency.
  const unanswered = next - done;
  for (let i = 0; i < unanswered; i++) latencies.push(elapsedMs);
  if (unanswered > 0) statuses.unanswered = unanswered;
  // Exit once the line is flushed: stdout to a pipe is asynchronous, and exiting at once can cut it.
  process.stdout.write(
    `${JSON.stringify({ sent: next, ok, statuses, latencies, elapsedMs, maxInFlight, cpuMs: cpuMs() })}\n`,
    () => process.exit(0),
  );
}

// The offered window, then 20 s for the last answers; the run ends there with what it has.
setTimeout(finish, (seconds + warm + 20) * 1000).unref();

let maxInFlight = 0;
setInterval(() => {
  maxInFlight = Math.max(maxInFlight, inFlight);
}, 50).unref();
tick();
