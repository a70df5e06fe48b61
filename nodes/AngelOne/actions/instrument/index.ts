// Instrument resource: search the daily instrument master, resolve a symbol to its token and contract details,
// and find an option contract by underlying, expiry, strike (or ATM ± n) and CE/PE.
// The operation picker lists the operations in the order their files are imported here.
import './findOption.operation';
import './resolve.operation';
import './search.operation';

export { instrumentResource } from './resource';
