// Worker entry for runOnLargeStack: loads TypeScript through tsx, calls the named export.
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
try {
  const mod = await import(workerData.moduleUrl)
  const value = await mod[workerData.exportName](...workerData.args)
  parentPort.postMessage({ ok: true, value })
} catch (e) {
  parentPort.postMessage({ ok: false, error: e?.stack ?? String(e) })
}
