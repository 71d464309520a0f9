/**
 * A frames handler answering, from memory, the frame the simplejson handler makes of the
 * classic server's upper_25 answer: the benchmark's floor (the plugin protocol without upstream).
 */
import { seriesToFrames } from "../../src/adapters/series-to-frames.js";
import { defineHandler } from "../../src/handler/types.js";
import { pointsOf } from "../simple-json-servers/serve.js";

const fromMs = 1_700_000_000_000;
const frames = seriesToFrames([
  { name: "upper_25", points: pointsOf("upper_25", fromMs, fromMs + 3_600_000, 60_000) },
]);

/** The answer, the same object every time. */
export const fixedAnswer = { frames };

export default defineHandler({
  style: "frames",
  name: "simplejson-fixed",
  queryData: () => fixedAnswer,
});
