/**
 * Secrets never reach a fixture file: decrypted secure settings, credentials in
 * headers and keys that name a secret are replaced in the request, and every
 * secret value found there is replaced wherever it appears again (a plugin that
 * echoes its settings puts them in the response too).
 */
export const redacted = "[redacted]";

const secureObjects = /^(decryptedSecureJsonData|secureJsonData)$/;
const secretKeys =
  /^(password|passwd|secret|token|api[-_]?key|authorization|cookie|x-api-key|client[-_]?secret|private[-_]?key|basicAuthPassword|access[-_]?token|x-id-token|http_authorization|http_cookie)$/i;
/** Shorter values would replace ordinary text. */
const shortestSecret = 4;

function walk(
  value: unknown,
  edit: (key: string, v: unknown, inSecure: boolean) => unknown,
  inSecure = false,
): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, edit, inSecure));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secure = inSecure || secureObjects.test(key);
    const edited = edit(key, inner, secure);
    out[key] = edited === inner ? walk(inner, edit, secure) : edited;
  }
  return out;
}

/** Secrets replaced, and the values found; keys are judged only when `byKey`. */
function redactSecrets(value: unknown, byKey: boolean, secrets: Set<string>): unknown {
  return walk(value, (key, inner, inSecure) => {
    if (typeof inner !== "string" || inner === redacted) return inner;
    if (!inSecure && !(byKey && secretKeys.test(key))) return inner;
    if (inner.length >= shortestSecret) secrets.add(inner);
    return inner === "" ? inner : redacted;
  });
}

function replaceValues(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof value === "string") {
    let text = value;
    for (const secret of secrets) text = text.split(secret).join(redacted);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => replaceValues(v, secrets));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      replaceValues(k, secrets) as string,
      replaceValues(v, secrets),
    ]),
  );
}

/**
 * For writing a fixture: in the request, secure settings and values under
 * secret-naming keys; in the response, secure settings (a gateway's own, which
 * the request never held); then every value found, wherever it appears.
 */
export function redactExchange<R, S>(request: R, response: S): { request: R; response: S } {
  const secrets = new Set<string>();
  const req = redactSecrets(request, true, secrets);
  const res = redactSecrets(response, false, secrets);
  if (secrets.size === 0) return { request: req as R, response: res as S };
  return {
    request: replaceValues(req, secrets) as R,
    response: replaceValues(res, secrets) as S,
  };
}

/** An actual response redacted as recording would have done it, for comparing. */
export function redactResponse<S>(response: S): S {
  const secrets = new Set<string>();
  const res = redactSecrets(response, false, secrets);
  return (secrets.size === 0 ? res : replaceValues(res, secrets)) as S;
}
