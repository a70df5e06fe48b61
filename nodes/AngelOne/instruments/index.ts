// The instrument master, pure: index, lookups, resolution of typed symbols, search, contract finder, pre-trade
// lot and tick checks, and the per-process daily cache. Nothing here talks to n8n or the network.

export { buildIndex, InstrumentIndex } from './instrumentIndex';
export { MasterCache, masterCacheFor, type MasterCacheOptions, type MasterSnapshot } from './cache';
export { checkPrice, toUnits, type QuantityUnit } from './validate';
export { InstrumentInputError, InstrumentNotFoundError, MasterFormatError, MasterUnavailableError } from './errors';
export type { ExpiryQuery, ExpirySpec, FutureQuery, OptionQuery } from './contracts';
export type { ResolveOptions } from './resolve';
export type { SearchOptions } from './search';
export type { TableStats } from './table';
export type { Instrument, MasterRow, OptionType } from './types';
export { pricesQualify, quickInstrument, quickSymbol, QUICK_PRICE_LIMIT, QUICK_TICK } from './quick';
