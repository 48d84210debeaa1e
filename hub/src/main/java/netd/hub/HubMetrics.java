package netd.hub;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import netd.common.wire.HubMessage.Event;

/**
 * The hub's figures for /metrics, counted as announces are answered. Every instrument of the
 * announce path is bound to its labels once, here: counting one announce costs a few adds and
 * no lookup (measured in docs/hub-performance.md). The gauges of the registry's size are set
 * when /metrics is read.
 */
public final class HubMetrics implements StoreRoundTrips {
    private static final double NANOS_PER_SECOND = 1e9;
    /** Announce latency buckets, in seconds: from 50 µs (an idle hub) to a second (a hub far behind). */
    private static final double[] ANNOUNCE_BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 0.5, 1};
    /** Store round-trip buckets, in seconds: a store on the same machine answers in tens of µs. */
    private static final double[] STORE_BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** Indexed by {@link Event#ordinal()}. */
    private final CounterDataPoint[] announces;
    private final Counter answers;
    private final Counter failures;
    private final Gauge connections;
    private final Gauge swarms;
    private final Gauge players;
    private final Histogram announceLatency;
    private final Histogram storeRoundTrips;

    public HubMetrics() {
        Counter announcesByEvent = Counter.builder().name("netd_hub_announces")
                .help("Notifies received, by event").labelNames("event").withoutExemplars().register(registry);
        announces = new CounterDataPoint[Event.values().length];
        for (Event event : Event.values()) {
            announces[event.ordinal()] = announcesByEvent.labelValues(event.wire());
        }
        answers = Counter.builder().name("netd_hub_answers").help("Answers sent, failures included")
                .withoutExemplars().register(registry);
        failures = Counter.builder().name("netd_hub_failures")
                .help("Answers that carried a failure reason (a notify that could not be decoded, a store that could not be reached)")
                .withoutExemplars().register(registry);
        connections = Gauge.builder().name("netd_hub_connections").help("Open player connections")
                .withoutExemplars().register(registry);
        swarms = Gauge.builder().name("netd_hub_swarms").help("Stuffs with at least one registered player")
                .withoutExemplars().register(registry);
        players = Gauge.builder().name("netd_hub_players").help("Registered players, complete or not")
                .labelNames("state").withoutExemplars().register(registry);
        announceLatency = Histogram.builder().name("netd_hub_announce_seconds")
                .help("From reading a notify to its answer handed to the socket").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(ANNOUNCE_BUCKETS).withoutExemplars().register(registry);
        storeRoundTrips = Histogram.builder().name("netd_hub_store_round_trip_seconds")
                .help("Round trips to a shared store, by operation (none with the in-memory store)").unit(Unit.SECONDS)
                .labelNames("operation").classicOnly().classicUpperBounds(STORE_BUCKETS).withoutExemplars()
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    void announced(Event event) {
        announces[event.ordinal()].inc();
    }

    /** An answer went out {@code nanos} after its notify was read. */
    void answered(long nanos) {
        answers.inc();
        announceLatency.observe(nanos / NANOS_PER_SECOND);
    }

    /** An answer that carries a failure reason went out. */
    void failed() {
        answers.inc();
        failures.inc();
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

    /** Every figure now, the registry's size being {@code size} (read on the hub's thread). */
    public MetricSnapshots scrape(HubFigures size) {
        swarms.set(size.swarms());
        players.labelValues("complete").set(size.complete());
        players.labelValues("incomplete").set(size.incomplete());
        return registry.scrape();
    }

    /** How big the registry is: the gauges set when /metrics is read. */
    public record HubFigures(long swarms, long complete, long incomplete) {
    }
}
