/**
 * The request bodies of /api/tsdb/query and /api/ds/query (Grafana's
 * dtos.MetricRequest). Known keys are checked; unknown keys are the query
 * model's own and pass through untouched.
 */
import { z } from "zod";

const count = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const datasourceRefSchema = z.union([
  z.string(),
  z.looseObject({ uid: z.string().optional(), type: z.string().optional() }),
  z.null(),
]);

export const querySchema = z.looseObject({
  refId: z.string().optional(),
  maxDataPoints: count.optional(),
  intervalMs: count.optional(),
  datasourceId: z.number().int().optional(),
  datasource: datasourceRefSchema.optional(),
  queryType: z.string().optional(),
});

export type HttpQuery = z.infer<typeof querySchema>;

export function metricRequestSchema(maxQueries: number) {
  return z.looseObject({
    from: z.string().optional(),
    to: z.string().optional(),
    queries: z
      .array(querySchema)
      .max(maxQueries, `too many queries: at most ${maxQueries} in one request`)
      .optional(),
    debug: z.boolean().optional(),
  });
}

export type MetricRequest = z.infer<ReturnType<typeof metricRequestSchema>>;
