package netd.player.book;

/** What {@link Book} reports, from its own thread. */
public interface BookListener {
    /**
     * Books {@code indices} are written to the file: from now on they are held. Reported once
     * per batch of writes the book thread took from its queue, not once per book.
     */
    void written(int[] indices);

    /** Writing book {@code index} failed (disk full, I/O error): it is not held. */
    void writeFailed(int index, Exception problem);
}
