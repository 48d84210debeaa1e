package netd.hub.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The test's reader of the Prometheus format accepts the format and refuses what is not. */
class PrometheusTextTest {
    @Test
    void readsFamiliesAndTheirSamples() {
        Map<String, Double> samples = PrometheusText.parse("""
                # HELP a_total Things.
                # TYPE a_total counter
                a_total{event="start"} 3.0
                # TYPE h histogram
                h_bucket{le="0.5"} 1
                h_bucket{le="+Inf"} 2
                h_count 2
                h_sum 1.5e-3
                """);
        assertEquals(3.0, samples.get("a_total{event=\"start\"}"));
        assertEquals(2.0, samples.get("h_bucket{le=\"+Inf\"}"));
        assertEquals(0.0015, samples.get("h_sum"));
    }

    @Test
    void refusesWhatIsNotTheFormat() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na one\n"), "a word");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na{x=1} 1\n"), "a bare label");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na 1"), "no final line feed");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na 1\na 2\n"), "twice");
    }
}
