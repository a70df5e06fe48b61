// Candle Close: OHLCV bars built from ticks on each exchange's session grid, emitted when each bar closes.

import { createCandleStrategy, istTime, type CandleConfig, type CandleItem, type CandleMinutes } from '../../feed/candles';
import type { TickPayload } from '../../feed/tickSession';
import { toIstIso } from '../../helpers/ist';
import { sessionOf } from '../../helpers/sessions';
import { choice } from '../fields';
import { defineMode, registerMode } from '../mode';

/** Said on candles built from LTP packets, which carry no traded volume (Quote and Snap Quote do). */
export const LTP_NO_VOLUME = 'LTP mode carries no volume: choose Quote or Snap Quote for candle volume';

export const candleMode = registerMode(defineMode<CandleConfig, CandleItem<TickPayload>>({
	option: {
		name: 'Candle Close',
		value: 'candle',
		description: 'OHLCV bars built from ticks, emitted when each bar closes (volume needs Quote or Snap Quote mode)',
	},
	fields: [
		choice('candleMinutes', 'Candle Interval', 5, [
			{ name: '1 Minute', value: 1 },
			{ name: '3 Minutes', value: 3 },
			{ name: '5 Minutes', value: 5 },
			{ name: '15 Minutes', value: 15 },
			{ name: '60 Minutes', value: 60 },
		]),
	],
	read: (parameter) => ({ mode: 'candle', intervalMinutes: Number(parameter('candleMinutes', 5)) as CandleMinutes }),
	// Bars start at the exchange's open and the last one is cut at its close, so exchanges keeping other hours
	// get a strategy of their own.
	groupOf(exchange) {
		const { open, close } = sessionOf(exchange);
		return `${open}-${close}`;
	},
	strategy(config, exchange) {
		const { open, close } = sessionOf(exchange);
		return createCandleStrategy({ ...config, anchorIst: istTime(open), sessionCloseIst: istTime(close) });
	},
	json(item) {
		const { exchange, tradingSymbol, token } = item.payload.instrument;
		return {
			event: 'candle',
			exchange,
			tradingSymbol,
			token,
			interval: `${Math.round((item.end - item.start) / 60_000)}m`,
			start: toIstIso(item.start),
			end: toIstIso(item.end),
			startMs: item.start,
			open: item.open,
			high: item.high,
			low: item.low,
			close: item.close,
			volume: item.volume,
			...(item.volume === null ? { volumeNote: LTP_NO_VOLUME } : {}),
			ticks: item.ticks,
			partial: item.partial,
		};
	},
	preview(config, { key, price, timeMs, payload }) {
		const minutes = config.intervalMinutes * 60_000;
		const start = Math.floor(timeMs / minutes) * minutes;
		const volume = payload.tick.packet.volume === undefined ? null : 0;
		return { kind: 'candle', key, payload, open: price, high: price, low: price, close: price, volume, ticks: 1, start, end: start + minutes, partial: true };
	},
}));
