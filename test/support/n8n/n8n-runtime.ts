/* Process-wide n8n-core runtime for the test harness: n8n-core's own DI container, an instance-settings object
 * that never touches ~/.n8n, and a capturing logger that both `this.logger` and n8n's LoggerProxy write to. */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test support code, never shipped */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { InstanceSettings } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';
import type { Logger } from 'n8n-workflow';

/** The two Container methods the harness needs; n8n-core's DI container has a wider API. */
export interface DiContainer {
	get<T>(id: abstract new (...args: never[]) => T): T;
	set<T>(id: abstract new (...args: never[]) => T, instance: T): void;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface CapturedLog {
	level: LogLevel;
	message: string;
	meta: Record<string, unknown>;
}

const captured: CapturedLog[] = [];

/**
 * n8n-core resolves services through the copy of @n8n/di that sits next to it (npm nests it when versions differ
 * from the hoisted one), so the harness must use that exact module instance or its registrations are invisible.
 */
function loadN8nCoreContainer(): DiContainer {
	const requireFromCore = createRequire(require.resolve('n8n-core'));
	// The module is untyped from here; its shape is fixed by @n8n/di's public API (Container.get/set).
	const di = requireFromCore('@n8n/di') as { Container: DiContainer };
	return di.Container;
}

function createCapturingLogger(): Logger {
	const write =
		(level: LogLevel) =>
		(message: string, meta: object = {}): void => {
			captured.push({ level, message, meta: { ...meta } });
		};
	const logger: Logger & { scoped: () => Logger } = {
		error: write('error'),
		warn: write('warn'),
		info: write('info'),
		debug: write('debug'),
		// n8n services call logger.scoped('x'); scopes only filter console output, which we do not print.
		scoped: () => logger,
	};
	return logger;
}

/**
 * InstanceSettings' constructor reads or creates ~/.n8n/config (and writes an encryption key there). Nodes only read
 * ids and the HMAC secret from it, so the harness hands n8n-core a prototype-backed object with fixed values instead.
 */
function createInstanceSettings(): InstanceSettings {
	const settings = Object.create(InstanceSettings.prototype) as InstanceSettings;
	return Object.assign(settings, {
		instanceId: 'n8n-harness-instance',
		hostId: 'main-n8n-harness',
		// Random per process, as n8n generates them on first start; nothing in a test depends on their values.
		hmacSignatureSecret: randomBytes(32).toString('hex'),
		instanceType: 'main',
		instanceRole: 'leader',
		n8nFolder: '/nonexistent/n8n-harness',
		// fsStorageMigrated = true keeps StorageConfig from looking for a legacy binaryData folder on disk.
		settings: { encryptionKey: randomBytes(24).toString('base64'), fsStorageMigrated: true },
	});
}

let container: DiContainer | undefined;

/** Installs the harness services into n8n-core's container once per module registry (jest: once per test file). */
export function ensureN8nRuntime(): DiContainer {
	if (container) return container;
	const core = loadN8nCoreContainer();
	core.set(InstanceSettings, createInstanceSettings());
	const logger = createCapturingLogger();
	// The Logger class lives in n8n-core's private @n8n/backend-common; resolve it the same way as @n8n/di.
	const requireFromCore = createRequire(require.resolve('n8n-core'));
	const backendCommon = requireFromCore('@n8n/backend-common') as {
		Logger: abstract new (...args: never[]) => Logger;
	};
	core.set(backendCommon.Logger, logger);
	LoggerProxy.init(logger);
	container = core;
	return core;
}

/** Every log line n8n-core or a node wrote since the last clear, across all harnesses in this test file. */
export function capturedLogs(): readonly CapturedLog[] {
	return captured;
}

export function clearCapturedLogs(): void {
	captured.length = 0;
}
