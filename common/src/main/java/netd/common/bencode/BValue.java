package netd.common.bencode;

/** A bencoded value (PROTOCOL.md §1): one of four immutable types. */
public sealed interface BValue permits BInteger, BString, BList, BDictionary {
}
