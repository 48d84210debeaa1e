package netd.common.bencode;

import netd.common.ProtocolException;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencoded dictionary. Keys are kept sorted by raw bytes, so encoding is canonical. The
 * typed getters turn a missing key or a value of the wrong type into a {@link ProtocolException}
 * naming the key, which is what a message model wants to report.
 */
public final class BDictionary implements BValue {
    private final SortedMap<BString, BValue> entries;

    public BDictionary(Map<BString, ? extends BValue> entries) {
        this.entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    public SortedMap<BString, BValue> entries() {
        return entries;
    }

    public BValue get(String key) {
        return entries.get(BString.of(key));
    }

    public boolean has(String key) {
        return get(key) != null;
    }

    public long integer(String key) throws ProtocolException {
        return required(key, BInteger.class).value();
    }

    public byte[] bytes(String key) throws ProtocolException {
        return required(key, BString.class).bytes();
    }

    public String string(String key) throws ProtocolException {
        return required(key, BString.class).utf8();
    }

    public BList list(String key) throws ProtocolException {
        return required(key, BList.class);
    }

    public BDictionary dictionary(String key) throws ProtocolException {
        return required(key, BDictionary.class);
    }

    /** The string under {@code key}, or null when absent; a value of another type is an error. */
    public String optionalString(String key) throws ProtocolException {
        return has(key) ? string(key) : null;
    }

    /** The integer under {@code key}, or null when absent; a value of another type is an error. */
    public Long optionalInteger(String key) throws ProtocolException {
        return has(key) ? integer(key) : null;
    }

    private <T extends BValue> T required(String key, Class<T> type) throws ProtocolException {
        BValue value = get(key);
        if (value == null) {
            throw new ProtocolException("missing key '" + key + "'");
        }
        if (!type.isInstance(value)) {
            throw new ProtocolException("key '" + key + "' should be " + typeName(type) + ", not " + typeName(value.getClass()));
        }
        return type.cast(value);
    }

    static String typeName(Class<?> type) {
        if (type == BInteger.class) return "an integer";
        if (type == BString.class) return "a string";
        if (type == BList.class) return "a list";
        return "a dictionary";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDictionary other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "BDictionary" + entries;
    }

    /** Builds a dictionary in any key order; encoding sorts. */
    public static final class Builder {
        private final TreeMap<BString, BValue> entries = new TreeMap<>();

        public Builder put(String key, BValue value) {
            entries.put(BString.of(key), value);
            return this;
        }

        public Builder put(String key, long value) {
            return put(key, new BInteger(value));
        }

        public Builder put(String key, String utf8) {
            return put(key, BString.of(utf8));
        }

        public Builder put(String key, byte[] bytes) {
            return put(key, BString.of(bytes));
        }

        public BDictionary build() {
            return new BDictionary(entries);
        }
    }
}
