/**
 * A deliberately broken twin of ref-plugin-v2: echo-frames, but the last value of
 * every float64 field is off by one. Replay must see it.
 */

import type { DataAnswer } from "../../src/handler/types.js";
import { defineHandler } from "../../src/handler/types.js";
import type { Field } from "../../src/model/frame.js";
import echo from "../handlers/echo-frames.js";

function skewed(field: Field): Field {
  if (field.type !== "float64" || field.values.length === 0) return field;
  const values = Array.from(field.values as ArrayLike<number | null>);
  const last = values.length - 1;
  values[last] = (values[last] ?? 0) + 1;
  return { ...field, values } as Field;
}

export default defineHandler({
  style: "frames",
  name: "broken-frames",
  async queryData(query, ctx) {
    const answer: DataAnswer = await echo.queryData(query, ctx);
    return {
      ...answer,
      frames: (answer.frames ?? []).map((f) => ({ ...f, fields: f.fields.map(skewed) })),
    };
  },
});
