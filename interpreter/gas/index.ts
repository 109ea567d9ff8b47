/**
 * The gas layer: units, charges, the tracker, price lists per network version, gas outputs.
 */
export * from './gas.js'
export * from './charge.js'
export * from './tracker.js'
export * from './price-list.js'
export * from './price-lists/index.js'
export * from './outputs.js'
