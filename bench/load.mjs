// The load generator of `npm run bench`, in its own process so that it takes no CPU from the
// processes measured: autocannon against one URL, with per-connection bearer tokens and bodies.
// Input: one JSON argument (see LoadPlan in scripts/src/bench-load.ts). Output: one JSON line.
import autocannon from "autocannon";
import { SYSTEM_CALLER, encodeCaller, signEncodedRequest } from "../packages/common/dist/trust.js";

const plan = JSON.parse(process.argv[2]);
const headersFor = (token, extra = {}) => ({ "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });
let clients = 0;
let counter = 0;
let errors = 0;
let firstError = null;

/** createBooking plans: each request a distinct resource and range, never reused in this run. */
function nextBookingBody() {
  const n = counter++;
  const resourceId = plan.booking.resourceIds[n % plan.booking.resourceIds.length];
  const slot = Math.floor(n / plan.booking.resourceIds.length);
  const start = new Date(plan.booking.startMs + slot * plan.booking.slotMs);
  const end = new Date(start.getTime() + plan.booking.lengthMs);
  return JSON.stringify({
    query: plan.booking.query,
    variables: { input: { resourceId, startTime: start.toISOString(), endTime: end.toISOString(), idempotencyKey: `${plan.booking.keyPrefix}-${n}` } },
  });
}

/** Straight at a subgraph: each request signed as the router signs it (system caller, fresh timestamp). */
const signed = (request) => ({
  ...request,
  headers: { ...request.headers, ...signEncodedRequest(plan.signWith.secret, { audience: plan.signWith.audience, method: "POST", url: plan.url }, request.body, encodeCaller(SYSTEM_CALLER)) },
});

const instance = autocannon({
  url: plan.url,
  method: "POST",
  connections: plan.connections,
  // On a machine busy with other work a request may take longer than autocannon's 10 s default.
  timeout: 60,
  duration: plan.durationSeconds,
  headers: headersFor(plan.tokens?.[0] ?? null, plan.headers),
  body: plan.bodies?.[0] ?? "{}",
  ...(plan.booking ? { requests: [{ setupRequest: (request) => ({ ...request, body: nextBookingBody() }) }] } : {}),
  ...(plan.signWith ? { requests: [{ setupRequest: (request) => signed({ ...request, body: plan.bodies[0] }) }] } : {}),
  setupClient(client) {
    const index = clients++;
    const token = plan.tokens?.length ? plan.tokens[index % plan.tokens.length] : null;
    const body = plan.bodies?.length ? plan.bodies[index % plan.bodies.length] : undefined;
    client.setHeaders(headersFor(token, plan.headers));
    if (body !== undefined && !plan.booking) client.setBody(body);
    client.on("body", (buffer) => {
      const text = buffer.toString();
      if (text.includes('"errors"')) {
        errors += 1;
        firstError ??= text.slice(0, 500);
      }
    });
  },
});
instance.on("done", (result) => {
  const total = result.requests.total;
  process.stdout.write(
    `${JSON.stringify({
      total,
      seconds: result.duration,
      rps: total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      socketErrors: result.errors,
      timeouts: result.timeouts,
      graphqlErrors: errors,
      firstError,
    })}\n`,
  );
});
