package netd.common.cli;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.concurrent.Callable;

/**
 * A program's command line, declared in code with picocli's programmatic API rather than with
 * its annotations. Reading an annotation makes the JDK generate a proxy class for each
 * annotation type, at every start: the start-up cache cannot hold them, and generating them
 * (with the method-handle classes they pull in, and C1 compiling the class-file code that
 * writes them) was a sixth of a player's CPU until it listens (docs/JVM.md). In the lab, ten
 * players start at once on two cores, so that CPU is time before the first book moves. The
 * benchmark and simulator tools, whose start-up nobody waits for, keep the annotations.
 *
 * <p>Every program has {@code -h/--help} and {@code -V/--version} (picocli's wording) and
 * takes its values from the {@link Value}s its declaration returns, once picocli has parsed
 * the arguments ({@link Cli#run}).
 */
public final class CommandDeclaration {
    private final CommandSpec spec;
    private int positionals;

    /** {@code command} runs once the arguments are parsed; description and footer are the help's. */
    public CommandDeclaration(Callable<Integer> command, String name, String[] description, String[] footer) {
        spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.versionProvider(new Cli.Version());
        spec.usageMessage().description(description).footer(footer);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /** The next positional parameter (the first declared is index 0): required, one value. */
    public <T> Value<T> parameter(Class<T> type, String label, String description) {
        return parameter(PositionalParamSpec.builder().type(type).paramLabel(label).description(description));
    }

    /** The next positional parameter, as {@code builder} says (a converter, say): required, one value. */
    public <T> Value<T> parameter(PositionalParamSpec.Builder builder) {
        PositionalParamSpec parameter = builder.index(Integer.toString(positionals++)).arity("1").required(true).build();
        spec.addPositional(parameter);
        return new Value<>(parameter);
    }

    /** An option with one value: its type, and its default as the command line would give it. */
    public <T> Value<T> option(Class<T> type, String name, String label, String defaultValue, String... description) {
        return option(OptionSpec.builder(name).type(type).paramLabel(label).defaultValue(defaultValue)
                .description(description));
    }

    /** An option that takes no value: true when it is given. */
    public Value<Boolean> flag(String[] names, String description) {
        return option(OptionSpec.builder(names).type(boolean.class).arity("0").defaultValue("false")
                .description(description));
    }

    /** An option as {@code builder} says (hidden, several names, ...). */
    public <T> Value<T> option(OptionSpec.Builder builder) {
        OptionSpec option = builder.build();
        spec.addOption(option);
        return new Value<>(option);
    }

    /** What picocli parses with, and {@link Cli#run} runs. */
    public CommandSpec spec() {
        return spec;
    }

    /** One option's or parameter's value, once parsed: its default when the command line has none. */
    public static final class Value<T> {
        private final ArgSpec arg;

        private Value(ArgSpec arg) {
            this.arg = arg;
        }

        public T get() {
            return arg.getValue();
        }
    }
}
