// The Instrument resource; its operation files add themselves (see index.ts for their order).
import { Resource } from '../shared';

export const instrumentResource = new Resource('instrument', 'Instrument', 'search');
