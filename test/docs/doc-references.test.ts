/**
 * Every document a source comment or doc cites (`docs/protocol.md#version-choice`,
 * `README.md beside this file`) exists in the repository, and so does the heading it names.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

const skippedDirs = new Set(["node_modules", "dist", ".git", ".bin", ".tmp"]);
const scannedFile = /\.(ts|mts|mjs|cjs|js|go|md|proto|ya?ml|sh)$/;

/** Text files a reader of the repository meets: sources, tests, benchmarks, docs, scripts. */
function repoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skippedDirs.has(name) ? [] : repoFiles(path);
    return scannedFile.test(name) || dirname(path).endsWith(".ci") ? [path] : [];
  });
}

interface DocReference {
  readonly path: string;
  readonly anchor?: string;
  readonly line: number;
}

const url = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)>\]"'`]+/gi;
const mdPath = /(?<![\w./-])(\/?(?:[\w.-]+\/)*[\w-][\w.-]*\.md)(?:#([\w-]+))?(?!\w)/g;
const sameFileLink = /\]\(#([\w-]+)\)/g;

/** `*.md` paths a text names outside URLs (a URL points elsewhere, not into this repository). */
function docReferences(text: string): DocReference[] {
  return text.split("\n").flatMap((raw, i) => {
    const line = raw.replace(url, " ");
    return [...line.matchAll(mdPath)].map((m) => ({
      path: m[1] as string,
      line: i + 1,
      ...(m[2] ? { anchor: m[2] } : {}),
    }));
  });
}

/** The anchors GitHub gives a Markdown file's headings (fenced code skipped, repeats numbered). */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = (heading[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

interface Repo {
  readonly root: string;
  readonly exists: (path: string) => boolean;
  readonly read: (path: string) => string;
  /** Every file, for a reference by bare file name. */
  readonly files: readonly string[];
}

/** Where a reference leads: beside the citing file, else from the root; a bare name anywhere. */
function resolveReference(repo: Repo, from: string, ref: string): string | undefined {
  if (ref.startsWith("/")) return undefined;
  const candidates = [resolve(dirname(from), ref), resolve(repo.root, ref)];
  const found = candidates.find((path) => path.startsWith(repo.root + sep) && repo.exists(path));
  if (found || ref.includes("/")) return found;
  return repo.files.find((path) => basename(path) === ref);
}

/** One message per reference to a document, or a heading, that the repository lacks. */
function brokenReferences(repo: Repo): string[] {
  const problems: string[] = [];
  for (const file of repo.files) {
    const text = repo.read(file);
    const where = (line: number) => `${relative(repo.root, file)}:${line}`;
    for (const ref of docReferences(text)) {
      const target = resolveReference(repo, file, ref.path);
      if (!target) {
        problems.push(`${where(ref.line)}: ${ref.path} is not in the repository`);
      } else if (ref.anchor && !headingAnchors(repo.read(target)).has(ref.anchor)) {
        problems.push(`${where(ref.line)}: ${ref.path} has no heading #${ref.anchor}`);
      }
    }
    if (!file.endsWith(".md")) continue;
    const own = headingAnchors(text);
    text.split("\n").forEach((line, i) => {
      for (const m of line.matchAll(sameFileLink)) {
        if (!own.has(m[1] as string)) problems.push(`${where(i + 1)}: no heading #${m[1]}`);
      }
    });
  }
  return problems;
}

function diskRepo(): Repo {
  return {
    root: resolve(root),
    exists: (path) => existsSync(path) && statSync(path).isFile(),
    read: (path) => readFileSync(path, "utf8"),
    files: repoFiles(root),
  };
}

/** A repository held in memory, for checking the checker. */
function memoryRepo(contents: Readonly<Record<string, string>>): Repo {
  const base = "/repo";
  const text = (path: string) => contents[relative(base, path)];
  return {
    root: base,
    exists: (path) => text(path) !== undefined,
    read: (path) => text(path) ?? "",
    files: Object.keys(contents).map((path) => join(base, path)),
  };
}

// Built at run time, so that this file never cites a missing document itself.
const md = (path: string) => `${path}.md`;
const missing = md("NOT-IN-THE-REPO");
const notes = md("docs/notes");

describe("document references", () => {
  test("every *.md a file in the repository cites exists, with the heading it names", () => {
    const repo = diskRepo();
    assert.ok(repo.files.length > 100, `scanned only ${repo.files.length} files from ${root}`);
    assert.deepEqual(brokenReferences(repo), []);
  });

  test("a missing document, a missing heading and a document outside the repository are found", () => {
    const repo = memoryRepo({
      [notes]: "# Notes\n\n## Version choice\n\nSee [below](#nowhere) and [up](#notes).\n",
      "src/a.ts": [
        `/** Rules (${missing} section 2). */`,
        `// (${notes}#version-choice) is fine, (${notes}#gone) is not.`,
        `// So is /opt/notes/${missing}, but https://example.com/${missing} is a URL.`,
      ].join("\n"),
      [md("src/README")]: `Beside the code; cites [the notes](../${notes}#notes).`,
      "test/b.ts": "// A bare README.md is found wherever it is.",
    });
    assert.deepEqual(brokenReferences(repo), [
      `${notes}:5: no heading #nowhere`,
      `src/a.ts:1: ${missing} is not in the repository`,
      `src/a.ts:2: ${notes} has no heading #gone`,
      `src/a.ts:3: /opt/notes/${missing} is not in the repository`,
    ]);
  });

  test("headings get GitHub's anchors", () => {
    const anchors = headingAnchors(
      "# A: `b.c` d\n```\n# not a heading\n```\n## go-plugin services\n## Logs\n## Logs\n",
    );
    assert.deepEqual([...anchors], ["a-bc-d", "go-plugin-services", "logs", "logs-1"]);
  });
});
