// The error for a bad input caught before anything is sent: it names the field the person sees in the node.
// Pure (no n8n import), so the transport's own guards can raise it too.

export class ValidationError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ValidationError';
	}
}
