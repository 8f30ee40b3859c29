package org.relaychat.chat;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.relaychat.protocol.ServerEvent.ChatMessage;

/**
 * The recent messages of each room and each direct conversation, kept in memory up to a number
 * per conversation, and paged by id.
 */
@ApplicationScoped
public class MessageHistory {

    /** Messages kept per room or conversation; the oldest go first. */
    static final int KEPT_PER_CONVERSATION = 1_000;

    private final Map<String, NavigableMap<Long, ChatMessage>> conversations = new ConcurrentHashMap<>();

    /** One page, oldest first, and whether more exist beyond it in the direction asked. */
    public record Page(List<ChatMessage> messages, boolean hasMore) {
    }

    public static String roomKey(String room) {
        return "room:" + room;
    }

    /** The same key from either side of a direct conversation. */
    public static String directKey(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? "dm:" + userA + '\u0000' + userB : "dm:" + userB + '\u0000' + userA;
    }

    public void append(String key, ChatMessage message) {
        NavigableMap<Long, ChatMessage> messages = conversations.computeIfAbsent(key, k -> new TreeMap<>());
        synchronized (messages) {
            messages.put(message.id(), message);
            if (messages.size() > KEPT_PER_CONVERSATION) {
                messages.pollFirstEntry();
            }
        }
    }

    /**
     * With neither bound the newest {@code limit}; with {@code before} the newest older than it;
     * with {@code after} the oldest newer than it.
     */
    public Page page(String key, Long before, Long after, int limit) {
        NavigableMap<Long, ChatMessage> messages = conversations.get(key);
        if (messages == null) {
            return new Page(List.of(), false);
        }
        synchronized (messages) {
            if (after != null) {
                NavigableMap<Long, ChatMessage> newer = messages.tailMap(after, false);
                List<ChatMessage> page = new ArrayList<>(Math.min(limit, newer.size()));
                for (ChatMessage message : newer.values()) {
                    if (page.size() == limit) {
                        break;
                    }
                    page.add(message);
                }
                return new Page(page, newer.size() > limit);
            }
            NavigableMap<Long, ChatMessage> older = before == null ? messages : messages.headMap(before, false);
            List<ChatMessage> page = new ArrayList<>(Math.min(limit, older.size()));
            for (ChatMessage message : older.descendingMap().values()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(message);
            }
            java.util.Collections.reverse(page);
            return new Page(page, older.size() > limit);
        }
    }
}
