/**
 * Preload (`node --import`) for a shim start: records the packages the shim's own
 * code imports before its handshake (not those it loads right after), writes them
 * as a JSON array to $BENCH_IMPORTS_OUT, then exits. plugin-handshake.bench passes
 * them to import-steps.ts to time.
 */
import { writeFileSync } from "node:fs";
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const seen: { specifier: string; at: number }[] = [];
const { port1, port2 } = new MessageChannel();
port1.on("message", (message: { specifier: string; at: number }) => seen.push(message));
port1.unref();
register("./load-hooks.js", import.meta.url, { data: { port: port2 }, transferList: [port2] });

// Plugin mode keeps this function for its handshake line: the first write is the handshake.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((...args: Parameters<typeof write>) => {
  const handshakeAt = performance.timeOrigin + performance.now();
  const written = write(...args);
  // Let the hooks thread's last messages arrive; imports after the handshake do not count.
  setTimeout(() => {
    const before = seen.filter((m) => m.at <= handshakeAt).map((m) => m.specifier);
    const packages = [...new Set(before)];
    writeFileSync(process.env.BENCH_IMPORTS_OUT ?? "/dev/stderr", JSON.stringify(packages));
    process.exit(0);
  }, 100);
  return written;
}) as typeof process.stdout.write;
