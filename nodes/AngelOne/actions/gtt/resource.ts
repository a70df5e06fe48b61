// The GTT resource; its operation files add themselves (see index.ts for their order).
import { Resource } from '../shared';

export const gttResource = new Resource('gtt', 'GTT', 'create');
