package io.reactivemesh.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.Set;

/**
 * Keeps {@code /metrics} clean under {@code promtool check metrics}: a few JVM meters that Micrometer exports in
 * milli/nanoseconds get unit suffixes Prometheus forbids (their seconds-based twins stay), and a gauge named
 * {@code *.count} reads as a counter's sample, so it is renamed.
 */
public final class PrometheusNaming {

  private static final Set<String> ABBREVIATED_UNITS = Set.of("ms", "ns");

  private PrometheusNaming() {
  }

  public static void apply(MeterRegistry registry) {
    registry.config()
      .meterFilter(new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
          return id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit())
            ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
          return id.getType() == Meter.Type.GAUGE && id.getName().endsWith(".count")
            ? id.withName(id.getName().substring(0, id.getName().length() - ".count".length()) + ".total.number")
            : id;
        }
      });
  }
}
