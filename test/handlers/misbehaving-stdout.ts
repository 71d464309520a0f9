/**
 * A legacy handler that prints to stdout, at import and on every query, the way
 * careless plugin code does. stdout is the go-plugin handshake's alone: the shim
 * must move all of this to stderr.
 */
import { defineHandler } from "../../src/handler/types.js";

console.log("stdout-probe: console.log at import");

export default defineHandler({
  style: "legacy",
  name: "misbehaving-stdout",
  query(query) {
    console.log("stdout-probe: console.log in query %s", query.refId);
    console.info("stdout-probe: console.info in query");
    process.stdout.write(`stdout-probe: process.stdout.write in query ${query.refId}\n`);
    process.stdout.write("stdout-probe: write with a callback\n", () => undefined);
    return { meta: { printed: true } };
  },
});
