package netd.player.book;

/** What {@link Book} reports, from its own thread. */
public interface BookListener {
    /** Book {@code index} is written to the file: from now on it is held. */
    void written(int index);

    /** Writing book {@code index} failed (disk full, I/O error): it is not held. */
    void writeFailed(int index, Exception problem);
}
