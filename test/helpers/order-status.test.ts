import {
	BOOK_STATUS_GROUPS,
	CODE_OF_STATUS,
	ORDER_STATUS_MEANING,
	isFinalOrder,
	isLiveOrder,
	updateMatches,
	updateStateOf,
	type BookStatusGroup,
} from '../../nodes/AngelOne/helpers/orderStatus';
import { ORDER_STATUS_CODES } from '../../simulator/orders';

const row = (status: string, extra: Record<string, unknown> = {}) => ({ orderstatus: status, ...extra });
const groupsOf = (order: Record<string, unknown>): BookStatusGroup[] =>
	(Object.keys(BOOK_STATUS_GROUPS) as BookStatusGroup[]).filter((group) => BOOK_STATUS_GROUPS[group](order));

describe('the order-status model', () => {
	it('reads the eleven order-update codes of protocol §6 both ways', () => {
		expect(Object.keys(ORDER_STATUS_MEANING)).toEqual(['AB01', 'AB02', 'AB03', 'AB04', 'AB05', 'AB06', 'AB07', 'AB08', 'AB09', 'AB10', 'AB11']);
		for (const [code, status] of Object.entries(ORDER_STATUS_MEANING)) expect(CODE_OF_STATUS[status]).toBe(code);
	});

	it('treats the working statuses as live and only complete, rejected and cancelled as final', () => {
		const live = ['open', 'open pending', 'trigger pending', 'modify pending', 'modified', 'validation pending', 'modify validation pending', 'put order req received', 'after market order req received', 'modify after market order req received'];
		for (const status of live) expect([status, isLiveOrder(row(status)), isFinalOrder(row(status))]).toEqual([status, true, false]);
		for (const status of ['complete', 'rejected', 'cancelled']) expect([status, isLiveOrder(row(status)), isFinalOrder(row(status))]).toEqual([status, false, true]);
		expect(isLiveOrder(row('cancel pending'))).toBe(false);
		expect(isLiveOrder(row('something new'))).toBe(false);
	});

	it('puts every order-book row in exactly one Get Many status group, an after-market order in After-Market', () => {
		expect(groupsOf(row('open'))).toEqual(['open']);
		expect(groupsOf(row('modify validation pending'))).toEqual(['open']);
		expect(groupsOf(row('open', { variety: 'AMO' }))).toEqual(['afterMarket']);
		expect(groupsOf(row('after market order req received'))).toEqual(['afterMarket']);
		expect(groupsOf(row('cancel pending'))).toEqual(['cancelled']);
		expect(groupsOf(row('cancelled after market order'))).toEqual(['cancelled']);
		expect(groupsOf({ orderstatus: '', status: 'rejected' })).toEqual(['rejected']);
	});

	it("lets the trigger's Open also take a queued after-market order, which Get Many files under After-Market", () => {
		expect(['AB01', 'AB06', 'AB09'].every((code) => updateMatches('open', code))).toBe(true);
		expect(BOOK_STATUS_GROUPS.open(row(ORDER_STATUS_MEANING.AB06))).toBe(false);
		expect(['AB04', 'AB08', 'AB11'].some((code) => updateMatches('open', code))).toBe(false);
		expect(['AB04', 'AB08', 'AB11'].every((code) => updateMatches('modified', code))).toBe(true);
		expect(updateMatches('cancelled', 'AB07')).toBe(true);
		expect(updateMatches('complete', 'AB00')).toBe(false);
		expect(updateMatches('any', 'AB00')).toBe(true);
	});

	it('gives the tracker one resting state per update code, and "modifying" for a modification', () => {
		expect(updateStateOf('AB01')).toBe(updateStateOf('AB09'));
		expect(updateStateOf('AB02')).toBe(updateStateOf('AB07'));
		expect(new Set(['AB04', 'AB08', 'AB11'].map(updateStateOf))).toEqual(new Set(['modifying']));
		expect(updateStateOf('AB06')).not.toBe(updateStateOf('AB01'));
		expect(updateStateOf('')).toBe('');
	});

	it("agrees with the simulator's own order-update codes, which it keeps apart as the independent fixture", () => {
		expect({
			open: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.open],
			cancelled: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.cancelled],
			rejected: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.rejected],
			modified: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.modified],
			complete: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.complete],
			amoReceived: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.amoReceived],
			amoCancelled: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.amoCancelled],
			amoModified: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.amoModified],
			openPending: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.openPending],
			triggerPending: ORDER_STATUS_MEANING[ORDER_STATUS_CODES.triggerPending],
		}).toEqual({
			open: 'open',
			cancelled: 'cancelled',
			rejected: 'rejected',
			modified: 'modified',
			complete: 'complete',
			amoReceived: 'after market order req received',
			amoCancelled: 'cancelled after market order',
			amoModified: 'modify after market order req received',
			openPending: 'open pending',
			triggerPending: 'trigger pending',
		});
	});
});
