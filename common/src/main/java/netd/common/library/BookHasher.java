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
 * Computes the SHA-1 of every book of a file, with every core: books are independent, so
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
        long books = LibraryLimits.bookCount(length, bookSize);
        if (books * Library.HASH_LENGTH > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(books + " books are more than an array of hashes can hold");
        }
        byte[] hashes = new byte[(int) books * Library.HASH_LENGTH];
        if (books > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                new Run(channel, length, bookSize, (int) books, hashes, progress).hash();
            }
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
        long available = Math.min(Files.size(file), library.length());
        int books = library.bookCount();
        int whole = available == library.length() ? books : (int) (available / library.bookSize());
        long hashedLength = whole == books ? library.length() : (long) whole * library.bookSize();
        byte[] hashes = hashAll(file, hashedLength, library.bookSize(), progress);
        BitSet good = new BitSet(books);
        byte[] digest = new byte[Library.HASH_LENGTH];
        for (int index = 0; index < whole; index++) {
            System.arraycopy(hashes, index * Library.HASH_LENGTH, digest, 0, Library.HASH_LENGTH);
            if (library.hashMatches(index, digest)) {
                good.set(index);
            }
        }
        return good;
    }

    /** One hashing of one file: the chunks to share out and where their digests go. */
    private final class Run {
        private final FileChannel channel;
        private final long length;
        private final int bookSize;
        private final int books;
        private final byte[] hashes;
        private final Progress progress;
        private final int booksPerChunk;
        private final AtomicLong nextChunk = new AtomicLong();

        Run(FileChannel channel, long length, int bookSize, int books, byte[] hashes, Progress progress) {
            this.channel = channel;
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
                long start = (long) first * bookSize;
                int size = (int) (Math.min(length, (long) last * bookSize) - start);
                readFully(buffer, start, size);
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
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new EOFException("the file ended at byte " + (position + buffer.position())
                            + ", before the " + length + " bytes expected; did it change while being read?");
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
