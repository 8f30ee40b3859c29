/** Threads the application starts and stops itself, beside the container's. */
package org.relaychat.threads;
