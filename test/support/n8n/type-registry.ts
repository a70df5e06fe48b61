/* Node and credential type registries for the harness, shaped like n8n's NodeTypes/CredentialTypes after
 * LoadNodesAndCredentials ran: package-prefixed node names, domain-restriction fields injected into credentials. */
import { NodeHelpers, UserError, injectDomainRestrictionFields } from 'n8n-workflow';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeProperties,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	/** Registers under `<packageName>.<description.name>`, the type string workflow JSON uses. */
	register(packageName: string, nodeType: INodeType | IVersionedNodeType): string {
		const fullName = `${packageName}.${nodeType.description.name}`;
		if (this.types.has(fullName)) throw new UserError(`Node type "${fullName}" is registered twice`);
		this.types.set(fullName, nodeType);
		return fullName;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types.get(nodeType);
		if (!found) throw new UserError(`Unrecognized node type: ${nodeType}`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [name, type] of this.types) known[name] = { className: type.constructor.name };
		return known;
	}
}

interface RegisteredCredentialType {
	type: ICredentialType;
	/** n8n adds "allowed domains" fields to credentials with `authenticate`; kept apart so the instance stays as written. */
	properties: INodeProperties[];
	supportedNodes: string[];
}

export class HarnessCredentialTypes implements ICredentialTypes {
	private readonly types = new Map<string, RegisteredCredentialType>();

	/**
	 * As n8n's PackageDirectoryLoader: a credential's supported nodes are the package's nodes that declare it
	 * (`nodesDeclaring`, bare names), else the names the type lists; n8n prefixes them with the package name.
	 */
	register(packageName: string, type: ICredentialType, nodesDeclaring: string[] = []): void {
		if (this.types.has(type.name)) throw new UserError(`Credential type "${type.name}" is registered twice`);
		const bare = nodesDeclaring.length > 0 ? nodesDeclaring : (type.supportedNodes ?? []);
		this.types.set(type.name, {
			type,
			properties: injectDomainRestrictionFields(type),
			supportedNodes: bare.map((node) => `${packageName}.${node}`),
		});
	}

	recognizes(credentialType: string): boolean {
		return this.types.has(credentialType);
	}

	getByName(credentialType: string): ICredentialType {
		return this.get(credentialType).type;
	}

	/** The properties n8n works with at runtime (the type's own plus injected domain-restriction fields). */
	getProperties(credentialType: string): INodeProperties[] {
		return this.get(credentialType).properties;
	}

	getSupportedNodes(credentialType: string): string[] {
		return this.get(credentialType).supportedNodes;
	}

	getParentTypes(typeName: string): string[] {
		const direct = this.types.get(typeName)?.type.extends ?? [];
		return direct.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	private get(credentialType: string): RegisteredCredentialType {
		const found = this.types.get(credentialType);
		if (!found) throw new UserError(`Unrecognized credential type: ${credentialType}`);
		return found;
	}
}
