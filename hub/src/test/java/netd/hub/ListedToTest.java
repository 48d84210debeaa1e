package netd.hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Whom a player's entry was lately given to: the newest kept, newest first. */
class ListedToTest {
    @Test
    void theNewestAskersAreKeptNewestFirstAndTheOldestForgottenWhenFull() {
        ListedTo given = new ListedTo(3);
        given.add(RegistrarTest.player(1), 1);
        given.add(RegistrarTest.player(2), 2);

        assertEquals(RegistrarTest.player(2), given.newest(0));
        assertEquals(RegistrarTest.player(1), given.newest(1));
        assertNull(given.newest(2), "a place never filled");

        given.add(RegistrarTest.player(3), 3);
        given.add(RegistrarTest.player(4), 4);
        assertEquals(RegistrarTest.player(4), given.newest(0));
        assertEquals(RegistrarTest.player(3), given.newest(1));
        assertEquals(RegistrarTest.player(2), given.newest(2), "1 forgotten");
        assertEquals(4, given.positionThen(0));
        assertEquals(2, given.positionThen(2));
        assertEquals(3, given.capacity());
    }

    @Test
    void anEmptyRingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ListedTo(0));
    }
}
