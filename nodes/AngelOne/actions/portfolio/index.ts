// Portfolio resource: holdings, positions, converting a position's product, and squaring positions off.
// Exit Position places its orders through the same safe path as Order → Place.
// The operation picker lists the operations in the order their files are imported here.
import './getHoldings.operation';
import './getPositions.operation';
import './convertPosition.operation';
import './exitPosition.operation';

export { portfolioResource } from './resource';
