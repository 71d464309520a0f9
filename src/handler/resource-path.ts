/**
 * The rule every edge applies to a resource path before a handler sees it: no dot segments
 * (`.`, `..`, also written %2e), no encoded slashes (%2f) and no backslashes (`\`, %5c). A
 * handler that builds a URL or a file name from the path could otherwise be walked out of its
 * datasource; Grafana's own router normalises paths, the shim refuses them instead.
 */

const dotSegment = /^(?:\.|%2e){1,2}$/i;
const hiddenSeparator = /%2f|%5c|\\/i;

/** Why `path` is refused (a sentence for a 400 answer), or undefined when it is fine. */
export function resourcePathProblem(path: string): string | undefined {
  if (hiddenSeparator.test(path)) {
    return `the resource path ${JSON.stringify(path)} holds an encoded slash or a backslash`;
  }
  if (path.split("/").some((segment) => dotSegment.test(segment))) {
    return `the resource path ${JSON.stringify(path)} holds a dot segment (. or ..)`;
  }
  return undefined;
}
