/**
 * Protocol-1 and protocol-2 fixtures sent to a plugin executable through the
 * go-plugin client: one process per protocol, offered only that version,
 * started on the first fixture that needs it and stopped as a host stops it.
 */

import { type PluginClient, startPluginClient } from "../../client/plugin-client.js";
import { ErrorCode, ShimError, toShimError } from "../../errors.js";
import type { Logger } from "../../log/logger.js";
import type { Fixture } from "../fixture/fixture-schema.js";
import { legacyOutcomeToForm, legacyRequestFromForm } from "../fixture/v1-form.js";
import { dataOutcomeToForm, dataRequestFromForm } from "../fixture/v2-form.js";

export interface PluginProcessOptions {
  readonly exe: string;
  /** Added to this process's environment for the plugin. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly log: Logger;
  readonly autoMtls: boolean;
  readonly startTimeoutMs: number;
}

export class PluginProcesses {
  readonly #started = new Map<number, Promise<PluginClient>>();

  constructor(private readonly o: PluginProcessOptions) {}

  client(version: 1 | 2): Promise<PluginClient> {
    let started = this.#started.get(version);
    if (!started) {
      started = startPluginClient({
        path: this.o.exe,
        versions: [version],
        log: this.o.log,
        ...(this.o.extraEnv ? { extraEnv: this.o.extraEnv } : {}),
        autoMtls: this.o.autoMtls,
        startTimeoutMs: this.o.startTimeoutMs,
      }).catch((thrown: unknown) => {
        const error = toShimError(thrown, ErrorCode.Unavailable);
        throw new ShimError(
          error.code,
          `the target does not answer protocol ${version}: ${error.message}`,
        );
      });
      started.catch(() => undefined);
      this.#started.set(version, started);
    }
    return started;
  }

  async exchange(fixture: Fixture): Promise<unknown> {
    if (fixture.protocol === "v1") {
      const client = await this.client(1);
      return legacyOutcomeToForm(await client.queryLegacy(legacyRequestFromForm(fixture.request)));
    }
    if (fixture.protocol === "v2") {
      const client = await this.client(2);
      return dataOutcomeToForm(await client.queryData(dataRequestFromForm(fixture.request)));
    }
    throw new ShimError(
      ErrorCode.Unimplemented,
      `a plugin process does not answer ${fixture.protocol} fixtures`,
    );
  }

  async close(): Promise<void> {
    const clients = await Promise.allSettled(this.#started.values());
    await Promise.all(clients.map((c) => (c.status === "fulfilled" ? c.value.stop() : undefined)));
  }
}
