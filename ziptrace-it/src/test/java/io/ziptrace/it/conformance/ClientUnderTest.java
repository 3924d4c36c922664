package io.ziptrace.it.conformance;

import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.http.HttpClientTracing;
import java.util.concurrent.CompletableFuture;

/**
 * A traced HTTP client of one adapter, calling the conformance tests' {@link RecordingServer}.
 * Calls are children of the parent given, or start a new trace when it is {@code null}; the
 * client follows redirects where the adapter can.
 */
interface ClientUnderTest extends AutoCloseable {
  /** What the caller's callback of an asynchronous call saw. */
  record Callback(int status, String contextSpanId) {}

  /** Starts the client traced by {@code tracing}, whose spans {@code tracer} records. */
  void start(Tracer tracer, HttpClientTracing tracing) throws Exception;

  /**
   * Sends {@code method} to {@code url} with {@code body} ({@code null} for none) and waits for
   * the answer; returns its status, or throws when the call failed.
   */
  int send(TraceContext parent, String method, String url, String body) throws Exception;

  /**
   * Sends a GET to {@code url} without waiting; the future completes from the caller's own
   * callback with the status and the span id of the trace context that callback sees ({@code
   * null} when it sees none).
   */
  CompletableFuture<Callback> sendAsync(TraceContext parent, String url);
}
