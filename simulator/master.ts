// The instrument master file (protocol §7): a JSON array of flat objects whose values are all strings, in the
// real field order and units (strike × 100 or × 10^7 with six decimals, tick size in paise), built once.

import type { ScripMasterRow } from './contracts';
import { freezeQuantity, type Universe, type UniverseInstrument } from './universe';

/** Tick size as the master writes it: paise with six decimals; CDS in paise too ("0.25" = ₹0.0025, protocol §7). */
function tickSize(inst: UniverseInstrument): string {
	if (inst.exchange === 'CDS') return String((inst.tickSize / inst.priceDivisor) * 100);
	return inst.tickSize.toFixed(6);
}

function isCashEquity(inst: UniverseInstrument): boolean {
	return (inst.exchange === 'NSE' || inst.exchange === 'BSE') && inst.instrumentType === '';
}

export function masterRow(inst: UniverseInstrument): ScripMasterRow {
	const freeze = freezeQuantity(inst);
	return {
		token: inst.token,
		symbol: inst.symbol,
		name: inst.name,
		expiry: inst.expiry,
		strike: inst.strike.toFixed(6),
		lotsize: String(inst.lotSize),
		instrumenttype: inst.instrumentType,
		exch_seg: inst.exchange,
		tick_size: tickSize(inst),
		...(freeze === undefined ? {} : { freeze_qty: String(freeze) }),
		...(isCashEquity(inst) ? { is_cas_enabled: false } : {}),
	};
}

const PLAIN = /^[\x20-\x7e]*$/;

function quote(value: string): string {
	return PLAIN.test(value) && !value.includes('"') && !value.includes('\\') ? `"${value}"` : JSON.stringify(value);
}

/** The whole file as one Buffer, built on first request and then served from memory. */
export class MasterFile {
	private cached: Buffer | undefined;

	constructor(private readonly universe: Universe) {}

	body(): Buffer {
		if (!this.cached) {
			// Rows are written by hand (same bytes as JSON.stringify of masterRow) because building 100k+ objects
			// only to serialise them doubles the time; `quote` escapes any value that would need it.
			const parts: string[] = [];
			for (const inst of this.universe.all()) {
				const r = masterRow(inst);
				parts.push(
					`{"token":${quote(r.token)},"symbol":${quote(r.symbol)},"name":${quote(r.name)},"expiry":${quote(r.expiry)},"strike":"${r.strike}",` +
						`"lotsize":"${r.lotsize}","instrumenttype":${quote(r.instrumenttype)},"exch_seg":"${r.exch_seg}","tick_size":"${r.tick_size}"` +
						(r.freeze_qty === undefined ? '' : `,"freeze_qty":"${r.freeze_qty}"`) +
						(r.is_cas_enabled === undefined ? '' : `,"is_cas_enabled":${String(r.is_cas_enabled)}`) +
						'}',
				);
			}
			this.cached = Buffer.from(`[${parts.join(',')}]`);
		}
		return this.cached;
	}
}
