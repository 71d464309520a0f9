/** The annotation query: the text the Simple JSON server receives as `annotation.query`. */
import type { QueryEditorProps } from "@grafana/data";
import { InlineField, Input } from "@grafana/ui";
import React from "react";
import type { SimpleJsonQuery } from "./types";

type Props = Pick<QueryEditorProps<never, SimpleJsonQuery>, "query" | "onChange">;

export function AnnotationQueryEditor({ query, onChange }: Props) {
  return (
    <InlineField
      label="Query"
      labelWidth={14}
      grow={true}
      tooltip="Sent to the server's /annotations as annotation.query; template variables are replaced"
    >
      <Input
        id="simple-json-annotation-query"
        placeholder="#deploy"
        value={query.query ?? ""}
        onChange={(e: React.FormEvent<HTMLInputElement>) =>
          onChange({ ...query, queryType: "annotations", query: e.currentTarget.value })
        }
      />
    </InlineField>
  );
}
