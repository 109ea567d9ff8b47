/**
 * The inverse of decoder.ts: writes a `WasmModule` (or single operators) back to the binary
 * format. LEB128 integers are written canonically (shortest form), so decode → encode reproduces
 * a canonically encoded input byte for byte; raw parts (function bodies, constant expressions,
 * data, custom sections) are copied verbatim.
 */
import { WasmError } from './error.js'
import type { ElementSegment, FuncType, GlobalType, Limits, TableType, WasmModule } from './module.js'
import type { Instr } from './decoder.js'
import { immediateKind } from './decoder.js'
import { FC, Imm } from './opcodes.js'

const utf8 = new TextEncoder()

/** A growable byte buffer with the binary format's integer writers. */
export class ByteWriter {
  buf: Uint8Array
  len = 0

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity)
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < this.len + n) cap *= 2
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }

  u8(b: number): void {
    this.ensure(1)
    this.buf[this.len++] = b
  }

  u32(v: number): void {
    this.ensure(5)
    do {
      let byte = v & 0x7f
      v = Math.floor(v / 128)
      if (v !== 0) byte |= 0x80
      this.buf[this.len++] = byte
    } while (v !== 0)
  }

  s32(v: number): void {
    this.ensure(5)
    v |= 0
    for (;;) {
      const byte = v & 0x7f
      v >>= 7
      if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
        this.buf[this.len++] = byte
        return
      }
      this.buf[this.len++] = byte | 0x80
    }
  }

  s64(v: bigint): void {
    this.ensure(10)
    v = BigInt.asIntN(64, v)
    for (;;) {
      const byte = Number(v & 0x7fn)
      v >>= 7n
      if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
        this.buf[this.len++] = byte
        return
      }
      this.buf[this.len++] = byte | 0x80
    }
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.len)
    this.len += b.length
  }

  /** Copies `src[start, end)` (cheaper than a subarray view for the short runs rewriters copy). */
  copy(src: Uint8Array, start: number, end: number): void {
    const n = end - start
    this.ensure(n)
    const buf = this.buf
    let at = this.len
    if (n > 32) buf.set(src.subarray(start, end), at)
    else for (let i = start; i < end; i++) buf[at++] = src[i] as number
    this.len += n
  }

  name(s: string): void {
    const b = utf8.encode(s)
    this.u32(b.length)
    this.bytes(b)
  }

  /** Writes `content` as a length-prefixed blob. */
  sized(content: ByteWriter): void {
    this.u32(content.len)
    this.bytes(content.finish())
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }
}

/** Appends one operator with the given immediates. */
export function writeInstr(w: ByteWriter, ins: Instr): void {
  const op = ins.op
  if (op >= FC) {
    w.u8(0xfc)
    w.u32(op - FC)
  } else {
    w.u8(op)
  }
  const a = ins.a ?? 0
  const b = ins.b ?? 0
  switch (immediateKind(op)) {
    case Imm.None: break
    case Imm.BlockType: w.u8(a); break
    case Imm.Label: case Imm.Func: case Imm.Local: case Imm.Global: case Imm.Table: case Imm.Index: w.u32(a); break
    case Imm.BrTable: {
      const t = ins.targets ?? []
      w.u32(t.length)
      for (const l of t) w.u32(l)
      w.u32(a)
      break
    }
    case Imm.CallIndirect: case Imm.MemArg: case Imm.TwoIndices: w.u32(a); w.u32(b); break
    case Imm.Mem0: w.u8(0); break
    case Imm.I32: w.s32(a); break
    case Imm.I64: w.s64(ins.big ?? 0n); break
    case Imm.F32: w.u8(a & 0xff); w.u8((a >>> 8) & 0xff); w.u8((a >>> 16) & 0xff); w.u8((a >>> 24) & 0xff); break
    case Imm.F64: {
      const bits = BigInt.asUintN(64, ins.big ?? 0n)
      for (let i = 0n; i < 64n; i += 8n) w.u8(Number((bits >> i) & 0xffn))
      break
    }
    case Imm.MemInit: w.u32(a); w.u8(0); break
    case Imm.MemCopy: w.u8(0); w.u8(0); break
    default: throw new WasmError(`cannot encode operator ${op}`)
  }
}

export function encodeInstructions(instrs: readonly Instr[]): Uint8Array {
  const w = new ByteWriter(instrs.length * 3 + 16)
  for (const i of instrs) writeInstr(w, i)
  return w.finish()
}

