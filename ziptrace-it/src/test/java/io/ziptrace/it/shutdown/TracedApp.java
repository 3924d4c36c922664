package io.ziptrace.it.shutdown;

import io.ziptrace.Endpoint;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.zipkin.Zipkin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A traced application for the shutdown tests, run in its own JVM by {@link ChildJvm}: it
 * reports one trace of {@link #SPANS} spans, prints {@code ready <trace id>} on standard output
 * once they are finished, and then blocks until the JVM is stopped.
 *
 * <p>Arguments, {@code name=value}:
 *
 * <ul>
 *   <li>{@code url}: the collector URL (required);
 *   <li>{@code close=app} registers a shutdown hook of its own that closes the tracer, as a
 *       service that stops on SIGTERM does; {@code close=late} registers one that goes on
 *       finishing spans until the reporter, closed by ziptrace's own hook, drops one (as a
 *       server's graceful stop finishes the requests in flight), then closes the tracer; {@code
 *       close=none} (default) never closes it;
 *   <li>{@code logging=slf4j} routes java.util.logging to SLF4J ({@code slf4j-simple}) through
 *       SLF4J's bridge; {@code logging=jul} (default) leaves java.util.logging as it is;
 *   <li>{@code hook=off} builds the reporter with {@code shutdownHook(false)};
 *   <li>{@code oversized=true} first reports a span too large for any message, whose drop is
 *       logged, so that the reporter's next 30 s of warnings are held back;
 *   <li>{@code sendInterval}: the reporter's send interval, as a {@link Duration} (e.g. {@code
 *       PT1H}), so that nothing but closing sends the spans.
 * </ul>
 *
 * <p>With neither {@code hook} nor {@code sendInterval}, the tracer is the one-line {@link
 * Zipkin#tracer} with every default.
 */
public final class TracedApp {
  /** The spans in the trace the application reports. */
  public static final int SPANS = 5;
  /** The start of the line printed once the spans are finished, followed by the trace id. */
  public static final String READY = "ready ";
  private static final Endpoint SERVICE = Endpoint.of("shutdown-app");

  private TracedApp() {}

  /** Runs the application; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = options(args);
    if (options.getOrDefault("logging", "jul").equals("slf4j")) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    AsyncReporter reporter = reporter(options);
    Tracer tracer = reporter == null ? Zipkin.tracer(options.get("url"), SERVICE, 1.0)
        : Tracer.builder().localEndpoint(SERVICE).reporter(reporter).build();
    String close = options.getOrDefault("close", "none");
    if (close.equals("app")) {
      Runtime.getRuntime().addShutdownHook(new Thread(tracer::close, "app-closes-tracer"));
    } else if (close.equals("late")) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> finishSpansUntilOneIsDropped(tracer, reporter), "app-finishes-late"));
    }
    if (options.containsKey("oversized")) finishOversizedSpan(tracer);
    Span root = tracer.newTrace().name("request").start();
    for (int i = 1; i < SPANS; i++) root.newChild("step " + i).start().tag("step", Integer.toString(i)).finish();
    root.finish();
    System.out.println(READY + root.context().traceIdString());
    System.out.flush();
    new CountDownLatch(1).await(); // a service runs until it is stopped
  }

  /**
   * Finishes a span every few milliseconds, for at most 10 s, until the reporter drops one as
   * reported after close, then closes the tracer.
   */
  private static void finishSpansUntilOneIsDropped(Tracer tracer, AsyncReporter reporter) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (reporter.metrics().spansDropped(DropReason.CLOSED) == 0 && System.nanoTime() < deadline) {
      tracer.newTrace().name("finished late").start().finish();
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    tracer.close();
  }

  /** Finishes a span of 40 tags of 16,000 characters, over the reporter's 500,000-byte message limit. */
  private static void finishOversizedSpan(Tracer tracer) {
    Span span = tracer.newTrace().name("oversized").start();
    String value = "x".repeat(16_000);
    for (int i = 0; i < 40; i++) span.tag("tag" + i, value);
    span.finish();
  }

  /** The reporter the options ask for, or null for the one {@link Zipkin#tracer} builds. */
  private static AsyncReporter reporter(Map<String, String> options) {
    String url = options.get("url");
    if (url == null) throw new IllegalArgumentException("url=... is required");
    boolean custom = options.containsKey("hook") || options.containsKey("sendInterval") || "late".equals(options.get("close"));
    if (!custom) return null;
    AsyncReporter.Builder reporter = AsyncReporter.builder(HttpSender.create(url))
        .shutdownHook(!options.getOrDefault("hook", "on").equals("off"));
    if (options.containsKey("sendInterval")) reporter.sendInterval(Duration.parse(options.get("sendInterval")));
    return reporter.build();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) throw new IllegalArgumentException("not name=value: " + arg);
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return options;
  }
}
