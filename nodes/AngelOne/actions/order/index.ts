// Order resource: place (validated, at most once), modify, cancel, cancel all open, and today's orders and trades.
// Each operation is one file: its picker entry, its fields and its execute side by side.
// The operation picker lists the operations in the order their files are imported here.
import './place.operation';
import './modify.operation';
import './cancel.operation';
import './cancelAll.operation';
import './get.operation';
import './getMany.operation';
import './getTrades.operation';

export { orderResource } from './resource';
