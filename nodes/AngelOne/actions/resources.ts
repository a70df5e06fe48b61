// The node's resources in menu order; each resource's index imports its operations in menu order.
import { accountResource } from './account';
import { gttResource } from './gtt';
import { instrumentResource } from './instrument';
import { marketDataResource } from './marketData';
import { orderResource } from './order';
import { portfolioResource } from './portfolio';
import type { Resource } from './shared';

export const RESOURCES: Resource[] = [orderResource, portfolioResource, gttResource, marketDataResource, instrumentResource, accountResource];
