package io.ziptrace.zipkin;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.internal.Setting;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.http.HttpSender;
import io.ziptrace.sampling.Sampler;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

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
 * Tracer.Builder#reporter}.
 *
 * <p>The {@code ...FromEnvironment} methods let the operator configure what the code leaves open,
 * through system properties or environment variables: {@link #tracerFromEnvironment(String)}
 * takes the URL, service name and sample rate from there; {@link
 * #tracerBuilderFromEnvironment(String)} (service name and sample rate) and {@link
 * #httpSenderFromEnvironment()} (URL) are its two halves, for code that also sets sender or
 * reporter options, keeps the reporter to read its metrics, or reports through another sender
 * (such as ziptrace-kafka's {@code io.ziptrace.reporting.kafka.KafkaSender.builderFromEnvironment()}):
 *
 * <pre>{@code
 * AsyncReporter reporter = AsyncReporter.builder(Zipkin.httpSenderFromEnvironment().gzip(true).build()).build();
 * Tracer tracer = Zipkin.tracerBuilderFromEnvironment("checkout").reporter(reporter).build();
 * }</pre>
 */
public final class Zipkin {
  private static final System.Logger LOG = System.getLogger(Zipkin.class.getName());

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
    return builder(localEndpoint, Sampler.ratio(sampleRate)).reporter(reporter(zipkinUrl)).build();
  }

  /** Checks the endpoint before anything that starts threads or clients is built. */
  private static Tracer.Builder builder(Endpoint localEndpoint, Sampler sampler) {
    return Tracer.builder().localEndpoint(localEndpoint).sampler(sampler);
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
   * It is {@link #tracerBuilderFromEnvironment} with a reporter over {@link
   * #httpSenderFromEnvironment}, both with their defaults; use those two to change a sender or
   * reporter setting, or to keep the reporter and read its metrics.
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
   * <p>Values are trimmed; an empty or blank value counts as unset. Two INFO lines under this
   * class's logger say what was picked and where it came from: the service and sample rate, then
   * the collector URL.
   *
   * @param defaultServiceName the service name when none is configured
   * @throws IllegalArgumentException naming the property or variable when its value is invalid,
   *     or when no service name is configured and {@code defaultServiceName} is null or empty
   */
  public static Tracer tracerFromEnvironment(String defaultServiceName) {
    return tracerFrom(EnvironmentSettings.system(), defaultServiceName, Zipkin::logInfo);
  }

  /**
   * A tracer builder configured by the operator: its local endpoint has the configured service
   * name, its sampler the configured sample rate (see {@link #tracerFromEnvironment} for the
   * properties, variables and defaults). Add the reporter and anything else, e.g. to keep the
   * reporter and read its metrics, or to report through another sender:
   *
   * <pre>{@code
   * AsyncReporter reporter = AsyncReporter.builder(Zipkin.httpSenderFromEnvironment().gzip(true).build()).build();
   * Tracer tracer = Zipkin.tracerBuilderFromEnvironment("checkout").reporter(reporter).build();
   * long dropped = reporter.metrics().spansDropped();
   * }</pre>
   *
   * <p>One INFO line under this class's logger says which service name and sample rate it picked,
   * and where each came from.
   *
   * @param defaultServiceName the service name when none is configured
   * @throws IllegalArgumentException naming the property or variable when its value is invalid,
   *     or when no service name is configured and {@code defaultServiceName} is null or empty
   */
  public static Tracer.Builder tracerBuilderFromEnvironment(String defaultServiceName) {
    return tracerBuilderFrom(EnvironmentSettings.system(), defaultServiceName, Zipkin::logInfo);
  }

  /**
   * An {@link HttpSender} builder for the collector URL the operator configured: system property
   * {@code ziptrace.collector.url}, else environment variable {@code ZIPTRACE_COLLECTOR_URL},
   * else {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}, else {@code http://127.0.0.1:9411/api/v2/spans}.
   * Add the sender settings the code decides (gzip, headers, timeouts...) and build it.
   *
   * <p>One INFO line under this class's logger says which URL it picked, without credentials or
   * query, and where it came from.
   *
   * @throws IllegalArgumentException naming the property or variable when its URL is not an http
   *     or https URL with a host and a path; the message says what to write instead
   */
  public static HttpSender.Builder httpSenderFromEnvironment() {
    return httpSenderFrom(EnvironmentSettings.system(), Zipkin::logInfo);
  }

  /** {@link #tracerFromEnvironment} from {@code settings}, passing its log lines to {@code info}. */
  static Tracer tracerFrom(EnvironmentSettings settings, String defaultServiceName, Consumer<String> info) {
    Tracer.Builder builder = tracerBuilderFrom(settings, defaultServiceName, info);
    HttpSender sender = httpSenderFrom(settings, info).build();
    return builder.reporter(AsyncReporter.create(sender)).build();
  }

  /** {@link #tracerBuilderFromEnvironment} from {@code settings}, passing its log line to {@code info}. */
  static Tracer.Builder tracerBuilderFrom(EnvironmentSettings settings, String defaultServiceName, Consumer<String> info) {
    Setting rate = settings.sampleRate();
    Sampler sampler = rate.as(EnvironmentSettings::sampler);
    Setting service = settings.serviceName(defaultServiceName);
    if (service.value() == null) {
      throw new IllegalArgumentException("no service name: set the system property ziptrace.service.name or the environment"
          + " variable ZIPTRACE_SERVICE_NAME, or pass a default to tracerFromEnvironment or tracerBuilderFromEnvironment");
    }
    Tracer.Builder builder = builder(Endpoint.of(service.value()), sampler);
    info.accept("ziptrace: service " + service.value() + " (" + service.source() + "), sample rate " + rate.value()
        + " (" + rate.source() + ")");
    return builder;
  }

  /** {@link #httpSenderFromEnvironment} from {@code settings}, passing its log line to {@code info}. */
  static HttpSender.Builder httpSenderFrom(EnvironmentSettings settings, Consumer<String> info) {
    Setting url = settings.collectorUrl();
    HttpSender.Builder sender = url.as(HttpSender::builder);
    info.accept("ziptrace: reporting to " + sender.destination() + " (" + url.source() + ")");
    return sender;
  }

  private static void logInfo(String line) {
    LOG.log(Level.INFO, line);
  }
}
