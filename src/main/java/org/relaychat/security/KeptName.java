package org.relaychat.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A row of {@code kept_name}: an anonymous name, kept for the browser key that last used it. */
@Entity
@Table(name = "kept_name")
public class KeptName {

    @Id
    @Column(name = "user_name", length = 300)
    private String userName;

    @Column(name = "key_hash", nullable = false, length = 64)
    private String keyHash;

    /** OffsetDateTime rather than Instant: Jakarta Persistence maps Instant only from version 3.2. */
    @Column(name = "last_used", nullable = false)
    private OffsetDateTime lastUsed;

    protected KeptName() {
        // for JPA
    }

    KeptName(String userName, String keyHash, Instant lastUsed) {
        this.userName = userName;
        keepFor(keyHash, lastUsed);
    }

    void keepFor(String hash, Instant now) {
        this.keyHash = hash;
        this.lastUsed = now.atOffset(ZoneOffset.UTC);
    }

    NameKeys.Keeping keeping() {
        return new NameKeys.Keeping(keyHash, lastUsed.toInstant());
    }
}
