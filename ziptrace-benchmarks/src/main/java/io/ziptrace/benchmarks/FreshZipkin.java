package io.ziptrace.benchmarks;

import io.ziptrace.examples.run.ZipkinProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Zipkin server started for one measurement, warmed up, and stopped after it. Zipkin's
 * in-memory store slows down as it fills (on 1 GB its old generation was full after about three
 * million distinct spans, and it then accepted a few thousand spans a second), so each
 * measurement meets the same server, holding only its warm-up's spans (about a million), whatever
 * ran before it.
 */
final class FreshZipkin implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration WARM_UP = Duration.ofSeconds(8);
  private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(30);
  private static final String CPUS_PROPERTY = "zipkin.cpus";

  final ZipkinProcess zipkin;
  final ZipkinCounter spans;
  final ZipkinCounter bytes;
  final ZipkinStoreBacklog store;

  private FreshZipkin(ZipkinProcess zipkin) {
    this.zipkin = zipkin;
    this.spans = ZipkinCounter.spans(zipkin, "http");
    this.bytes = new ZipkinCounter(zipkin, "counter.zipkin_collector.bytes.http");
    this.store = new ZipkinStoreBacklog(zipkin);
  }

  /**
   * Starts {@code jar} on a free loopback port and warms it up with {@code warmUp}'s messages over
   * one connection for 8 s: after only 2 s, the first step measured ran slower than the next ones.
   */
  static FreshZipkin start(Path jar, PreEncodedLoad warmUp) throws Exception {
    return start(jar, warmUp, Map.of());
  }

  /** As {@link #start(Path, PreEncodedLoad)}, with {@code environment} added to the server's (e.g. JVM options). */
  static FreshZipkin start(Path jar, PreEncodedLoad warmUp, Map<String, String> environment) throws Exception {
    URI base = URI.create("http://127.0.0.1:" + FreePort.find());
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("MEM_MAX_SPANS", "100000");
    ZipkinProcess zipkin = ZipkinProcess.startOrReuse(base, jar, Path.of("target", "zipkin-ceiling.log"), START_TIMEOUT,
        all);
    try {
      pin(zipkin);
      warmUp.run(zipkin.spansUrl(), 1, WARM_UP, Pacing.BACK_TO_BACK); // its JIT, not its store, is what this warms
      FreshZipkin fresh = new FreshZipkin(zipkin);
      fresh.awaitQuiet();
      return fresh;
    } catch (Exception | Error e) {
      zipkin.close();
      throw e;
    }
  }

  /**
   * Waits (up to 30 s) until the server uses under 5% of a core: after the warm-up it goes on
   * evicting spans beyond its store's limit and collecting them, which, measured, took 0.8 of a
   * core from the step that followed.
   */
  private void awaitQuiet() throws InterruptedException {
    QuietCpu.await(this::cpuNanos, QUIET_TIMEOUT);
  }

  /**
   * With {@code -Dzipkin.cpus=LIST} (Linux), moves every thread of the server onto those CPUs
   * with {@code taskset}, so that it does not share cores with the client; run the client with
   * {@code taskset -c OTHER_LIST}.
   */
  private static void pin(ZipkinProcess zipkin) throws IOException, InterruptedException {
    String cpus = System.getProperty(CPUS_PROPERTY);
    if (cpus == null) return;
    long pid = zipkin.pid().orElseThrow(() -> new IllegalStateException("Zipkin was not started here"));
    Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (taskset.waitFor() != 0) throw new IOException("taskset could not pin Zipkin to CPUs " + cpus);
  }

  String spansUrl() {
    return zipkin.spansUrl();
  }

  /** The server's CPU time so far, in nanoseconds (all its threads). */
  long cpuNanos() {
    return zipkin.cpuTime().orElseThrow(() -> new IllegalStateException("Zipkin was not started here")).toNanos();
  }

  @Override
  public void close() {
    zipkin.close();
  }
}
