// The Account resource; its operation files add themselves (see index.ts for their order).
import { Resource } from '../shared';

export const accountResource = new Resource('account', 'Account', 'getProfile');
