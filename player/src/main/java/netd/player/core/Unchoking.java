package netd.player.core;

import netd.common.id.PlayerId;
import netd.player.choke.ChokingRounds;
import netd.player.choke.UnchokeChooser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The choking round as the core runs it: every link's rates move on a round, each accepted
 * downloader becomes a candidate with the rate that earns it a slot, and the
 * {@link ChokingRounds}' choice is applied through {@link Uploading}. While this player
 * downloads, a downloader's rate is what this player received from the same player on its
 * own download link (tit-for-tat: a player that sends to us is sent to); while it seeds,
 * what this player sent it (the turns' order only). A downloader whose listed address refused
 * this player's last dial is marked {@link UnchokeChooser.Candidate#refused}.
 */
final class Unchoking<L> {
    private final ChokingRounds<Remote<L>> rounds;
    private final Uploading uploading;
    private final Predicate<PlayerId> refused;

    /** @param refused whether a player's listed address refused or failed this player's last dial */
    Unchoking(ChokingRounds<Remote<L>> rounds, Uploading uploading, Predicate<PlayerId> refused) {
        this.rounds = rounds;
        this.uploading = uploading;
        this.refused = refused;
    }

    /**
     * One round over {@code remotes} (every open link, in the order they opened); {@code downloads}
     * finds a player's download link by its id.
     */
    void round(Iterable<Remote<L>> remotes, Map<PlayerId, Remote<L>> downloads, boolean seeding, RandomGenerator random) {
        List<UnchokeChooser.Candidate<Remote<L>>> candidates = new ArrayList<>();
        for (Remote<L> remote : remotes) {
            remote.receiving.roundEnded(remote.bytesReceived);
            remote.sending.roundEnded(remote.bytesSent);
        }
        for (Remote<L> remote : remotes) {
            if (remote.role == Role.UPLOAD && remote.downloader.handshakeDone) {
                Remote<L> uploaderSide = downloads.get(remote.playerId);
                long rate = seeding ? remote.sending.perRound()
                        : uploaderSide == null ? 0 : uploaderSide.receiving.perRound();
                candidates.add(new UnchokeChooser.Candidate<>(remote, remote.downloader.interestedInUs, rate,
                        remote.downloader.weUnchoke, refused.test(remote.playerId)));
            }
        }
        UnchokeChooser.Choice<Remote<L>> choice = rounds.next(candidates, seeding, random);
        for (UnchokeChooser.Candidate<Remote<L>> candidate : candidates) {
            if (choice.unchoke().contains(candidate.key())) {
                uploading.unchoke(candidate.key().downloader);
            } else {
                uploading.choke(candidate.key().downloader);
            }
        }
    }

    /**
     * {@code remote}'s listed address refused or failed this player's dial: unless it holds
     * the optimistic unchoke, the slot it holds goes to another ({@link Uploading#refusedOurDial}).
     */
    void refusedOurDial(Remote<L> remote) {
        if (!rounds.isOptimistic(remote)) {
            uploading.refusedOurDial(remote.downloader);
        }
    }

    /** {@code remote}'s link closed: it holds no turn and no optimistic unchoke any more. */
    void closed(Remote<L> remote) {
        rounds.closed(remote);
    }
}
