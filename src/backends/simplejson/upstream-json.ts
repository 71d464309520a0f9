/** POST a JSON body to a route and read the JSON answer; every failure names the route. */
import { answerJson } from "./answer-json.js";
import { ShapeError } from "./parse-query.js";
import type { UpstreamSettings } from "./settings.js";
import { type CallCtx, callUpstream, downstream, type UpstreamAnswer } from "./upstream-call.js";

export type { CallCtx };

export async function postJson<T = unknown>(
  settings: UpstreamSettings,
  route: string,
  body: unknown,
  ctx: CallCtx,
  read: (answer: UpstreamAnswer, what: string) => T = answerJson as typeof read,
): Promise<T> {
  const answer = await callUpstream(
    settings,
    {
      method: "POST",
      route,
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json" },
    },
    ctx,
  );
  return read(answer, `POST ${route}`);
}

/** Runs a parser over an answer; a ShapeError becomes a downstream error naming the route. */
export function readShape<T>(route: string, parse: () => T): T {
  try {
    return parse();
  } catch (thrown) {
    if (!(thrown instanceof ShapeError)) throw thrown;
    throw downstream(`POST ${route} answered 200 with an unexpected shape: ${thrown.message}`);
  }
}
