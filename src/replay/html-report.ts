/**
 * `replay --html`: the report as one self-contained HTML file. The built template, script and
 * style (dist/playground/report.* or a standalone executable's assets, uPlot inside) and the
 * report's data are inlined; a Content Security Policy lets only those inline hashes run and
 * forbids every request.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ErrorCode, ShimError } from "../errors.js";
import { playgroundDir, readPlaygroundFile } from "../package-root.js";
import type { ReportModel } from "./report-types.js";

interface Assets {
  readonly template: string;
  readonly script: string;
  readonly style: string;
}

function readAssets(dir: string): Assets {
  const read = (file: string) => {
    try {
      return readPlaygroundFile(file, dir).toString("utf8");
    } catch {
      throw new ShimError(
        ErrorCode.Internal,
        `the HTML report's ${file} is not built (${dir}): run npm run build`,
      );
    }
  };
  return { template: read("report.html"), script: read("report.js"), style: read("report.css") };
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** JSON that cannot end the script element it sits in. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function reportHtml(model: ReportModel, dir = playgroundDir): string {
  const { template, script, style } = readAssets(dir);
  // The built files never hold these; checked so that inlining cannot end their element early.
  if (/<\/script/i.test(script) || /<\/style/i.test(style))
    throw new ShimError(ErrorCode.Internal, "the report's script or style closes its element");
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  // Where each goes in the template, written so that the template itself lints as HTML.
  const parts: [marker: string, text: string][] = [
    ["{{csp}}", csp],
    ["{{title}}", escapeHtml(`grafana-shim replay against ${model.target}`)],
    ["/*{{style}}*/", style],
    ['"{{data}}"', scriptJson(model)],
    ["/*{{script}}*/", script],
  ];
  const texts = new Map(parts);
  const markers = new RegExp(
    parts.map(([m]) => m.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"),
    "g",
  );
  // One pass over the template: what is put in is never read for markers again.
  return template.replace(markers, (marker) => texts.get(marker) ?? marker);
}

export function writeReport(file: string, model: ReportModel): void {
  const html = reportHtml(model);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
}
