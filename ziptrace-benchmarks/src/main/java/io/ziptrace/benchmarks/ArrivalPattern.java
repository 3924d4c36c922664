package io.ziptrace.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What the arrival pattern costs Zipkin: the same pre-encoded messages (new spans every POST)
 * sent back to back over 1 and 2 connections, then paced at steady rates over 1 and 2 (each
 * offering its share of the rate), each load on its own {@link FreshZipkin}, with one timestamp
 * per message or one per span; prints spans accepted and stored per second (see {@link
 * ZipkinStoreBacklog}) and Zipkin's CPU per span until stored. Run with Zipkin on cores of its own:
 * {@code taskset -c 1 java -Dzipkin.cpus=0 ... ArrivalPattern <zipkin-server.jar>}.
 */
public final class ArrivalPattern {
  private static final Duration LENGTH = Duration.ofSeconds(8);
  private static final int MESSAGE_MAX_BYTES = 500_000;

  /**
   * One load: {@code spansPerSecond} in all, shared evenly by the connections; back to back when
   * it is 0.
   */
  private record Load(int connections, int spansPerSecond, boolean timestampPerSpan) {}

  private static final Load[] LOADS = {
      new Load(1, 0, false), new Load(2, 0, false), new Load(2, 0, true),
      new Load(1, 50_000, false), new Load(1, 50_000, true), new Load(1, 60_000, false), new Load(1, 70_000, false),
      new Load(2, 50_000, false), new Load(2, 60_000, false), new Load(2, 70_000, false), new Load(2, 80_000, false)};

  private ArrivalPattern() {}

  /** Runs every load; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    PreEncodedLoad warmUp = new PreEncodedLoad(MESSAGE_MAX_BYTES);
    System.out.println("| load | spans/s accepted | spans/s stored | Zipkin CPU µs/span | Zipkin cores |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Load load : LOADS) {
      PreEncodedLoad messages = new PreEncodedLoad(MESSAGE_MAX_BYTES, load.timestampPerSpan);
      try (FreshZipkin zipkin = FreshZipkin.start(jar, warmUp)) {
        StoredLoad stored = StoredLoad.measure(zipkin, messages, load.connections, LENGTH,
            load.spansPerSecond == 0 ? Pacing.BACK_TO_BACK : Pacing.steady(load.spansPerSecond / load.connections));
        String connections = load.connections + (load.connections == 1 ? " connection" : " connections");
        String name = (load.spansPerSecond == 0 ? "back to back, " + connections
            : String.format(Locale.ROOT, "paced, %s, %d spans/s offered", connections, load.spansPerSecond))
            + (load.timestampPerSpan ? ", a timestamp per span" : ", one timestamp per message");
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n", name, stored.acceptedRate(),
            stored.storedRate(), stored.zipkinCpuMicrosPerSpan(), stored.zipkinCores());
      }
    }
  }
}
