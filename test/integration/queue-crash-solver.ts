/**
 * A solver process that crashes: it says ready like the real one, then exits with code 7 as soon as
 * it is asked to start. The queue test uses it to show that a crash fails only its own run.
 */
process.send?.({ type: 'ready' });
process.on('message', () => process.exit(7));
