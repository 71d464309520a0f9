/** The plugin Grafana loads from module.js: the datasource, its settings page and query editor. */
import { DataSourcePlugin } from "@grafana/data";
import { ConfigEditor } from "./config-editor";
import { DataSource } from "./datasource";
import { QueryEditor } from "./query-editor";
import type { SimpleJsonOptions, SimpleJsonQuery } from "./types";

export const plugin = new DataSourcePlugin<DataSource, SimpleJsonQuery, SimpleJsonOptions>(
  DataSource,
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
