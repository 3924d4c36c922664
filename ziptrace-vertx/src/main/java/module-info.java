/**
 * Tracing for Vert.x 5 through its tracing SPI: {@link io.ziptrace.vertx.VertxTracing} traces
 * HTTP servers and clients (gRPC calls among them), the event bus, SQL, Cassandra and Redis
 * clients and the Kafka client of a Vert.x instance built with it.
 */
module io.ziptrace.vertx {
  requires transitive io.ziptrace;
  requires transitive io.vertx.core;
  // Vert.x Web is needed only by applications that use its routes: the classes that touch it
  // load only when such an application calls them.
  requires static io.vertx.web;

  exports io.ziptrace.vertx;
}
