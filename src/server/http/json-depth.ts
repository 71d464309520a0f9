/** Finds JSON nested too deep without recursion, so no body can overflow the stack. */

interface Node {
  readonly value: unknown;
  readonly depth: number;
  readonly parent?: Node;
  readonly key?: string | number;
}

/** The path of the first value nested deeper than `max`, or undefined. */
export function tooDeepAt(root: unknown, max: number): (string | number)[] | undefined {
  const stack: Node[] = [{ value: root, depth: 0 }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value, depth } = node;
    if (typeof value !== "object" || value === null) continue;
    if (depth >= max) return pathOf(node);
    if (Array.isArray(value)) {
      value.forEach((item, key) => {
        stack.push({ value: item, depth: depth + 1, parent: node, key });
      });
    } else {
      for (const key in value) {
        stack.push({
          value: (value as Record<string, unknown>)[key],
          depth: depth + 1,
          parent: node,
          key,
        });
      }
    }
  }
  return undefined;
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
  return path;
}
