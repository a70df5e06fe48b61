// GTT resource: good-till-triggered rules on NSE and BSE (create, modify, cancel, read one, list).
// The operation picker lists the operations in the order their files are imported here.
import './cancel.operation';
import './create.operation';
import './get.operation';
import './getMany.operation';
import './modify.operation';

export { gttResource } from './resource';
