/**
 * Run by properties/determinism.property.test.ts in a fresh node process: prints, as one JSON
 * array, the digests of the vectors fast-check samples from `arbVector` with the given seed.
 *
 * Usage: node --import tsx properties/support/determinism-child.ts SEED COUNT
 */
import fc from 'fast-check'
import { freshInvoker } from './scripted.js'
import { arbVector, digestVector } from './determinism.js'

const seed = Number(process.argv[2])
const count = Number(process.argv[3])
const invoker = freshInvoker()
const digests = fc.sample(arbVector, { seed, numRuns: count }).map((v) => digestVector(v, invoker))
process.stdout.write(JSON.stringify(digests) + '\n')
