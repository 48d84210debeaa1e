package netd.common.bencode;

public record BInteger(long value) implements BValue {
}
