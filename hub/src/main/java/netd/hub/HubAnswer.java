package netd.hub;

import netd.common.bencode.BencodeWriter;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.PlayerEntry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What an announce is answered: the answer's figures ({@code head}, its player list empty)
 * and the players it lists, whose entries were encoded when they joined.
 */
public record HubAnswer(Answer head, Listing players) {
    /**
     * The whole frame to send, the players' entries copied rather than encoded again, written
     * into {@code writer} (see {@link HubCodec#answerFrame}): valid until its next use.
     */
    public ByteBuffer frame(BencodeWriter writer) {
        return HubCodec.answerFrame(head, players.entries(), writer);
    }

    /** The answer as a message, its players listed: what a player decodes from {@link #frame}. */
    public Answer answer() {
        List<PlayerEntry> entries = new ArrayList<>(players.size());
        for (Registration player : players.players()) {
            entries.add(player.entry());
        }
        return new Answer(head.failureReason(), head.warningMessage(), head.interval(), head.minInterval(),
                head.complete(), head.incomplete(), entries, 0);
    }
}
