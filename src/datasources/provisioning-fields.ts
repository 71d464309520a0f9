/**
 * Reads one `datasources[i]` entry of a provisioning file as Grafana's value
 * types do: scalars as their YAML text, interpolated, then converted
 * (StringValue, Int64Value, BoolValue); jsonData keeps YAML types and only its
 * strings are interpolated (JSONValue); secureJsonData is text (StringMapValue).
 */
import { isPlainObject } from "../json-object.js";
import { type Env, interpolate } from "./expand-env.js";

export interface Problem {
  readonly path: string;
  readonly message: string;
}

type Json = Record<string, unknown>;

export class EntryReader {
  readonly problems: Problem[] = [];

  constructor(
    /** The entry with YAML types (for jsonData). */
    private readonly typed: Json,
    /** The same entry with every scalar as its text. */
    private readonly text: Json,
    private readonly at: string,
    private readonly env: Env,
  ) {}

  has(key: string): boolean {
    return this.typed[key] !== undefined && this.typed[key] !== null;
  }

  string(key: string): string {
    if (!this.has(key)) return "";
    const raw = this.text[key];
    if (typeof raw !== "string") return this.fail(key, "must be a text value", "");
    return interpolate(raw, this.env);
  }

  int(key: string, fallback: number): number {
    const value = this.string(key);
    if (value === "") return fallback;
    if (!/^[+-]?[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      return this.fail(key, `must be an integer, not ${JSON.stringify(value)}`, fallback);
    }
    return Number(value);
  }

  bool(key: string): boolean {
    if (!this.has(key)) return false;
    const value = this.string(key);
    // Go strconv.ParseBool, as Grafana's BoolValue uses it.
    if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
    if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
    return this.fail(key, `must be true or false, not ${JSON.stringify(value)}`, false);
  }

  jsonData(key: string): Json {
    if (!this.has(key)) return {};
    const value = this.typed[key];
    if (!isPlainObject(value)) return this.fail(key, "must be a mapping", {});
    return interpolateStrings(value, this.env) as Json;
  }

  stringMap(key: string): Record<string, string> {
    if (!this.has(key)) return {};
    const raw = this.text[key];
    if (!isPlainObject(raw)) return this.fail(key, "must be a mapping", {});
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value === "string") out[name] = interpolate(value, this.env);
      else this.fail(`${key}.${name}`, "must be a text value", "");
    }
    return out;
  }

  fail<T>(key: string, message: string, fallback: T): T {
    this.problems.push({ path: `${this.at}.${key}`, message });
    return fallback;
  }
}

function interpolateStrings(value: unknown, env: Env): unknown {
  if (typeof value === "string") return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateStrings(v, env));
  if (isPlainObject(value)) {
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) out[key] = interpolateStrings(v, env);
    return out;
  }
  return value;
}
