/**
 * The pages the executable serves and writes: the gateway's playground (GET /) and the report
 * of `replay --html`. On the second run of the peer suites this is a standalone executable,
 * which has no dist/ beside it: it must carry the built files itself.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import { cleanEnv } from "../clean-env.js";
import { startGateway } from "../http/gateway.js";
import { corpus, htmlReplayArgs, root } from "../replay/run-shim.js";
import { shimCommand } from "./shim-executable.js";

const built = (file: string) => readFileSync(join(root, "dist/playground", file));
// Elsewhere than the package, so that nothing is found beside the working folder either.
const dir = mkdtempSync(join(tmpdir(), "grafana-shim-pages-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("the playground served by serve-http", () => {
  test("GET / and its script and style are the built files", async () => {
    const gateway = await startGateway([], {}, shimCommand);
    try {
      for (const [path, file, type] of [
        ["/", "index.html", "text/html"],
        ["/playground/playground.js", "playground.js", "text/javascript"],
        ["/playground/playground.css", "playground.css", "text/css"],
      ] as const) {
        const res = await fetch(new URL(path, gateway.url));
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get("content-type") ?? "", new RegExp(`^${type}`), path);
        const body = Buffer.from(await res.arrayBuffer());
        assert.ok(body.length > 0 && body.equals(built(file)), `${path} is not ${file}`);
      }
    } finally {
      await gateway.stop();
    }
  });
});

describe("replay --html", () => {
  test("writes the report with the built script and style inlined", async () => {
    const report = join(dir, "report.html");
    const [file, ...before] = shimCommand as [string, ...string[]];
    const args = [
      ...before,
      ...htmlReplayArgs([join(corpus, "v2/05-time-1.json")], "demo", report),
    ];
    // The demo handler answers other data than was recorded: the replay fails, the report is written.
    const ran = await promisify(execFile)(file, args, { cwd: dir, env: cleanEnv() }).catch(
      (failed: { code?: number; stdout?: string; stderr?: string }) => failed,
    );
    assert.match(String(ran.stdout), /HTML report: .*report\.html/, String(ran.stderr));
    const html = readFileSync(report, "utf8");
    assert.ok(html.includes(built("report.js").toString("utf8").trim()), "the built script");
    assert.ok(html.includes(built("report.css").toString("utf8").trim()), "the built style");
  });
});
