package io.reactivemesh.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An open-model latency probe (what wrk2 does, which Debian does not ship): sends GET requests on a fixed schedule of
 * {@code rate} per second whether or not earlier ones have answered, and measures each latency from the moment the
 * schedule says it should have been sent, so that a stalled server is charged for the requests it held up (no
 * coordinated omission). Microsecond resolution (HdrHistogram), unlike Gatling's milliseconds. Requests leave on a
 * 1 ms timer, so up to one tick of lateness is not charged; the warm-up ramps the rate up from a tenth.
 *
 * <pre>java -cp mesh-node.jar:loadtest/target/classes io.reactivemesh.loadtest.OpenLoadProbe
 *     URL RATE DURATION_S [WARMUP_S] [CONNECTIONS] [IDS_FILE]</pre>
 *
 * With IDS_FILE, each request replaces {@code {id}} in URL with a line of that file chosen at random. Prints one line:
 * {@code rate=.. sent=.. ok=.. errors=.. p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=..}.
 */
public final class OpenLoadProbe {

  private static final String ID_PLACEHOLDER = "{id}";
  private static final String ID_TOKEN = "__ID__";
  private static final long TICK_MILLIS = 1;
  private static final double WARMUP_START_SHARE = 0.1;
  private static final long DRAIN_MILLIS = 5_000;
  private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final Vertx vertx;
  private final HttpClient client;
  private final String host;
  private final int port;
  private final String pathTemplate;
  private final List<String> ids;
  private final double ratePerSecond;
  private final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
  private long startNanos;
  private long measureFromNanos;
  private long stopNanos;
  private long sent;
  private long ok;
  private long errors;
  private long outstanding;
  private Runnable stopped;

  private OpenLoadProbe(Vertx vertx, URI uri, double ratePerSecond, int connections, List<String> ids) {
    this.vertx = vertx;
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.pathTemplate = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    this.ids = ids;
    this.ratePerSecond = ratePerSecond;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: OpenLoadProbe URL RATE DURATION_S [WARMUP_S] [CONNECTIONS] [IDS_FILE]");
      System.exit(2);
    }
    URI uri = URI.create(args[0].replace(ID_PLACEHOLDER, ID_TOKEN));
    double rate = Double.parseDouble(args[1]);
    long durationSeconds = Long.parseLong(args[2]);
    long warmupSeconds = args.length > 3 ? Long.parseLong(args[3]) : 10;
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : 256;
    List<String> ids = args.length > 5 ? readIds(Path.of(args[5])) : List.of();
    if (rate <= 0 || durationSeconds < 1 || warmupSeconds < 1 || connections < 1) {
      System.err.println("OpenLoadProbe: RATE, CONNECTIONS must be > 0 and DURATION_S, WARMUP_S >= 1");
      System.exit(2);
    }
    // one event loop: the probe shares the machine with the server it measures, so it takes as little CPU as it can
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    OpenLoadProbe probe = new OpenLoadProbe(vertx, uri, rate, connections, ids);
    CountDownLatch done = new CountDownLatch(1);
    vertx.runOnContext(v -> probe.run(warmupSeconds, durationSeconds, done));
    boolean finished = done.await(warmupSeconds + durationSeconds + DRAIN_MILLIS / 1000 + 10, TimeUnit.SECONDS);
    // the probe's answer, read by loadtest/benchmark: one line on stdout, the way a tool prints its result
    System.out.println(probe.summary(finished));
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static List<String> readIds(Path file) throws IOException {
    List<String> ids = Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no ids in " + file);
    }
    return ids;
  }

  private void run(long warmupSeconds, long durationSeconds, CountDownLatch done) {
    startNanos = System.nanoTime();
    measureFromNanos = startNanos + TimeUnit.SECONDS.toNanos(warmupSeconds);
    stopNanos = measureFromNanos + TimeUnit.SECONDS.toNanos(durationSeconds);
    vertx.setPeriodic(TICK_MILLIS, timer -> {
      long now = System.nanoTime();
      long due = scheduledBy(Math.min(now, stopNanos));
      // a timer fires on whole milliseconds, so a request may leave up to one tick after its ideal time: that much
      // lateness is the schedule's resolution, not the server's doing; any more (a stalled probe or server) is charged
      long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
      while (sent < due) {
        long intended = intendedTime(sent);
        send(intended, Math.min(now, intended + tick));
        sent++;
      }
      if (now >= stopNanos) {
        vertx.cancelTimer(timer);
        stopped = () -> done.countDown();
        vertx.setTimer(DRAIN_MILLIS, id -> done.countDown());
        if (outstanding == 0) {
          done.countDown();
        }
      }
    });
  }

  /**
   * Requests the schedule has sent by {@code nanos}: during the warm-up the rate climbs from a tenth of the target to
   * the target (so that the probe's own JIT warm-up builds no backlog), then holds it.
   */
  private long scheduledBy(long nanos) {
    double warmup = (measureFromNanos - startNanos) / 1e9;
    double t = (nanos - startNanos) / 1e9;
    double low = ratePerSecond * WARMUP_START_SHARE;
    if (t <= warmup) {
      return (long) (low * t + (ratePerSecond - low) * t * t / (2 * warmup));
    }
    return (long) (low * warmup + (ratePerSecond - low) * warmup / 2 + ratePerSecond * (t - warmup));
  }

  /** When request number {@code n} should leave; exact in the steady phase, approximate (unrecorded) in the warm-up. */
  private long intendedTime(long n) {
    long atSteady = scheduledBy(measureFromNanos);
    if (n >= atSteady) {
      return measureFromNanos + (long) ((n - atSteady) * 1e9 / ratePerSecond);
    }
    return System.nanoTime();
  }

  private void send(long intendedNanos, long chargedFromNanos) {
    outstanding++;
    String path = ids.isEmpty() ? pathTemplate
      : pathTemplate.replace(ID_TOKEN, ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    client.request(HttpMethod.GET, port, host, path)
      .compose(request -> request.send().compose(response -> response.body().map(body -> response)))
      .onComplete(ar -> {
        outstanding--;
        long end = System.nanoTime();
        if (outstanding == 0 && stopped != null) {
          stopped.run();
        }
        if (intendedNanos < measureFromNanos || intendedNanos >= stopNanos) {
          return;
        }
        HttpClientResponse response = ar.result();
        if (ar.succeeded() && response.statusCode() < 400) {
          ok++;
          latencies.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, (end - chargedFromNanos) / 1000)));
        } else {
          errors++;
        }
      });
  }

  private String summary(boolean finished) {
    long measured = ok + errors;
    double seconds = (stopNanos - measureFromNanos) / 1e9;
    return String.format(Locale.ROOT,
      "rate=%.0f achieved=%.0f sent=%d ok=%d errors=%d unanswered=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d%s",
      ratePerSecond, measured / seconds, sent, ok, errors, outstanding, latencies.getValueAtPercentile(50),
      latencies.getValueAtPercentile(90), latencies.getValueAtPercentile(99), latencies.getValueAtPercentile(99.9),
      latencies.getMaxValue(), finished ? "" : " (timed out)");
  }
}
