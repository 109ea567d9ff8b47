/** Writers for the few instruction shapes the instrumentation passes insert. */
import type { ByteWriter } from '../encoder.js'

export function globalGet(w: ByteWriter, g: number): void { w.u8(0x23); w.u32(g) }
export function globalSet(w: ByteWriter, g: number): void { w.u8(0x24); w.u32(g) }
export function localGet(w: ByteWriter, l: number): void { w.u8(0x20); w.u32(l) }
export function localTee(w: ByteWriter, l: number): void { w.u8(0x22); w.u32(l) }
export function i32Const(w: ByteWriter, v: number): void { w.u8(0x41); w.s32(v) }
export function i64Const(w: ByteWriter, v: bigint | number): void { w.u8(0x42); w.s64(BigInt(v)) }
export function call(w: ByteWriter, f: number): void { w.u8(0x10); w.u32(f) }
/** `if (empty) unreachable end` */
export function trapIf(w: ByteWriter): void { w.u8(0x04); w.u8(0x40); w.u8(0x00); w.u8(0x0b) }
