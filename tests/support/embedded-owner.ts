/**
 * A stand-in for the demo server in tests: owns the embedded database in
 * HAVEN_DATA_DIR and serves the control socket until killed.
 */
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';

await becomeEmbeddedHost();
console.log('owner-ready');
setInterval(() => {}, 60_000);
