package org.relaychat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.relaychat.profiles.InMemoryProfileStore;
import org.relaychat.profiles.Profile;
import org.relaychat.profiles.ProfileChange;
import org.relaychat.profiles.ProfileChange.Update;
import org.relaychat.profiles.StoredProfile;
import org.relaychat.security.Identity;
import org.relaychat.security.ProfileClaims;

class ProfileLoaderTest {

    /** Runs what it is given when told to, as a pool whose threads are all busy until then. */
    private static final class Later implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    /** Counts the reads of connecting users. */
    private static final class CountingStore extends InMemoryProfileStore {
        final List<Integer> reads = new ArrayList<>();

        @Override
        public Map<String, StoredProfile> connected(Map<String, ProfileClaims> users) {
            reads.add(users.size());
            return super.connected(users);
        }
    }

    private final CountingStore store = new CountingStore();
    private final Later threads = new Later();
    private final ProfileLoader cut = new ProfileLoader(store, threads);
    private final List<Profile> loaded = new ArrayList<>();

    @Test
    void connectionsThatOpenWhileAReadIsUnderWayAreReadTogetherAfterIt() {
        store.change("ana", new ProfileChange(new Update("Ana Lima"), null, null, null), Instant.now());

        cut.load(Identity.anonymous("ana"), loaded::add);
        cut.load(Identity.anonymous("bob"), loaded::add);
        cut.load(Identity.anonymous("cid"), loaded::add);
        assertEquals(1, threads.tasks.size(), "one reader at a time");
        threads.runAll();

        assertEquals(List.of(3), store.reads);
        assertEquals(List.of("Ana Lima", "bob", "cid"), loaded.stream().map(Profile::displayName).toList());
    }

    @Test
    void whenNoThreadIsFreeTheTokensClaimsAreTheProfile() {
        ProfileLoader busy = new ProfileLoader(store, task -> {
            throw new RejectedExecutionException("all busy");
        });
        Identity dora = new Identity("dora", Optional.empty(), Optional.empty(),
                new ProfileClaims("Dora Maar", "https://id.example/dora.png"));

        busy.load(dora, loaded::add);

        assertEquals(List.of(), store.reads);
        assertEquals("Dora Maar", loaded.get(0).displayName());
        assertEquals("https://id.example/dora.png", loaded.get(0).avatar());
    }
}
