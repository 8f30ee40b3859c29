package org.relaychat.admin;

import java.util.List;
import java.util.Optional;

/**
 * One page of an admin list: {@code ?offset=&limit=}, {@value #DEFAULT_LIMIT} entries unless
 * asked for fewer or more, at most {@value #MAX_LIMIT}, so that no answer grows with the server.
 */
public record PageRequest(int offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    /** The page the query asks for; empty when a value is not a number in range. */
    public static Optional<PageRequest> parse(String offset, String limit) {
        try {
            int from = offset == null || offset.isBlank() ? 0 : Integer.parseInt(offset.strip());
            int size = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit.strip());
            return from < 0 || size < 1 || size > MAX_LIMIT ? Optional.empty() : Optional.of(new PageRequest(from, size));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    /** This page of {@code all}. */
    public <T> List<T> of(List<T> all) {
        int from = Math.min(offset, all.size());
        return List.copyOf(all.subList(from, Math.min(all.size(), from + limit)));
    }
}
