/** `package` in a packaged plugin's bundle: packaging needs the npm package (its bundles, npm, postject). */
export async function runPackage(_argv: readonly string[]): Promise<number> {
  process.stderr.write(
    "grafana-shim package runs from the npm package, not from a packaged plugin: npx grafana-shim package --help\n",
  );
  return 2;
}
