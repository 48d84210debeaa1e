package netd.player.web;

import netd.common.id.PlayerId;
import netd.player.core.ManagerView;
import netd.player.core.ManagerView.PeerView;
import netd.player.core.Role;
import netd.player.peer.Peer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LatestViewTest {
    private long now = 1_000_000;
    private final InstantSource clock = () -> Instant.ofEpochMilli(now);
    private final Deque<CompletableFuture<ManagerView>> answers = new ArrayDeque<>();
    private int asked;

    private CompletableFuture<ManagerView> ask() {
        asked++;
        return answers.removeFirst();
    }

    private static ManagerView viewWith(long received, long sent) {
        PeerView peer = new PeerView(PlayerId.parse("-ND0100-0123456789ab"), "127.0.0.1:7000", Role.DOWNLOAD,
                false, true, received, sent, 3);
        return new ManagerView(new BitSet(), new BitSet(), List.of(peer));
    }

    @Test
    void asksTheManagerAtMostOnceASecondAndMeasuresEachPeersSpeed() throws Exception {
        LatestView latest = new LatestView(this::ask, clock);
        answers.add(CompletableFuture.completedFuture(viewWith(1000, 0)));
        LatestView.Seen first = latest.get();
        assertArrayEquals(new long[] {0, 0}, first.peerSpeeds().get(0), "a peer seen the first time has moved nothing yet");
        now += 999;
        assertSame(first, latest.get());
        assertEquals(1, asked);

        now += 1;
        answers.add(CompletableFuture.completedFuture(viewWith(1000 + 500, 2000)));
        LatestView.Seen second = latest.get();
        assertEquals(2, asked);
        assertArrayEquals(new long[] {500, 2000}, second.peerSpeeds().get(0));
    }

    @Test
    void aManagerThatCannotAnswerLeavesTheViewBefore() throws Exception {
        LatestView latest = new LatestView(this::ask, clock);
        answers.add(CompletableFuture.completedFuture(viewWith(1000, 0)));
        LatestView.Seen first = latest.get();
        now += 1000;
        answers.add(CompletableFuture.failedFuture(new IllegalStateException("stopping")));
        assertSame(first, latest.get());
    }
}
