package netd.common.library;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Computes the SHA-1 of every book of a file or a folder's files laid end to end (books run
 * across file boundaries, {@link StuffFiles}), with every core: books are independent, so
 * worker threads claim chunks of whole books (a few MiB, read with one positional read each)
 * from a shared counter and hash them, each with its own digest and buffer. Claiming small
 * chunks in order keeps the reads nearly sequential and keeps every core busy even when one
 * is slowed by other work. The librarifier uses it to make a library; a player uses it to
 * find which books of its file are already good.
 */
public final class BookHasher {
    /** About this many bytes are read and hashed per claim: large reads, yet fine-grained sharing. */
    static final int CHUNK_BYTES = 4 << 20;

    /**
     * Told how many more bytes were hashed. Called from the worker threads, concurrently, so
     * an implementation must be thread-safe (an {@code AtomicLong} or {@code LongAdder}).
     */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = bytes -> { };

        void hashed(long bytes);
    }

    /** Where the bytes come from: a file, or a folder's files read by their position in the stuff. */
    @FunctionalInterface
    public interface Source {
        /**
         * Reads bytes from {@code position} into {@code target}; returns how many, or -1 at the end.
         * Called by several threads at once.
         */
        int read(ByteBuffer target, long position) throws IOException;
    }

    private final int threads;

    public BookHasher(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads);
        }
        this.threads = threads;
    }

    /** A hasher with one thread per available processor. */
    public static BookHasher withAllCores() {
        return new BookHasher(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The SHA-1 of every book of the first {@code length} bytes of {@code file}, concatenated
     * in book order: a library's {@code pieces}.
     *
     * @throws EOFException when the file is shorter than {@code length}
     */
    public byte[] hashAll(Path file, long length, int bookSize, Progress progress) throws IOException {
        if (length < 0 || bookSize < 1) {
            throw new IllegalArgumentException("length " + length + ", book size " + bookSize);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return hashAll(channel::read, 0, length, bookSize, progress);
        }
    }

    /**
     * The SHA-1 of every book of the {@code length} bytes of {@code source} from {@code start},
     * concatenated in book order.
     *
     * @throws EOFException when the source ends first
     */
    public byte[] hashAll(Source source, long start, long length, int bookSize, Progress progress) throws IOException {
        if (length < 0 || bookSize < 1) {
            throw new IllegalArgumentException("length " + length + ", book size " + bookSize);
        }
        long books = LibraryLimits.bookCount(length, bookSize);
        if (books * Library.HASH_LENGTH > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(books + " books are more than an array of hashes can hold");
        }
        byte[] hashes = new byte[(int) books * Library.HASH_LENGTH];
        if (books > 0) {
            new Run(source, start, length, bookSize, (int) books, hashes, progress).hash();
        }
        return hashes;
    }

    /**
     * The books of {@code library} that {@code file} already holds intact. A file shorter
     * than the stuff (a download in progress) holds only the whole books before its end.
     */
    public BitSet verify(Path file, Library library) throws IOException {
        return verify(file, library, Progress.NONE);
    }

    /** {@link #verify(Path, Library)}, telling {@code progress} how many bytes were hashed. */
    public BitSet verify(Path file, Library library, Progress progress) throws IOException {
        StuffLayout single = StuffLayout.file(library.length());
        return verify(new StuffFiles(file, single), new long[] {Math.min(Files.size(file), library.length())}, library,
                progress);
    }

    /**
     * The books of {@code library} that {@code files} hold intact, where file {@code i} of the
     * layout holds its first {@code present[i]} bytes (a download in progress, a file missing):
     * only books whose every byte is present are read, in runs of consecutive books.
     */
    public BitSet verify(StuffFiles files, long[] present, Library library, Progress progress) throws IOException {
        BitSet candidates = candidates(files.layout(), present, library);
        BitSet good = new BitSet(library.bookCount());
        byte[] digest = new byte[Library.HASH_LENGTH];
        for (int first = candidates.nextSetBit(0); first >= 0; first = candidates.nextSetBit(first)) {
            int end = candidates.nextClearBit(first);
            long start = library.bookOffset(first);
            long length = library.bookOffset(end - 1) + library.bookLength(end - 1) - start;
            byte[] hashes = hashAll(files, start, length, library.bookSize(), progress);
            for (int index = first; index < end; index++) {
                System.arraycopy(hashes, (index - first) * Library.HASH_LENGTH, digest, 0, Library.HASH_LENGTH);
                if (library.hashMatches(index, digest)) {
                    good.set(index);
                }
            }
            first = end;
        }
        return good;
    }

    /** The books every byte of which is within the present bytes of its files. */
    private static BitSet candidates(StuffLayout layout, long[] present, Library library) {
        BitSet candidates = new BitSet(library.bookCount());
        candidates.set(0, library.bookCount());
        for (int i = 0; i < present.length; i++) {
            StuffLayout.StuffFile file = layout.files().get(i);
            if (present[i] < file.length()) {
                int first = (int) ((file.offset() + present[i]) / library.bookSize());
                int last = (int) ((file.end() - 1) / library.bookSize());
                candidates.clear(first, last + 1);
            }
        }
        return candidates;
    }

    /** One hashing of one file: the chunks to share out and where their digests go. */
    private final class Run {
        private final Source source;
        private final long start;
        private final long length;
        private final int bookSize;
        private final int books;
        private final byte[] hashes;
        private final Progress progress;
        private final int booksPerChunk;
        private final AtomicLong nextChunk = new AtomicLong();

        Run(Source source, long start, long length, int bookSize, int books, byte[] hashes, Progress progress) {
            this.source = source;
            this.start = start;
            this.length = length;
            this.bookSize = bookSize;
            this.books = books;
            this.hashes = hashes;
            this.progress = progress;
            // Each worker reads into a buffer outside the heap, which the JVM limits to the
            // heap's maximum by default: with a small heap (-Xmx6m) two 4 MiB buffers failed.
            long chunkBytes = Math.min(CHUNK_BYTES, Runtime.getRuntime().maxMemory() / 4 / threads);
            this.booksPerChunk = (int) Math.max(1, chunkBytes / bookSize);
        }

        void hash() throws IOException {
            int chunks = Math.ceilDiv(books, booksPerChunk);
            int workers = Math.min(threads, chunks);
            if (workers == 1) {
                work();
                return;
            }
            // Platform threads: the work is CPU-bound and file reads would pin virtual ones anyway.
            ThreadFactory factory = Thread.ofPlatform().daemon().name("book-hasher-", 1).factory();
            try (ExecutorService pool = Executors.newFixedThreadPool(workers, factory)) {
                List<Future<Void>> results = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    results.add(pool.submit(() -> {
                        work();
                        return null;
                    }));
                }
                for (Future<Void> result : results) {
                    await(result, pool);
                }
            }
        }

        /** Claims and hashes chunks until none is left. */
        private void work() throws IOException {
            MessageDigest sha1 = Sha1.newDigest();
            // A direct buffer: the file is read straight into it, and the digest copies it in
            // small, cache-hot pieces. A heap buffer cost 5-15% more CPU in measurements, as the
            // JDK reads into a direct buffer anyway and then copies the whole chunk to the heap.
            ByteBuffer buffer = ByteBuffer.allocateDirect(booksPerChunk * bookSize);
            long chunk;
            while ((chunk = nextChunk.getAndIncrement()) * booksPerChunk < books) {
                int first = (int) (chunk * booksPerChunk);
                int last = Math.min(books, first + booksPerChunk);
                long from = (long) first * bookSize;
                int size = (int) (Math.min(length, (long) last * bookSize) - from);
                readFully(buffer, start + from, size);
                for (int index = first; index < last; index++) {
                    int offset = (index - first) * bookSize;
                    sha1.update(buffer.limit(Math.min(offset + bookSize, size)).position(offset));
                    try {
                        sha1.digest(hashes, index * Library.HASH_LENGTH, Library.HASH_LENGTH);
                    } catch (DigestException e) {
                        throw new IllegalStateException("SHA-1 digests are 20 bytes", e);
                    }
                }
                progress.hashed(size);
            }
        }

        private void readFully(ByteBuffer buffer, long position, int size) throws IOException {
            buffer.clear().limit(size);
            while (buffer.hasRemaining()) {
                if (source.read(buffer, position + buffer.position()) < 0) {
                    throw new EOFException("the stuff ended at byte " + (position + buffer.position())
                            + ", before the " + (start + length) + " bytes expected; did it change while being read?");
                }
            }
        }
    }

    /** Waits for one worker; the first failure stops the others and is rethrown as it was. */
    private static void await(Future<Void> result, ExecutorService pool) throws IOException {
        try {
            result.get();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            pool.shutdownNow();
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
