/**
 * Reads what a standalone executable must hold, from the file's own headers: the machine, the
 * Windows subsystem, and the single-executable blob where Node.js looks for it (PE: an RCDATA
 * resource named NODE_SEA_BLOB; ELF: a note named NODE_SEA_BLOB in a PT_NOTE segment).
 */
import { closeSync, openSync, readSync } from "node:fs";

export const seaBlobMagic = 0x0143da20;

export interface Layout {
  readonly format: "PE" | "ELF";
  /** PE: IMAGE_FILE_MACHINE_* (0x8664 = AMD64); ELF: e_machine (62 = x86-64, 183 = AArch64). */
  readonly machine: number;
  /** PE only: 3 = console (a GUI subsystem would have no stdout for the handshake). */
  readonly subsystem?: number;
  /** The first 16 bytes of the NODE_SEA_BLOB resource or note, and its size. */
  readonly seaBlob?: { readonly head: Buffer; readonly size: number };
}

export function executableLayout(file: string): Layout {
  const fd = openSync(file, "r");
  try {
    const at = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      return buf;
    };
    const head = at(0, 64);
    if (head.toString("latin1", 0, 2) === "MZ") return peLayout(at, head.readUInt32LE(0x3c));
    if (head.readUInt32BE(0) === 0x7f454c46) return elfLayout(at, head);
    throw new Error(`${file} is neither a PE nor an ELF file`);
  } finally {
    closeSync(fd);
  }
}

type Reader = (offset: number, length: number) => Buffer;

function peLayout(at: Reader, peOffset: number): Layout {
  const coff = at(peOffset, 24);
  if (coff.toString("latin1", 0, 4) !== "PE\0\0") throw new Error("no PE signature");
  const machine = coff.readUInt16LE(4);
  const sectionCount = coff.readUInt16LE(6);
  const optionalSize = coff.readUInt16LE(20);
  const optional = at(peOffset + 24, optionalSize);
  if (optional.readUInt16LE(0) !== 0x20b) throw new Error("not PE32+");
  const subsystem = optional.readUInt16LE(68);
  // Data directory 2 is the resource table (PE32+ directories start at 112).
  const resourceRva = optional.readUInt32LE(112 + 2 * 8);
  const sections = at(peOffset + 24 + optionalSize, sectionCount * 40);
  const toOffset = (rva: number): number => {
    for (let i = 0; i < sectionCount; i++) {
      const va = sections.readUInt32LE(i * 40 + 12);
      const size = Math.max(sections.readUInt32LE(i * 40 + 8), sections.readUInt32LE(i * 40 + 16));
      if (rva >= va && rva < va + size) return rva - va + sections.readUInt32LE(i * 40 + 20);
    }
    throw new Error(`RVA ${rva} is in no section`);
  };
  if (resourceRva === 0) return { format: "PE", machine, subsystem };
  const base = toOffset(resourceRva);
  const entries = (dirOffset: number) => {
    const dir = at(base + dirOffset, 16);
    const count = dir.readUInt16LE(12) + dir.readUInt16LE(14);
    const table = at(base + dirOffset + 16, count * 8);
    return Array.from({ length: count }, (_, i) => {
      const name = table.readUInt32LE(i * 8);
      const target = table.readUInt32LE(i * 8 + 4);
      return {
        id: name & 0x80000000 ? undefined : name,
        name: name & 0x80000000 ? resourceName(at, base + (name & 0x7fffffff)) : undefined,
        subdirectory: target & 0x80000000 ? target & 0x7fffffff : undefined,
        data: target & 0x80000000 ? undefined : target,
      };
    });
  };
  const rcdata = entries(0).find((e) => e.id === 10)?.subdirectory;
  const blobDir =
    rcdata === undefined
      ? undefined
      : entries(rcdata).find((e) => e.name === "NODE_SEA_BLOB")?.subdirectory;
  const language = blobDir === undefined ? undefined : entries(blobDir)[0]?.data;
  if (language === undefined) return { format: "PE", machine, subsystem };
  const dataEntry = at(base + language, 8);
  const size = dataEntry.readUInt32LE(4);
  return {
    format: "PE",
    machine,
    subsystem,
    seaBlob: { head: at(toOffset(dataEntry.readUInt32LE(0)), 16), size },
  };
}

function resourceName(at: Reader, offset: number): string {
  const length = at(offset, 2).readUInt16LE(0);
  return at(offset + 2, length * 2).toString("utf16le");
}

function elfLayout(at: Reader, head: Buffer): Layout {
  if (head[4] !== 2 || head[5] !== 1) throw new Error("not a little-endian 64-bit ELF file");
  const machine = head.readUInt16LE(18);
  const phoff = Number(head.readBigUInt64LE(32));
  const phentsize = head.readUInt16LE(54);
  const phnum = head.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const ph = at(phoff + i * phentsize, phentsize);
    if (ph.readUInt32LE(0) !== 4) continue; // PT_NOTE
    const offset = Number(ph.readBigUInt64LE(8));
    const size = Number(ph.readBigUInt64LE(32));
    let pos = 0;
    while (pos + 12 <= size) {
      const note = at(offset + pos, 12);
      const nameSize = note.readUInt32LE(0);
      const descSize = note.readUInt32LE(4);
      const name = at(offset + pos + 12, nameSize)
        .toString("latin1")
        .replace(/\0+$/, "");
      const desc = offset + pos + 12 + align4(nameSize);
      if (name === "NODE_SEA_BLOB") {
        return { format: "ELF", machine, seaBlob: { head: at(desc, 16), size: descSize } };
      }
      pos += 12 + align4(nameSize) + align4(descSize);
    }
  }
  return { format: "ELF", machine };
}

const align4 = (n: number) => (n + 3) & ~3;
