package io.ziptrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.tracing.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A Spring Boot web application with actuator and this starter, and neither Brave nor
 * OpenTelemetry, traced end to end: a request to it calls it again through Boot's RestClient, and
 * a real Zipkin server receives the three spans of that trace, with Boot's span names and the
 * right parents, while the log line of the handler carries {@code [traceId-spanId]}.
 */
class SpringBootZipkinEndToEndTest {
  private static final Pattern CORRELATION = Pattern.compile("\\[([0-9a-f]{32})-([0-9a-f]{16})\\] .*loading user 42");

  @Test
  void observationsReachZipkinAsOneTraceAndLogLinesCarryTheIds() throws Exception {
    for (String absent : List.of("brave.Tracing", "io.micrometer.tracing.brave.bridge.BraveTracer",
        "io.opentelemetry.api.OpenTelemetry", "io.micrometer.tracing.otel.bridge.OtelTracer")) {
      assertThatThrownBy(() -> Class.forName(absent)).as(absent).isInstanceOf(ClassNotFoundException.class);
    }
    try (LocalZipkin zipkin = LocalZipkin.start()) {
      String traceId;
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      PrintStream console = System.out;
      System.setOut(new PrintStream(new TeeOutputStream(console, output), true, StandardCharsets.UTF_8));
      try (ConfigurableApplicationContext app = new SpringApplication(UsersApplication.class).run(
          "--spring.main.web-application-type=servlet",
          "--server.port=0", "--server.address=127.0.0.1", "--spring.application.name=users",
          "--management.tracing.sampling.probability=1.0",
          "--management.tracing.export.zipkin.endpoint=" + zipkin.spansUrl())) {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = LoopbackHttp.get(URI.create("http://127.0.0.1:" + port + "/front/42"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        traceId = response.body();
      } finally { // closing the context delivers the spans still queued
        System.setOut(console);
      }

      ServerClientServer call =
          ServerClientServer.of(zipkin.awaitTrace(traceId, 3), "http get /front/{id}", "http get /users/{id}");
      assertThat(call.server().parentId()).isNull();
      assertThat(call.callee().localServiceName()).isEqualTo("users");
      assertThat(traceId).hasSize(32);

      String log = output.toString(StandardCharsets.UTF_8);
      Matcher line = CORRELATION.matcher(log);
      assertThat(line.find()).as("a log line with [traceId-spanId] in:%n%s", log).isTrue();
      assertThat(line.group(1)).isEqualTo(traceId);
      assertThat(line.group(2)).isEqualTo(call.callee().id());
    }
  }

  /** Writes to two streams: what the console shows is also kept for the test. */
  static final class TeeOutputStream extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    TeeOutputStream(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }

  /** The traced application: {@code /front/{id}} asks {@code /users/{id}} of itself. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class UsersApplication {
    @org.springframework.context.annotation.Bean
    UsersController usersController(RestClient.Builder restClient, Tracer tracer,
        org.springframework.core.env.Environment environment) {
      return new UsersController(restClient, tracer, environment);
    }
  }

  @RestController
  static class UsersController {
    private static final Logger LOG = LoggerFactory.getLogger(UsersController.class);
    private final RestClient.Builder restClient;
    private final Tracer tracer;
    private final org.springframework.core.env.Environment environment;

    UsersController(RestClient.Builder restClient, Tracer tracer, org.springframework.core.env.Environment environment) {
      this.restClient = restClient;
      this.tracer = tracer;
      this.environment = environment;
    }

    /** Answers the trace id, after asking {@code /users/{id}}. */
    @GetMapping("/front/{id}")
    String front(@PathVariable("id") String id) {
      String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
      restClient.baseUrl(base).build().get().uri("/users/{id}", id).retrieve().body(String.class);
      return tracer.currentSpan().context().traceId();
    }

    @GetMapping("/users/{id}")
    String user(@PathVariable("id") String id) {
      LOG.info("loading user {}", id);
      return "user " + id;
    }
  }
}
