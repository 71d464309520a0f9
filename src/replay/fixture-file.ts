/**
 * Reading and writing fixture files. A file that is not JSON, or not of the
 * schema, gives a message with the position or the path of every problem;
 * nothing here throws for bad input.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseJsonExact } from "../exact-json.js";
import { fixtureJson } from "./fixture-json.js";
import { type Fixture, fixtureSchema } from "./fixture-schema.js";

export type FixtureRead =
  | { readonly ok: true; readonly fixture: Fixture }
  | { readonly ok: false; readonly error: string };

export function parseFixture(text: string): FixtureRead {
  let value: unknown;
  try {
    value = parseJsonExact(text, "the file");
  } catch (thrown) {
    return { ok: false, error: (thrown as Error).message };
  }
  const parsed = fixtureSchema.safeParse(value);
  if (parsed.success) return { ok: true, fixture: parsed.data };
  const problems = parsed.error.issues.slice(0, 5).map((i) => `${pathText(i.path)}: ${i.message}`);
  const more =
    parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : "";
  return { ok: false, error: `not a fixture: ${problems.join("; ")}${more}` };
}

export function readFixture(file: string): FixtureRead {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (thrown) {
    return { ok: false, error: `cannot read: ${(thrown as Error).message}` };
  }
  return parseFixture(text);
}

/** Keys in reading order: the note and what it is about first, the exchange last. */
export function writeFixture(file: string, fixture: Fixture): void {
  const { comment, protocol, source, recordedAt, updatedAt, volatile, request, response } = fixture;
  const ordered = { comment, protocol, source, recordedAt, updatedAt, volatile, request, response };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, fixtureJson(ordered));
}

/** Files as given, folders searched for *.json (sorted); a missing path is an error. */
export function fixtureFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const full = resolve(path);
    if (!statSync(full, { throwIfNoEntry: false })?.isDirectory()) return [full];
    return readdirSync(full, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => join(full, name));
  });
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`))
    .join("");
}
