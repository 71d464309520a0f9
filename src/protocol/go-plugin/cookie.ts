/** The go-plugin magic cookie Grafana sets for every backend plugin. */
export const magicCookie = { key: "grafana_plugin_type", value: "datasource" } as const;

/** What every go-plugin binary prints when started by hand (go-plugin server.go). */
export const notAPluginLines = [
  "This binary is a plugin. These are not meant to be executed directly.",
  "Please execute the program that consumes these plugins, which will",
  "load any plugins automatically",
] as const;

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[magicCookie.key] === magicCookie.value;
}
