#!/usr/bin/env node
// The fvm-spec command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api'
register()
const { main } = await import('../interpreter/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
