/**
 * Datasource settings: Grafana's DataSourceHttpSettings (URL, basic auth, with credentials,
 * custom headers, TLS, allowed cookies, timeout) writes the jsonData and secureJsonData keys the
 * backend reads; the largest answer it reads (jsonData.maxResponseMiB) is the one setting added.
 */
import type { DataSourcePluginOptionsEditorProps } from "@grafana/data";
import { DataSourceHttpSettings, InlineField, Input } from "@grafana/ui";
import React from "react";
import type { SimpleJsonOptions } from "./types";

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<SimpleJsonOptions>;

export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  const maxMiB = options.jsonData.maxResponseMiB;
  const onMaxChange = (event: React.FormEvent<HTMLInputElement>) => {
    const { maxResponseMiB: _old, ...jsonData } = options.jsonData;
    const n = Number(event.currentTarget.value);
    const value = event.currentTarget.value.trim() === "" || !(n > 0) ? {} : { maxResponseMiB: n };
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...value } });
  };
  return (
    <>
      <DataSourceHttpSettings
        defaultUrl="http://localhost:8080"
        dataSourceConfig={options}
        onChange={onOptionsChange}
        showAccessOptions={false}
        showForwardOAuthIdentityOption={true}
      />
      <h3 className="page-heading">Simple JSON</h3>
      <InlineField
        label="Max answer (MiB)"
        labelWidth={20}
        tooltip="The largest answer read from the Simple JSON server; larger answers are the query's error. Default 64."
      >
        <Input
          id="simple-json-max-response"
          type="number"
          min={1}
          width={20}
          placeholder="64"
          value={maxMiB === undefined ? "" : String(maxMiB)}
          onChange={onMaxChange}
        />
      </InlineField>
    </>
  );
}
