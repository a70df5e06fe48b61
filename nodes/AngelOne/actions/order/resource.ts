// The Order resource; its operation files add themselves (see index.ts for their order).
import { Resource } from '../shared';

export const orderResource = new Resource('order', 'Order', 'place');
