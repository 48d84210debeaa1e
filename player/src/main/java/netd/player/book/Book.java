package netd.player.book;

import netd.common.library.BookHasher;
import netd.common.library.Library;
import netd.common.library.StuffFiles;
import netd.common.wire.PeerMessage.BookData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static netd.player.PlayerTuning.MAX_BATCH;

/**
 * Owns the stuff on disk, a file or a folder's files ({@link StuffStorage}): one thread takes
 * writes from its queue and does them with positional I/O, so no other code writes the stuff
 * and no whole-stuff buffer exists. Books are served from read-only views of the files mapped
 * into memory ({@link #view}): the link sends a view with one gathering write, and the kernel
 * copies the book from its page cache to the socket, with no read into the heap and no copy
 * on the way (a book that runs across two files of a folder is gathered into a copy).
 *
 * <p>The queue is not bounded here because its producer bounds it: the connection manager
 * asks for no more books while 32 MiB of them wait here to be written.
 *
 * <p>Durability: a book is reported {@link BookListener#written} only after its bytes are in
 * the file (the operating system's cache, which survives the process being killed). A book
 * half-written when the process dies fails its hash at the next start, so it is never counted.
 */
public final class Book implements BookStore, AutoCloseable {

    private sealed interface Task {
    }

    private record Write(BookData book) implements Task {
    }

    private record Stop() implements Task {
    }

    private final Library library;
    private final StuffStorage storage;
    private final BitSet initiallyHeld;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile BookListener listener;
    private volatile boolean stopping;

    private Book(Library library, StuffStorage storage, BitSet initiallyHeld) {
        this.library = library;
        this.storage = storage;
        this.initiallyHeld = initiallyHeld;
        this.thread = Thread.ofPlatform().name("book").daemon(false).unstarted(this::run);
    }

    /**
     * Opens a complete stuff (a file, or a folder's files) that lives outside the player's
     * directory, only to serve it: it is never written.
     *
     * @throws IOException when it does not hold every book intact
     */
    public static Book openForSeeding(Path path, Library library, BookHasher.Progress progress) throws IOException {
        StuffStorage storage = StuffStorage.readOnly(new StuffFiles(path, library.layout()), library.bookSize());
        BitSet held = BookHasher.withAllCores().verify(storage.files(), storage.files().presentBytes(), library, progress);
        if (held.cardinality() != library.bookCount()) {
            throw new IOException(path + " holds " + held.cardinality() + " of the " + library.bookCount()
                    + " books intact; only a complete stuff can be shared in place");
        }
        return new Book(library, storage, held);
    }

    /**
     * Opens (or creates) the stuff at {@code path}, inside the player's {@code directory}, and
     * learns which books it holds by hashing what was there. A file of the wrong size is kept:
     * its good books count, and its size is then set to the stuff's (a longer file only loses
     * bytes past the stuff's end). A folder's missing files and folders are created.
     */
    public static Book open(Path path, Path directory, Library library, BookHasher.Progress progress) throws IOException {
        StuffFiles files = new StuffFiles(path, library.layout());
        long[] present = files.presentBytes();
        BitSet held = BookHasher.withAllCores().verify(files, present, library, progress);
        return new Book(library, StuffStorage.prepare(files, directory, library.bookSize()), held);
    }

    /** The books the file held when opened, verified. */
    @Override
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
    @Override
    public ByteBuffer view(int index) {
        return storage.view(library.bookOffset(index), library.bookLength(index));
    }

    /**
     * Writes {@code book}, which the caller has verified and nobody changes, then reports it
     * written and releases it ({@link BookData#release}).
     */
    @Override
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
     * Takes every task waiting (up to {@link netd.player.PlayerTuning#MAX_BATCH}) at each wake-up, and reports the
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
            storage.write(book.data(), library.bookOffset(book.index()));
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
        storage.close();
    }
}
