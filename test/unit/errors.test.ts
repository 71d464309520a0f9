/** ShimError across copies: a handler's ShimError (dist/src/) met by the bundle's own class. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { UpstreamError } from "../../src/backends/simplejson/upstream-call.js";
import { ErrorCode, ShimError, toShimError } from "../../src/errors.js";

/** The same module loaded a second time, as the bundle holds its own copy of it. */
async function otherCopy(): Promise<typeof import("../../src/errors.js")> {
  return import(new URL("../../src/errors.js?other-copy", import.meta.url).href);
}

test("a ShimError from another copy of the module is a ShimError and keeps its code", async () => {
  const other = await otherCopy();
  assert.notEqual(other.ShimError, ShimError);
  const thrown = new other.ShimError(ErrorCode.NotFound, "no such series");
  assert.ok(thrown instanceof ShimError);
  assert.equal(toShimError(thrown), thrown);
  assert.equal(toShimError(thrown).code, ErrorCode.NotFound);
  assert.ok(new ShimError(ErrorCode.Timeout, "late") instanceof other.ShimError);
});

test("other values are not ShimErrors; subclasses keep the ordinary check", () => {
  for (const value of [new Error("x"), { code: "not_found" }, null, undefined, "x"])
    assert.equal(value instanceof ShimError, false);
  assert.ok(new UpstreamError("down", 502) instanceof ShimError);
  assert.equal(new ShimError(ErrorCode.Downstream, "x") instanceof UpstreamError, false);
  assert.equal(toShimError(new Error("boom")).code, ErrorCode.Handler);
});
