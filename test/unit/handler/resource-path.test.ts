/** The resource path rule both edges apply, as a table: what passes and what is refused, and why. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { resourcePathProblem } from "../../../src/handler/resource-path.js";

const fine = ["", "search", "echo/sub/path", "a.b/c..d/...", "status/418", "x%20y", "%2e%2ex"];
const dots = [".", "..", "a/./b", "a/../b", "%2e", "%2E%2e", ".%2e/x", "a/b/.."];
const separators = ["a%2fb", "a%2Fb", "a\\b", "a%5cb", "%5C", "..%2f"];

test("paths without dot segments, encoded slashes or backslashes pass", () => {
  for (const path of fine) assert.equal(resourcePathProblem(path), undefined, path);
});

test("dot segments are refused, also percent-encoded", () => {
  for (const path of dots) assert.match(resourcePathProblem(path) ?? "", /dot segment/, path);
});

test("encoded slashes and backslashes are refused", () => {
  for (const path of separators) {
    assert.match(resourcePathProblem(path) ?? "", /encoded slash or a backslash/, path);
  }
});
