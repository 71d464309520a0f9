/**
 * CallResource passthrough for the Simple JSON routes a frontend calls besides /query: the
 * request body goes to `<url>/<route>` as it came, with the call's query string as the query
 * string, and the answer comes back with its status and content type, secrets redacted. Only
 * the routes listed here are reached; other paths answer 404; upstream failures answer 502
 * (504 for a timeout).
 */

import type { ResourceContext, ResourceRequest, ResourceResponse } from "../../handler/types.js";
import { failureOf, secretsOf } from "./failure.js";
import { type UpstreamSettings, upstreamSettingsOf } from "./settings.js";
import { callUpstream } from "./upstream-call.js";

export const resourcePaths = [
  "search",
  "metrics",
  "metric-payload-options",
  "variable",
  "tag-keys",
  "tag-values",
  "annotations",
] as const;

export async function callResource(
  req: ResourceRequest,
  ctx: ResourceContext,
): Promise<ResourceResponse> {
  const asked = req.path.replace(/^\/+|\/+$/g, "");
  // The route sent is the listed constant, never the caller's text.
  const route = resourcePaths.find((p) => p === asked);
  if (route === undefined) {
    return {
      status: 404,
      body: {
        message: `no resource "${asked}": Simple JSON resources are ${resourcePaths.join(", ")}`,
      },
    };
  }
  const { datasource } = ctx.pluginContext;
  let settings: UpstreamSettings | undefined;
  try {
    settings = upstreamSettingsOf(datasource, req.headers);
    const method = req.method === "" ? "POST" : req.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? undefined : req.body;
    const answer = await callUpstream(
      settings,
      {
        method,
        route: `/${route}`,
        query: queryStringOf(req.url),
        headers: contentHeaders(req.headers),
        ...(body ? { body } : {}),
      },
      ctx,
    );
    const type = answer.headers["content-type"];
    return {
      status: answer.status,
      headers: typeof type === "string" ? { "Content-Type": [type] } : {},
      body: settings.secrets.bytes(answer.body),
    };
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    const { message, status, source } = failureOf(thrown, secretsOf(settings, datasource));
    return { status, body: { message, errorSource: source } };
  }
}

/** What follows the first `?` of the call's URL (Grafana sends `route?query` or the whole path). */
function queryStringOf(url: string): string {
  const mark = url.indexOf("?");
  return mark < 0 ? "" : (url.slice(mark + 1).split("#")[0] ?? "");
}

/** The caller's content type and accept, or JSON as Simple JSON servers expect. */
function contentHeaders(headers: ResourceRequest["headers"]): Record<string, string> {
  const find = (name: string) =>
    Object.entries(headers)
      .find(([key]) => key.toLowerCase() === name)?.[1]
      ?.join(", ");
  return {
    "Content-Type": find("content-type") ?? "application/json",
    Accept: find("accept") ?? "application/json",
  };
}
