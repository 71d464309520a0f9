/**
 * CallResource passthrough for the Simple JSON routes a frontend calls besides /query: the
 * request body goes to `<url>/<path>` as it came, the answer comes back with its status and
 * content type. Other paths answer 404; upstream failures answer 502 (504 for a timeout).
 */

import { httpStatusOf, toShimError } from "../../errors.js";
import type { ResourceContext, ResourceRequest, ResourceResponse } from "../../handler/types.js";
import { forwardedHeaders } from "./forwarded-headers.js";
import { upstreamSettingsOf } from "./settings.js";
import { callUpstream, UpstreamError } from "./upstream-call.js";

export const resourcePaths = [
  "search",
  "metrics",
  "metric-payload-options",
  "variable",
  "tag-keys",
  "tag-values",
  "annotations",
] as const;

const known = new Set<string>(resourcePaths);

export async function callResource(
  req: ResourceRequest,
  ctx: ResourceContext,
): Promise<ResourceResponse> {
  const path = req.path.replace(/^\/+|\/+$/g, "");
  if (!known.has(path)) {
    return {
      status: 404,
      body: {
        message: `no resource "${path}": Simple JSON resources are ${resourcePaths.join(", ")}`,
      },
    };
  }
  try {
    const settings = upstreamSettingsOf(ctx.pluginContext.datasource);
    const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
    const headers = { ...forwardedHeaders(settings, req.headers), ...contentHeaders(req.headers) };
    const method = req.method === "" ? "POST" : req.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? undefined : req.body;
    const answer = await callUpstream(
      settings,
      { method, route: `/${path}${query}`, headers, ...(body ? { body } : {}) },
      ctx,
    );
    const type = answer.headers["content-type"];
    return {
      status: answer.status,
      headers: typeof type === "string" ? { "Content-Type": [type] } : {},
      body: answer.body,
    };
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    const error = toShimError(thrown);
    const status = error instanceof UpstreamError ? error.status : httpStatusOf(error);
    return { status, body: { message: error.message, errorSource: error.source } };
  }
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
