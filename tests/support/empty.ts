// Stands in for the 'server-only' marker under Vitest, where it would throw.
export {};
