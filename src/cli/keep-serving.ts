/** A long-running command (plugin, gateway) outlives its handler's stray errors. */
import type { Logger } from "../log/logger.js";

export function keepServing(log: Logger): void {
  // A closed stderr (the host went away) must not turn every log line into another error.
  process.stderr.on("error", () => undefined);
  process.on("uncaughtException", (error) =>
    log.error("uncaught exception in handler code", { error: error.stack ?? String(error) }),
  );
  process.on("unhandledRejection", (reason) =>
    log.error("unhandled rejection in handler code", { error: String(reason) }),
  );
}
