/**
 * One keep-alive connection pool (undici Agent) per origin and TLS settings, shared by every
 * call with those settings. HTTP(S)_PROXY/NO_PROXY are honoured as Go's HTTP client did.
 */
import type { Dispatcher } from "undici";
import type { UpstreamSettings } from "./settings.js";

const pools = new Map<string, Dispatcher>();
/** Enough for every datasource of a Grafana; the oldest pool is closed past it. */
const maxPools = 32;

/** undici loads on the first upstream call, not on the plugin's way to its handshake. */
let undici: Promise<typeof import("undici")> | undefined;

export async function poolFor(settings: UpstreamSettings): Promise<Dispatcher> {
  const found = pools.get(settings.poolKey);
  if (found) return found;
  undici ??= import("undici");
  const { Agent, EnvHttpProxyAgent } = await undici;
  const again = pools.get(settings.poolKey); // another call may have made it meanwhile
  if (again) return again;
  const { tls } = settings;
  const options = {
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 90_000,
    connections: 64,
    connect: {
      rejectUnauthorized: !tls.skipVerify,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
      ...(tls.serverName ? { servername: tls.serverName } : {}),
    },
  };
  const pool = usesProxy() ? new EnvHttpProxyAgent(options) : new Agent(options);
  pools.set(settings.poolKey, pool);
  if (pools.size > maxPools) {
    const [oldestKey, oldest] = pools.entries().next().value as [string, Dispatcher];
    pools.delete(oldestKey);
    void oldest.close().catch(() => {});
  }
  return pool;
}

function usesProxy(): boolean {
  const env = process.env;
  return Boolean(env.HTTP_PROXY || env.HTTPS_PROXY || env.http_proxy || env.https_proxy);
}

/** Closes every pool (tests and benchmarks end cleanly with it). */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => {})));
}
