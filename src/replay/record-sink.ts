/**
 * Writes each recorded exchange as the next numbered fixture file in a folder
 * (`0001-v1-A-B.json`, …), continuing after files already there. A fixture that
 * cannot be written is logged; the exchange itself is never affected.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { messageOf } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { Exchange, ExchangeRecorder } from "../model/exchange.js";
import { writeFixture } from "./fixture/fixture-file.js";
import { exchangeToFixture, refIdsOf } from "./fixture/to-fixture.js";

export interface RecorderOptions {
  readonly dir: string;
  readonly peer: string;
  readonly via?: string;
  readonly comment?: string;
  readonly volatile?: readonly string[];
  readonly log: Logger;
}

function nextNumber(dir: string): number {
  const taken = readdirSync(dir)
    .map((name) => /^(\d+)-/.exec(name)?.[1])
    .filter((n) => n !== undefined)
    .map(Number);
  return taken.length ? Math.max(...taken) + 1 : 1;
}

function fileName(n: number, exchange: Exchange): string {
  const ids = refIdsOf(exchange)
    .join("-")
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .slice(0, 40);
  return `${String(n).padStart(4, "0")}-${exchange.protocol}${ids ? `-${ids}` : ""}.json`;
}

export function createFixtureRecorder(o: RecorderOptions): ExchangeRecorder {
  mkdirSync(o.dir, { recursive: true });
  let next = nextNumber(o.dir);
  return {
    record(exchange) {
      const file = join(o.dir, fileName(next++, exchange));
      try {
        writeFixture(file, exchangeToFixture(exchange, { ...o, at: new Date() }));
        o.log.info("recorded a fixture", { file });
      } catch (thrown) {
        o.log.error("could not write a fixture", { file, error: messageOf(thrown) });
      }
    },
  };
}
