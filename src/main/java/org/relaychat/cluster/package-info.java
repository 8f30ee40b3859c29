/** The fan-out port and its adapters: this node alone, or every node sharing a Redis server. */
package org.relaychat.cluster;
