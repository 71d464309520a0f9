/**
 * Secrets never reach a fixture file: decrypted secure settings, credentials in
 * headers and keys that name a secret are replaced in the request, and every
 * secret value found there, with those the recorder knows from the exchange (a
 * datasource URL's password, a Basic credential), is replaced in all its forms
 * wherever it appears again (a plugin that echoes its settings puts them in the
 * response too). The forms and the replacing are src/secrets.ts, as for logs and errors.
 */
import { redacted, Secrets } from "../secrets.js";

export { redacted };

const secureObjects = /^(decryptedSecureJsonData|secureJsonData)$/;
const secretKeys =
  /^(password|passwd|secret|token|api[-_]?key|x-api-key|client[-_]?secret|private[-_]?key|basicAuthPassword|access[-_]?token|(http_)?(authorization|proxy-authorization|cookie|x-id-token))$/i;

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
function redactSecrets(value: unknown, byKey: boolean, found: string[]): unknown {
  return walk(value, (key, inner, inSecure) => {
    if (typeof inner !== "string" || inner === redacted) return inner;
    if (!inSecure && !(byKey && secretKeys.test(key))) return inner;
    found.push(inner);
    return inner === "" ? inner : redacted;
  });
}

/**
 * For writing a fixture: in the request, secure settings and values under
 * secret-naming keys; in the response, secure settings (a gateway's own, which
 * the request never held); then every value found and every `known` one, in
 * every form, wherever it appears.
 */
export function redactExchange<R, S>(
  request: R,
  response: S,
  known: Secrets = Secrets.none,
): { request: R; response: S } {
  const found: string[] = [];
  const req = redactSecrets(request, true, found);
  const res = redactSecrets(response, false, found);
  const secrets = known.with(found);
  return { request: secrets.json(req) as R, response: secrets.json(res) as S };
}

/** An actual response redacted as recording would have done it, for comparing. */
export function redactResponse<S>(response: S): S {
  const found: string[] = [];
  const res = redactSecrets(response, false, found);
  return Secrets.of(found).json(res) as S;
}
