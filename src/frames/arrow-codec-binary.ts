import { Binary, Utf8 } from "apache-arrow";
import { narrowBigints, parseJsonExact, stringifyExact } from "../exact-json.js";
import type { ArrowCodec } from "./arrow-codec.js";
import { decodeJsonColumn } from "./arrow-json-decode.js";
import { encodeJsonColumn } from "./arrow-json-encode.js";
import { decodeText, encodeText } from "./arrow-text.js";
import { plainTextChunks } from "./arrow-text-layouts.js";
import { badValue } from "./bad-value.js";
import { invalid, messageOf } from "./invalid.js";

/** Strings written as Utf8 (never Dictionary, LargeUtf8 or Utf8View: SDK readers reject them). */
export const stringCodec: ArrowCodec = {
  arrowType: () => new Utf8(),
  encode: (field, rows, where) =>
    encodeText(field, rows, new Utf8(), (value, i) => {
      if (typeof value === "string") return value;
      throw badValue(where, i, value, "a string");
    }),
  decode: (chunks, rows, where) => ({
    values: decodeText(plainTextChunks(chunks, where), rows, where),
  }),
};

/**
 * JSON values as Binary holding their UTF-8 JSON text (Go's json.RawMessage); integers a
 * double cannot hold are bigint cells, written digit for digit.
 */
export const jsonCodec: ArrowCodec = {
  arrowType: () => new Binary(),
  encode: (field, rows, where) =>
    encodeJsonColumn(field, rows, new Binary()) ??
    encodeText(field, rows, new Binary(), (value, i) => jsonText(value, where, i)),
  decode(anyChunks, rows, where) {
    const chunks = plainTextChunks(anyChunks, where);
    const whole = decodeJsonColumn(chunks, rows, where);
    if (whole !== undefined) return { values: whole };
    const texts = decodeText(chunks, rows, where);
    const values = texts.map((text, i) => (text === null ? null : parseJsonCell(text, where, i)));
    return { values };
  },
};

function jsonText(value: unknown, where: string, row: number): string {
  let text: string | undefined;
  try {
    text = stringifyExact(value);
  } catch (thrown) {
    throw invalid(`${where} row ${row}: value cannot be written as JSON: ${messageOf(thrown)}`);
  }
  if (text === undefined) throw badValue(where, row, value, "a JSON value");
  return text;
}

function parseJsonCell(text: string, where: string, row: number): unknown {
  if (text === "") return null; // an empty json.RawMessage is Go's nil
  return narrowBigints(parseJsonExact(text, `Arrow ${where} row ${row}`));
}
