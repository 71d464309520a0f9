/**
 * The executable the peer suites start: bin/grafana-shim on the Node.js running the tests, or
 * the file GRAFANA_SHIM_TEST_EXECUTABLE names (scripts/test.mjs sets it to a standalone
 * executable for a second run, so the runtime that ships is a tested one).
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export const shim = process.env.GRAFANA_SHIM_TEST_EXECUTABLE
  ? resolve(process.env.GRAFANA_SHIM_TEST_EXECUTABLE)
  : join(root, "bin/grafana-shim");

/** The command line that starts it, as a launcher script writes it. */
export const shimCommand: readonly string[] = process.env.GRAFANA_SHIM_TEST_EXECUTABLE
  ? [shim]
  : [process.execPath, shim];
