package netd.player.web;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import netd.common.http.HttpReply;
import netd.player.Progress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

/** The player's {@code /metrics}: its {@link Progress} in the Prometheus text format, read when scraped. */
final class PlayerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    PlayerMetrics(Progress progress) {
        gauge("netd_player_books_held", "Books held and verified.", progress::heldBooks);
        gauge("netd_player_books", "Books in the stuff.", progress::bookCount);
        gauge("netd_player_peers", "Connections open to other players, both ways.", progress::peers);
        counter("netd_player_downloaded_bytes", "Bytes of books downloaded in this run.", progress::downloadedBytes);
        counter("netd_player_uploaded_bytes", "Bytes of books uploaded in this run.", progress::uploadedBytes);
        counter("netd_player_bad_books", "Books received that failed their SHA-1 check.", progress::badBooks);
    }

    private void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    /** A counter; the exposition adds {@code _total} to its name. */
    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    HttpReply reply() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HttpReply(200, HttpReply.PROMETHEUS, out.toByteArray());
    }
}
