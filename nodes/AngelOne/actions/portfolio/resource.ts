// The Portfolio resource; its operation files add themselves (see index.ts for their order).
import { Resource } from '../shared';

export const portfolioResource = new Resource('portfolio', 'Portfolio', 'getHoldings');
