// Worker entry for `fvm-spec run --jobs N`: loads TypeScript through tsx, then runs its vectors.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
