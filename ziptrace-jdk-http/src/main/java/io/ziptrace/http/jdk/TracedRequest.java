package io.ziptrace.http.jdk;

/** An exchange that {@link TracingFilter} handed down the chain, carrying its request's span. */
interface TracedRequest {
  ServerResponse response();
}
