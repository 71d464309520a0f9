/**
 * Grafana's interpolation of provisioning values (pkg/services/provisioning/values):
 * `$$` is a literal `$`; `${VAR}`, `$__env{VAR}` and `$__file{path}` expand first
 * (setting.ExpandVar), then `$VAR` and `${VAR}` as Go's os.ExpandEnv does.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { ErrorCode, messageOf, ShimError } from "../errors.js";

export type Env = Readonly<Record<string, string | undefined>>;

export function interpolate(value: string, env: Env): string {
  return value
    .split("$$")
    .map((part) => expandEnv(expandVar(part, env), env))
    .join("$");
}

const expanderPattern = /\$(|__\w+)\{([^}]+)\}/g;

/** Grafana `setting.ExpandVar`: the env expander, then the file expander. */
function expandVar(text: string, env: Env): string {
  let out = text;
  for (const [scheme, expand] of expanders) {
    for (const match of [...out.matchAll(expanderPattern)]) {
      if (match[1] === scheme || (scheme === "__env" && match[1] === "")) {
        out = out.replace(match[0], () => expand(match[2] ?? "", env));
      }
    }
  }
  return out;
}

const expanders: readonly [string, (arg: string, env: Env) => string][] = [
  ["__env", (name, env) => env[name] || (name === "HOSTNAME" ? hostname() : "")],
  ["__file", readSecretFile],
];

function readSecretFile(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (thrown) {
    const reason = messageOf(thrown);
    throw new ShimError(ErrorCode.InvalidArgument, `$__file{${path}}: ${reason}`);
  }
}

/** Go `os.ExpandEnv`: unset variables become empty; `${}` is eaten; a lone `$` stays. */
export function expandEnv(text: string, env: Env): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0 || dollar === text.length - 1) break;
    out += text.slice(i, dollar);
    const { name, width } = shellName(text.slice(dollar + 1));
    if (name === "" && width === 0) out += "$";
    else if (name !== "") out += env[name] ?? "";
    i = dollar + 1 + width;
  }
  return out + text.slice(i);
}

const special = /^[*#$@!?\-0-9]$/;
const alphaNum = /^[A-Za-z0-9_]*/;

/** Go `os.getShellName`: the variable name after a `$`, and how many characters it spans. */
function shellName(s: string): { name: string; width: number } {
  if (s[0] === "{") {
    if (s.length > 2 && special.test(s[1] ?? "") && s[2] === "}")
      return { name: s[1] ?? "", width: 3 };
    const close = s.indexOf("}", 1);
    if (close === 1) return { name: "", width: 2 }; // "${}" is bad syntax: eaten
    if (close < 0) return { name: "", width: 1 }; // "${" without "}": eaten
    return { name: s.slice(1, close), width: close + 1 };
  }
  if (special.test(s[0] ?? "")) return { name: s[0] ?? "", width: 1 };
  const name = alphaNum.exec(s)?.[0] ?? "";
  return { name, width: name.length };
}
