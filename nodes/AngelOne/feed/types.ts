// Decoded market-feed packets, in the feed's own units (prices are integers in paise, or 10^7 units for
// currency derivatives; timestamps epoch ms). Normalisation to trader units happens after decoding.

export type FeedMode = 1 | 2 | 3 | 4;

export interface FeedDepthLevel {
	quantity: number;
	price: number;
	orders: number;
}

export interface DecodedTick {
	mode: FeedMode;
	exchangeType: number;
	token: string;
	/** Absent for depth-20 packets. */
	sequenceNumber?: number;
	exchangeTimestamp: number;
	/** Absent for depth-20 packets. */
	ltp?: number;
	// Quote (mode 2 and 3)
	lastTradedQuantity?: number;
	averageTradedPrice?: number;
	volume?: number;
	totalBuyQuantity?: number;
	totalSellQuantity?: number;
	open?: number;
	high?: number;
	low?: number;
	close?: number;
	// Snap quote (mode 3)
	lastTradedTimestamp?: number;
	openInterest?: number;
	openInterestChangePercent?: number;
	bestFiveBuy?: FeedDepthLevel[];
	bestFiveSell?: FeedDepthLevel[];
	upperCircuit?: number;
	lowerCircuit?: number;
	week52High?: number;
	week52Low?: number;
	// Depth 20 (mode 4)
	packetReceivedTime?: number;
	depth20Buy?: FeedDepthLevel[];
	depth20Sell?: FeedDepthLevel[];
}
