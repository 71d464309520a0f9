/** CheckHealth: `GET /` answering 2xx is OK; anything else is ERROR with the status or the reason. */
import type { HealthContext, HealthResult } from "../../handler/types.js";
import { statusText } from "./answer-json.js";
import { failureOf, secretsOf } from "./failure.js";
import {
  describeRequestCompat,
  requestCompatOf,
  type SimpleJsonDefaults,
  specDefaults,
} from "./request-compat.js";
import { type UpstreamSettings, upstreamSettingsOf } from "./settings.js";
import { callUpstream } from "./upstream-call.js";

export async function checkHealth(
  ctx: HealthContext,
  defaults: SimpleJsonDefaults = specDefaults,
): Promise<HealthResult> {
  const { datasource } = ctx.pluginContext;
  let settings: UpstreamSettings | undefined;
  try {
    settings = upstreamSettingsOf(datasource, ctx.headers);
    const choice = requestCompatOf(datasource, defaults);
    const answer = await callUpstream(settings, { method: "GET", route: "/" }, ctx);
    if (answer.status >= 200 && answer.status <= 299) {
      if (choice.mode === "spec") return { status: "ok", message: "Data source is working" };
      const requests = `the old simple-json-backend-datasource's requests, ${describeRequestCompat(choice)}`;
      return { status: "ok", message: `Data source is working; it gets ${requests}` };
    }
    const reason = `${answer.status} ${statusText(answer.status)}`.trim();
    return {
      status: "error",
      message: `Simple JSON server GET / answered ${reason}`,
      details: { status: answer.status },
    };
  } catch (thrown) {
    return { status: "error", message: failureOf(thrown, secretsOf(settings, datasource)).message };
  }
}
