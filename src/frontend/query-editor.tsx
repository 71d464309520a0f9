/**
 * The panel query: a metric picked from the server's `/search` (any text may be typed), the
 * format, the additional JSON with validation, and Live for time series.
 */
import type { QueryEditorProps, SelectableValue } from "@grafana/data";
import {
  AsyncSelect,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  RadioButtonGroup,
  TextArea,
} from "@grafana/ui";
import React, { useState } from "react";
import type { DataSource } from "./datasource";
import { payloadText, withPayloadText } from "./payload-text";
import {
  placeholderTarget,
  type QueryFormat,
  type SimpleJsonOptions,
  type SimpleJsonQuery,
} from "./types";

export type QueryEditorPropsOf = QueryEditorProps<DataSource, SimpleJsonQuery, SimpleJsonOptions>;

const formats: Array<SelectableValue<QueryFormat>> = [
  { label: "Time series", value: "timeserie" },
  { label: "Table", value: "table" },
];

export function QueryEditor({ query, onChange, onRunQuery, datasource }: QueryEditorPropsOf) {
  const [text, setText] = useState(() => payloadText(query));
  const [payloadError, setPayloadError] = useState<string | undefined>(undefined);
  const target = query.target === placeholderTarget ? undefined : query.target;
  const format = query.type ?? "timeserie";

  const change = (next: SimpleJsonQuery) => {
    onChange(next);
    onRunQuery();
  };
  const loadMetrics = async (typed: string) =>
    (await datasource.searchMetrics(typed)).map((v) => ({
      label: v.text,
      value: String(v.value ?? v.text),
    }));
  const setTarget = (value: string | undefined) => change({ ...query, target: value ?? "" });
  const savePayload = () => {
    const edit = withPayloadText(query, text);
    if (!edit.ok) {
      setPayloadError(`Payload is ${edit.error}`);
      return;
    }
    setPayloadError(undefined);
    change(edit.query);
  };

  return (
    <div data-testid="simple-json-query-editor">
      <InlineFieldRow>
        <InlineField
          label="Metric"
          labelWidth={14}
          grow={true}
          tooltip="From the server's /search; type any text to use it as it is"
        >
          <AsyncSelect<string>
            inputId={`simple-json-metric-${query.refId}`}
            loadOptions={loadMetrics}
            defaultOptions={true}
            allowCustomValue={true}
            isClearable={true}
            placeholder="select metric"
            value={target ? { label: target, value: target } : null}
            onChange={(v: SelectableValue<string> | null) => setTarget(v?.value)}
            onCreateOption={(v: string) => setTarget(v)}
            width={40}
          />
        </InlineField>
        <InlineField label="Format" labelWidth={10}>
          <RadioButtonGroup<QueryFormat>
            options={formats}
            value={format}
            onChange={(type: QueryFormat) => {
              const { live: _live, ...rest } = query;
              change(type === "table" ? { ...rest, type } : { ...query, type });
            }}
          />
        </InlineField>
        {format === "timeserie" ? (
          <InlineField
            label="Live"
            labelWidth={8}
            tooltip="Stream new points through Grafana Live (Grafana 8+)"
          >
            <InlineSwitch
              id={`simple-json-live-${query.refId}`}
              value={query.live === true}
              onChange={(e: React.FormEvent<HTMLInputElement>) =>
                change({ ...query, live: e.currentTarget.checked })
              }
            />
          </InlineField>
        ) : null}
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Payload"
          labelWidth={14}
          grow={true}
          invalid={payloadError !== undefined}
          error={payloadError}
          tooltip="Additional JSON sent with the target (payload and data); template variables in strings are replaced"
        >
          <TextArea
            id={`simple-json-payload-${query.refId}`}
            rows={3}
            placeholder='{"key": "value"}'
            value={text}
            invalid={payloadError !== undefined}
            onChange={(e: React.FormEvent<HTMLTextAreaElement>) => setText(e.currentTarget.value)}
            onBlur={savePayload}
          />
        </InlineField>
      </InlineFieldRow>
    </div>
  );
}
