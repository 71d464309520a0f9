/**
 * Module hooks registered by record-imports.ts: report every bare import made
 * from code outside node_modules (the shim's, the handler's), in order.
 */
import { isBuiltin } from "node:module";
import type { MessagePort } from "node:worker_threads";

let port: MessagePort | undefined;

export function initialize(data: { port: MessagePort }): void {
  port = data.port;
}

type NextResolve = (specifier: string, context: unknown) => Promise<unknown>;

export function resolve(
  specifier: string,
  context: { parentURL?: string },
  next: NextResolve,
): Promise<unknown> {
  const parent = context.parentURL ?? "";
  const bare = !/^(\.|\/|[a-z]+:)/.test(specifier) && !isBuiltin(specifier);
  if (bare && parent.startsWith("file:") && !parent.includes("/node_modules/")) {
    // Epoch milliseconds: comparable with the main thread's clock.
    port?.postMessage({ specifier, at: performance.timeOrigin + performance.now() });
  }
  return next(specifier, context);
}
