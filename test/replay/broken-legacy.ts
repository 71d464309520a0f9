/**
 * A deliberately broken twin of ref-plugin-v1: echo-legacy, but int64 cells come
 * back as doubles (the same number, another RowValue kind). Replay must see it.
 */

import { defineHandler, type LegacyAnswer } from "../../src/handler/types.js";
import echo from "../handlers/echo-legacy.js";

export default defineHandler({
  style: "legacy",
  name: "broken-legacy",
  async query(query, ctx) {
    const answer: LegacyAnswer = await echo.query(query, ctx);
    const tables = answer.tables?.map((t) => ({
      ...t,
      rows: t.rows.map((row) =>
        row.map((cell) => (typeof cell === "bigint" ? Number(cell) : cell)),
      ),
    }));
    return tables ? { ...answer, tables } : answer;
  },
});
