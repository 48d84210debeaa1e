package netd.common.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command declared in code parses as its annotated twin did: positions, defaults, flags, help. */
class CommandDeclarationTest {
    /** Two parameters and one option of each kind. */
    static final class Copy implements Callable<Integer> {
        final CommandDeclaration command = new CommandDeclaration(this, "copy", new String[] {"Copies FROM to TO."},
                new String[] {"", "Exit codes: 0 done."});
        final CommandDeclaration.Value<Path> from = command.parameter(Path.class, "FROM", "What to copy.");
        final CommandDeclaration.Value<String> to = command.parameter(String.class, "TO", "Where to.");
        final CommandDeclaration.Value<Integer> times = command.option(int.class, "--times", "N", "3",
                "How often (default: ${DEFAULT-VALUE}).");
        final CommandDeclaration.Value<Integer> limit = command.option(Integer.class, "--limit", "N", null, "At most.");
        final CommandDeclaration.Value<Boolean> force = command.flag(new String[] {"-f", "--force"}, "Replace TO.");

        @Override
        public Integer call() {
            return 0;
        }
    }

    private static Copy parsed(String... args) {
        Copy copy = new Copy();
        new CommandLine(copy.command.spec()).parseArgs(args);
        return copy;
    }

    @Test
    void parametersTakeTheirPlacesInTheOrderDeclared() {
        Copy copy = parsed("a.txt", "b.txt");
        assertEquals(Path.of("a.txt"), copy.from.get());
        assertEquals("b.txt", copy.to.get());
    }

    @Test
    void anOptionNotGivenHasItsDefault() {
        Copy copy = parsed("a", "b");
        assertEquals(3, copy.times.get());
        assertNull(copy.limit.get());
        assertFalse(copy.force.get());
    }

    @Test
    void givenOptionsAndFlagsAreParsed() {
        Copy copy = parsed("-f", "a", "--times", "7", "b", "--limit", "9");
        assertEquals(7, copy.times.get());
        assertEquals(9, copy.limit.get());
        assertTrue(copy.force.get());
    }

    @Test
    void aMissingParameterIsAUsageError() {
        assertThrows(CommandLine.MissingParameterException.class, () -> parsed("a"));
    }

    @Test
    void theHelpShowsEveryOptionWithItsDefaultAndTheFooter() {
        String help = new CommandLine(new Copy().command.spec()).getUsageMessage();
        assertTrue(help.startsWith("Usage: copy [-fhV] [--limit=N] [--times=N] FROM TO"), help);
        assertTrue(help.contains("How often (default: 3)."), help);
        assertTrue(help.contains("-V, --version"), help);
        assertTrue(help.contains("Exit codes: 0 done."), help);
    }
}
