package org.relaychat.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.relaychat.profiles.Profile;
import org.relaychat.profiles.ProfileStore;
import org.relaychat.profiles.StoredProfile;
import org.relaychat.security.Identity;
import org.relaychat.security.ProfileClaims;

/**
 * Reads the profiles of connections as they open, off the socket's thread and in batches: one
 * reader at a time takes every connection waiting, so a storm of connections costs a few queries,
 * not one each, and a slow database never holds a container thread. When the store cannot be
 * asked, a connection opens with the profile its token gives.
 */
final class ProfileLoader {

    private static final Logger LOG = Logger.getLogger(ProfileLoader.class.getName());
    /** Users read in one query at the most. */
    private static final int BATCH = 500;

    private record Waiting(Identity identity, Consumer<Profile> then) {
    }

    private final ProfileStore store;
    private final Executor threads;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean reading = new AtomicBoolean();

    /** @param threads where the reads run; it throws RejectedExecutionException when busy */
    ProfileLoader(ProfileStore store, Executor threads) {
        this.store = store;
        this.threads = threads;
    }

    /** Hands the profile of a user whose connection opens to {@code then}, on a database thread. */
    void load(Identity identity, Consumer<Profile> then) {
        waiting.add(new Waiting(identity, then));
        readSoon();
    }

    private void readSoon() {
        if (waiting.isEmpty() || !reading.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.execute(this::read);
        } catch (RejectedExecutionException busy) {
            for (List<Waiting> batch = take(); !batch.isEmpty(); batch = take()) {
                answer(batch, Map.of());
            }
            reading.set(false);
        }
    }

    private void read() {
        try {
            List<Waiting> batch = take();
            Map<String, ProfileClaims> users = new HashMap<>();
            batch.forEach(next -> users.put(next.identity().user(), next.identity().claims()));
            Map<String, StoredProfile> found;
            try {
                found = store.connected(users);
            } catch (RuntimeException unavailable) {
                LOG.warning(() -> "The profiles of " + users.size() + " connections could not be read: " + unavailable);
                found = Map.of();
            }
            answer(batch, found);
        } finally {
            reading.set(false);
            readSoon();
        }
    }

    private List<Waiting> take() {
        List<Waiting> batch = new ArrayList<>();
        for (Waiting next = waiting.poll(); next != null; next = batch.size() < BATCH ? waiting.poll() : null) {
            batch.add(next);
        }
        return batch;
    }

    private static void answer(List<Waiting> batch, Map<String, StoredProfile> found) {
        for (Waiting next : batch) {
            String user = next.identity().user();
            StoredProfile stored = found.getOrDefault(user, StoredProfile.NONE.withClaims(next.identity().claims()));
            next.then().accept(stored.view(user));
        }
    }
}
