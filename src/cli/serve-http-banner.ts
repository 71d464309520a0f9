/** What `serve-http` prints on stdout once listening: the playground's URL, the address and curl commands. */
import type { GatewayContext } from "../server/http/context.js";
import type { ServeHttpArgs } from "./serve-http-options.js";

export function banner(url: string, ctx: GatewayContext, args: ServeHttpArgs): string {
  const ds = ctx.datasources.all[0];
  const auth = args.tokenFile
    ? ` -H "Authorization: Bearer $(cat ${shellQuote(args.tokenFile)})"`
    : args.token
      ? ` -H "Authorization: Bearer $GRAFANA_SHIM_HTTP_TOKEN"`
      : "";
  const tokenHint = auth ? " (it asks for the gateway's token)" : "";
  const lines = [
    `Playground: ${url}/ in a browser${tokenHint}`,
    `grafana-shim serve-http: listening on ${url} (handler "${ctx.handler.name ?? "?"}")`,
  ];
  for (const d of ctx.datasources.all)
    lines.push(`  datasource "${d.name}" uid ${d.uid} id ${d.id} type ${d.type}`);
  if (ds) {
    const ds83 = {
      from: "now-15m",
      to: "now",
      queries: [{ refId: "A", datasource: { uid: ds.uid, type: ds.type } }],
    };
    const tsdb = {
      from: "now-15m",
      to: "now",
      queries: [{ refId: "A", datasourceId: ds.id, format: "table" }],
    };
    lines.push(
      "",
      "Grafana 8.3+ shape (frames JSON):",
      `  curl -s ${url}/api/ds/query -H 'Content-Type: application/json'${auth} -d '${JSON.stringify(ds83)}'`,
      "",
      "Grafana 5-7 shape (series and tables):",
      `  curl -s ${url}/api/tsdb/query -H 'Content-Type: application/json'${auth} -d '${JSON.stringify(tsdb)}'`,
      "",
      `Also: curl -s ${url}/api/health   curl -s${auth} ${url}/api/datasources   curl -s${auth} ${url}/api/datasources/uid/${ds.uid}/health`,
    );
  }
  lines.push("Stop with Ctrl-C.", "");
  return lines.join("\n");
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
