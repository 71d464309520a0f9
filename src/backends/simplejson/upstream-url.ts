/** The datasource URL as the base of every upstream route: absolute http(s), checked once. */
import { ErrorCode, ShimError } from "../../errors.js";
import type { DatasourceSettings } from "../../model/data.js";
import { urlWithoutPassword } from "../../secrets.js";

const schemes = new Set(["http:", "https:"]);

/** The base URL without trailing slashes; a ShimError(invalid_argument) that says how to fix it. */
export function upstreamBase(ds: DatasourceSettings): URL {
  const text = (ds.url ?? "").trim();
  if (text === "") {
    throw settingsError(
      ds,
      "the datasource has no URL: set it to the Simple JSON server's address, e.g. http://localhost:3003",
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw settingsError(
      ds,
      `the datasource URL ${JSON.stringify(urlWithoutPassword(text))} is not an absolute URL (it needs http:// or https:// and a host)`,
    );
  }
  if (!schemes.has(url.protocol)) {
    throw settingsError(
      ds,
      `the datasource URL uses the unsupported scheme "${url.protocol}" (only http: and https:)`,
    );
  }
  if (url.hostname === "") throw settingsError(ds, "the datasource URL has no host");
  url.pathname = url.pathname.replace(/\/+$/, "");
  url.search = "";
  url.hash = "";
  return url;
}

/** The fixed routes of a Simple JSON server: one segment, nothing a caller could steer. */
const routeShape = /^\/[A-Za-z0-9_-]*$/;

/**
 * `base` + `/route`, keeping a path prefix of the base (`http://h/api` → `http://h/api/query`),
 * and `query` (without its `?`) as the query string: never as part of the path.
 */
export function routeUrl(base: URL, route: string, query = ""): URL {
  if (!routeShape.test(route)) {
    throw new ShimError(ErrorCode.Internal, `not a Simple JSON route: ${JSON.stringify(route)}`);
  }
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, "")}${route}`;
  // The setter drops one leading "?": given ours, a query that starts with "?" keeps it.
  url.search = query === "" ? "" : `?${query}`;
  return url;
}

/** `Simple JSON settings of datasource "name" (uid u): message`. */
export function settingsError(ds: DatasourceSettings | undefined, message: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, `Simple JSON settings${whose(ds)}: ${message}`);
}

function whose(ds: DatasourceSettings | undefined): string {
  if (ds === undefined) return "";
  const key = ds.uid ? `uid ${ds.uid}` : ds.id ? `id ${ds.id}` : "";
  const name = ds.name ? JSON.stringify(ds.name) : "";
  if (!name && !key) return "";
  return ` of datasource ${name}${name && key ? ` (${key})` : key}`;
}
