// The node's resources in menu order; each resource module lists its operations.
import { account } from './account';
import { gtt } from './gtt';
import { instrument } from './instrument';
import { marketData } from './marketData';
import { order } from './order';
import { portfolio } from './portfolio';
import type { ResourceDefinition } from './shared';

export const RESOURCES: ResourceDefinition[] = [order, portfolio, gtt, marketData, instrument, account];
