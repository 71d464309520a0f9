import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ErrorCode, ShimError } from "../../src/errors.js";
import type { Field, Frame } from "../../src/model/frame.js";

/** Reads a file of test/frames/fixtures (tests run from dist/test/frames). */
export function fixture(name: string): Uint8Array {
  const url = new URL(`../../../test/frames/fixtures/${name}`, import.meta.url);
  return new Uint8Array(readFileSync(url));
}

export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

/** A frame in comparable form: plain arrays, name/refId present, all-zero nanos dropped. */
export function normalize(frame: Frame): unknown {
  return {
    name: frame.name ?? "",
    refId: frame.refId ?? "",
    ...(frame.meta === undefined ? {} : { meta: frame.meta }),
    fields: frame.fields.map(normalizeField),
  };
}

function normalizeField(field: Field): unknown {
  const nanos = field.nanos === undefined ? [] : Array.from(field.nanos);
  return {
    name: field.name,
    type: field.type,
    nullable: field.nullable,
    ...(field.labels === undefined ? {} : { labels: field.labels }),
    ...(field.config === undefined ? {} : { config: field.config }),
    values: Array.from(field.values as ArrayLike<unknown>),
    ...(nanos.some((n) => n !== 0) ? { nanos } : {}),
  };
}

/** Asserts two frames hold the same data (NaN equals NaN, -0 differs from 0). */
export function assertSameFrame(actual: Frame, expected: Frame, message?: string): void {
  assert.deepStrictEqual(normalize(actual), normalize(expected), message);
}

/** Asserts that `run` throws ShimError(invalid_argument) whose message matches `pattern`. */
export function assertInvalid(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (thrown: unknown) => {
    assert.ok(thrown instanceof ShimError, `expected a ShimError, got ${String(thrown)}`);
    assert.equal(thrown.code, ErrorCode.InvalidArgument);
    assert.match(thrown.message, pattern);
    return true;
  });
}

/** Shorthand for a field. */
export function field<T extends Field["type"]>(
  name: string,
  type: T,
  values: Field<T>["values"],
  extra: Partial<Omit<Field<T>, "name" | "type" | "values">> = {},
): Field<T> {
  return { name, type, nullable: false, values, ...extra } as Field<T>;
}
