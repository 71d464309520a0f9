/** `grafana-shim replay`: fixtures against a target, a summary table, exit 1 on any mismatch. */
import { resolve } from "node:path";
import { toShimError } from "../errors.js";
import { createLogger } from "../log/logger.js";
import { fixtureFiles } from "../replay/fixture/fixture-file.js";
import { writeReport } from "../replay/html-report.js";
import { reportModel } from "../replay/report-model.js";
import { replayFixtures } from "../replay/run.js";
import { summaryText } from "../replay/summary.js";
import { createTarget } from "../replay/targets/create-target.js";
import { handlerForChild } from "./builtins.js";
import { type ReplayArgs, readReplayArgs, replayUsage } from "./replay-args.js";

export async function runReplay(argv: readonly string[]): Promise<number> {
  let args: ReplayArgs;
  try {
    args = readReplayArgs(argv, process.env);
  } catch (thrown) {
    process.stderr.write(`grafana-shim replay: ${toShimError(thrown).message}\n\n${replayUsage}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(replayUsage);
    return 0;
  }
  const log = createLogger({ level: args.logLevel, module: "grafana-shim.replay" });
  const files = fixtureFiles(args.fixtures);
  if (files.length === 0) {
    process.stderr.write("grafana-shim replay: no fixture files (*.json) found\n");
    return 2;
  }
  const spec = args.target;
  const target = createTarget(
    spec.kind === "handler" ? { ...spec, handler: handlerForChild(spec.handler) } : spec,
    {
      log,
      childLogLevel: args.logLevel,
      autoMtls: args.autoMtls,
      startTimeoutMs: args.startTimeoutMs,
      env: process.env,
      ...(args.datasources ? { datasources: args.datasources } : {}),
    },
  );
  try {
    const outcomes = await replayFixtures(files, target, {
      update: args.update,
      details: args.html !== undefined,
    });
    process.stdout.write(summaryText(outcomes, target.name, process.cwd()));
    if (args.html !== undefined) {
      writeReport(args.html, reportModel(outcomes, target.name, process.cwd()));
      process.stdout.write(`\nHTML report: ${resolve(args.html)}\n`);
    }
    return outcomes.every((o) => o.verdict === "ok" || o.verdict === "updated") ? 0 : 1;
  } finally {
    await target.close();
  }
}
