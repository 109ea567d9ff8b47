import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ErrorNumber, MAX_ERROR_NUMBER, errorNumberMessage, errorNumberName, isErrorNumber } from './error-number.js'

test('types.error-numbers: values, names and messages', () => {
  assert.deepEqual(Object.values(ErrorNumber), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
  assert.equal(ErrorNumber.NotFound, 6)
  assert.equal(ErrorNumber.BufferTooSmall, 12)
  assert.equal(ErrorNumber.ReadOnly, 13)
  assert.equal(errorNumberName(1), 'IllegalArgument')
  assert.equal(errorNumberName(13), 'ReadOnly')
  assert.equal(errorNumberName(13, 'v2'), 'ErrorNumber(13)')
  assert.equal(errorNumberName(0), 'ErrorNumber(0)')
  assert.equal(errorNumberMessage(4), 'filecoin assertion failed')
  assert.equal(MAX_ERROR_NUMBER.v2, 12)
  assert.ok(isErrorNumber(13) && !isErrorNumber(13, 'v2') && !isErrorNumber(0))
})
