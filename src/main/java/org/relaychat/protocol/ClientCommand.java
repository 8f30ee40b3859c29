package org.relaychat.protocol;

import java.util.List;
import org.relaychat.profiles.ProfileChange;

/**
 * A valid client frame, one record per client event of the protocol. Names and texts have been
 * checked against the configured limits by the decoder.
 */
public sealed interface ClientCommand extends ClientFrame {

    /** Hands the command, with its sender, to the handler method made for its type. */
    <S> void dispatchTo(Handler<S> handler, S sender);

    /** One method per client event; adding an event breaks every handler until it deals with it. */
    interface Handler<S> {
        void echo(S sender, SendEcho command);

        void broadcast(S sender, SendBroadcast command);

        void joinRoom(S sender, JoinRoom command);

        void leaveRoom(S sender, LeaveRoom command);

        void roomMessage(S sender, SendRoomMessage command);

        void directMessage(S sender, SendDirectMessage command);

        void typing(S sender, SetTyping command);

        void read(S sender, MarkRead command);

        void history(S sender, RequestHistory command);

        void presence(S sender, RequestPresence command);

        void rooms(S sender, ListRooms command);

        void editMessage(S sender, EditMessage command);

        void deleteMessage(S sender, DeleteMessage command);

        void upload(S sender, RequestUpload command);

        void download(S sender, RequestDownload command);

        void setProfile(S sender, SetProfile command);
    }

    /** {@code message}: answered with {@code echo}. */
    record SendEcho(String ref, String message) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.echo(sender, this);
        }
    }

    /** {@code broadcast}: to every other connected client. */
    record SendBroadcast(String ref, String message) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.broadcast(sender, this);
        }
    }

    /** {@code join_room}. */
    record JoinRoom(String ref, String room) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.joinRoom(sender, this);
        }
    }

    /** {@code leave_room}. */
    record LeaveRoom(String ref, String room) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.leaveRoom(sender, this);
        }
    }

    /**
     * {@code room_message}: to every other member of the room, with the ids of the sender's uploaded
     * files it carries (none when the client named none; the text may then be empty).
     */
    record SendRoomMessage(String ref, String room, String message, List<String> attachments)
            implements ClientCommand {
        public SendRoomMessage(String ref, String room, String message) {
            this(ref, room, message, List.of());
        }

        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.roomMessage(sender, this);
        }
    }

    /** {@code direct_message}: to every connection of a user, with files as a room message. */
    record SendDirectMessage(String ref, String to, String message, List<String> attachments)
            implements ClientCommand {
        public SendDirectMessage(String ref, String to, String message) {
            this(ref, to, message, List.of());
        }

        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.directMessage(sender, this);
        }
    }

    /** {@code typing}. */
    record SetTyping(String ref, String room, boolean typing) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.typing(sender, this);
        }
    }

    /** {@code read}: messages of the room up to {@code id} are read. */
    record MarkRead(String ref, String room, long id) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.read(sender, this);
        }
    }

    /**
     * {@code history} of a room or of the direct messages with a user; at most one of {@code before}
     * and {@code after} is set, and {@code limit} is null when the client gave none.
     */
    record RequestHistory(String ref, String room, String with, Long before, Long after, Integer limit)
            implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.history(sender, this);
        }
    }

    /** {@code presence}: the members of a room. */
    record RequestPresence(String ref, String room) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.presence(sender, this);
        }
    }

    /** {@code rooms}: the rooms the sender is in. */
    record ListRooms(String ref) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.rooms(sender, this);
        }
    }

    /** {@code edit_message}: a new text for one of the sender's own stored messages. */
    record EditMessage(String ref, long id, String message) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.editMessage(sender, this);
        }
    }

    /** {@code delete_message}: one of the sender's own stored messages is deleted. */
    record DeleteMessage(String ref, long id) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.deleteMessage(sender, this);
        }
    }

    /**
     * {@code upload}: a slot for one file of {@code size} bytes, to be sent under {@code name}.
     * The client's {@code type} is only its claim: the server reads the type from the bytes.
     */
    record RequestUpload(String ref, String name, long size, String type) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.upload(sender, this);
        }
    }

    /** {@code download}: a short-lived address of a file sent with a message the sender may read. */
    record RequestDownload(String ref, String file) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.download(sender, this);
        }
    }

    /** {@code set_profile}: the sender's user changes how others see them. */
    record SetProfile(String ref, ProfileChange change) implements ClientCommand {
        @Override
        public <S> void dispatchTo(Handler<S> handler, S sender) {
            handler.setProfile(sender, this);
        }
    }
}
