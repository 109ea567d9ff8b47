/**
 * Result values for pure transitions: fp-ts `Either`, re-exported under the names the spec uses.
 * A transition returns `Right(newState)` or `Left(error)`; the old state is untouched either way.
 */
export { left, right, isLeft, isRight, type Either } from 'fp-ts/lib/Either.js'
