// Market Data resource: live quotes for many instruments, historical candles and open interest over any range.
// The operation picker lists the operations in the order their files are imported here.
import './getCandles.operation';
import './getOpenInterest.operation';
import './getQuote.operation';

export { marketDataResource } from './resource';
