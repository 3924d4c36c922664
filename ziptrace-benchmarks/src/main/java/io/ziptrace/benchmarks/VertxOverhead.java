package io.ziptrace.benchmarks;

import brave.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.zipkin.ZipkinTracer;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.vertx.VertxTracing;
import java.net.URI;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * The cost of tracing a Vert.x HTTP server: the same handler on three Vert.x instances, untraced,
 * traced by ziptrace ({@link VertxTracing}) and traced by Vert.x's own Brave-based {@code
 * vertx-zipkin}, each at 100% sampling with its library's async reporter into a sender that
 * discards; driven alternately by the same loopback load. Prints requests/s and p50/p99 latency,
 * and each tracer against untraced: its lost throughput and added p99, and ziptrace's overhead as
 * a share of vertx-zipkin's.
 */
public final class VertxOverhead {
  private static final long PHASE_NANOS = 5_000_000_000L;

  private VertxOverhead() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws Exception {
    AsyncReporter reporter = AsyncReporter.create(new DiscardingSender());
    Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(reporter).build();
    AsyncZipkinSpanHandler braveHandler = AsyncZipkinSpanHandler.create(new DiscardingBytesSender());
    Tracing brave = Tracing.newBuilder().localServiceName("frontend").addSpanHandler(braveHandler).build();
    Vertx untracedVertx = Vertx.vertx();
    Vertx ziptraceVertx = Vertx.builder().withTracer(VertxTracing.create(tracer)).build();
    VertxTracerFactory braveFactory = options -> new ZipkinTracer(false, brave, null);
    Vertx braveVertx = Vertx.builder().withTracer(braveFactory).build();
    try {
      URI untracedUri = listen(untracedVertx);
      URI ziptraceUri = listen(ziptraceVertx);
      URI braveUri = listen(braveVertx);
      for (URI uri : new URI[] {untracedUri, ziptraceUri, braveUri}) LoopbackLoad.drive(uri, PHASE_NANOS); // warm up
      LoopbackLoad untraced = LoopbackLoad.drive(untracedUri, PHASE_NANOS);
      LoopbackLoad ziptrace = LoopbackLoad.drive(ziptraceUri, PHASE_NANOS);
      LoopbackLoad braveLoad = LoopbackLoad.drive(braveUri, PHASE_NANOS);
      for (int round = 0; round < 2; round++) {
        untraced = untraced.plus(LoopbackLoad.drive(untracedUri, PHASE_NANOS));
        ziptrace = ziptrace.plus(LoopbackLoad.drive(ziptraceUri, PHASE_NANOS));
        braveLoad = braveLoad.plus(LoopbackLoad.drive(braveUri, PHASE_NANOS));
      }
      System.out.println(LoopbackLoad.HEADER);
      System.out.println(untraced.row("untraced"));
      System.out.println(ziptrace.row("ziptrace"));
      System.out.println(braveLoad.row("vertx-zipkin (Brave)"));
      System.out.println(ziptrace.ratioRow("ziptrace / untraced", untraced));
      System.out.println(braveLoad.ratioRow("vertx-zipkin / untraced", untraced));
      System.out.println();
      double ziptraceLost = 1 - ziptrace.perSecond() / untraced.perSecond();
      double braveLost = 1 - braveLoad.perSecond() / untraced.perSecond();
      System.out.printf(java.util.Locale.ROOT, "lost throughput: ziptrace %.1f%%, vertx-zipkin %.1f%%; added p99: ziptrace %+.0f µs,"
              + " vertx-zipkin %+.0f µs%n", 100 * ziptraceLost, 100 * braveLost,
          ziptrace.percentile(99) - untraced.percentile(99), braveLoad.percentile(99) - untraced.percentile(99));
      System.out.println("ziptrace spans reported: " + reporter.metrics().spansReported() + ", dropped: "
          + reporter.metrics().spansDropped());
    } finally {
      untracedVertx.close();
      ziptraceVertx.close();
      braveVertx.close();
      tracer.close();
      brave.close();
      braveHandler.close();
    }
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
