package netd.player.book;

import netd.common.library.BookHasher;
import netd.common.library.Library;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Owns the stuff file: one thread takes reads and writes from its queue and does them with
 * positional I/O, so no other code touches the file and no whole-file buffer exists.
 *
 * <p>The queue is not bounded here because its producer bounds it: the connection manager
 * has at most its requests in flight to write and a few reads per downloader to serve.
 *
 * <p>Durability: a book is reported {@link BookListener#written} only after its bytes are in
 * the file (the operating system's cache, which survives the process being killed). A book
 * half-written when the process dies fails its hash at the next start, so it is never counted.
 */
public final class Book implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Book.class);

    private sealed interface Task {
    }

    private record Read(int index, Consumer<byte[]> then) implements Task {
    }

    private record Write(int index, byte[] data) implements Task {
    }

    private record Stop() implements Task {
    }

    private final Library library;
    private final FileChannel channel;
    private final BitSet initiallyHeld;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile BookListener listener;
    private volatile boolean stopping;

    private Book(Library library, FileChannel channel, BitSet initiallyHeld) {
        this.library = library;
        this.channel = channel;
        this.initiallyHeld = initiallyHeld;
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
        return new Book(library, FileChannel.open(path, StandardOpenOption.READ), held);
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
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Book(library, channel, held);
    }

    /** The books the file held when opened, verified. */
    public BitSet initiallyHeld() {
        return (BitSet) initiallyHeld.clone();
    }

    public void start(BookListener bookListener) {
        this.listener = bookListener;
        thread.start();
    }

    /** Reads book {@code index} and hands its bytes to {@code then}, on the book thread. */
    public void read(int index, Consumer<byte[]> then) {
        if (!stopping) {
            tasks.add(new Read(index, then));
        }
    }

    /** Writes book {@code index}, which the caller has verified, then reports it written. */
    public void write(int index, byte[] data) {
        if (data.length != library.bookLength(index)) {
            throw new IllegalArgumentException("book " + index + " has " + data.length + " bytes, expected " + library.bookLength(index));
        }
        if (!stopping) {
            tasks.add(new Write(index, data));
        }
    }

    /** Finishes the writes already queued, flushes the file and closes it. */
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

    private void run() {
        try {
            while (true) {
                Task task = tasks.take();
                switch (task) {
                    case Read read -> serve(read);
                    case Write write -> store(write);
                    case Stop stop -> {
                        finishWrites();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeChannel();
        }
    }

    private void serve(Read read) {
        byte[] data = new byte[library.bookLength(read.index())];
        try {
            readFully(data, library.bookOffset(read.index()));
            read.then().accept(data);
        } catch (IOException e) {
            log.error("reading book {} failed: {}", read.index(), e.getMessage());
        }
    }

    private void store(Write write) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(write.data());
            long offset = library.bookOffset(write.index());
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
            listener.written(write.index());
        } catch (IOException e) {
            listener.writeFailed(write.index(), e);
        }
    }

    /** On stop, the writes already queued still happen: those books were downloaded and verified. */
    private void finishWrites() {
        Task task;
        while ((task = tasks.poll()) != null) {
            if (task instanceof Write write) {
                store(write);
            }
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            log.warn("flushing the stuff file failed: {}", e.getMessage());
        }
    }

    private void readFully(byte[] data, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("the stuff file ends before book data at " + (offset + buffer.position()));
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
