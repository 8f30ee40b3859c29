/**
 * How events leave the server: one dispatcher, lanes sharded by room or conversation, the local
 * delivery that other nodes' events reuse, and the port to the other nodes.
 */
package org.relaychat.delivery;
