/**
 * Runs once when the Next.js server starts. On Node (not during the build), it
 * takes ownership of the embedded database if that is the driver, serves the
 * control socket for command-line tools, and starts the in-process scheduler.
 */
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself to tell its runtimes apart.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerRuntime } = await import('./lib/server-runtime');
  await startServerRuntime();
}
