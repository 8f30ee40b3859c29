package org.relaychat.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.relaychat.protocol.ServerEvent.ChatMessage;

/** The Jakarta Persistence operations on stored messages, one transaction each. */
@ApplicationScoped
public class MessageStore {

    @PersistenceContext(unitName = "relay")
    EntityManager entityManager;

    /** Inserts messages in one transaction, in the given order; ids follow that order. */
    @Transactional
    public List<ChatMessage> insert(List<Draft> drafts, Instant now) {
        List<StoredMessage> rows = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            StoredMessage row = new StoredMessage(draft, now);
            entityManager.persist(row);
            rows.add(row);
        }
        entityManager.flush();
        return rows.stream().map(StoredMessage::toEvent).toList();
    }

    @Transactional
    public MessageHistory.Page page(String conversation, Long before, Long after, int limit) {
        TypedQuery<StoredMessage> query;
        if (after != null) {
            query = entityManager.createQuery("SELECT m FROM StoredMessage m WHERE m.conversation = :conversation"
                    + " AND m.id > :after ORDER BY m.id ASC", StoredMessage.class).setParameter("after", after);
        } else if (before != null) {
            query = entityManager.createQuery("SELECT m FROM StoredMessage m WHERE m.conversation = :conversation"
                    + " AND m.id < :before ORDER BY m.id DESC", StoredMessage.class).setParameter("before", before);
        } else {
            query = entityManager.createQuery("SELECT m FROM StoredMessage m WHERE m.conversation = :conversation"
                    + " ORDER BY m.id DESC", StoredMessage.class);
        }
        // One row more than asked tells whether there are more beyond the page.
        List<StoredMessage> rows = query.setParameter("conversation", conversation).setMaxResults(limit + 1)
                .getResultList();
        boolean hasMore = rows.size() > limit;
        List<ChatMessage> page = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())).stream()
                .map(StoredMessage::toEvent).toList());
        if (after == null) {
            Collections.reverse(page);
        }
        return new MessageHistory.Page(page, hasMore);
    }

    @Transactional
    public void markRead(String room, String user, long id) {
        ReadPosition position = entityManager.find(ReadPosition.class, new ReadPosition.Key(room, user));
        if (position == null) {
            entityManager.persist(new ReadPosition(room, user, id));
        } else {
            position.advanceTo(id);
        }
    }

    /** Deletes messages older than {@code cutoff}; returns how many. */
    @Transactional
    public int deleteOlderThan(Instant cutoff) {
        return entityManager.createQuery("DELETE FROM StoredMessage m WHERE m.createdAt < :cutoff")
                .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** Keeps the newest {@code keep} messages of every conversation that has more; returns how many went. */
    @Transactional
    public int trimConversations(int keep) {
        List<String> crowded = entityManager.createQuery("SELECT m.conversation FROM StoredMessage m"
                + " GROUP BY m.conversation HAVING COUNT(m) > :keep", String.class)
                .setParameter("keep", (long) keep).getResultList();
        int deleted = 0;
        for (String conversation : crowded) {
            Long oldestKept = entityManager.createQuery("SELECT m.id FROM StoredMessage m"
                    + " WHERE m.conversation = :conversation ORDER BY m.id DESC", Long.class)
                    .setParameter("conversation", conversation).setFirstResult(keep - 1).setMaxResults(1)
                    .getSingleResult();
            deleted += entityManager.createQuery("DELETE FROM StoredMessage m"
                    + " WHERE m.conversation = :conversation AND m.id < :oldestKept")
                    .setParameter("conversation", conversation).setParameter("oldestKept", oldestKept)
                    .executeUpdate();
        }
        return deleted;
    }
}
