// The Market Data resource; its operation files add themselves (see index.ts for their order).
import { Resource } from '../shared';

export const marketDataResource = new Resource('marketData', 'Market Data', 'getQuote');
