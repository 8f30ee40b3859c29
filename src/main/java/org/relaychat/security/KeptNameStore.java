package org.relaychat.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** The Jakarta Persistence operations on kept names, one transaction each. */
@ApplicationScoped
public class KeptNameStore {

    /** A handshake waits on the database for no longer than this. */
    private static final int QUERY_TIMEOUT_MILLIS = 2_000;

    @PersistenceContext(unitName = "relay")
    EntityManager entityManager;

    @Transactional
    public Optional<NameKeys.Keeping> find(String name) {
        return entityManager.createQuery("SELECT k FROM KeptName k WHERE k.userName = :name", KeptName.class)
                .setParameter("name", name)
                .setHint("jakarta.persistence.query.timeout", QUERY_TIMEOUT_MILLIS)
                .getResultStream().findFirst().map(KeptName::keeping);
    }

    /** Keeps {@code name} for the key with {@code keyHash}, from {@code now}. */
    @Transactional
    public void keep(String name, String keyHash, Instant now) {
        KeptName kept = entityManager.find(KeptName.class, name);
        if (kept == null) {
            entityManager.persist(new KeptName(name, keyHash, now));
        } else {
            kept.keepFor(keyHash, now);
        }
        entityManager.flush();
    }

    /** Forgets every name unused since {@code cutoff}; returns how many. */
    @Transactional
    public int forgetUnusedSince(Instant cutoff) {
        return entityManager.createQuery("DELETE FROM KeptName k WHERE k.lastUsed < :cutoff")
                .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC)).executeUpdate();
    }
}
