/**
 * A failed call as the handler shows it: the status (502/504 from the upstream, else the
 * error code's), the source, and a message with every secret of the call redacted — those of
 * its settings, or the datasource's own when the settings could not be read.
 */
import { type ErrorSource, httpStatusOf, toShimError } from "../../errors.js";
import type { DatasourceSettings } from "../../model/data.js";
import { datasourceSecrets, type Secrets } from "../../secrets.js";
import type { UpstreamSettings } from "./settings.js";
import { UpstreamError } from "./upstream-call.js";

export interface Failure {
  readonly message: string;
  readonly status: number;
  readonly source: ErrorSource;
}

export function failureOf(thrown: unknown, secrets: Secrets): Failure {
  const error = toShimError(thrown);
  return {
    message: secrets.text(error.message),
    status: error instanceof UpstreamError ? error.status : httpStatusOf(error),
    source: error.source,
  };
}

export function secretsOf(
  settings: UpstreamSettings | undefined,
  ds: DatasourceSettings | undefined,
): Secrets {
  return settings?.secrets ?? datasourceSecrets(ds);
}
