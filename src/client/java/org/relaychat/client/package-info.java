/**
 * A Java client of the Relay protocol: connects with a name, key or token, reconnects with backoff,
 * answers commands with futures, resumes with {@code history} after a drop and unpacks
 * {@code relay.batch} frames. It needs a WebSocket client (Tyrus) and a JSON-P implementation
 * (Parsson) at run time.
 */
package org.relaychat.client;
