/**
 * A Simple JSON test server in its own process (for benchmarks): `node main.js classic|simpod`
 * prints `{"url"}`; each line "stats" on stdin prints `{"connections","requests"}`.
 */
import { createInterface } from "node:readline";
import { startClassicServer } from "./classic.js";
import { startSimpodServer } from "./simpod.js";

const running = await (process.argv[2] === "simpod" ? startSimpodServer() : startClassicServer());
let connections = 0;
running.server.on("connection", () => {
  connections++;
});
// Benchmarks send thousands of requests: keep no record of them.
running.server.prependListener("request", () => {
  running.seen.length = 0;
});
let requests = 0;
running.server.on("request", () => {
  requests++;
});
console.log(JSON.stringify({ url: running.url }));
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "stats") console.log(JSON.stringify({ connections, requests }));
});
process.stdin.on("end", () => void running.close().then(() => process.exit(0)));
