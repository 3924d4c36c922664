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
 * <p>To read the reporter's metrics, build the tracer over {@link #reporter(String)}; to change a
 * reporter or sender setting, build them yourself and pass the reporter to {@link
 * Tracer.Builder#reporter}. {@link #tracerFromEnvironment(String)} takes the URL, service name and
 * sample rate from system properties or environment variables instead.
 */
public final class Zipkin {
  private Zipkin() {}

  /**
   * A tracer that reports to {@code zipkinUrl} through {@link #reporter(String)}. Close it at
   * shutdown: that flushes the spans already finished.
   *
   * @param zipkinUrl the collector URL, used exactly as given, e.g. {@code
   *     http://127.0.0.1:9411/api/v2/spans}
   * @param localEndpoint the service recording spans; it must have a service name
   * @param sampleRate the share of new traces recorded, 0.0 to 1.0
   * @throws IllegalArgumentException when the URL or the sample rate is invalid, or the endpoint
   *     has no service name; the message says what to change
   */
  public static Tracer tracer(String zipkinUrl, Endpoint localEndpoint, double sampleRate) {
    Tracer.Builder builder = Tracer.builder().localEndpoint(localEndpoint).sampler(Sampler.ratio(sampleRate));
    return builder.reporter(reporter(zipkinUrl)).build();
  }

  /**
   * The reporter {@link #tracer} uses: an {@link AsyncReporter} with its default settings over an
   * {@link HttpSender} to {@code zipkinUrl} with its default settings. Build the tracer over it to
   * read its metrics:
   *
   * <pre>{@code
   * AsyncReporter reporter = Zipkin.reporter(url);
   * Tracer tracer = Tracer.builder().localEndpoint(endpoint).reporter(reporter).build();
   * long dropped = reporter.metrics().spansDropped();
   * }</pre>
   *
   * @param zipkinUrl the collector URL, e.g. {@code http://127.0.0.1:9411/api/v2/spans}
   * @throws IllegalArgumentException when the URL is not an http or https URL with a host and a
   *     path; the message says what to write instead
   */
  public static AsyncReporter reporter(String zipkinUrl) {
    return AsyncReporter.create(HttpSender.create(zipkinUrl));
  }

  /**
   * A tracer configured by the operator rather than the code: the collector URL, service name
   * and sample rate come from system properties, then environment variables, then defaults.
   *
   * <table>
   *   <caption>Settings, first found wins</caption>
   *   <tr><th>setting</th><th>system property</th><th>environment variables</th><th>default</th></tr>
   *   <tr><td>collector URL</td><td>{@code ziptrace.collector.url}</td>
   *       <td>{@code ZIPTRACE_COLLECTOR_URL}, {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}</td>
   *       <td>{@code http://127.0.0.1:9411/api/v2/spans}</td></tr>
   *   <tr><td>service name</td><td>{@code ziptrace.service.name}</td>
   *       <td>{@code ZIPTRACE_SERVICE_NAME}, {@code OTEL_SERVICE_NAME}</td>
   *       <td>{@code defaultServiceName}</td></tr>
   *   <tr><td>sample rate</td><td>{@code ziptrace.sample.rate}</td>
   *       <td>{@code ZIPTRACE_SAMPLE_RATE}</td><td>{@code 1.0}</td></tr>
   * </table>
   *
   * <p>An empty or blank value counts as unset.
   *
   * @param defaultServiceName the service name when none is configured
   * @throws IllegalArgumentException naming the property or variable when its value is invalid,
   *     or when no service name is configured and {@code defaultServiceName} is null or empty
   */
  public static Tracer tracerFromEnvironment(String defaultServiceName) {
    return tracerFrom(EnvironmentSettings.system(), defaultServiceName);
  }

  static Tracer tracerFrom(EnvironmentSettings settings, String defaultServiceName) {
    double sampleRate = settings.sampleRate().as(EnvironmentSettings::parseSampleRate);
    String serviceName = settings.serviceName(defaultServiceName).value;
    if (serviceName == null) {
      throw new IllegalArgumentException("no service name: set the system property ziptrace.service.name or the environment"
          + " variable ZIPTRACE_SERVICE_NAME, or pass a default to tracerFromEnvironment");
    }
    // the name and the rate are valid, so an IllegalArgumentException here is about the URL
    return settings.collectorUrl().as(url -> tracer(url, Endpoint.of(serviceName), sampleRate));
  }
}
