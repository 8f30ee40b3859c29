package org.relaychat.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps an anonymous name for the browser that uses it, so that nobody else can connect under it
 * and read what is sent to it. A browser sends a random key of its own with its name
 * ({@code ?key=}, kept in its storage); the first key to use a name keeps it for as long as the
 * name is used at least every {@code chat.names.keep-days}, and another key, or none, is refused
 * that name meanwhile. A name used without a key is kept for nobody. Only a hash of the key is
 * stored, in the database every node shares. In token mode the token names the user and keys play
 * no part.
 */
@ApplicationScoped
public class NameKeys {

    /** What a handshake's name and key come to. */
    public enum Verdict {
        /** The name may be used. */
        FREE,
        /** Another key keeps the name. */
        KEPT_FOR_ANOTHER,
        /** The key is not one a browser makes. */
        BAD_KEY,
        /** The database did not answer. */
        UNAVAILABLE
    }

    /** Who a name is kept for (a hash of the key), and when it was last used. */
    public record Keeping(String keyHash, Instant lastUsed) {
    }

    enum Decision {
        REFUSE, LEAVE, KEEP, REFRESH
    }

    private static final Logger LOG = Logger.getLogger(NameKeys.class.getName());
    /** At least 128 bits in base64url, which is what {@code crypto.getRandomValues} makes easy. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{22,128}");
    /** A kept name's last use is written at most this often, not at every connect. */
    static final Duration REFRESH_AFTER = Duration.ofHours(1);

    private KeptNameStore store;
    private Duration keepFor;
    private HourlyQuota newNamesPerAddress;
    private Clock clock;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

    protected NameKeys() {
        // for the CDI proxy
    }

    @Inject
    public NameKeys(KeptNameStore store, @ConfigProperty(name = "chat.names.keep-days") int keepDays,
            @ConfigProperty(name = "chat.names.new-per-address-per-hour") int newPerAddressPerHour) {
        this.store = store;
        this.keepFor = Duration.ofDays(Math.max(0, keepDays));
        this.clock = Clock.systemUTC();
        this.newNamesPerAddress = new HourlyQuota(newPerAddressPerHour, clock);
    }

    /** Whether names are kept at all ({@code chat.names.keep-days} above zero). */
    public boolean enabled() {
        return !keepFor.isZero();
    }

    /**
     * Whether a client at {@code address} may use {@code name} with {@code key}; keeps the name
     * for the key when nobody keeps it yet. Waits on the database.
     */
    public Verdict check(String name, Optional<String> key, String address) {
        if (!enabled()) {
            return Verdict.FREE;
        }
        if (key.isPresent() && !KEY.matcher(key.get()).matches()) {
            return Verdict.BAD_KEY;
        }
        Optional<String> hash = key.map(NameKeys::hash);
        try {
            return attempt(name, hash, address);
        } catch (RuntimeException raced) {
            // Two first uses of a name at once: one insert wins, the other decides again on what it kept.
            try {
                return attempt(name, hash, address);
            } catch (RuntimeException failed) {
                LOG.log(Level.WARNING, "Could not check a kept name", failed);
                return Verdict.UNAVAILABLE;
            }
        }
    }

    private Verdict attempt(String name, Optional<String> hash, String address) {
        Instant now = clock.instant();
        return switch (decide(store.find(name), hash, now, keepFor)) {
            case REFUSE -> Verdict.KEPT_FOR_ANOTHER;
            case LEAVE -> Verdict.FREE;
            case REFRESH -> {
                store.keep(name, hash.orElseThrow(), now);
                yield Verdict.FREE;
            }
            case KEEP -> {
                keepNew(name, hash.orElseThrow(), address, now);
                yield Verdict.FREE;
            }
        };
    }

    /** One address may have only so many new names kept per hour: each is a row until it lapses. */
    private void keepNew(String name, String hash, String address, Instant now) {
        if (!newNamesPerAddress.tryTake(address)) {
            LOG.info(() -> "Did not keep a name for " + address + ": its new names this hour are used up");
            return;
        }
        store.keep(name, hash, now);
        sweep(now);
    }

    /**
     * The rule. A name is kept while its last use is more recent than {@code keepFor}: then only
     * its key may use it, and that use is written down once an hour. A name kept for nobody (or
     * no longer) is kept for the key that uses it now, if any.
     */
    static Decision decide(Optional<Keeping> kept, Optional<String> keyHash, Instant now, Duration keepFor) {
        Optional<Keeping> current = kept.filter(keeping -> keeping.lastUsed().plus(keepFor).isAfter(now));
        if (current.isPresent()) {
            if (!keyHash.equals(Optional.of(current.get().keyHash()))) {
                return Decision.REFUSE;
            }
            return current.get().lastUsed().plus(REFRESH_AFTER).isAfter(now) ? Decision.LEAVE : Decision.REFRESH;
        }
        return keyHash.isPresent() ? Decision.KEEP : Decision.LEAVE;
    }

    /** Names no longer kept are deleted, at most once an hour, by whoever keeps a new one. */
    private void sweep(Instant now) {
        Instant last = lastSweep.get();
        if (now.isAfter(last.plus(REFRESH_AFTER)) && lastSweep.compareAndSet(last, now)) {
            int forgotten = store.forgetUnusedSince(now.minus(keepFor));
            if (forgotten > 0) {
                LOG.info(() -> "Forgot " + forgotten + " names unused for " + keepFor.toDays() + " days");
            }
        }
    }

    static String hash(String key) {
        return SecretHash.of(key);
    }
}
