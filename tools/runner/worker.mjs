// Worker entry for `fvm-spec run --jobs N`: runs worker.ts from the fresh JavaScript build in
// dist/, else through tsx (bin/dist.mjs).
import { importEntry } from '../../bin/dist.mjs'

await importEntry('worker')
