#!/usr/bin/env node
// The package registry reachable here serves only the Linux builds of
// platform-specific optional packages (e.g. @biomejs/cli-darwin-arm64 is a 404),
// so `npm install` leaves them out of package-lock.json and `npm ci` then refuses
// the lock as out of sync. This adds the missing optional entries, marked with
// their os/cpu (read from the package name), so `npm ci` skips them on Linux
// exactly as it would with a complete lock. Run after changing dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;
const platforms = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "netbsd",
  "openbsd",
  "sunos",
  "win32",
  "aix",
  "openharmony",
];
const cpus = ["arm64", "x64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "mips64el"];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => platforms.includes(p));
  const cpu = parts.find((p) => cpus.includes(p));
  const musl = parts.includes("musl");
  return os && cpu ? { os: [os], cpu: [cpu], ...(musl ? { libc: ["musl"] } : {}) } : undefined;
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `node_modules/${name}`;
    if (packages[at] || packages[`${path}/${at}`]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[at] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.error(`complete-lockfile: added ${added} optional platform entries`);
