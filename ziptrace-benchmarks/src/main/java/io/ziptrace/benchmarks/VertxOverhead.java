package io.ziptrace.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The cost of tracing a Vert.x HTTP server: the same handler on three Vert.x instances, untraced,
 * traced by ziptrace and traced by Vert.x's own Brave-based {@code
 * vertx-zipkin} ({@link TracedVertxTrio}), each at 100% sampling with its library's async reporter into a sender that
 * discards; driven by the same loopback load in phases that alternate, each round starting one
 * server later. Prints each server's median requests/s and p50/p99 over the rounds, and each
 * tracer against untraced: its lost throughput and its added p99, the latter the median of each
 * round's difference to the untraced phase of the same round (so that a slow minute of the
 * machine falls on both sides of a difference), with the round-by-round figures.
 *
 * <p>Usage: {@code VertxOverhead [rounds]} (default 5, after one warm-up round).
 */
public final class VertxOverhead {
  private static final long PHASE_NANOS = 5_000_000_000L;
  private static final String[] SERVERS = TracedVertxTrio.NAMES;

  private VertxOverhead() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    try (TracedVertxTrio trio = new TracedVertxTrio()) {
      URI[] uris = new URI[SERVERS.length];
      for (int i = 0; i < uris.length; i++) uris[i] = listen(trio.vertx(i));
      for (URI uri : uris) LoopbackLoad.drive(uri, PHASE_NANOS); // warm up
      LoopbackLoad[][] phases = new LoopbackLoad[SERVERS.length][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < SERVERS.length; i++) {
          int server = (round + i) % SERVERS.length;
          phases[server][round] = LoopbackLoad.drive(uris[server], PHASE_NANOS);
        }
      }
      print(phases);
      System.out.println("ziptrace spans reported: " + trio.ziptraceReporter().metrics().spansReported() + ", dropped: "
          + trio.ziptraceReporter().metrics().spansDropped());
    }
  }

  private static void print(LoopbackLoad[][] phases) {
    System.out.println("Each figure is the median of " + phases[0].length + " phases of 5 s.");
    System.out.println(LoopbackLoad.HEADER);
    for (int server = 0; server < SERVERS.length; server++) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", SERVERS[server],
          median(phases[server], LoopbackLoad::perSecond), median(phases[server], load -> load.percentile(50)),
          median(phases[server], load -> load.percentile(99)));
    }
    System.out.println();
    for (int server = 1; server < SERVERS.length; server++) {
      double[] lost = new double[phases[0].length];
      double[] addedP99 = new double[phases[0].length];
      for (int round = 0; round < lost.length; round++) {
        lost[round] = 1 - phases[server][round].perSecond() / phases[0][round].perSecond();
        addedP99[round] = phases[server][round].percentile(99) - phases[0][round].percentile(99);
      }
      System.out.printf(Locale.ROOT, "%s: lost throughput %.1f%% (by round: %s), added p99 %+.0f µs (by round: %s)%n",
          SERVERS[server], 100 * Medians.of(lost), Medians.list(lost, 100, "%.1f%%"), Medians.of(addedP99),
          Medians.list(addedP99, 1, "%+.0f"));
    }
  }

  private static double median(LoopbackLoad[] loads, ToDoubleFunction<LoopbackLoad> figure) {
    return Medians.of(Arrays.stream(loads).mapToDouble(figure).toArray());
  }

  private static URI listen(Vertx vertx) throws Exception {
    byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    io.vertx.core.buffer.Buffer hello = io.vertx.core.buffer.Buffer.buffer(body);
    int port = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(request -> request.response().end(hello))
        .listen(0).toCompletionStage().toCompletableFuture().get().actualPort();
    return URI.create("http://127.0.0.1:" + port + "/hello");
  }
}
