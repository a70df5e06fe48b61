// Account resource: profile, funds, and the margin and charges calculators.
// The operation picker lists the operations in the order their files are imported here.
import './calculateMargin.operation';
import './estimateCharges.operation';
import './getFunds.operation';
import './getProfile.operation';

export { accountResource } from './resource';
