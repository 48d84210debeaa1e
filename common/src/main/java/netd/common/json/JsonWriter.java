package netd.common.json;

import java.util.Locale;

/**
 * Writes one JSON document, member by member, into a string: enough for the programs'
 * status files and {@code /api/...} answers, with no library. Strings are escaped by the
 * rules of RFC 8259 (quote, backslash, control characters), so a name or an id a stranger
 * chose stays one string whatever it holds. Commas are placed by the writer; the caller
 * only opens and closes objects and arrays in order.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    /** Whether the next value is the first of its object or array (no comma before it). */
    private boolean first = true;

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        first = false;
        return this;
    }

    /** The name of the next member of the object being written; its value follows. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A number with one decimal (a percentage, say); JSON has no NaN or infinity, so those are written as null. */
    public JsonWriter valueOneDecimal(double value) {
        separate();
        out.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "null");
        return this;
    }

    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    public JsonWriter member(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter member(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter member(String name, boolean value) {
        return name(name).value(value);
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters, and the two line separators JavaScript once refused in strings.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
