package io.ziptrace.it.conformance;

import io.ziptrace.http.HttpClientTracing;
import io.ziptrace.http.HttpServerTracing;

/**
 * A traced HTTP server of one adapter whose handler makes client calls with the same adapter's
 * traced client: the service in the middle of a request, where baggage and {@code tracestate}
 * arrive and must go on. It answers {@code GET /relay?...} as {@link RelayOrder} says: the calls
 * first, in order and one at a time, then 200 with the {@code user_id} baggage value its handler
 * saw on the request's span context.
 */
interface RelayUnderTest extends AutoCloseable {
  /** Starts the relay, its requests traced by {@code server} and its calls by {@code client}; returns its port on 127.0.0.1. */
  int start(HttpServerTracing server, HttpClientTracing client) throws Exception;
}
