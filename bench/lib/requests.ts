/**
 * Request files in the answer-spec format (test/go/ANSWER-SPEC.md), as in
 * test/fixtures/v1-requests: `{"comment", "requests": [...]}` where a query's
 * `model` and a datasource's `jsonData` may be objects. The Go hosts read
 * DatasourceRequest JSON, which wants both as JSON text.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requestDir } from "./paths.js";

type Json = Record<string, unknown>;

export function toWireRequest(request: Json): Json {
  const datasource = request.datasource as Json | undefined;
  const queries = (request.queries as Json[] | undefined) ?? [];
  return {
    ...request,
    ...(datasource && {
      datasource: {
        ...datasource,
        ...(typeof datasource.jsonData === "object" && {
          jsonData: JSON.stringify(datasource.jsonData),
        }),
      },
    }),
    queries: queries.map(({ model, ...query }) =>
      model === undefined ? query : { ...query, modelJson: JSON.stringify(model) },
    ),
  };
}

export interface RequestFile {
  readonly comment: string;
  readonly requests: readonly Json[];
}

/** Reads bench/requests/<name>.json and writes the host's -requests file into `dir`. */
export function writeHostRequests(name: string, dir: string): { file: string; comment: string } {
  const parsed = JSON.parse(readFileSync(join(requestDir, `${name}.json`), "utf8")) as RequestFile;
  const file = join(dir, `${name}.requests.json`);
  writeFileSync(file, JSON.stringify(parsed.requests.map(toWireRequest)));
  return { file, comment: parsed.comment };
}
