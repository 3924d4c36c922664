package io.ziptrace.examples.run;

import io.ziptrace.examples.Demo;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An example built in a module of its own, whose libraries stay off this module's class path.
 * {@link RunExample} finds it with {@link java.util.ServiceLoader} when that module is on the
 * class path, as {@code run-example} puts it for the example's name.
 */
public interface ExampleModule {
  /** The name {@code --example} takes. */
  String name();

  /** Starts the example's services, reporting to the Zipkin at {@code zipkinBase}. */
  Demo start(URI zipkinBase) throws Exception;

  /** The spans one request through the demo makes. */
  int spansPerRequest();

  /** The spans of the trace that the demo makes without a request, if it makes one. */
  default int spansOfOwnTrace() {
    return 0;
  }

  /**
   * The id of the trace the demo makes without a request (e.g. a scheduled job), waiting for it
   * up to {@code timeout}; empty when it makes none or it did not start in time.
   */
  default Optional<String> ownTraceId(Demo demo, Duration timeout) throws InterruptedException {
    return Optional.empty();
  }

  /** What the demo's own trace is, in a few words, e.g. {@code "the scheduled job"}. */
  default String ownTraceName() {
    return "its own trace";
  }
}
