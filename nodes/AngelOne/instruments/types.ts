// The instrument master's wire row (SmartAPI's own field names) and the trader-unit Instrument this package
// hands out. Everything else in instruments/ converts between the two.

/**
 * One row of Angel One's OpenAPIScripMaster.json. The real file has every value as a string; numbers are
 * accepted too because mirrors and hand-made masters are not always that careful.
 */
export interface MasterRow {
	token: string | number;
	symbol: string;
	name: string;
	/** "30JAN2025" (any case) or "" */
	expiry: string;
	/** strike × 100 ("2500000.000000"); × 10^7 for currency options; -1 for equities, 0 for indices */
	strike: string | number;
	lotsize: string | number;
	instrumenttype: string;
	/** NSE, BSE, NFO, BFO, MCX, CDS, …; unknown values are kept */
	exch_seg: string;
	/** in paise ("5.000000" = ₹0.05); "0.000000" for indices */
	tick_size: string | number;
	/** F&O rows (2025 master): the most units one order may carry; an exchange refuses a single order above it */
	freeze_qty?: string | number;
}

export type OptionType = 'CE' | 'PE';

/** An instrument in the units a trader uses: rupees, ISO dates, units per lot. */
export interface Instrument {
	exchange: string;
	token: string;
	tradingSymbol: string;
	name: string;
	instrumentType: string;
	/** IST calendar date, e.g. "2025-01-30"; null for instruments that do not expire */
	expiry: string | null;
	/** Rupees; null for anything that is not an option. */
	strike: number | null;
	optionType: OptionType | null;
	/** Units per lot; 0 when the master row had no usable lot size (orders must then be refused). */
	lotSize: number;
	/** Units: the most one order may carry (the master's freeze_qty, F&O only); absent when the master gives none. */
	freezeQuantity?: number;
	/** Rupees, e.g. 0.05; 0 when the master gives none (indices). */
	tickSize: number;
	/** WebSocket 2.0 exchangeType (NSE 1, NFO 2, BSE 3, BFO 4, MCX 5, NCDEX 7, CDS 13); null for segments the feed does not know. */
	exchangeType: number | null;
	/** Feed prices divided by this give rupees: 100 (paise), or 10^7 for currency derivatives. */
	priceDivisor: number;
}
