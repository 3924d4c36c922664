package io.ziptrace.zipkin;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.sampling.Sampler;

/**
 * The one-line setup: a {@link Tracer} that reports to a Zipkin-compatible collector over HTTP
 * (JSON v2) in the background, with the default {@link AsyncReporter} and {@link HttpSender}
 * settings. This is aiozipkin's {@code az.create(address, endpoint, sample_rate)}.
 *
 * <pre>{@code
 * try (Tracer tracer = Zipkin.tracer("http://127.0.0.1:9411/api/v2/spans", Endpoint.of("checkout"), 1.0)) {
 *   ...
 * } // close() flushes the spans already finished
 * }</pre>
 *
 * <p>To change a reporter or sender setting, build them yourself and pass the reporter to
 * {@link Tracer.Builder#reporter}.
 */
public final class Zipkin {
  private Zipkin() {}

  /**
   * A tracer that reports to {@code zipkinUrl}. Close it at shutdown: that flushes the spans
   * already finished.
   *
   * @param zipkinUrl the collector URL, used exactly as given, e.g. {@code
   *     http://127.0.0.1:9411/api/v2/spans}
   * @param localEndpoint the service recording spans
   * @param sampleRate the share of new traces recorded, 0.0 to 1.0
   * @throws IllegalArgumentException when the URL or the sample rate is invalid
   */
  public static Tracer tracer(String zipkinUrl, Endpoint localEndpoint, double sampleRate) {
    Sampler sampler = Sampler.ratio(sampleRate);
    return Tracer.builder()
        .localEndpoint(localEndpoint)
        .sampler(sampler)
        .reporter(AsyncReporter.create(HttpSender.create(zipkinUrl)))
        .build();
  }
}
