package io.ziptrace.spring.boot.autoconfigure;

import io.micrometer.tracing.Baggage;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The Spring Boot web application on both sides of {@link SpringBootBraveInteropTest}: in the
 * test's JVM traced by this starter, and in a child JVM ({@link #main}) traced by Boot's Brave
 * bridge. It knows nothing of either: it uses Micrometer's {@link Tracer} and Boot's {@code
 * RestClient.Builder} only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PeerApplication.Pages.class)
class PeerApplication {
  /** The headers that carry a trace or baggage, in the order {@code /users/{id}} lists them. */
  private static final List<String> PROPAGATION_HEADERS = List.of("traceparent", "tracestate", "b3", "x-b3-traceid",
      "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "baggage", "tenant");

  /** Runs the application with Boot's command-line arguments, e.g. {@code --server.port=0}. */
  public static void main(String[] args) {
    SpringApplication.run(PeerApplication.class, args);
  }

  /**
   * {@code GET /hop/{id}} asks {@code /users/{id}} of the application at property {@code peer.url}
   * (read on every request), with the baggage {@code tenant} set in scope around the call when the
   * query has a {@code tenant} parameter, and answers a line with its trace and tracer, then the peer's answer.
   * {@code GET /users/{id}} answers a line with the trace it continues, its tracer, the {@code
   * tenant} baggage it received and which propagation headers came.
   */
  @RestController
  static class Pages {
    private final RestClient restClient;
    private final Tracer tracer;
    private final Environment environment;

    Pages(RestClient.Builder restClient, Tracer tracer, Environment environment) {
      this.restClient = restClient.build();
      this.tracer = tracer;
      this.environment = environment;
    }

    @GetMapping("/hop/{id}")
    String hop(@PathVariable("id") String id, @RequestParam(name = "tenant", required = false) String tenant) {
      String peer;
      if (tenant == null) {
        peer = askPeer(id);
      } else { // baggage set in code, as an application does, rather than received
        try (BaggageInScope inScope = tracer.createBaggageInScope("tenant", tenant)) {
          peer = askPeer(id);
        }
      }
      return "hop trace " + traceId() + " tracer " + tracer.getClass().getSimpleName() + "\n" + peer;
    }

    @GetMapping("/users/{id}")
    String user(@PathVariable("id") String id, @RequestHeader HttpHeaders headers) {
      Baggage tenant = tracer.getBaggage("tenant");
      String received = PROPAGATION_HEADERS.stream().filter(headers::containsHeader).collect(Collectors.joining(","));
      return "users trace " + traceId() + " tracer " + tracer.getClass().getSimpleName() + " tenant "
          + (tenant == null ? null : tenant.get()) + " headers " + received;
    }

    private String askPeer(String id) {
      return restClient.get().uri(environment.getRequiredProperty("peer.url") + "/users/{id}", id)
          .retrieve().body(String.class);
    }

    private String traceId() {
      return tracer.currentSpan().context().traceId();
    }
  }
}
