/** Arguments and help of `grafana-shim convert`. */
import { parseArgs } from "node:util";
import { type SeriesLayout, seriesLayouts } from "../adapters/index.js";
import { ErrorCode, messageOf, ShimError } from "../errors.js";

export const outputForms = ["tsdb", "frames-json", "arrow-base64"] as const;
export type OutputForm = (typeof outputForms)[number];

export interface ConvertArgs {
  readonly help: boolean;
  /** A file path, or "-" for standard input. */
  readonly input: string;
  readonly to: OutputForm;
  /** Only for legacy input; undefined when not given. */
  readonly frameType: SeriesLayout | undefined;
}

export const usageLine =
  "Usage: grafana-shim convert [file|-] --to tsdb|frames-json|arrow-base64 [--frame-type multi|wide|long|untyped]";

/** Parses the arguments after `convert`; throws ShimError(invalid_argument) for bad usage. */
export function parseConvertArgs(args: readonly string[]): ConvertArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (thrown) {
    throw usage(messageOf(thrown));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, input: "-", to: "tsdb", frameType: undefined };
  if (positionals.length > 1) throw usage(`one input file at most, not ${positionals.length}`);
  return {
    help: false,
    input: positionals[0] ?? "-",
    to: oneOf("--to", values.to, outputForms),
    frameType:
      values["frame-type"] === undefined
        ? undefined
        : oneOf("--frame-type", values["frame-type"], seriesLayouts),
  };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      to: { type: "string" },
      "frame-type": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined) throw usage(`${flag} is required (${allowed.join(", ")})`);
  if (!(allowed as readonly string[]).includes(value)) {
    throw usage(`${flag} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}

function usage(message: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, message);
}

export function convertHelp(): string {
  return `${usageLine}

Reads, from the file or standard input (no file or -):
  - a legacy /api/tsdb/query response: {"results":{"A":{"series":[{"name","points":[[v,ms]]}],"tables":[{"columns":[{"text"}],"rows":[[…]]}]}}}
    (a bare result {"series","tables"} too; series may be {"target","datapoints"}); JSON numbers are
    double cells, except in a column of integers one of which is beyond 2^53: int64 cells; a protocol-1 RowValue object such as
    {"kind":"TYPE_INT64","int64Value":"5"} or {"kind":"TYPE_BYTES","bytesValue":"AQI="} is that cell
  - frame JSON: one frame {"schema","data"}, an array of frames, or an /api/ds/query response {"results":{"A":{"frames":[…]}}}
  - base64 Arrow frames: an array of strings, or a response {"results":{"A":{"dataframes":[…]}}}
and writes to standard output, as --to says:
  tsdb          a legacy response; frames become series and tables by Grafana's FrameToSeriesSlice rules
                (written as the gateway writes /api/tsdb/query: Grafana's order, refIds sorted, a failed query's error as "message")
  frames-json   an /api/ds/query response of frame JSON
  arrow-base64  a response of base64 Arrow files in "dataframes" (Grafana 7)
--frame-type lays out legacy series as frames (legacy input only):
  multi    data-plane timeseries-multi, one frame per series (default; converts back exactly)
  wide     one timeseries-wide frame joined on time
  long     one timeseries-long frame
  untyped  Grafana's historical time/value frames (converts back exactly)
What the output form cannot hold is reported on standard error, one warning a line.
Exit status: 0 converted (warnings or not), 2 bad input or usage.
`;
}
