import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ExitCode, FIRST_USER_EXIT_CODE, exitCodeName, isSuccess, isSystemError } from './exit-code.js'

test('types.exit-codes: values match ref-fvm', () => {
  assert.deepEqual(
    Object.entries(ExitCode).map(([k, v]) => `${v}:${k}`),
    [
      '0:OK',
      '1:SYS_SENDER_INVALID',
      '2:SYS_SENDER_STATE_INVALID',
      '3:SYS_INVALID_METHOD',
      '4:SYS_ILLEGAL_INSTRUCTION',
      '5:SYS_INVALID_RECEIVER',
      '6:SYS_INSUFFICIENT_FUNDS',
      '7:SYS_OUT_OF_GAS',
      '9:SYS_ILLEGAL_EXIT_CODE',
      '10:SYS_ASSERTION_FAILED',
      '11:SYS_MISSING_RETURN',
      '16:USR_ILLEGAL_ARGUMENT',
      '17:USR_NOT_FOUND',
      '18:USR_FORBIDDEN',
      '19:USR_INSUFFICIENT_FUNDS',
      '20:USR_ILLEGAL_STATE',
      '21:USR_SERIALIZATION',
      '22:USR_UNHANDLED_MESSAGE',
      '23:USR_UNSPECIFIED',
      '24:USR_ASSERTION_FAILED',
      '25:USR_READ_ONLY',
      '26:USR_NOT_PAYABLE',
    ],
  )
  assert.equal(FIRST_USER_EXIT_CODE, 16)
})

test('types.exit-codes: names, reserved codes and per-version differences', () => {
  assert.equal(exitCodeName(7), 'SYS_OUT_OF_GAS')
  assert.equal(exitCodeName(8), 'SYS_RESERVED_8')
  assert.equal(exitCodeName(15), 'SYS_RESERVED_15')
  assert.equal(exitCodeName(3, 'v2'), 'SYS_INVALID_METHOD')
  assert.equal(exitCodeName(3, 'v3'), 'SYS_RESERVED_3')
  assert.equal(exitCodeName(25, 'v3'), 'USR_READ_ONLY')
  assert.equal(exitCodeName(25, 'v2'), 'EXIT_CODE_25')
  assert.equal(exitCodeName(1000), 'EXIT_CODE_1000')
  assert.ok(isSystemError(0) && isSystemError(15) && !isSystemError(16))
  assert.ok(isSuccess(0) && !isSuccess(16))
})
