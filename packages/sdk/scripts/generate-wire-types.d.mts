// Types of generate-wire-types.mjs, for the drift test (test/wire-types.test.ts).
export declare const WIRE_TYPES_FILE: string;
export declare const WIRE_TYPE_NAMES: readonly string[];
export declare function renderWireTypes(): string;
