package netd.player.book;

import netd.common.library.BookHasher;
import netd.common.library.Library;
import netd.common.wire.PeerMessage.BookData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Owns the stuff file: one thread takes writes from its queue and does them with positional
 * I/O, so no other code writes the file and no whole-file buffer exists. Books are served
 * from read-only views of the file mapped into memory ({@link #view}): the link sends a view
 * with one gathering write, and the kernel copies the book from its page cache to the socket,
 * with no read into the heap and no copy on the way.
 *
 * <p>The queue is not bounded here because its producer bounds it: the connection manager
 * asks for no more books while 32 MiB of them wait here to be written.
 *
 * <p>Durability: a book is reported {@link BookListener#written} only after its bytes are in
 * the file (the operating system's cache, which survives the process being killed). A book
 * half-written when the process dies fails its hash at the next start, so it is never counted.
 */
public final class Book implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Book.class);

    private sealed interface Task {
    }

    private record Write(BookData book) implements Task {
    }

    private record Stop() implements Task {
    }

    /** Tasks taken from the queue at one wake-up at most. */
    static final int MAX_BATCH = 64;
    /** The largest piece of the file mapped at once (a mapping is addressed with an int). */
    private static final long MAX_MAPPED_BYTES = 1L << 30;

    private final Library library;
    private final FileChannel channel;
    private final BitSet initiallyHeld;
    /** The file mapped read-only in pieces of {@link #booksPerPiece} books, so that no book spans two. */
    private final MappedByteBuffer[] pieces;
    private final long booksPerPiece;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile BookListener listener;
    private volatile boolean stopping;

    private Book(Library library, FileChannel channel, BitSet initiallyHeld) throws IOException {
        this.library = library;
        this.channel = channel;
        this.initiallyHeld = initiallyHeld;
        this.booksPerPiece = Math.max(1, MAX_MAPPED_BYTES / library.bookSize());
        this.pieces = mapInPieces(channel, library.length(), booksPerPiece * library.bookSize());
        this.thread = Thread.ofPlatform().name("book").daemon(false).unstarted(this::run);
    }

    /**
     * Opens a complete stuff file that lives outside the player's directory, only to serve it:
     * it is never written.
     *
     * @throws IOException when it does not hold every book intact
     */
    public static Book openForSeeding(Path path, Library library, BookHasher.Progress progress) throws IOException {
        BitSet held = BookHasher.withAllCores().verify(path, library, progress);
        if (held.cardinality() != library.bookCount()) {
            throw new IOException(path + " holds " + held.cardinality() + " of the " + library.bookCount()
                    + " books intact; only a complete file can be shared in place");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new Book(library, channel, held);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens (or creates) the stuff file at {@code path} and learns which books it holds by
     * hashing it. A file of the wrong size is kept: its good books count, and its size is then
     * set to the stuff's (a longer file only loses bytes past the stuff's end).
     */
    public static Book open(Path path, Library library, BookHasher.Progress progress) throws IOException {
        BitSet held = Files.exists(path) ? BookHasher.withAllCores().verify(path, library, progress) : new BitSet();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size > library.length()) {
                log.warn("{} is {} bytes, longer than the stuff's {}: cutting the extra bytes", path, size, library.length());
                channel.truncate(library.length());
            } else if (size < library.length()) {
                // Extend to the full size so every book has its place; the new bytes read as zeros.
                channel.write(ByteBuffer.allocate(1), library.length() - 1);
            }
            return new Book(library, channel, held);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Maps the file's {@code length} bytes read-only in pieces of {@code pieceBytes}. Nothing in
     * Java reads a mapping: the kernel does, when a link writes a view, so a file cut short
     * behind the player's back fails that write rather than faulting the JVM.
     */
    private static MappedByteBuffer[] mapInPieces(FileChannel channel, long length, long pieceBytes) throws IOException {
        MappedByteBuffer[] pieces = new MappedByteBuffer[(int) ((length + pieceBytes - 1) / pieceBytes)];
        for (int i = 0; i < pieces.length; i++) {
            long start = i * pieceBytes;
            pieces[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(pieceBytes, length - start));
        }
        return pieces;
    }

    /** The books the file held when opened, verified. */
    public BitSet initiallyHeld() {
        return (BitSet) initiallyHeld.clone();
    }

    public void start(BookListener bookListener) {
        this.listener = bookListener;
        thread.start();
    }

    /**
     * A read-only view of book {@code index} in the file, for sending. Only a book that is held
     * (verified and written) may be served from it: a view of any other shows what the file
     * holds there, whatever that is. Any thread may call this.
     */
    public ByteBuffer view(int index) {
        int offset = (int) (index % booksPerPiece * library.bookSize());
        return pieces[(int) (index / booksPerPiece)].slice(offset, library.bookLength(index));
    }

    /**
     * Writes {@code book}, which the caller has verified and nobody changes, then reports it
     * written and releases it ({@link BookData#release}).
     */
    public void write(BookData book) {
        if (book.length() != library.bookLength(book.index())) {
            throw new IllegalArgumentException("book " + book.index() + " has " + book.length() + " bytes, expected "
                    + library.bookLength(book.index()));
        }
        if (stopping) {
            book.release();
        } else {
            tasks.add(new Write(book));
        }
    }

    /**
     * Finishes the writes already queued and closes the file. It does not force the file to
     * the disk: the operating system writes it back on its own, as it does for a copy, and
     * nothing needs the disk to hold it sooner. A book lost to a crash of the whole machine
     * fails its hash at the next start and is downloaded again, like one that was in flight.
     * Forcing it held every exit until the disk had written the whole download: 0.14 s for
     * 512 MiB here, and 0.4 s for three players exiting together.
     */
    @Override
    public void close() throws InterruptedException {
        if (!stopping) {
            stopping = true;
            tasks.add(new Stop());
        }
        if (thread.isAlive()) {
            thread.join();
        } else {
            closeChannel();
        }
    }

    /**
     * Takes every task waiting (up to {@link #MAX_BATCH}) at each wake-up, and reports the
     * books written in the batch at once: the connection manager is woken once per batch.
     */
    private void run() {
        List<Task> batch = new ArrayList<>();
        Written written = new Written();
        try {
            while (true) {
                batch.add(tasks.take());
                tasks.drainTo(batch, MAX_BATCH - 1);
                boolean stopNow = false;
                for (Task task : batch) {
                    switch (task) {
                        case Write write -> store(write, written);
                        case Stop stop -> stopNow = true;
                    }
                }
                batch.clear();
                if (stopNow) {
                    finishWrites(written);
                    return;
                }
                written.report();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeChannel();
        }
    }

    private void store(Write write, Written written) {
        BookData book = write.book();
        try {
            ByteBuffer buffer = book.data().slice(); // position 0 is the book's first byte
            long offset = library.bookOffset(book.index());
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
            written.add(book.index());
        } catch (IOException e) {
            listener.writeFailed(book.index(), e);
        } finally {
            book.release();
        }
    }

    /** On stop, the writes already queued still happen: those books were downloaded and verified. */
    private void finishWrites(Written written) {
        Task task;
        while ((task = tasks.poll()) != null) {
            if (task instanceof Write write) {
                store(write, written);
            }
        }
        written.report();
    }

    /** The books written in the current batch, reported together. */
    private final class Written {
        private int[] indices = new int[MAX_BATCH];
        private int count;

        void add(int index) {
            if (count == indices.length) {
                indices = Arrays.copyOf(indices, count * 2);
            }
            indices[count++] = index;
        }

        void report() {
            if (count > 0) {
                listener.written(Arrays.copyOf(indices, count));
                count = 0;
            }
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing the stuff file failed: {}", e.getMessage());
        }
    }
}
