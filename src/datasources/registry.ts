/** Lookup of the served datasources by id, uid and name. */
import type { Datasource } from "./datasource.js";

export class DatasourceRegistry {
  private readonly ids = new Map<number, Datasource>();
  private readonly uids = new Map<string, Datasource>();
  private readonly names = new Map<string, Datasource>();

  constructor(readonly all: readonly Datasource[]) {
    for (const ds of all) {
      this.ids.set(ds.id, ds);
      this.uids.set(ds.uid, ds);
      this.names.set(ds.name, ds);
    }
  }

  byId(id: number): Datasource | undefined {
    return this.ids.get(id);
  }

  byUid(uid: string): Datasource | undefined {
    return this.uids.get(uid);
  }

  /** Grafana 7 queries name their datasource by name; 8.x reads the same string as a uid. */
  byUidOrName(text: string): Datasource | undefined {
    return this.uids.get(text) ?? this.names.get(text);
  }
}
