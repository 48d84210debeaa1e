package netd.common.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TerminalWidthTest {
    @Test
    void sttysAnswerGivesTheColumns() {
        assertEquals(132, TerminalWidth.fromSttySize("50 132\n"));
    }

    @Test
    void noOrAnotherAnswerFromSttyGivesEighty() {
        for (String answer : new String[] {null, "", "stty: 'standard input': Inappropriate ioctl for device", "50", "50 0", "50 -3", "x y"}) {
            assertEquals(TerminalWidth.FALLBACK, TerminalWidth.fromSttySize(answer), String.valueOf(answer));
        }
    }

    @Test
    void theColumnsVariableWinsAndSttyIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();
        TerminalWidth width = new TerminalWidth("100", () -> {
            asked.incrementAndGet();
            return "50 132";
        }, () -> 0);
        assertEquals(100, width.getAsInt());
        assertEquals(0, asked.get());
    }

    @Test
    void aColumnsVariableThatIsNoWidthIsPassedOver() {
        assertEquals(132, new TerminalWidth("wide", () -> "50 132", () -> 0).getAsInt());
        assertEquals(132, new TerminalWidth("0", () -> "50 132", () -> 0).getAsInt());
    }

    @Test
    void aResizedTerminalIsFollowedWithinTheRecheckPeriodAndSttyIsNotAskedAtEveryRedraw() {
        ArrayDeque<String> answers = new ArrayDeque<>(List.of("50 132", "50 60"));
        AtomicLong now = new AtomicLong(1_000);
        TerminalWidth width = new TerminalWidth(null, answers::poll, now::get);
        assertEquals(132, width.getAsInt());
        now.addAndGet(TerminalWidth.RECHECK_NANOS - 1);
        assertEquals(132, width.getAsInt());
        assertEquals(1, answers.size());
        now.addAndGet(1);
        assertEquals(60, width.getAsInt());
    }
}
