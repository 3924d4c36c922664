package io.ziptrace.examples.microservices;

import io.ziptrace.zipkin.Zipkin;
import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.examples.Demo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Five traced services on loopback ports: {@code service_a} calls {@code service_b} and {@code
 * service_e}; {@code service_b} calls {@code service_c} and {@code service_d}. {@code service_a}
 * answers with an HTML page showing the call tree and a link to the trace in the Zipkin UI.
 * One request through it makes a trace of 5 SERVER and 4 CLIENT spans.
 */
public final class MicroservicesDemo implements Demo {
  /** The services; also the spans Zipkin's UI counts for a request, as it merges each client span with its server span. */
  public static final int SERVICES = 5;
  /** The path browsers ask every site for; the demo answers it 404 and does not trace it. */
  public static final String FAVICON_PATH = "/favicon.ico";
  /** The spans one request makes: a SERVER span in each service and a CLIENT span per call. */
  public static final int SPANS_PER_REQUEST = 9;

  private final List<DemoService> services = new ArrayList<>();
  private final DemoService front;

  private MicroservicesDemo(Function<Endpoint, Tracer> tracers, URI zipkinUi) throws IOException {
    DemoService c = add(new DemoService("service_c", List.of(), tracers, null));
    DemoService d = add(new DemoService("service_d", List.of(), tracers, null));
    DemoService e = add(new DemoService("service_e", List.of(), tracers, null));
    DemoService b = add(new DemoService("service_b", List.of(c.uri(), d.uri()), tracers, null));
    front = add(new DemoService("service_a", List.of(b.uri(), e.uri()), tracers, zipkinUi));
  }

  /**
   * Starts the five services.
   *
   * @param tracers makes each service's tracer from its local endpoint
   * @param zipkinUi the Zipkin base URL the front page links to, e.g. {@code http://127.0.0.1:9411}
   */
  public static MicroservicesDemo start(Function<Endpoint, Tracer> tracers, URI zipkinUi) {
    try {
      return new MicroservicesDemo(tracers, zipkinUi);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public URI frontUrl() {
    return front.uri();
  }

  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) services.get(i).close();
  }

  private DemoService add(DemoService service) {
    services.add(service);
    return service;
  }

  /** Starts the demo, sends one request and prints where to see it; see {@code run-example}. */
  public static void main(String[] args) throws Exception {
    String zipkin = args.length > 0 ? args[0] : "http://127.0.0.1:9411";
    try (MicroservicesDemo demo = start(
        endpoint -> Zipkin.tracer(zipkin + "/api/v2/spans", endpoint, 1.0), URI.create(zipkin))) {
      String traceId = demo.sendRequest();
      System.out.println("trace: " + traceId);
      System.out.println("ui: " + zipkin + "/zipkin/traces/" + traceId);
    }
  }
}
