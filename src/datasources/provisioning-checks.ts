/** Rules across all provisioned datasources, with Grafana's wording where Grafana has one. */
import type { Datasource } from "./datasource.js";
import type { Problem } from "./provisioning-fields.js";

const uidPattern = /^[a-zA-Z0-9_-]{1,40}$/;

export function checkDatasources(all: readonly Datasource[]): Problem[] {
  const problems: Problem[] = [];
  const seen = {
    id: new Map<string, string>(),
    uid: new Map<string, string>(),
    name: new Map<string, string>(),
  };
  const defaults = new Set<number>();
  for (const ds of all) {
    const at = `datasource "${ds.name || ds.uid}"`;
    if (!ds.name) problems.push({ path: at, message: "name is required" });
    if (!ds.type) problems.push({ path: at, message: "type is required" });
    if (!uidPattern.test(ds.uid)) {
      problems.push({
        path: at,
        message: `uid ${JSON.stringify(ds.uid)} must be 1-40 of a-z A-Z 0-9 - _`,
      });
    }
    if (!Number.isSafeInteger(ds.id) || ds.id < 1) {
      problems.push({ path: at, message: `id must be a positive integer (got ${ds.id})` });
    }
    for (const [key, value] of [
      ["id", ds.id],
      ["uid", ds.uid],
      ["name", `${ds.orgId}/${ds.name}`],
    ] as const) {
      const other = seen[key].get(String(value));
      if (other !== undefined)
        problems.push({ path: at, message: `same ${key} as datasource "${other}"` });
      seen[key].set(String(value), ds.name);
    }
    if (ds.isDefault) {
      if (defaults.has(ds.orgId)) {
        problems.push({
          path: at,
          message: "Only one datasource per organization can be marked as default",
        });
      }
      defaults.add(ds.orgId);
    }
  }
  return problems;
}
