package io.ziptrace.examples.vertx;

import io.ziptrace.Endpoint;
import io.ziptrace.Tracer;
import io.ziptrace.examples.Demo;
import java.net.URI;
import java.util.function.Function;

/**
 * Two traced Vert.x services on loopback ports, each on its own Vert.x instance with its own
 * tracer: {@code vertx-front} (Vert.x Web) calls {@code vertx-users} with a {@code WebClient},
 * which runs one SQL query on an in-process H2 database (Vert.x JDBC client); then {@code
 * vertx-front} publishes on the event bus to two consumers and asks a third (request/reply).
 * One request through it makes one trace of 9 spans.
 */
public final class VertxDemo implements Demo {
  /** The path browsers ask every site for; the demo answers it 404 and does not trace it. */
  public static final String FAVICON_PATH = "/favicon.ico";
  /**
   * The spans one request makes: the SERVER spans of both services, the HTTP CLIENT span between
   * them, the SQL CLIENT span, a PRODUCER and a CONSUMER span for the request/reply, and a
   * PRODUCER and two CONSUMER spans for the publish.
   */
  public static final int SPANS_PER_REQUEST = 9;
  /** The spans Zipkin's UI counts: it shows the HTTP client span and the server span sharing its id as one. */
  public static final int SPANS_SHOWN_IN_UI = 8;

  private final UsersService users;
  private final FrontService front;

  private VertxDemo(Function<Endpoint, Tracer> tracers, URI zipkinUi) {
    users = new UsersService(tracers);
    try {
      front = new FrontService(tracers, users.uri(), zipkinUi);
    } catch (RuntimeException e) {
      users.close();
      throw e;
    }
  }

  /**
   * Starts both services.
   *
   * @param tracers makes each service's tracer from its local endpoint
   * @param zipkinUi the Zipkin base URL the front page links to, e.g. {@code http://127.0.0.1:9411}
   */
  public static VertxDemo start(Function<Endpoint, Tracer> tracers, URI zipkinUi) {
    return new VertxDemo(tracers, zipkinUi);
  }

  @Override
  public URI frontUrl() {
    return front.uri();
  }

  @Override
  public void close() {
    try {
      front.close();
    } finally {
      users.close();
    }
  }
}
