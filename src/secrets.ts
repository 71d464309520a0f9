/**
 * Secrets the shim holds or sends, and the one way they are kept out of what anyone sees:
 * error texts (and the log lines that carry them) and recorded fixtures all pass through
 * `Secrets`. A secret is searched for in every form an answer could echo it in: as it is,
 * base64 (standard and URL-safe, with or without padding), percent-encoded, JSON-escaped and
 * with its whitespace collapsed; an excerpt cut inside a secret (`…` after its first
 * characters) loses that start as well.
 */
export const redacted = "[redacted]";
/** Shorter values would replace ordinary text. */
const shortestSecret = 4;
const ellipsis = "…";

/** A set of secret values, searched for in all their forms. */
export class Secrets {
  static readonly none = new Secrets([]);

  readonly #values: readonly string[];
  /** Every form, longest first, so that a form containing another is replaced whole; made on first use. */
  #formList: readonly string[] | undefined;
  #pattern: RegExp | undefined;
  #bytePattern: RegExp | undefined;

  private constructor(values: readonly string[]) {
    this.#values = values;
  }

  get #forms(): readonly string[] {
    this.#formList ??= [...new Set(this.#values.flatMap(formsOf))].sort(
      (a, b) => b.length - a.length,
    );
    return this.#formList;
  }

  static of(values: Iterable<string | undefined>): Secrets {
    const kept = [...new Set([...values].filter((v): v is string => typeof v === "string"))];
    return kept.some((v) => v.length >= shortestSecret) ? new Secrets(kept) : Secrets.none;
  }

  /** These secrets and more. */
  with(more: Secrets | Iterable<string | undefined>): Secrets {
    const values = more instanceof Secrets ? more.#values : more;
    return Secrets.of([...this.#values, ...values]);
  }

  /** Values are kept only when one is long enough to have forms (Secrets.of). */
  get empty(): boolean {
    return this.#values.length === 0;
  }

  /** The text with every form of every secret replaced by `[redacted]`. */
  text(text: string): string {
    if (this.empty) return text;
    this.#pattern ??= new RegExp(this.#forms.map(regexEscaped).join("|"), "g");
    const whole = text.replace(this.#pattern, redacted);
    return whole.includes(ellipsis) ? this.#cutStarts(whole) : whole;
  }

  /** Bytes with every secret replaced; the same array when none occurs (binary bodies stay as they are). */
  bytes(bytes: Uint8Array): Uint8Array {
    if (this.empty || bytes.length === 0) return bytes;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // A byte search first: large answers without a secret are never copied into a string.
    if (!this.#forms.some((form) => buffer.includes(form, 0, "utf8"))) return bytes;
    // latin1 maps each byte to one character and back, so bodies that are not UTF-8 survive.
    this.#bytePattern ??= new RegExp(
      this.#forms.map((f) => regexEscaped(Buffer.from(f, "utf8").toString("latin1"))).join("|"),
      "g",
    );
    return Buffer.from(buffer.toString("latin1").replace(this.#bytePattern, redacted), "latin1");
  }

  /** A JSON-like value with every string (keys too) redacted. */
  json<T>(value: T): T {
    return this.empty ? value : (this.#walk(value) as T);
  }

  #walk(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.#walk(v)]));
  }

  /** `…` right after the start of a secret: an excerpt was cut inside it. */
  #cutStarts(text: string): string {
    let out = text;
    for (let at = out.indexOf(ellipsis); at >= 0; at = out.indexOf(ellipsis, at + 1)) {
      for (const form of this.#forms) {
        const start = longestStartBefore(out, at, form);
        if (start > 0) {
          out = out.slice(0, at - start) + redacted + out.slice(at);
          at += redacted.length - start;
          break;
        }
      }
    }
    return out;
  }
}

/** How many of `form`'s first characters end at `at` (at least the shortest secret), or 0. */
function longestStartBefore(text: string, at: number, form: string): number {
  for (let n = Math.min(form.length - 1, at); n >= shortestSecret; n--) {
    if (text.startsWith(form.slice(0, n), at - n)) return n;
  }
  return 0;
}

function formsOf(value: string): string[] {
  if (value.length < shortestSecret) return [];
  const utf8 = Buffer.from(value, "utf8");
  const base64 = utf8.toString("base64");
  const uri = encodeURIComponent(value);
  const forms = [
    value,
    base64,
    base64.replace(/=+$/, ""),
    utf8.toString("base64url"),
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    uri.replace(/%20/g, "+"),
    JSON.stringify(value).slice(1, -1),
    value.replace(/\s+/g, " ").trim(),
  ];
  return forms.filter((f) => f.length >= shortestSecret);
}

function regexEscaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The user name and password of a URL as written (percent-encoded), read without parsing it. */
function userinfoOf(text: string): { user: string; password?: string; at: number; end: number } {
  const match = /^(\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/|\s*)([^/?#\\]*)@/.exec(text);
  if (!match) return { user: "", at: -1, end: -1 };
  const prefix = (match[1] as string).length;
  const info = match[2] as string;
  const colon = info.indexOf(":");
  const end = prefix + info.length;
  if (colon < 0) return { user: info, at: -1, end };
  return { user: info.slice(0, colon), password: info.slice(colon + 1), at: prefix + colon, end };
}

/** A URL for showing: its password left out (`http://user@host/`), even when it does not parse. */
export function urlWithoutPassword(text: string): string {
  const { at, end } = userinfoOf(text);
  return at < 0 ? text : text.slice(0, at) + text.slice(end);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What a datasource's settings hold that could identify someone: never the URL or a user name. */
export interface SecretSettings {
  readonly url: string;
  readonly basicAuthUser?: string;
  readonly user?: string;
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly decryptedSecureJsonData: Readonly<Record<string, string>>;
}

/**
 * Every secret of a datasource's settings: its decrypted secure values (passwords, header
 * values, TLS keys, …), the password of its URL, and each `user:password` a Basic credential
 * could be made of (its base64 is the credential).
 */
export function datasourceSecrets(ds: SecretSettings | undefined): Secrets {
  if (ds === undefined) return Secrets.none;
  const { user: urlUser, password: urlPassword } = userinfoOf(ds.url);
  const passwords = [
    ds.decryptedSecureJsonData.basicAuthPassword,
    ds.decryptedSecureJsonData.password,
  ];
  if (urlPassword !== undefined) passwords.push(urlPassword, decoded(urlPassword));
  const jsonUser = ds.jsonData.basicAuthUser;
  const users = [ds.basicAuthUser, ds.user, typeof jsonUser === "string" ? jsonUser : undefined];
  users.push(urlUser, decoded(urlUser));
  const pairs = users.flatMap((u) =>
    passwords.flatMap((p) => (u === undefined || p === undefined ? [] : [`${u}:${p}`])),
  );
  return Secrets.of([...Object.values(ds.decryptedSecureJsonData), ...passwords, ...pairs]);
}

/** Credential headers (Grafana's `http_` prefix or none) of a request the shim passes on. */
const credentialHeaders = /^(http_)?(authorization|proxy-authorization|x-id-token|cookie)$/i;

/** The credentials in these headers: each value, the token after its scheme, a Basic pair, each cookie's value. */
export function headerSecrets(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Secrets {
  const values: string[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    const kind = credentialHeaders.exec(name)?.[2]?.toLowerCase();
    if (kind === undefined || raw === undefined) continue;
    for (const value of typeof raw === "string" ? [raw] : raw) {
      values.push(value);
      if (kind === "cookie") {
        values.push(...value.split(";").map((c) => c.slice(c.indexOf("=") + 1).trim()));
        continue;
      }
      const [scheme = "", token = ""] = value.trim().split(/\s+/, 2);
      values.push(token);
      if (scheme.toLowerCase() === "basic") {
        const pair = Buffer.from(token, "base64").toString("utf8");
        values.push(pair, pair.slice(pair.indexOf(":") + 1));
      }
    }
  }
  return Secrets.of(values);
}