function limits(w: ByteWriter, l: Limits): void {
  if (l.shared === true) {
    if (l.max === null) throw new WasmError('a shared memory needs a maximum')
    w.u8(3)
    w.u32(l.min)
    w.u32(l.max)
  } else if (l.max === null) {
    w.u8(0)
    w.u32(l.min)
  } else {
    w.u8(1)
    w.u32(l.min)
    w.u32(l.max)
  }
}

function tableType(w: ByteWriter, t: TableType): void {
  w.u8(t.elemType)
  limits(w, t.limits)
}

function globalType(w: ByteWriter, g: GlobalType): void {
  w.u8(g.valType)
  w.u8(g.mutable ? 1 : 0)
}

function funcType(w: ByteWriter, t: FuncType): void {
  w.u8(0x60)
  w.u32(t.params.length)
  for (const p of t.params) w.u8(p)
  w.u32(t.results.length)
  for (const r of t.results) w.u8(r)
}

function element(w: ByteWriter, e: ElementSegment): void {
  w.u32(e.flags)
  const passiveOrDeclared = (e.flags & 1) !== 0
  const explicitTable = (e.flags & 2) !== 0 && !passiveOrDeclared
  if (explicitTable) w.u32(e.table)
  if (e.offset !== null) w.bytes(e.offset)
  if (passiveOrDeclared || explicitTable) w.u8(e.elemType)
  if (e.exprs !== null) {
    w.u32(e.exprs.length)
    for (const x of e.exprs) w.bytes(x)
  } else {
    const f = e.funcs ?? []
    w.u32(f.length)
    for (const i of f) w.u32(i)
  }
}

/** Encodes a module. Sections are written in the standard order; custom sections where they were. */
export function encodeModule(m: WasmModule): Uint8Array {
  const out = new ByteWriter(1024 + m.codes.reduce((n, c) => n + c.code.length + 8, 0) +
    m.datas.reduce((n, d) => n + d.bytes.length + 8, 0))
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))
  const empty = new Set(m.emptySections)
  const customsAfter = (id: number): void => {
    for (const c of m.customs) {
      if (c.after !== id) continue
      const s = new ByteWriter(c.bytes.length + 16)
      s.name(c.name)
      s.bytes(c.bytes)
      out.u8(0)
      out.sized(s)
    }
  }
  const vecSection = <T>(id: number, items: readonly T[], write: (w: ByteWriter, item: T) => void): void => {
    if (items.length > 0 || empty.has(id)) {
      const s = new ByteWriter()
      s.u32(items.length)
      for (const it of items) write(s, it)
      out.u8(id)
      out.sized(s)
    }
    customsAfter(id)
  }
  customsAfter(0)
  vecSection(1, m.types, funcType)
  vecSection(2, m.imports, (w, i) => {
    w.name(i.module)
    w.name(i.name)
    switch (i.desc.kind) {
      case 'func': w.u8(0); w.u32(i.desc.type); break
      case 'table': w.u8(1); tableType(w, i.desc.table); break
      case 'memory': w.u8(2); limits(w, i.desc.limits); break
      case 'global': w.u8(3); globalType(w, i.desc.global); break
    }
  })
  vecSection(3, m.functions, (w, t) => w.u32(t))
  vecSection(4, m.tables, tableType)
  vecSection(5, m.memories, limits)
  vecSection(6, m.globals, (w, g) => { globalType(w, g.type); w.bytes(g.init) })
  vecSection(7, m.exports, (w, e) => { w.name(e.name); w.u8(e.kind); w.u32(e.index) })
  if (m.start !== null) {
    const s = new ByteWriter(8)
    s.u32(m.start)
    out.u8(8)
    out.sized(s)
  }
  customsAfter(8)
  vecSection(9, m.elements, element)
  if (m.dataCount !== null) {
    const s = new ByteWriter(8)
    s.u32(m.dataCount)
    out.u8(12)
    out.sized(s)
  }
  customsAfter(12)
  vecSection(10, m.codes, (w, c) => {
    const body = new ByteWriter(c.code.length + 8 + c.locals.length * 2)
    body.u32(c.locals.length)
    for (const l of c.locals) { body.u32(l.count); body.u8(l.type) }
    body.bytes(c.code)
    w.sized(body)
  })
  vecSection(11, m.datas, (w, d) => {
    w.u32(d.flags)
    if (d.flags === 2) w.u32(d.memory)
    if (d.offset !== null) w.bytes(d.offset)
    w.u32(d.bytes.length)
    w.bytes(d.bytes)
  })
  return out.finish()
}
