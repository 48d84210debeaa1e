package netd.common.bencode;

import java.util.List;

public record BList(List<BValue> items) implements BValue {
    public BList {
        items = List.copyOf(items);
    }
}
