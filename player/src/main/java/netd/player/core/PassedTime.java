package netd.player.core;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The time as the {@link PlayerCore} was last told it, for the parts it composes that read a
 * clock: it moves only when an event brings a new time.
 */
final class PassedTime implements InstantSource {
    long now;

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }
}
