// The node's resources in menu order; each resource module lists its operations.
import { account } from './account';
import type { ResourceDefinition } from './shared';

export const RESOURCES: ResourceDefinition[] = [account];
