/** The app protocol the shim answers, for every Grafana era (docs/protocol.md#version-choice). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chooseVersion, parseOffered } from "../../../../src/protocol/go-plugin/version.js";

interface Row {
  readonly era: string;
  readonly offered: string | undefined;
  readonly grafanaVersion?: string;
  readonly override?: number;
  readonly supported: readonly number[];
  readonly want: number;
}

const rows: readonly Row[] = [
  { era: "Grafana 6.0-6.1: no variable", offered: undefined, supported: [1, 2], want: 1 },
  { era: "Grafana 6.0-6.1, this build", offered: undefined, supported: [1], want: 1 },
  { era: "Grafana 6.2-6.4", offered: "1", supported: [1, 2], want: 1 },
  { era: "Grafana 6.5-6.7: 1,2 without GF_VERSION", offered: "1,2", supported: [1, 2], want: 1 },
  { era: "Grafana 6.5-6.7: 2,1 without GF_VERSION", offered: "2,1", supported: [1, 2], want: 1 },
  {
    era: "Grafana 6.x Docker image: GF_PATHS_* but no GF_VERSION",
    offered: "2,1",
    supported: [1, 2],
    want: 1,
  },
  {
    era: "Grafana 7.x: 1,2 with GF_VERSION, 2 supported",
    offered: "1,2",
    grafanaVersion: "7.5.17",
    supported: [1, 2],
    want: 2,
  },
  {
    era: "Grafana 7.x: 2,1 with GF_VERSION, 2 supported",
    offered: "2,1",
    grafanaVersion: "7.0.0",
    supported: [1, 2],
    want: 2,
  },
  {
    era: "Grafana 7.x, this build (1 only)",
    offered: "1,2",
    grafanaVersion: "7.5.17",
    supported: [1],
    want: 1,
  },
  { era: "Grafana 8+", offered: "2", grafanaVersion: "8.0.0", supported: [1, 2], want: 2 },
  { era: "Grafana 8+ without GF_VERSION", offered: "2", supported: [1, 2], want: 2 },
  {
    era: "Grafana 8+, this build: lowest, the host refuses it",
    offered: "2",
    grafanaVersion: "11.0.0",
    supported: [1],
    want: 1,
  },
  { era: "junk item skipped", offered: "abc,1", supported: [1, 2], want: 1 },
  { era: "junk item skipped, this build", offered: "abc,1", supported: [1], want: 1 },
  { era: "only junk", offered: "abc,x2", supported: [1, 2], want: 1 },
  { era: "empty variable", offered: "", supported: [1, 2], want: 1 },
  {
    era: "spaces around items",
    offered: " 1 , 2 ",
    grafanaVersion: "7.1.0",
    supported: [1, 2],
    want: 2,
  },
  { era: "only unknown versions", offered: "3,4", supported: [1, 2], want: 1 },
  {
    era: "override 2 beats the offer of 1",
    offered: "1",
    override: 2,
    supported: [1, 2],
    want: 2,
  },
  {
    era: "override 1 beats 2 with GF_VERSION",
    offered: "1,2",
    grafanaVersion: "7.5.0",
    override: 1,
    supported: [1, 2],
    want: 1,
  },
  {
    era: "unsupported override ignored",
    offered: "1,2",
    grafanaVersion: "7.5.0",
    override: 2,
    supported: [1],
    want: 1,
  },
  { era: "override 3 ignored", offered: "2", override: 3, supported: [1, 2], want: 2 },
];

describe("chooseVersion", () => {
  for (const row of rows) {
    test(row.era, () => {
      const choice = chooseVersion({
        offered: row.offered,
        grafanaVersion: row.grafanaVersion,
        override: row.override,
        supported: row.supported,
      });
      assert.equal(choice.version, row.want);
      assert.match(choice.reason, /\S/, "a reason for the log line");
    });
  }

  test("an override only wins when supported", () => {
    const base = { offered: "1", grafanaVersion: undefined, supported: [1, 2] };
    assert.equal(chooseVersion({ ...base, override: 2 }).reason, "operator override");
    assert.notEqual(
      chooseVersion({ ...base, supported: [1], override: 2 }).reason,
      "operator override",
    );
  });
});

describe("parseOffered", () => {
  const cases: readonly [string | undefined, number[]][] = [
    [undefined, []],
    ["", []],
    ["1", [1]],
    ["1,2", [1, 2]],
    ["2,1", [2, 1]],
    ["abc,1", [1]],
    [" 1 , 2 ", [1, 2]],
    ["1,,2", [1, 2]],
    ["1.5,-1,0x2,2", [2]],
  ];
  for (const [text, want] of cases) {
    test(JSON.stringify(text ?? null), () => assert.deepEqual(parseOffered(text), want));
  }
});
