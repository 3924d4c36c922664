package io.ziptrace.examples.spring;

import io.ziptrace.examples.Demo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Spring Boot applications in this JVM, traced by {@code ziptrace-spring-boot-starter} and
 * reporting to Zipkin: {@code frontend} (WebFlux) calls {@code backend} (Spring MVC) with a
 * {@code WebClient}, and the backend queries its H2 database. One request to the front page makes
 * a trace of {@value #SPANS_PER_REQUEST} spans; a scheduled job in the backend makes a trace of
 * {@value #SPANS_OF_SCHEDULED_JOB} spans shortly after start. Both listen on free loopback ports.
 */
public final class SpringDemo implements Demo {
  /** The frontend's SERVER span, the WebClient's CLIENT span, the backend's SERVER span and its query. */
  public static final int SPANS_PER_REQUEST = 4;
  /** The job's span and its query. */
  public static final int SPANS_OF_SCHEDULED_JOB = 2;

  private final ConfigurableApplicationContext backend;
  private final ConfigurableApplicationContext frontend;
  private final URI frontUrl;

  private SpringDemo(ConfigurableApplicationContext backend, ConfigurableApplicationContext frontend) {
    this.backend = backend;
    this.frontend = frontend;
    this.frontUrl = localUrl(frontend);
  }

  /**
   * Starts the backend, then the frontend.
   *
   * @param zipkinBase where the spans go, e.g. {@code http://127.0.0.1:9411}
   */
  public static SpringDemo start(URI zipkinBase) {
    ConfigurableApplicationContext backend = new SpringApplicationBuilder(BackendApplication.class)
        .web(WebApplicationType.SERVLET).properties(properties("backend", zipkinBase).toArray(String[]::new)).run();
    try {
      List<String> frontendProperties = new ArrayList<>(properties("frontend", zipkinBase));
      frontendProperties.add(FrontendApplication.BACKEND_URL + "=" + localUrl(backend));
      ConfigurableApplicationContext frontend = new SpringApplicationBuilder(FrontendApplication.class)
          .web(WebApplicationType.REACTIVE).properties(frontendProperties.toArray(String[]::new)).run();
      return new SpringDemo(backend, frontend);
    } catch (RuntimeException | Error e) {
      backend.close();
      throw e;
    }
  }

  /** Each application's own properties: its service name, a free loopback port, and where Zipkin is. */
  private static List<String> properties(String service, URI zipkinBase) {
    return List.of(
        "spring.application.name=" + service,
        "server.address=127.0.0.1",
        "server.port=0",
        "management.tracing.sampling.probability=1.0",
        "management.tracing.export.zipkin.endpoint=" + zipkinBase.resolve("/api/v2/spans"),
        "spring.main.banner-mode=off",
        "logging.level.root=WARN");
  }

  private static URI localUrl(ConfigurableApplicationContext application) {
    return URI.create("http://127.0.0.1:" + application.getEnvironment().getRequiredProperty("local.server.port"));
  }

  @Override
  public URI frontUrl() {
    return frontUrl;
  }

  /**
   * The trace id of the backend's scheduled job, waiting up to {@code timeout} for it to run;
   * null if it did not.
   */
  public String scheduledTraceId(Duration timeout) throws InterruptedException {
    return backend.getBean(BackendApplication.StockCheck.class).awaitTraceId(timeout);
  }

  /** Closes the frontend, then the backend; each delivers its spans still queued as it closes. */
  @Override
  public void close() {
    try {
      frontend.close();
    } finally {
      backend.close();
    }
  }
}
