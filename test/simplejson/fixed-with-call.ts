/**
 * The floor handler (fixed-handler.ts) after one bare HTTP exchange: the same `POST /query` the
 * simplejson handler sends, by an undici Pool, its answer read and dropped. What an HTTP round
 * trip alone costs the plugin process, beside the plugin protocol's own cost.
 */
import { Pool } from "undici";
import { queryBody } from "../../src/backends/simplejson/query-body.js";
import { defineHandler } from "../../src/handler/types.js";
import { fixedAnswer } from "./fixed-handler.js";

let pool: Pool | undefined;

export default defineHandler({
  style: "frames",
  name: "simplejson-fixed-with-call",
  async queryData(query, ctx) {
    pool ??= new Pool(ctx.request.pluginContext.datasource!.url, { connections: 8 });
    const answer = await pool.request({
      path: "/query",
      method: "POST",
      body: JSON.stringify(queryBody(query, "upper_25")),
      headers: { "content-type": "application/json", accept: "application/json" },
    });
    await answer.body.arrayBuffer();
    if (answer.statusCode !== 200) throw new Error(`POST /query answered ${answer.statusCode}`);
    return fixedAnswer;
  },
});
