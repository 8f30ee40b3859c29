package org.relaychat.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.relaychat.files.Attachment;

/** The Jakarta Persistence operations on stored messages, one transaction each. */
@ApplicationScoped
public class MessageStore {

    private static final String ID_BLOCK = "chat_message";

    @PersistenceContext(unitName = "relay")
    EntityManager entityManager;

    /**
     * Inserts messages in one transaction, in the given order; ids follow that order.
     *
     * <p>The ids are taken from {@code id_block} in this same transaction, whose row lock then
     * lasts until the commit. So transactions of every node that shares the database take their
     * ids one after the other and commit in that order: once a message with some id is visible,
     * every message with a smaller id is too, which keeps {@code history} with {@code after}
     * lossless on any node.
     */
    @Transactional
    public List<StoredMessage> insert(List<Draft> drafts, Instant now) {
        long last = takeIds(drafts.size());
        long id = last - drafts.size();
        List<MessageRow> rows = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            MessageRow row = new MessageRow(++id, draft, now);
            entityManager.persist(row);
            rows.add(row);
            // Its files now live and die with it (retention, deletion).
            for (Attachment file : draft.attachments()) {
                entityManager.createNativeQuery("UPDATE chat_file SET message_id = ?1 WHERE id = ?2")
                        .setParameter(1, id).setParameter(2, file.id()).executeUpdate();
            }
        }
        entityManager.flush();
        return rows.stream().map(MessageRow::toMessage).toList();
    }

    /** Moves the row of {@code id_block} on by {@code count}; returns the last id taken. */
    private long takeIds(int count) {
        entityManager.createNativeQuery("UPDATE id_block SET next_value = next_value + ?1 WHERE name = ?2")
                .setParameter(1, count).setParameter(2, ID_BLOCK).executeUpdate();
        return ((Number) entityManager.createNativeQuery("SELECT next_value FROM id_block WHERE name = ?1")
                .setParameter(1, ID_BLOCK).getSingleResult()).longValue();
    }

    /**
     * Makes an author's change to a stored message, or says why not. The row stays locked until the
     * commit, so that two changes to one message are decided one after the other.
     */
    @Transactional
    public MessageChange.Result change(MessageChange change) {
        MessageRow row = entityManager.find(MessageRow.class, change.id(), LockModeType.PESSIMISTIC_WRITE);
        MessageChange.Result result = change.resultFor(Optional.ofNullable(row).map(MessageRow::toMessage));
        if (result.isChanged()) {
            row.update(result.changed());
            if (result.changed().isDeleted()) {
                forgetFiles(change.id());
            }
        }
        return result;
    }

    /**
     * A deleted message's files can no longer be fetched from the moment it is deleted: they leave
     * its conversation and lose their tickets in the same transaction, and the retention job
     * deletes their bytes ({@code FileCatalog.sweep}).
     */
    private void forgetFiles(long messageId) {
        entityManager.createNativeQuery("DELETE FROM file_ticket WHERE file_id IN"
                + " (SELECT id FROM chat_file WHERE message_id = ?1)").setParameter(1, messageId).executeUpdate();
        entityManager.createNativeQuery("UPDATE chat_file SET conversation = NULL WHERE message_id = ?1")
                .setParameter(1, messageId).executeUpdate();
    }

    @Transactional
    public MessageHistory.Page page(String conversation, Long before, Long after, int limit) {
        TypedQuery<MessageRow> query;
        if (after != null) {
            query = entityManager.createQuery("SELECT m FROM MessageRow m WHERE m.conversation = :conversation"
                    + " AND m.id > :after ORDER BY m.id ASC", MessageRow.class).setParameter("after", after);
        } else if (before != null) {
            query = entityManager.createQuery("SELECT m FROM MessageRow m WHERE m.conversation = :conversation"
                    + " AND m.id < :before ORDER BY m.id DESC", MessageRow.class).setParameter("before", before);
        } else {
            query = entityManager.createQuery("SELECT m FROM MessageRow m WHERE m.conversation = :conversation"
                    + " ORDER BY m.id DESC", MessageRow.class);
        }
        // One row more than asked tells whether there are more beyond the page.
        List<MessageRow> rows = query.setParameter("conversation", conversation).setMaxResults(limit + 1)
                .getResultList();
        boolean hasMore = rows.size() > limit;
        List<StoredMessage> page = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())).stream()
                .map(MessageRow::toMessage).toList());
        if (after == null) {
            Collections.reverse(page);
        }
        return new MessageHistory.Page(page, hasMore);
    }

    @Transactional
    public long newestId() {
        Long newest = entityManager.createQuery("SELECT MAX(m.id) FROM MessageRow m", Long.class)
                .getSingleResult();
        return newest == null ? 0 : newest;
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
        return entityManager.createQuery("DELETE FROM MessageRow m WHERE m.createdAt < :cutoff")
                .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** Keeps the newest {@code keep} messages of every conversation that has more; returns how many went. */
    @Transactional
    public int trimConversations(int keep) {
        List<String> crowded = entityManager.createQuery("SELECT m.conversation FROM MessageRow m"
                + " GROUP BY m.conversation HAVING COUNT(m) > :keep", String.class)
                .setParameter("keep", (long) keep).getResultList();
        int deleted = 0;
        for (String conversation : crowded) {
            Long oldestKept = entityManager.createQuery("SELECT m.id FROM MessageRow m"
                    + " WHERE m.conversation = :conversation ORDER BY m.id DESC", Long.class)
                    .setParameter("conversation", conversation).setFirstResult(keep - 1).setMaxResults(1)
                    .getSingleResult();
            deleted += entityManager.createQuery("DELETE FROM MessageRow m"
                    + " WHERE m.conversation = :conversation AND m.id < :oldestKept")
                    .setParameter("conversation", conversation).setParameter("oldestKept", oldestKept)
                    .executeUpdate();
        }
        return deleted;
    }
}
