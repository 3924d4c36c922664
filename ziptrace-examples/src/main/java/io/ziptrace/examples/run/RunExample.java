package io.ziptrace.examples.run;

import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.examples.SimpleExample;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs an example against a real Zipkin and prints where to see its trace: a line {@code trace:
 * <id>} and a line {@code ui: <url>}. Starts a local Zipkin server (the jar named by the system
 * property {@code zipkin.server.jar}) unless one already answers or {@code --zipkin} names one.
 */
public final class RunExample {
  private static final Duration ZIPKIN_START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

  private RunExample() {}

  /** Entry point; see {@link RunOptions#USAGE}. Exits with 1 when the trace did not arrive. */
  public static void main(String[] args) throws Exception {
    RunOptions options;
    try {
      options = RunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(RunOptions.USAGE);
      System.exit(2);
      return;
    }
    ZipkinProcess zipkin = options.zipkinGiven
        ? ZipkinProcess.existing(options.zipkinBase)
        : startLocalZipkin(options);
    boolean complete;
    try {
      complete = runAndCheck(zipkin);
    } catch (RuntimeException | Error e) {
      zipkin.close();
      throw e;
    }
    if (!complete || options.once || !zipkin.startedHere()) {
      zipkin.close();
      System.exit(complete ? 0 : 1);
    }
    System.out.println("Zipkin is running at " + zipkin.baseUrl() + "/zipkin/ - press Ctrl-C to stop it.");
    Runtime.getRuntime().addShutdownHook(new Thread(zipkin::close));
    Thread.currentThread().join();
  }

  private static ZipkinProcess startLocalZipkin(RunOptions options) throws Exception {
    String jar = System.getProperty("zipkin.server.jar");
    if (!ZipkinProcess.isHealthy(options.zipkinBase)) {
      System.out.println("Starting Zipkin at " + options.zipkinBase + " ...");
    }
    return ZipkinProcess.startOrReuse(options.zipkinBase, jar == null ? null : Path.of(jar),
        Path.of("target", "zipkin-server.log"), ZIPKIN_START_TIMEOUT);
  }

  /** Runs the example, prints its trace, and returns whether Zipkin has all of its spans. */
  private static boolean runAndCheck(ZipkinProcess zipkin) throws Exception {
    TraceContext context;
    try (Tracer tracer = Tracer.create(zipkin.spansUrl(), SimpleExample.endpoint(), 1.0)) {
      context = SimpleExample.traceSlowQuery(tracer);
    } // close() flushes the finished span to Zipkin
    String traceId = context.traceIdString();
    System.out.println("trace: " + traceId);
    System.out.println("ui: " + zipkin.traceUiUrl(traceId));
    if (zipkin.awaitTrace(traceId, 1, TRACE_TIMEOUT) == null) {
      System.err.println("Zipkin at " + zipkin.baseUrl() + " did not return the trace within " + TRACE_TIMEOUT);
      return false;
    }
    System.out.println("Zipkin has the trace.");
    return true;
  }
}
