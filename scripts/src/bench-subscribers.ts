import { createClient } from "graphql-ws";
import WebSocket from "ws";

/**
 * The subscribers of `npm run bench`, in their own process: `count` graphql-ws clients, each on
 * its own socket, watching one business's booking events. Prints "subscribed" once every
 * socket is acknowledged; on "report" (stdin) prints how late each event arrived after its
 * change was committed (the event's `at`, set in the change's transaction), as JSON.
 */
const { url, token, businessId, count } = JSON.parse(process.argv[2]!) as { url: string; token: string; businessId: string; count: number };
const QUERY = `subscription($businessId: ID!) { bookingEvents(businessId: $businessId) { type at booking { id } } }`;
const latencies: number[] = [];
let errors = 0;

await Promise.all(
  Array.from(
    { length: count },
    () =>
      new Promise<void>((resolve, reject) => {
        const client = createClient({
          url,
          webSocketImpl: WebSocket,
          lazy: false,
          retryAttempts: 0,
          connectionParams: { authorization: `Bearer ${token}` },
          on: { connected: () => resolve(), closed: () => reject(new Error("closed before it was acknowledged")) },
          onNonLazyError: reject,
        });
        client.subscribe(
          { query: QUERY, variables: { businessId } },
          {
            next: (value) => {
              const at = (value.data as { bookingEvents?: { at: string } } | undefined)?.bookingEvents?.at;
              if (at) latencies.push(Date.now() - Date.parse(at));
              else errors += 1;
            },
            error: () => (errors += 1),
            complete: () => undefined,
          },
        );
      }),
  ),
);
console.log("subscribed");
// Progress for the bench, twice a second while events arrive.
let reported = 0;
setInterval(() => {
  if (latencies.length !== reported) console.log(`received ${(reported = latencies.length)}`);
}, 500).unref();

process.stdin.setEncoding("utf8").on("data", () => {
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? NaN;
  console.log(JSON.stringify({ received: latencies.length, errors, p50: at(0.5), p99: at(0.99) }));
  process.exit(0);
});
