/**
 * Choosing the app protocol version (docs/protocol.md#version-choice).
 * Grafana 6.5-6.7 offer "1,2" but their 2 is an older, wire-incompatible
 * proto; Grafana 7+ always sets GF_VERSION, so 2 is chosen only with it.
 */
export interface VersionInput {
  /** PLUGIN_PROTOCOL_VERSIONS as the host set it, or undefined. */
  readonly offered: string | undefined;
  /** GF_VERSION, set by Grafana 7 and later. */
  readonly grafanaVersion: string | undefined;
  /** An operator's explicit choice, e.g. from GRAFANA_SHIM_PROTOCOL. */
  readonly override: number | undefined;
  /** The versions this build serves, ascending. */
  readonly supported: readonly number[];
}

export interface VersionChoice {
  readonly version: number;
  readonly reason: string;
}

/** Parses a comma list, skipping items that are not positive integers (as go-plugin does). */
export function parseOffered(offered: string | undefined): number[] {
  if (!offered) return [];
  return offered
    .split(",")
    .map((item) => item.trim())
    .filter((item) => /^\d+$/.test(item))
    .map(Number);
}

export function chooseVersion(input: VersionInput): VersionChoice {
  const offered = parseOffered(input.offered);
  const lowest = input.supported[0] ?? 1;
  if (input.override !== undefined && input.supported.includes(input.override)) {
    return { version: input.override, reason: "operator override" };
  }
  const mutual = input.supported.filter((v) => offered.includes(v));
  if (mutual.length === 0) {
    const why = offered.length ? `host offered ${offered.join(",")}` : "host offered no versions";
    return { version: lowest, reason: `${why}; answering the lowest supported` };
  }
  if (mutual.includes(2) && (input.grafanaVersion || !mutual.includes(1))) {
    return {
      version: 2,
      reason: input.grafanaVersion ? "offered with GF_VERSION" : "only 2 offered",
    };
  }
  if (mutual.includes(1)) {
    return {
      version: 1,
      reason: offered.includes(2) ? "2 offered without GF_VERSION (Grafana 6.5-6.7)" : "offered",
    };
  }
  return { version: Math.max(...mutual), reason: "highest mutual" };
}
