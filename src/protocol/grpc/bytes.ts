/** A bytes field as a Uint8Array: protobufjs leaves an absent one as its `[]` default. */
export function wireBytes(value: Uint8Array | readonly number[] | null | undefined): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return value ? Uint8Array.from(value) : new Uint8Array();
}
