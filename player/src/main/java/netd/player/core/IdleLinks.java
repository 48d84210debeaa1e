package netd.player.core;

/**
 * Which link gives up its slot when every slot is taken and another is wanted: the one quiet
 * longest, and only once it has been quiet a while, so that no busy link is ever cut for a
 * newcomer.
 */
final class IdleLinks {
    private IdleLinks() {
    }

    /** The remote quiet longest among those quiet for {@code idleMillis} or more at {@code now}; null if none. */
    static <L> Remote<L> idlest(Iterable<Remote<L>> remotes, long now, long idleMillis) {
        Remote<L> idlest = null;
        for (Remote<L> remote : remotes) {
            if (now - remote.lastActivity >= idleMillis && (idlest == null || remote.lastActivity < idlest.lastActivity)) {
                idlest = remote;
            }
        }
        return idlest;
    }
}
