// Re-emits node's own end-of-run counts as one plain line: "N passed, N failed, N skipped".
export default async function* summary(source) {
  const c = {}
  for await (const ev of source) {
    if (ev.type === 'test:diagnostic' && ev.data.nesting === 0) {
      const m = /^(tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(ev.data.message)
      if (m) c[m[1]] = Number(m[2])
    }
  }
  yield `${c.pass ?? 0} passed, ${(c.fail ?? 0) + (c.cancelled ?? 0)} failed, ${c.skipped ?? 0} skipped\n`
}
