package netd.hub;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import netd.common.wire.HubMessage.Event;

/**
 * The hub's figures for /metrics. The announce path's counts are plain fields of the hub's
 * thread ({@link AnnounceCounts}): counting an announce is a few adds, no atomic operation
 * (docs/hub-performance.md). When /metrics is read, the hub's thread takes a snapshot of
 * them and of the registry's size ({@link HubFigures}), which the collectors here expose.
 * Connections and store round trips, rare or counted on other threads, use the Prometheus
 * client's own instruments.
 */
public final class HubMetrics implements StoreRoundTrips {
    private static final double NANOS_PER_SECOND = 1e9;
    /** Store round-trip buckets, in seconds: a store on the same machine answers in tens of µs. */
    private static final double[] STORE_BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** Touched by the hub's thread only. */
    private final AnnounceCounts counts = new AnnounceCounts();
    private final Gauge connections;
    private final Gauge swarms;
    private final Gauge players;
    private final Histogram storeRoundTrips;
    /** What the collectors of the announce counts expose: the snapshot of the last /metrics read. */
    private volatile AnnounceCounts.Snapshot latest = AnnounceCounts.Snapshot.ZERO;

    public HubMetrics() {
        registry.register(() -> {
            CounterSnapshot.Builder announces = CounterSnapshot.builder().name("netd_hub_announces")
                    .help("Notifies received, by event");
            for (Event event : Event.values()) {
                announces.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("event", event.wire()))
                        .value(latest.announces(event)).build());
            }
            return announces.build();
        });
        registry.register(() -> counter("netd_hub_answers", "Answers sent, failures included", latest.answers()));
        registry.register(() -> counter("netd_hub_failures",
                "Answers that carried a failure reason (a notify that could not be decoded, a store that could not be reached)",
                latest.failures()));
        registry.register(this::announceLatency);
        connections = Gauge.builder().name("netd_hub_connections").help("Open player connections")
                .withoutExemplars().register(registry);
        swarms = Gauge.builder().name("netd_hub_swarms").help("Stuffs with at least one registered player")
                .withoutExemplars().register(registry);
        players = Gauge.builder().name("netd_hub_players").help("Registered players, complete or not")
                .labelNames("state").withoutExemplars().register(registry);
        storeRoundTrips = Histogram.builder().name("netd_hub_store_round_trip_seconds")
                .help("Round trips to a shared store, by operation (none with the in-memory store)").unit(Unit.SECONDS)
                .labelNames("operation").classicOnly().classicUpperBounds(STORE_BUCKETS).withoutExemplars()
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** On the hub's thread. */
    void announced(Event event) {
        counts.announced(event);
    }

    /** An answer went out {@code nanos} after its notify was read; on the hub's thread. */
    void answered(long nanos) {
        counts.answered(nanos);
    }

    /** An answer that carries a failure reason went out; on the hub's thread. */
    void failed() {
        counts.failed();
    }

    /** The announce counts now; on the hub's thread. */
    AnnounceCounts.Snapshot counts() {
        return counts.snapshot();
    }

    void connectionOpened() {
        connections.inc();
    }

    void connectionClosed() {
        connections.dec();
    }

    @Override
    public void record(String operation, long nanos) {
        storeRoundTrips.labelValues(operation).observe(nanos / NANOS_PER_SECOND);
    }

    /** Every figure, those of the hub's thread being {@code figures} (a snapshot taken on it). */
    public MetricSnapshots scrape(HubFigures figures) {
        latest = figures.announces();
        swarms.set(figures.swarms());
        players.labelValues("complete").set(figures.complete());
        players.labelValues("incomplete").set(figures.incomplete());
        return registry.scrape();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private HistogramSnapshot announceLatency() {
        AnnounceCounts.Snapshot now = latest;
        return HistogramSnapshot.builder().name("netd_hub_announce_seconds").unit(Unit.SECONDS)
                .help("From reading a notify to its answer handed to the socket")
                .dataPoint(HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(AnnounceCounts.LATENCY_BOUNDS, now.latencies()))
                        .sum(now.latencySeconds()).build())
                .build();
    }

    /**
     * The hub's thread's figures when /metrics is read: the registry's size and the announce
     * counts.
     */
    public record HubFigures(long swarms, long complete, long incomplete, AnnounceCounts.Snapshot announces) {
    }
}
