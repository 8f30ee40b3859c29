/** The fan-out port's adapter for several nodes: every node sharing a Redis server. */
package org.relaychat.cluster;
