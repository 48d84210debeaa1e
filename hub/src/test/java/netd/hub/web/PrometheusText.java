package netd.hub.web;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line must be a {@code # HELP}, a {@code # TYPE} or a sample of a family whose type came
 * before it; anything else fails. Gives each sample's value by its series, written as on the
 * wire ({@code name{label="value",...}}).
 */
public final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String VALUE = "(?:[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?Inf|NaN)";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*,?)?\\})? ("
            + VALUE + ")(?: -?[0-9]+)?");
    /** The sample names a family of each type may have, beyond its own name. */
    private static final Map<String, Set<String>> SUFFIXES = Map.of(
            "counter", Set.of("", "_total", "_created"),
            "gauge", Set.of(""),
            "histogram", Set.of("_bucket", "_count", "_sum", "_created"),
            "summary", Set.of("", "_count", "_sum", "_created"),
            "untyped", Set.of(""));

    private PrometheusText() {
    }

    /** Every sample's value by its series; throws {@link IllegalArgumentException} naming the first bad line. */
    public static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                if (types.put(type.group(1), type.group(2)) != null) {
                    throw new IllegalArgumentException("line " + number + ": a second TYPE for " + type.group(1));
                }
                continue;
            }
            if (HELP.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + number + " is not Prometheus text: " + line);
            }
            if (familyType(sample.group(1), types) == null) {
                throw new IllegalArgumentException("line " + number + ": no TYPE before the sample " + line);
            }
            String series = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
            if (samples.put(series, Double.parseDouble(sample.group(3).replace("Inf", "Infinity"))) != null) {
                throw new IllegalArgumentException("line " + number + ": the series " + series + " twice");
            }
        }
        return samples;
    }

    private static String familyType(String sampleName, Map<String, String> types) {
        for (Map.Entry<String, String> family : types.entrySet()) {
            if (sampleName.startsWith(family.getKey())
                    && SUFFIXES.get(family.getValue()).contains(sampleName.substring(family.getKey().length()))) {
                return family.getValue();
            }
        }
        return null;
    }
}
