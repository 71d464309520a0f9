/**
 * The executable the peer suites start: bin/grafana-shim on the Node.js running the tests, or
 * the file GRAFANA_SHIM_TEST_EXECUTABLE names (scripts/test.mjs sets it to a standalone
 * executable for a second run, so the runtime that ships is a tested one, and to a script
 * that runs the linux_arm64 one under qemu for a third). GRAFANA_SHIM_TEST_PROCESS names the
 * file the running shim's command line shows when that differs (the emulated executable).
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

/** The path the running shim's command line names (see findShim in test/wrap/run-hosts.ts). */
export const shimProcess = process.env.GRAFANA_SHIM_TEST_PROCESS
  ? resolve(process.env.GRAFANA_SHIM_TEST_PROCESS)
  : shim;
