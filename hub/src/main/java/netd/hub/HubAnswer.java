package netd.hub;

import netd.common.bencode.BencodeWriter;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.PlayerEntry;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * What an announce is answered: the answer's figures ({@code head}, its player list empty)
 * and the registrations it lists, whose entries were encoded when they announced.
 */
public record HubAnswer(Answer head, List<Registration> players) {
    /**
     * The whole frame to send, the players' entries copied rather than encoded again, written
     * into {@code writer} (see {@link HubCodec#answerFrame}): valid until its next use.
     */
    public ByteBuffer frame(BencodeWriter writer) {
        return HubCodec.answerFrame(head, new AbstractList<>() { // a view, not a copy: no list per answer
            @Override
            public byte[] get(int index) {
                return players.get(index).wireEntry();
            }

            @Override
            public int size() {
                return players.size();
            }
        }, writer);
    }

    /** The answer as a message, its players listed: what a player decodes from {@link #frame}. */
    public Answer answer() {
        List<PlayerEntry> entries = new ArrayList<>(players.size());
        for (Registration player : players) {
            entries.add(player.entry());
        }
        return new Answer(head.failureReason(), head.warningMessage(), head.interval(), head.minInterval(),
                head.complete(), head.incomplete(), entries, 0);
    }
}
