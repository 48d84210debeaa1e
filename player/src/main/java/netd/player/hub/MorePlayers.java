package netd.player.hub;

/**
 * Whether an answer from the hub leaves this player wanting to hear of more players, so that
 * it asks again at the hub's min interval rather than its interval ({@link AnnounceSchedule}):
 * while it is not complete, when the answer listed fewer players than it downloads from, or
 * when the swarm the hub counts grew by more than a quarter since the previous answer (the
 * first answer counts as grown from nothing).
 *
 * <p>Why the growth: an answer lists players that announced before this one. In a flash crowd
 * each player's first answer lists only those that came before it, so the first ones know the
 * first few, and a player that came late is listed to few and dialled by fewer: in a simulated
 * flash crowd of 1,000 (scripts/simulate.sh), about a tenth of the leechers' uplinks had no
 * downloader for the first 5 s, and everyone else learned of them only at the 15 s interval.
 * Asking again once the swarm is seen to grow (at 5 s, then not again while it stays the same
 * size) lets every player hear of the newcomers while the swarm forms: max 1.62 -> 1.55 x T*.
 * In a swarm whose size holds, it costs one announce more per player, the second.
 *
 * <p>Pure: the caller passes what each answer said.
 */
public final class MorePlayers {
    private final int uploadersWanted;
    /** The swarm's size by the previous answer (complete and incomplete players), 0 before one. */
    private long swarmBefore;

    /** @param uploadersWanted players listed below which an incomplete player asks again soon (--max-downloads) */
    public MorePlayers(int uploadersWanted) {
        this.uploadersWanted = uploadersWanted;
    }

    /**
     * An answer listed {@code listed} players of a swarm of {@code swarm}; {@code complete} when
     * this player holds every book. True when it should ask again at the min interval.
     */
    public boolean afterAnswer(boolean complete, int listed, long swarm) {
        boolean grew = swarm > swarmBefore + swarmBefore / 4;
        swarmBefore = swarm;
        return !complete && (listed < uploadersWanted || grew);
    }
}
