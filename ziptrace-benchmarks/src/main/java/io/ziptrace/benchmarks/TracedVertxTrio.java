package io.ziptrace.benchmarks;

import brave.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.zipkin.ZipkinTracer;
import io.ziptrace.Reporter;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.vertx.VertxTracing;
import java.time.Duration;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * Three Vert.x instances alike but for tracing, for the Vert.x overhead benchmarks: untraced,
 * traced by ziptrace ({@link VertxTracing}) and traced by Vert.x's own Brave-based {@code
 * vertx-zipkin}, each tracer sampling everything into its library's async reporter over a sender
 * that discards. The system property {@value #REPORTER_PROPERTY} swaps ziptrace's reporter, to
 * tell what its reporter costs from what its tracing does: {@code noop} ({@link Reporter#NOOP}:
 * spans recorded, then discarded) or {@code small-messages} (the async reporter with 32 KB
 * messages instead of its default). The system property {@value #RESPONSE_TIMEOUT_PROPERTY}, an
 * ISO-8601 duration such as {@code PT0S}, replaces ziptrace's response timeout ({@code PT0S}
 * turns it off), to tell what its timer per request costs.
 */
final class TracedVertxTrio implements AutoCloseable {
  static final String[] NAMES = {"untraced", "ziptrace", "vertx-zipkin (Brave)"};
  static final String REPORTER_PROPERTY = "ziptrace.reporter";
  static final String RESPONSE_TIMEOUT_PROPERTY = "ziptrace.responseTimeout";

  private final AsyncReporter reporter = System.getProperty(REPORTER_PROPERTY, "").equals("small-messages")
      ? AsyncReporter.builder(new DiscardingSender()).messageMaxBytes(32_768).build()
      : AsyncReporter.create(new DiscardingSender());
  private final Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL)
      .reporter(System.getProperty(REPORTER_PROPERTY, "").equals("noop") ? Reporter.NOOP : reporter).build();
  private final AsyncZipkinSpanHandler braveHandler = AsyncZipkinSpanHandler.create(new DiscardingBytesSender());
  private final Tracing brave = Tracing.newBuilder().localServiceName("frontend").addSpanHandler(braveHandler).build();
  private final Vertx[] instances;

  TracedVertxTrio() {
    VertxTracerFactory braveFactory = options -> new ZipkinTracer(false, brave, null);
    instances = new Vertx[] {Vertx.vertx(), Vertx.builder().withTracer(ziptraceTracing()).build(),
        Vertx.builder().withTracer(braveFactory).build()};
  }

  private VertxTracing ziptraceTracing() {
    VertxTracing.Builder tracing = VertxTracing.builder(tracer);
    String timeout = System.getProperty(RESPONSE_TIMEOUT_PROPERTY);
    if (timeout != null) tracing.responseTimeout(Duration.parse(timeout));
    return tracing.build();
  }

  /** The instance at {@code index} of {@link #NAMES}. */
  Vertx vertx(int index) {
    return instances[index];
  }

  /** ziptrace's reporter, whose metrics say how many spans it took and dropped. */
  AsyncReporter ziptraceReporter() {
    return reporter;
  }

  @Override
  public void close() {
    for (Vertx vertx : instances) vertx.close();
    tracer.close();
    brave.close();
    braveHandler.close();
  }
}
