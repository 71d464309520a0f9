/**
 * A bounds-checked flatbuffers reader, just enough to vet Arrow IPC metadata before
 * apache-arrow parses it (its reader trusts vector lengths and can loop for minutes).
 */
export class FlatError extends Error {}

export class FlatView {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.bytes.length;
  }

  private need(at: number, bytes: number): void {
    if (!(at >= 0 && at + bytes <= this.bytes.length)) throw new FlatError("offset out of range");
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.view.getUint8(at);
  }

  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at, true);
  }

  i32(at: number): number {
    this.need(at, 4);
    return this.view.getInt32(at, true);
  }

  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at, true);
  }

  /** Position of the root table. */
  root(): number {
    return this.u32(0);
  }

  /** Position of a table field (slot index), or 0 when absent. */
  field(table: number, slot: number): number {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const entry = 4 + 2 * slot;
    if (entry + 2 > vtableSize) return 0;
    const offset = this.u16(vtable + entry);
    return offset === 0 ? 0 : table + offset;
  }

  /** Position of the table a table field points to, or 0 when absent. */
  table(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at === 0 ? 0 : at + this.u32(at);
  }

  /** Element start and length of a vector field whose elements are `width` bytes. */
  vector(table: number, slot: number, width: number): { start: number; length: number } {
    const at = this.field(table, slot);
    if (at === 0) return { start: 0, length: 0 };
    const vector = at + this.u32(at);
    const length = this.u32(vector);
    this.need(vector + 4, length * width);
    return { start: vector + 4, length };
  }

  /** Position of the i-th table of a vector of tables. */
  tableAt(start: number, i: number): number {
    const at = start + 4 * i;
    return at + this.u32(at);
  }
}
