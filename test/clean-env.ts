/**
 * The test runner's environment without what would steer a shim or plugin started from it:
 * the shim's settings, Grafana's and go-plugin's variables, the magic cookie, CI (replay's
 * --update guard) and NODE_OPTIONS; then `extra`. Tests give TMPDIR a folder of their own:
 * plugins put their unix socket there, and one killed by a host leaves it behind.
 */
export function cleanEnv(
  extra: Readonly<Record<string, string | undefined>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const steers =
      /^(GRAFANA_SHIM_|GF_|PLUGIN_)/.test(key) ||
      ["grafana_plugin_type", "CI", "NODE_OPTIONS"].includes(key);
    if (!steers) env[key] = value;
  }
  return { ...env, ...extra };
}
