/** /api/tsdb/query and /api/ds/query fixtures posted to a gateway's URL. */
import { ErrorCode, messageOf, ShimError } from "../../errors.js";
import { parseJsonExact, stringifyExact } from "../../exact-json.js";
import type { Fixture } from "../fixture/fixture-schema.js";
import { redacted } from "../fixture/redact.js";

/** Recorded headers that still mean something; redacted ones are left out. */
function headersOf(fixture: Fixture, token: string | undefined): Record<string, string> {
  const recorded = "headers" in fixture.request ? (fixture.request.headers ?? {}) : {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded))
    if (value !== redacted) headers[name] = value;
  headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

export async function postFixture(
  baseUrl: string,
  fixture: Fixture,
  token?: string,
): Promise<unknown> {
  if (fixture.protocol !== "tsdb-http" && fixture.protocol !== "ds-http") {
    throw new ShimError(
      ErrorCode.Unimplemented,
      `an HTTP gateway does not answer ${fixture.protocol} fixtures (only tsdb-http and ds-http)`,
    );
  }
  const url = new URL(fixture.request.path, baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: headersOf(fixture, token),
      body: stringifyExact(fixture.request.body) ?? "null",
    });
  } catch (thrown) {
    const cause = (thrown as { cause?: Error }).cause?.message ?? messageOf(thrown);
    throw new ShimError(ErrorCode.Unavailable, `cannot reach ${url.href}: ${cause}`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = parseJsonExact(text, "the answer");
  } catch {
    // Not JSON: compared as text.
  }
  return { status: response.status, body };
}
