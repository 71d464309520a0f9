/** An AbortSignal that fires when the client goes away before its answer is sent. */
import type { ServerResponse } from "node:http";

export function clientSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
