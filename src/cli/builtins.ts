/**
 * The handlers the executable has built in, by the name `--handler` and GRAFANA_SHIM_HANDLER
 * take. Each is imported when first asked for and reads its settings then: bad settings throw,
 * so plugin mode answers every query with what is wrong.
 */
import { isAbsolute, resolve } from "node:path";
import type { Builtins } from "../handler/load.js";

export const builtins: Builtins = {
  /** Deterministic waves, no external service (src/backends/demo). */
  demo: async () => (await import("../backends/demo/handler.js")).demoHandler,
  /** An existing plugin executable behind the shim: the `wrap` settings, see docs/record-replay.md. */
  wrap: async () => {
    const { loadWrapSettings } = await import("../backends/wrap/settings.js");
    const { createWrapHandler } = await import("../backends/wrap/wrap-handler.js");
    return createWrapHandler(loadWrapSettings(process.env), async (dir, peer, log) => {
      const { createFixtureRecorder } = await import("../replay/record-sink.js");
      return createFixtureRecorder({ dir, peer, via: "grafana-shim record (wrap mode)", log });
    });
  },
  /** Plugin mode's default: a Simple JSON HTTP server behind the shim (src/backends/simplejson). */
  simplejson: async () => {
    const { createSimpleJsonHandler } = await import("../backends/simplejson/handler.js");
    const { loadSimpleJsonDefaults } = await import("../backends/simplejson/request-compat.js");
    return createSimpleJsonHandler(
      loadSimpleJsonDefaults(process.env, process.argv[1] ?? process.cwd()),
    );
  },
};

/** A --handler for a child process: built-in names stay names, module paths become absolute. */
export function handlerForChild(spec: string): string {
  return Object.hasOwn(builtins, spec) || isAbsolute(spec) ? spec : resolve(spec);
}
