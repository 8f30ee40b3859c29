/** The Jakarta REST application at {@code /api} and the JSON of its API. */
package org.relaychat.rest;
