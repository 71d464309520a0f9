/**
 * Preload (`node --import`) for a shim start: records the packages the shim's own
 * code imports before its handshake, writes them as a JSON array to
 * $BENCH_IMPORTS_OUT, then exits. Used by import-steps.ts to know what to time.
 */
import { writeFileSync } from "node:fs";
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const seen: string[] = [];
const { port1, port2 } = new MessageChannel();
port1.on("message", (specifier: string) => {
  if (!seen.includes(specifier)) seen.push(specifier);
});
port1.unref();
register("./load-hooks.js", import.meta.url, { data: { port: port2 }, transferList: [port2] });

// Plugin mode keeps this function for its handshake line: the first write is the handshake.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((...args: Parameters<typeof write>) => {
  const written = write(...args);
  // Let the hooks thread's last messages arrive.
  setTimeout(() => {
    writeFileSync(process.env.BENCH_IMPORTS_OUT ?? "/dev/stderr", JSON.stringify(seen));
    process.exit(0);
  }, 100);
  return written;
}) as typeof process.stdout.write;
