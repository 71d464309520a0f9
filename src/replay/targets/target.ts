/** What replay sends fixtures to: a real process (or URL) that answers them. */
import type { Fixture } from "../fixture/fixture-schema.js";

export interface ReplayTarget {
  /** Shown in the summary. */
  readonly name: string;
  /** The actual response in the fixture's form; a ShimError when it cannot be had. */
  exchange(fixture: Fixture): Promise<unknown>;
  close(): Promise<void>;
}
