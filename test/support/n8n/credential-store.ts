/* The harness's credential "database": what n8n persists per credential row, shared by every harness built on it
 * (one store + two harnesses = main and worker processes sharing the credentials table). */
import { UserError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** One write to a credential row, as n8n's CredentialsHelper.updateCredentials would issue it. */
export interface CredentialWrite {
	id: string;
	type: string;
	data: ICredentialDataDecryptedObject;
	at: Date;
}

interface Row {
	id: string;
	name: string;
	type: string;
	/** Serialized like the encrypted `data` column: every read parses a fresh object, so nobody can alias it. */
	serialized: string;
	updatedAt: Date;
}

function copyData(data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	return JSON.parse(JSON.stringify(data)) as ICredentialDataDecryptedObject;
}

export class CredentialStore {
	private readonly rows = new Map<string, Row>();

	private readonly writeLog: CredentialWrite[] = [];

	add(credential: StoredCredential): this {
		if (this.rows.has(credential.id)) {
			throw new UserError(`Credential with ID "${credential.id}" already exists in the store`);
		}
		this.rows.set(credential.id, {
			id: credential.id,
			name: credential.name,
			type: credential.type,
			serialized: JSON.stringify(credential.data),
			updatedAt: new Date(),
		});
		return this;
	}

	has(id: string): boolean {
		return this.rows.has(id);
	}

	/** Decrypted view of the row as persisted (no defaults applied, unlike what a node receives). */
	get(id: string): StoredCredential {
		const row = this.rows.get(id);
		if (!row) throw new UserError(`Credential with ID "${id}" does not exist in the store`);
		return { id: row.id, name: row.name, type: row.type, data: this.parse(row) };
	}

	/** Looks a row up the way n8n's repository does: by id AND type; undefined when either does not match. */
	find(id: string, type: string): StoredCredential | undefined {
		const row = this.rows.get(id);
		if (!row || row.type !== type) return undefined;
		return { id: row.id, name: row.name, type: row.type, data: this.parse(row) };
	}

	/** Replaces the row's data, as `credentialsRepository.update({ id, type }, { data, updatedAt })` does. */
	write(id: string, type: string, data: ICredentialDataDecryptedObject): void {
		const row = this.rows.get(id);
		if (!row || row.type !== type) {
			throw new UserError(`Credential with ID "${id}" does not exist for type "${type}".`);
		}
		row.serialized = JSON.stringify(data);
		row.updatedAt = new Date();
		this.writeLog.push({ id, type, data: copyData(data), at: row.updatedAt });
	}

	/** Every write since the store was created, oldest first (copies). */
	get writes(): readonly CredentialWrite[] {
		return this.writeLog.map((entry) => ({ ...entry, data: copyData(entry.data) }));
	}

	updatedAt(id: string): Date {
		const row = this.rows.get(id);
		if (!row) throw new UserError(`Credential with ID "${id}" does not exist in the store`);
		return row.updatedAt;
	}

	private parse(row: Row): ICredentialDataDecryptedObject {
		return JSON.parse(row.serialized) as ICredentialDataDecryptedObject;
	}
}

export function createCredentialStore(initial: StoredCredential[] = []): CredentialStore {
	const store = new CredentialStore();
	for (const credential of initial) store.add(credential);
	return store;
}
